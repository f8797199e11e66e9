/* config.c: the settings table (SPEC section 2) and its three sources: the
 * config file, the environment and command-line flags. One table row per key
 * drives loading, validation, listing and `config set`. */
#define _GNU_SOURCE
#include "config.h"

#include <cjson/cJSON.h>
#include <pwd.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "yedit.h"
#include "ydoc.h"

enum cfg_type {
	T_STR,
	T_INT,
	T_NUM,
	T_OPT_NUM,
	T_BOOL,
	T_ENUM,
	T_STR_LIST,
	T_SEMESTER,
	T_DURATION
};

struct cfg_key {
	const char *name;
	enum cfg_type type;
	size_t off;
	const char *def;     /* default as text; NULL = unset */
	double min, max;     /* numbers */
	const char *choices; /* T_ENUM: "a|b" */
	const char *help;
};

#define OFF(f) offsetof(struct loco_config, f)
static const struct cfg_key keys[] = {
    {"registry", T_STR, OFF(registry), NULL, 0, 0, NULL, "registry file to use"},
    {"ollama.host", T_STR, OFF(ollama_host), "http://127.0.0.1:11434", 0, 0, NULL,
     "Ollama server URL (OLLAMA_HOST rules)"},
    {"ollama.hosts", T_STR_LIST, OFF(ollama_hosts), NULL, 0, 0, NULL,
     "several servers for eval and votes to share"},
    {"ollama.connect_timeout", T_INT, OFF(connect_timeout), "5", 1, 600, NULL,
     "seconds to wait for a connection"},
    {"ollama.stall_timeout", T_INT, OFF(stall_timeout), "600", 0, 86400, NULL,
     "seconds without a byte before giving up (0 = never)"},
    {"ollama.keep_alive", T_DURATION, OFF(keep_alive), "5m", 0, 0, NULL,
     "how long Ollama keeps the model loaded"},
    {"backend.kind", T_ENUM, OFF(backend_kind), "ollama", 0, 0, "ollama|openai|llamacpp|vllm",
     "server protocol"},
    {"backend.base_url", T_STR, OFF(backend_base_url), NULL, 0, 0, NULL,
     "OpenAI-compatible endpoint"},
    {"backend.api_key_env", T_STR, OFF(backend_api_key_env), "OPENAI_API_KEY", 0, 0, NULL,
     "environment variable holding the API key"},
    {"index_url", T_STR, OFF(index_url), NULL, 0, 0, NULL, "remote adapter index"},
    {"inference.reread", T_BOOL, OFF(reread), "true", 0, 0, NULL, "RE2 re-reading"},
    {"inference.votes", T_INT, OFF(votes), "1", 1, 64, NULL, "samples per answer (1 = off)"},
    {"inference.vote_temperature", T_NUM, OFF(vote_temperature), "0.7", 0, 2, NULL,
     "sampling temperature for votes"},
    {"inference.vote_method", T_ENUM, OFF(vote_method), "majority", 0, 0, "majority|best_of_n",
     "how votes pick the answer"},
    {"inference.min_agreement", T_NUM, OFF(min_agreement), "0.6", 0, 1, NULL,
     "share of votes agreeing below which an answer is called uncertain"},
    {"inference.max_votes", T_INT, OFF(max_votes), "9", 3, 64, NULL,
     "most samples --votes auto draws"},
    {"inference.think", T_BOOL, OFF(think), "false", 0, 0, NULL, "let thinking models think"},
    {"inference.temperature", T_OPT_NUM, OFF(temperature), NULL, 0, 2, NULL,
     "temperature for chat and query (null = model default)"},
    {"inference.num_ctx", T_INT, OFF(num_ctx), "8192", 256, 1048576, NULL,
     "context window sent to the server"},
    {"inference.max_num_ctx", T_INT, OFF(max_num_ctx), "16384", 256, 1048576, NULL,
     "largest context window loco raises num_ctx to for a long prompt"},
    {"router.min_score", T_INT, OFF(router_min_score), "1", 1, 1000, NULL,
     "keyword hits needed to pick an adapter"},
    {"router.low_confidence", T_NUM, OFF(router_low_confidence), "0.34", 0, 1, NULL,
     "confidence below which routing is flagged"},
    {"router.kind", T_ENUM, OFF(router_kind), "keyword", 0, 0, "keyword|classifier|embedding",
     "which router decides (docs/routing.md)"},
    {"router.target_precision", T_NUM, OFF(router_target_precision), "0.95", 0.5, 1, NULL,
     "precision router train calibrates a learned router's threshold to"},
    {"router.embed_model", T_STR, OFF(router_embed_model), NULL, 0, 0, NULL,
     "model the embedding router embeds with (null = the base model)"},
    {"router.min_confidence", T_OPT_NUM, OFF(router_min_confidence), NULL, 0, 1, NULL,
     "confidence a learned router needs, overriding the trained one (null = trained)"},
    {"chat.context_limit", T_INT, OFF(chat_context_limit), "8192", 256, 1048576, NULL,
     "tokens before chat drops old turns"},
    {"chat.nudge", T_BOOL, OFF(chat_nudge), "true", 0, 0, NULL, "suggestions after answers"},
    {"chat.history", T_BOOL, OFF(chat_history), "true", 0, 0, NULL,
     "keep line history in LOCO_HOME/history"},
    {"logs.enabled", T_BOOL, OFF(logs_enabled), "true", 0, 0, NULL,
     "log every query and chat turn in LOCO_HOME/logs.db"},
    {"eval.jobs", T_INT, OFF(eval_jobs), "4", 1, 64, NULL, "concurrent eval requests"},
    {"eval.temperature", T_NUM, OFF(eval_temperature), "0", 0, 2, NULL, "temperature for eval"},
    {"eval.top_p", T_NUM, OFF(eval_top_p), "1", 0, 1, NULL, "top_p for eval"},
    {"eval.max_tokens", T_INT, OFF(eval_max_tokens), "512", 1, 1048576, NULL,
     "num_predict for eval"},
    {"eval.seed", T_INT, OFF(eval_seed), "42", -2147483648.0, 2147483647.0, NULL, "seed for eval"},
    {"eval.cache", T_BOOL, OFF(eval_cache), "true", 0, 0, NULL, "cache eval responses"},
    {"eval.judge_model", T_STR, OFF(eval_judge_model), NULL, 0, 0, NULL,
     "model that grades llm_judge items (null = the base model)"},
    {"eval.min_items", T_INT, OFF(eval_min_items), "50", 1, 1000000, NULL,
     "items a dataset needs before a verdict can say ships"},
    {"eval.ood_max_drop", T_NUM, OFF(eval_ood_max_drop), "5", 0, 100, NULL,
     "points an adapter may lose on another domain before it regresses"},
    {"sandbox.max_disk_mb", T_INT, OFF(sandbox_max_disk_mb), "64", 1, 65536, NULL,
     "MB that code run by eval may write in all"},
    {"bench.reference.kind", T_ENUM, OFF(bench_reference_kind), "ollama", 0, 0, "ollama|openai",
     "protocol of bench's reference backend"},
    {"bench.reference.base_url", T_STR, OFF(bench_reference_base_url), NULL, 0, 0, NULL,
     "bench's reference backend (null = the main server)"},
    {"bench.reference.api_key_env", T_STR, OFF(bench_reference_api_key_env), "OPENAI_API_KEY", 0, 0,
     NULL, "environment variable holding the reference backend's API key"},
    {"bench.reference.model", T_STR, OFF(bench_reference_model), NULL, 0, 0, NULL,
     "bench's reference model (null = none unless --reference)"},
    {"tools.max_calls", T_INT, OFF(tools_max_calls), "3", 1, 16, NULL,
     "tool calls one answer may make (python in the sandbox)"},
    {"tools.confirm", T_BOOL, OFF(tools_confirm), "false", 0, 0, NULL,
     "ask before each tool call runs (refused on a pipe)"},
    {"semester", T_SEMESTER, OFF(semester), NULL, 0, 0, NULL,
     "semester recorded with results (default from the date)"},
};
#define NKEYS LOCO_ARRAY_LEN(keys)

/* The sections of config.yaml: any other top-level mapping is an unknown key. */
static const char *const sections[] = {"ollama", "backend", "inference", "router", "chat",
                                       "logs",   "eval",    "sandbox",   "bench",  "tools"};

#define FIELD(c, k, type) ((type *)(void *)((char *)(c) + (k)->off))
/* A T_STR_LIST field is a char ** immediately followed by its size_t count. */

size_t config_key_count(void)
{
	return NKEYS;
}

const char *config_key_name(size_t i)
{
	return keys[i].name;
}

const char *config_key_help(size_t i)
{
	return keys[i].help;
}

const char *config_origin_name(enum cfg_origin o)
{
	static const char *const names[] = {"default", "file", "env", "flag"};
	return names[o];
}

int config_key_find(const char *key, char **err)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (!strcmp(keys[i].name, key))
			return (int)i;
	struct suggestion sg; /* only for a key not found: edit distances cost */
	suggest_init(&sg, key);
	for (size_t i = 0; i < NKEYS; i++)
		suggest_consider(&sg, keys[i].name);
	const char *best = suggest_result(&sg);
	if (best)
		set_err(err, "unknown config key '%s'; did you mean '%s'?", key, best);
	else
		set_err(err, "unknown config key '%s'; 'loco config list' shows every key", key);
	return -1;
}

static bool semester_ok(const char *s)
{
	return strlen(s) == 7 && s[4] == '-' && s[5] == 'S' && (s[6] == '1' || s[6] == '2') &&
	       strspn(s, "0123456789") == 4;
}

/* Ollama's keep_alive: a number of seconds, or a Go duration such as 5m, 1h30m, -1. */
static bool duration_ok(const char *s)
{
	double v;
	if (parse_double(s, &v))
		return true;
	const char *p = s;
	if (*p == '-')
		p++;
	if (!*p)
		return false;
	while (*p) {
		size_t digits = strspn(p, "0123456789.");
		if (!digits)
			return false;
		p += digits;
		if (!strncmp(p, "ns", 2) || !strncmp(p, "us", 2) || !strncmp(p, "ms", 2))
			p += 2;
		else if (*p == 's' || *p == 'm' || *p == 'h')
			p++;
		else
			return false;
	}
	return true;
}

/* Checks text against key k and stores it; the message has no location (the
 * callers add one). */
static int set_from_text(struct loco_config *c, const struct cfg_key *k, const char *text,
                         char **err)
{
	long l;
	double d;
	switch (k->type) {
	case T_STR:
		if (!*text)
			return set_err(err, "'%s' must not be empty", k->name);
		free(*FIELD(c, k, char *));
		*FIELD(c, k, char *) = xstrdup(text);
		return 0;
	case T_SEMESTER:
		if (!semester_ok(text))
			return set_err(err, "'%s' must look like 2026-S2, not '%s'", k->name, text);
		free(*FIELD(c, k, char *));
		*FIELD(c, k, char *) = xstrdup(text);
		return 0;
	case T_DURATION:
		if (!duration_ok(text))
			return set_err(
			    err, "'%s' must be seconds or a duration such as 5m or 1h, not '%s'",
			    k->name, text);
		free(*FIELD(c, k, char *));
		*FIELD(c, k, char *) = xstrdup(text);
		return 0;
	case T_ENUM: {
		size_t n = strlen(text);
		for (const char *p = k->choices; *p;) {
			size_t len = strcspn(p, "|");
			if (len == n && !strncmp(p, text, n)) {
				free(*FIELD(c, k, char *));
				*FIELD(c, k, char *) = xstrdup(text);
				return 0;
			}
			p += len + (p[len] == '|');
		}
		char *choices = xstrdup(k->choices);
		for (char *p = choices; *p; p++)
			if (*p == '|')
				*p = ',';
		set_err(err, "'%s' must be one of %s, not '%s'", k->name, choices, text);
		free(choices);
		return -1;
	}
	case T_BOOL:
		if (!strcmp(text, "true") || !strcmp(text, "false")) {
			*FIELD(c, k, bool) = text[0] == 't';
			return 0;
		}
		return set_err(err, "'%s' must be true or false, not '%s'", k->name, text);
	case T_INT:
		if (!parse_long(text, &l) || l < k->min || l > k->max)
			return set_err(err,
			               "'%s' must be a whole number from %.0f to %.0f, not '%s'",
			               k->name, k->min, k->max, text);
		*FIELD(c, k, long) = l;
		return 0;
	case T_NUM:
	case T_OPT_NUM:
		if (k->type == T_OPT_NUM && !strcmp(text, "null")) {
			FIELD(c, k, struct opt_double)->set = false;
			return 0;
		}
		if (!parse_double(text, &d) || d < k->min || d > k->max)
			return set_err(err, "'%s' must be a number from %g to %g%s, not '%s'",
			               k->name, k->min, k->max,
			               k->type == T_OPT_NUM ? " (or null)" : "", text);
		if (k->type == T_NUM) {
			*FIELD(c, k, double) = d;
		} else {
			FIELD(c, k, struct opt_double)->set = true;
			FIELD(c, k, struct opt_double)->value = d;
		}
		return 0;
	case T_STR_LIST: {
		char ***list = FIELD(c, k, char **);
		size_t *count = (size_t *)(void *)((char *)c + k->off + sizeof(char **));
		free_string_list(*list, *count);
		*list = NULL;
		*count = 0;
		/* Flags and the environment give a comma-separated list. */
		for (const char *p = text; *p;) {
			size_t len = strcspn(p, ",");
			if (len) {
				*list = xrealloc(*list, (*count + 1) * sizeof **list);
				(*list)[(*count)++] = xstrndup(p, len);
			}
			p += len + (p[len] == ',');
		}
		return 0;
	}
	}
	return -1;
}

static char *home_dir(void)
{
	const char *h = getenv("HOME");
	if (h && *h)
		return xstrdup(h);
	struct passwd *pw = getpwuid(getuid());
	return xstrdup(pw && pw->pw_dir ? pw->pw_dir : "/");
}

char *config_default_semester(long long unix_time)
{
	time_t t = (time_t)unix_time;
	struct tm tm;
	gmtime_r(&t, &tm);
	return xasprintf("%04d-S%d", tm.tm_year + 1900, tm.tm_mon < 6 ? 1 : 2);
}

void config_init(struct loco_config *c, const char *config_path)
{
	memset(c, 0, sizeof *c);
	c->origin = xcalloc(NKEYS, sizeof *c->origin);
	for (size_t i = 0; i < NKEYS; i++)
		if (keys[i].def)
			set_from_text(c, &keys[i], keys[i].def, NULL);
	c->semester = config_default_semester((long long)time(NULL));

	const char *home = getenv("LOCO_HOME");
	if (home && *home) {
		c->home = xstrdup(home);
	} else {
		char *h = home_dir();
		c->home = path_join(h, ".locollm");
		free(h);
	}
	const char *env_cfg = getenv("LOCO_CONFIG");
	if (config_path) {
		c->file = xstrdup(config_path);
		c->file_explicit = true;
	} else if (env_cfg && *env_cfg) {
		c->file = xstrdup(env_cfg);
		c->file_explicit = true;
	} else {
		c->file = path_join(c->home, "config.yaml");
	}
}

void config_free(struct loco_config *c)
{
	for (size_t i = 0; i < NKEYS; i++) {
		const struct cfg_key *k = &keys[i];
		if (k->type == T_STR || k->type == T_ENUM || k->type == T_SEMESTER ||
		    k->type == T_DURATION)
			free(*FIELD(c, k, char *));
		else if (k->type == T_STR_LIST)
			free_string_list(*FIELD(c, k, char **),
			                 *(size_t *)(void *)((char *)c + k->off + sizeof(char **)));
	}
	free(c->origin);
	free(c->home);
	free(c->file);
	memset(c, 0, sizeof *c);
}

/* Reads one value node for key k from the file. */
static int load_value(struct loco_config *c, struct ydoc *d, size_t ki, yaml_node_t *v, char **err)
{
	const struct cfg_key *k = &keys[ki];
	char *msg = NULL;
	int rc = 0;
	if (k->type == T_STR_LIST) {
		char **list = NULL;
		size_t n = 0;
		if (ydoc_string_list(d, v, k->name, &list, &n, err) < 0)
			return -1;
		char ***field = FIELD(c, k, char **);
		size_t *count = (size_t *)(void *)((char *)c + k->off + sizeof(char **));
		free_string_list(*field, *count);
		*field = list;
		*count = n;
	} else if (ydoc_is_null(v) && (k->type == T_STR || k->type == T_OPT_NUM)) {
		if (k->type == T_STR) {
			free(*FIELD(c, k, char *));
			*FIELD(c, k, char *) = NULL;
		} else {
			FIELD(c, k, struct opt_double)->set = false;
		}
	} else {
		const char *s = ydoc_scalar(v);
		bool quoted = s && v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		bool wants_string = k->type == T_STR || k->type == T_SEMESTER ||
		                    k->type == T_DURATION || k->type == T_ENUM;
		if (!s || ydoc_is_null(v))
			return ydoc_err(d, v, err, "'%s': expected a value, found %s", k->name,
			                ydoc_kind(v));
		if (quoted && !wants_string)
			return ydoc_err(d, v, err, "'%s': expected %s, found the string \"%s\"",
			                k->name, k->type == T_BOOL ? "true or false" : "a number",
			                s);
		rc = set_from_text(c, k, s, &msg);
		if (rc < 0)
			ydoc_err(d, v, err, "%s", msg);
		free(msg);
	}
	if (rc == 0)
		c->origin[ki] = ORIGIN_FILE;
	return rc;
}

static int unknown_key(struct ydoc *d, yaml_node_t *kn, const char *full, char **err)
{
	char *msg = NULL;
	const char *dot = strchr(full, '.');
	if (config_key_find(full, &msg) >= 0 && dot) {
		/* a real key written dotted at the top level: say how to nest it */
		ydoc_err(d, kn, err, "'%s' must be written inside its section: %.*s: {%s: ...}",
		         full, (int)(dot - full), full, dot + 1);
		free(msg);
		return -1;
	}
	ydoc_err(d, kn, err, "%s", msg ? msg : "unknown key");
	free(msg);
	return -1;
}

/* A mapping inside a section (bench.reference): some key's name starts with
 * "name.". */
static bool is_subsection(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < NKEYS; i++)
		if (!strncmp(keys[i].name, name, n) && keys[i].name[n] == '.')
			return true;
	return false;
}

static int load_section(struct loco_config *c, struct ydoc *d, const char *section,
                        yaml_node_t *map, char **err)
{
	if (map->type != YAML_MAPPING_NODE)
		return ydoc_err(d, map, err, "'%s': expected a mapping, found %s", section,
		                ydoc_kind(map));
	if (ydoc_check_duplicates(d, map, section, err) < 0)
		return -1;
	yaml_node_t *kn, *v;
	for (size_t i = 0; ydoc_pair(d, map, i, &kn, &v); i++) {
		char *full = xasprintf("%s.%s", section, ydoc_scalar(kn));
		int ki = config_key_find(full, NULL);
		int rc;
		if (ki < 0 && is_subsection(full))
			rc = ydoc_is_null(v) ? 0 : load_section(c, d, full, v, err);
		else
			rc = ki < 0 ? unknown_key(d, kn, full, err)
			            : load_value(c, d, (size_t)ki, v, err);
		free(full);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static bool is_section(const char *name)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(sections); i++)
		if (!strcmp(sections[i], name))
			return true;
	return false;
}

static int load_doc(struct loco_config *c, struct ydoc *d, char **err)
{
	yaml_node_t *root = ydoc_root(d);
	if (!root || ydoc_is_null(root))
		return 0; /* an empty file or only comments: all defaults */
	if (root->type != YAML_MAPPING_NODE)
		return ydoc_err(d, root, err, "expected a mapping of settings, found %s",
		                ydoc_kind(root));
	if (ydoc_check_duplicates(d, root, "config", err) < 0)
		return -1;
	yaml_node_t *kn, *v;
	for (size_t i = 0; ydoc_pair(d, root, i, &kn, &v); i++) {
		const char *name = ydoc_scalar(kn);
		int rc;
		if (is_section(name)) {
			rc = ydoc_is_null(v) ? 0 : load_section(c, d, name, v, err);
		} else {
			/* Dotted names belong inside their section, not at the top. */
			int ki = strchr(name, '.') ? -1 : config_key_find(name, NULL);
			rc = ki < 0 ? unknown_key(d, kn, name, err)
			            : load_value(c, d, (size_t)ki, v, err);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

int config_load_file(struct loco_config *c, bool optional, char **err)
{
	if (access(c->file, F_OK) != 0) {
		if (!c->file_explicit || optional)
			return 0;
		return set_err(err, "config file '%s' not found", c->file);
	}
	char *text = NULL;
	size_t len = 0;
	if (read_file(c->file, 1 << 20, &text, &len, err) < 0)
		return -1;
	int rc = config_load_text(c, c->file, text, len, err);
	free(text);
	if (rc == 0)
		c->file_loaded = true;
	return rc;
}

int config_load_text(struct loco_config *c, const char *label, const char *text, size_t len,
                     char **err)
{
	struct ydoc d;
	int rc = ydoc_load(&d, label, text, len, err);
	if (rc == 0)
		rc = load_doc(c, &d, err);
	ydoc_free(&d);
	return rc;
}

static int apply(struct loco_config *c, const char *key, const char *value, enum cfg_origin o,
                 const char *source, char **err)
{
	int ki = config_key_find(key, err);
	if (ki < 0)
		return -1;
	char *msg = NULL;
	if (set_from_text(c, &keys[ki], value, &msg) < 0) {
		if (source)
			set_err(err, "%s: %s", source, msg);
		else
			set_err(err, "%s", msg);
		free(msg);
		return -1;
	}
	c->origin[ki] = o;
	return 0;
}

int config_apply_env(struct loco_config *c, char **err)
{
	static const struct {
		const char *var, *key;
	} env[] = {{"OLLAMA_HOST", "ollama.host"}, {"LOCO_REGISTRY", "registry"}};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(env); i++) {
		const char *v = getenv(env[i].var);
		if (v && *v && apply(c, env[i].key, v, ORIGIN_ENV, env[i].var, err) < 0)
			return -1;
	}
	return 0;
}

int config_apply_flag(struct loco_config *c, const char *key, const char *value, char **err)
{
	return apply(c, key, value, ORIGIN_FLAG, NULL, err);
}

char *config_value_text(const struct loco_config *c, size_t i)
{
	const struct cfg_key *k = &keys[i];
	struct loco_config *m = (struct loco_config *)c;
	switch (k->type) {
	case T_INT:
		return xasprintf("%ld", *FIELD(m, k, long));
	case T_NUM:
		return xasprintf("%g", *FIELD(m, k, double));
	case T_OPT_NUM:
		return FIELD(m, k, struct opt_double)->set
		           ? xasprintf("%g", FIELD(m, k, struct opt_double)->value)
		           : xstrdup("null");
	case T_BOOL:
		return xstrdup(*FIELD(m, k, bool) ? "true" : "false");
	case T_STR_LIST: {
		char **list = *FIELD(m, k, char **);
		size_t n = *(size_t *)(void *)((char *)m + k->off + sizeof(char **));
		struct strbuf sb = STRBUF_INIT;
		sb_adds(&sb, "");
		for (size_t j = 0; j < n; j++)
			sb_addf(&sb, "%s%s", j ? "," : "", list[j]);
		return sb_detach(&sb);
	}
	default: {
		const char *s = *FIELD(m, k, char *);
		return xstrdup(s ? s : "null");
	}
	}
}

cJSON *config_value_json(const struct loco_config *c, size_t i)
{
	const struct cfg_key *k = &keys[i];
	struct loco_config *m = (struct loco_config *)c;
	switch (k->type) {
	case T_INT:
		return cJSON_CreateNumber((double)*FIELD(m, k, long));
	case T_NUM:
		return cJSON_CreateNumber(*FIELD(m, k, double));
	case T_OPT_NUM:
		return FIELD(m, k, struct opt_double)->set
		           ? cJSON_CreateNumber(FIELD(m, k, struct opt_double)->value)
		           : cJSON_CreateNull();
	case T_BOOL:
		return cJSON_CreateBool(*FIELD(m, k, bool));
	case T_STR_LIST: {
		char **list = *FIELD(m, k, char **);
		size_t n = *(size_t *)(void *)((char *)m + k->off + sizeof(char **));
		cJSON *a = cJSON_CreateArray();
		for (size_t j = 0; j < n; j++)
			cJSON_AddItemToArray(a, cJSON_CreateString(list[j]));
		return a;
	}
	default: {
		const char *s = *FIELD(m, k, char *);
		return s ? cJSON_CreateString(s) : cJSON_CreateNull();
	}
	}
}

/* The YAML text written for a validated value of key k. */
static char *yaml_for(const struct cfg_key *k, const struct loco_config *c, size_t ki)
{
	switch (k->type) {
	case T_STR:
	case T_SEMESTER:
	case T_DURATION: {
		char *t = config_value_text(c, ki);
		char *q = yaml_quote(t);
		free(t);
		return q;
	}
	case T_STR_LIST: {
		char **list = *FIELD((struct loco_config *)c, k, char **);
		size_t n = *(size_t *)(void *)((char *)c + k->off + sizeof(char **));
		struct strbuf sb = STRBUF_INIT;
		sb_adds(&sb, "[");
		for (size_t j = 0; j < n; j++) {
			char *q = yaml_quote(list[j]);
			sb_addf(&sb, "%s%s", j ? ", " : "", q);
			free(q);
		}
		sb_adds(&sb, "]");
		return sb_detach(&sb);
	}
	default:
		return config_value_text(c, ki);
	}
}

/* Splits "a.b.c" into its path parts (keys are one to three levels deep). */
static size_t split_key(char *name, const char *parts[3])
{
	size_t n = 0;
	parts[n++] = name;
	for (char *dot; n < 3 && (dot = strchr(parts[n - 1], '.')) != NULL;) {
		*dot = '\0';
		parts[n++] = dot + 1;
	}
	return n;
}

/* The value key ki has after text (NULL: unset) is applied to the defaults,
 * as config_value_text() shows it. */
static char *value_after(size_t ki, const char *text)
{
	struct loco_config s;
	config_init(&s, NULL);
	if (text)
		set_from_text(&s, &keys[ki], text, NULL);
	char *v = config_value_text(&s, ki);
	config_free(&s);
	return v;
}

/* Reads the edited text back before it is written: an edit must never leave
 * a file that loco itself would reject, or that says another value. */
static int check_edit(const struct loco_config *c, size_t ki, const char *out, size_t out_len,
                      const char *value, char **err)
{
	struct loco_config check;
	config_init(&check, c->file);
	struct ydoc d;
	char *msg = NULL;
	int rc = ydoc_load(&d, c->file, out, out_len, &msg);
	if (rc == 0)
		rc = load_doc(&check, &d, &msg);
	if (rc == 0) {
		char *got = config_value_text(&check, ki), *want = value_after(ki, value);
		if (strcmp(got, want))
			rc = set_err(&msg, "the edit read back as '%s'", got);
		free(got);
		free(want);
	}
	if (rc < 0)
		set_err(err, "cannot update '%s' safely (%s); the file is unchanged", c->file, msg);
	free(msg);
	ydoc_free(&d);
	config_free(&check);
	return rc;
}

/* Whether the file's text has key k (a null value counts: it is written). */
static bool text_has_key(const char *label, const char *text, size_t len, const char *const *parts,
                         size_t depth)
{
	struct ydoc d;
	if (ydoc_load(&d, label, text, len, NULL) < 0)
		return false;
	yaml_node_t *n = ydoc_root(&d);
	for (size_t i = 0; i < depth && n; i++)
		n = n->type == YAML_MAPPING_NODE ? ydoc_get(&d, n, parts[i], NULL) : NULL;
	ydoc_free(&d);
	return n != NULL;
}

/* Edits key ki in c->file: to yaml, or (yaml NULL) out of it; value is what
 * the key then reads as (NULL: its default). *changed says whether the file
 * changed (unsetting a key the file lacks does not). */
static int edit_file(struct loco_config *c, size_t ki, const char *yaml, const char *value,
                     bool *changed, char **err)
{
	char *text = NULL, *out = NULL, *name = xstrdup(keys[ki].name);
	size_t len = 0, out_len = 0;
	const char *parts[3];
	size_t depth = split_key(name, parts);
	int rc = 0;
	*changed = false;
	if (file_exists(c->file))
		rc = read_file(c->file, 1 << 20, &text, &len, err);
	else
		text = xstrdup("");
	if (rc == 0 && !yaml && !text_has_key(c->file, text, len, parts, depth))
		goto done;
	if (rc == 0)
		rc = yaml ? yedit_set(c->file, text, len, parts, depth, yaml, &out, &out_len, err)
		          : yedit_remove(c->file, text, len, parts, depth, &out, &out_len, err);
	if (rc == 0)
		rc = check_edit(c, ki, out, out_len, value, err);
	if (rc == 0)
		rc = mkdir_parents(c->file, true, err);
	if (rc == 0)
		rc = write_file_atomic(c->file, out, out_len, err);
	*changed = rc == 0;
done:
	free(text);
	free(out);
	free(name);
	return rc;
}

int config_set(struct loco_config *c, const char *key, const char *value, char **err)
{
	if (!strcmp(value, "null")) {
		bool removed;
		return config_unset(c, key, &removed, err);
	}
	int ki = config_key_find(key, err);
	if (ki < 0)
		return -1;
	const struct cfg_key *k = &keys[ki];
	struct loco_config scratch;
	config_init(&scratch, NULL);
	int rc = set_from_text(&scratch, k, value, err);
	char *yaml = rc == 0 ? yaml_for(k, &scratch, (size_t)ki) : NULL;
	config_free(&scratch);
	bool changed;
	if (rc == 0)
		rc = edit_file(c, (size_t)ki, yaml, value, &changed, err);
	free(yaml);
	return rc;
}

int config_unset(struct loco_config *c, const char *key, bool *removed, char **err)
{
	*removed = false;
	int ki = config_key_find(key, err);
	if (ki < 0)
		return -1;
	return edit_file(c, (size_t)ki, NULL, NULL, removed, err);
}

enum backend_kind config_backend_kind(const struct loco_config *c)
{
	static const char *const names[] = {"openai", "llamacpp", "vllm"};
	static const enum backend_kind kinds[] = {BACKEND_OPENAI, BACKEND_LLAMACPP, BACKEND_VLLM};
	for (size_t i = 0; c->backend_kind && i < LOCO_ARRAY_LEN(names); i++)
		if (!strcmp(c->backend_kind, names[i]))
			return kinds[i];
	return BACKEND_OLLAMA;
}
