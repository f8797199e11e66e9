/* registry.c: loads registry.yaml into struct registry with a located error
 * for every problem, and finds which registry is in force. */
#define _GNU_SOURCE
#define PCRE2_CODE_UNIT_WIDTH 8
#include "registry.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pattern.h"
#include "config.h"
#include "regcache.h"
#include "semver.h"
#include "util.h"
#include "ydoc.h"

#ifndef LOCO_DATADIR
#define LOCO_DATADIR "/usr/local/share/locollm"
#endif

/* The default registry, compiled in by CMake from adapters/registry.yaml. */
extern const unsigned char loco_builtin_registry[];
extern const size_t loco_builtin_registry_len;

#define REGISTRY_MAX_BYTES (64u << 20)

/* The built-in registry's text: the compiled-in copy, or for the test suite
 * the file LOCO_TEST_BUILTIN_REGISTRY names, so that a registry a user edited
 * in the checkout (and a binary built from it) never changes what the tests
 * see. Returns 0 with *text malloc'ed, or -1 with *err. */
static int builtin_registry_text(char **text, size_t *len, char **err)
{
	const char *file = getenv("LOCO_TEST_BUILTIN_REGISTRY");
	if (file && *file)
		return read_file(file, REGISTRY_MAX_BYTES, text, len, err);
	*text = xstrndup((const char *)loco_builtin_registry, loco_builtin_registry_len);
	*len = loco_builtin_registry_len;
	return 0;
}

static const char *const eval_types[] = {"numeric",   "exact_match",    "analysis", "contains",
                                         "code",      "code_execution", "rouge",    "f1",
                                         "llm_judge", "custom"};

const char *adapter_type_name(enum adapter_type t)
{
	static const char *const names[] = {"system-prompt", "merged-gguf", "lora"};
	return names[t];
}

unsigned registry_pattern_flags(void)
{
	return PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
}

char *adapter_model_name(const struct adapter *a)
{
	return xasprintf("locollm-%s", a->name);
}

static void adapter_free(struct adapter *a)
{
	free(a->name);
	free(a->version);
	free(a->domain);
	free(a->description);
	free(a->system_prompt);
	free(a->gguf_path);
	free(a->adapter_path);
	free(a->url);
	free(a->sha256);
	free_string_list(a->tags, a->n_tags);
	free_string_list(a->authors, a->n_authors);
	free(a->semester);
	free(a->eval_dataset);
	free(a->eval_type);
	free_string_list(a->router_keywords, a->n_router_keywords);
	free_string_list(a->tools, a->n_tools);
	free_string_list(a->router_examples, a->n_router_examples);
	free_string_list(a->router_topics, a->n_router_topics);
	for (size_t i = 0; i < a->n_router_patterns; i++)
		free(a->router_patterns[i].text);
	free(a->router_patterns);
	for (size_t i = 0; i < a->n_benchmark_scores; i++)
		free(a->benchmark_scores[i].name);
	free(a->benchmark_scores);
	for (size_t i = 0; i < a->n_training; i++)
		free(a->training[i].name);
	free(a->training);
	free(a->training_method);
	free(a->training_dataset);
	free(a->training_data_file);
	free_string_list(a->unknown_keys, a->n_unknown_keys);
}

void registry_free(struct registry *r)
{
	for (size_t i = 0; i < r->n_adapters; i++)
		adapter_free(&r->adapters[i]);
	free(r->adapters);
	free(r->path);
	free(r->dir);
	free(r->source);
	free(r->base_name);
	free(r->base_ollama_name);
	free(r->base_served_name);
	free(r->base_gguf_path);
	free(r->base_quantization);
	free(r->academic_year);
	memset(r, 0, sizeof *r);
}

/* ---- validation helpers ---------------------------------------------- */

/* MAJOR.MINOR.PATCH with the pre-release and build rules of semver.c, the
 * ones `adapters update` compares by; no leading 'v' in a registry. */
static bool semver_ok(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && semver_valid(s);
}

bool registry_name_ok(const char *s)
{
	if (!*s || strlen(s) > 64 || !strchr("abcdefghijklmnopqrstuvwxyz0123456789", s[0]))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == strlen(s);
}

bool registry_name_reserved(const char *s)
{
	return !strcmp(s, "base") || !strcmp(s, "none") || !strcmp(s, "auto");
}

static bool hex64(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* Context for one adapter entry: its name goes in front of every message. */
struct actx {
	struct ydoc *d;
	struct adapter *a;
	char **err;
};

static int aerr(struct actx *x, yaml_node_t *n, const char *fmt, ...) LOCO_PRINTF(3, 4);
static int aerr(struct actx *x, yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	ydoc_err(x->d, n, x->err, "adapter '%s': %s", x->a->name, msg);
	free(msg);
	return -1;
}

/* Runs a ydoc reader and prefixes its message with the adapter's name. */
static int prefixed(struct actx *x, int rc)
{
	if (rc < 0 && x->err && *x->err) {
		/* "file:l:c: key: ..." -> "file:l:c: adapter 'x': key: ..." */
		char *m = *x->err, *p = m;
		for (int colons = 0; *p && colons < 3; p++)
			colons += *p == ':';
		if (*p == ' ')
			p++;
		char *s = xasprintf("%.*sadapter '%s': %s", (int)(p - m), m, x->a->name, p);
		free(m);
		*x->err = s;
	}
	return rc;
}

static int read_scores(struct actx *x, yaml_node_t *v, const char *what, struct score_entry **out,
                       size_t *count)
{
	if (v->type != YAML_MAPPING_NODE)
		return aerr(x, v, "%s: expected a mapping of names to numbers, found %s", what,
		            ydoc_kind(v));
	if (prefixed(x, ydoc_check_duplicates(x->d, v, what, x->err)) < 0)
		return -1;
	yaml_node_t *k, *val;
	for (size_t i = 0; ydoc_pair(x->d, v, i, &k, &val); i++) {
		double d;
		char *label = xasprintf("%s.%s", what, ydoc_scalar(k));
		int rc = prefixed(x, ydoc_double(x->d, val, label, &d, x->err));
		free(label);
		if (rc < 0)
			return -1;
		*out = xrealloc(*out, (*count + 1) * sizeof **out);
		(*out)[*count].name = xstrdup(ydoc_scalar(k));
		(*out)[(*count)++].score = d;
	}
	return 0;
}

static int read_training(struct actx *x, yaml_node_t *v)
{
	if (v->type != YAML_MAPPING_NODE)
		return aerr(x, v, "training: expected a mapping, found %s", ydoc_kind(v));
	if (prefixed(x, ydoc_check_duplicates(x->d, v, "training", x->err)) < 0)
		return -1;
	yaml_node_t *k, *val;
	struct adapter *a = x->a;
	a->has_training = true;
	for (size_t i = 0; ydoc_pair(x->d, v, i, &k, &val); i++) {
		const char *key = ydoc_scalar(k);
		int rc = 0;
		if (!strcmp(key, "data_file")) {
			rc = ydoc_string(x->d, val, "training.data_file", &a->training_data_file,
			                 x->err);
		} else if (!strcmp(key, "method")) {
			rc = ydoc_string(x->d, val, "training.method", &a->training_method, x->err);
		} else if (!strcmp(key, "dataset")) {
			rc = ydoc_string(x->d, val, "training.dataset", &a->training_dataset,
			                 x->err);
		} else if (!strcmp(key, "lora_r") || !strcmp(key, "lora_alpha") ||
		           !strcmp(key, "epochs")) {
			char *label = xasprintf("training.%s", key);
			long l;
			rc = ydoc_long(x->d, val, label, &l, x->err);
			free(label);
			if (rc == 0) {
				a->training = xrealloc(a->training,
				                       (a->n_training + 1) * sizeof *a->training);
				a->training[a->n_training].name = xstrdup(key);
				a->training[a->n_training++].score = (double)l;
			}
		}
		if (prefixed(x, rc) < 0)
			return -1;
	}
	return 0;
}

static int read_patterns(struct actx *x, yaml_node_t *v)
{
	if (v->type != YAML_SEQUENCE_NODE)
		return aerr(x, v, "router_patterns: expected a list, found %s", ydoc_kind(v));
	struct adapter *a = x->a;
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *item = ydoc_node(x->d, *it);
		const char *s = ydoc_scalar(item);
		if (!s || ydoc_is_null(item) || !*s)
			return aerr(x, item,
			            "router_patterns: expected a non-empty string, found %s",
			            ydoc_kind(item));
		char *why = NULL;
		pcre2_code *re = pattern_compile(s, registry_pattern_flags(), false, &why);
		if (!re) {
			int rc = aerr(x, item, "router pattern '%s' does not compile: %s", s, why);
			free(why);
			return rc;
		}
		pcre2_code_free(re);
		a->router_patterns = xrealloc(a->router_patterns, (a->n_router_patterns + 1) *
		                                                      sizeof *a->router_patterns);
		struct located_string *ls = &a->router_patterns[a->n_router_patterns++];
		ls->text = xstrdup(s);
		ls->line = (int)item->start_mark.line + 1;
		ls->col = (int)item->start_mark.column + 1;
	}
	return 0;
}

/* tools: [python]: the tools the adapter's model is offered (issue 19);
 * python is the one tool so far. */
static int read_tools(struct actx *x, yaml_node_t *v)
{
	if (v->type != YAML_SEQUENCE_NODE)
		return aerr(x, v, "tools: expected a list such as [python], found %s",
		            ydoc_kind(v));
	struct adapter *a = x->a;
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *item = ydoc_node(x->d, *it);
		const char *s = ydoc_scalar(item);
		if (!s || ydoc_is_null(item) || strcmp(s, "python") != 0)
			return aerr(x, item, "tools: unknown tool %s%s%s (the one tool is python)",
			            s ? "'" : "", s ? s : ydoc_kind(item), s ? "'" : "");
		bool dup = false;
		for (size_t i = 0; i < a->n_tools; i++)
			dup |= strcmp(a->tools[i], s) == 0;
		if (dup)
			return aerr(x, item, "tools: '%s' is listed twice", s);
		a->tools = xrealloc(a->tools, (a->n_tools + 1) * sizeof *a->tools);
		a->tools[a->n_tools++] = xstrdup(s);
	}
	return 0;
}

static int read_enum_type(struct actx *x, yaml_node_t *v)
{
	const char *s = ydoc_scalar(v);
	for (int t = 0; s && t <= ADAPTER_LORA; t++) {
		if (!strcmp(s, adapter_type_name((enum adapter_type)t))) {
			x->a->type = (enum adapter_type)t;
			return 0;
		}
	}
	if (!s || ydoc_is_null(v))
		return aerr(x, v,
		            "type: expected one of system-prompt, merged-gguf, lora, found %s",
		            ydoc_kind(v));
	return aerr(x, v, "type '%s' is not one of system-prompt, merged-gguf, lora", s);
}

static int read_eval_type(struct actx *x, yaml_node_t *v)
{
	if (prefixed(x, ydoc_string(x->d, v, "eval_type", &x->a->eval_type, x->err)) < 0)
		return -1;
	for (size_t i = 0; i < LOCO_ARRAY_LEN(eval_types); i++)
		if (!strcmp(x->a->eval_type, eval_types[i]))
			return 0;
	return aerr(x, v,
	            "eval_type '%s' is not one of numeric, exact_match, analysis, contains, code, "
	            "code_execution, rouge, f1, llm_judge, custom",
	            x->a->eval_type);
}

/* One key of an adapter entry. `seen` collects which required keys appeared. */
static int read_adapter_key(struct actx *x, const char *key, yaml_node_t *v, unsigned *seen)
{
	struct ydoc *d = x->d;
	struct adapter *a = x->a;
	char **e = x->err;
#define STR(field)  prefixed(x, ydoc_string(d, v, #field, &a->field, e))
#define LIST(field) prefixed(x, ydoc_string_list(d, v, #field, &a->field, &a->n_##field, e))
	if (!strcmp(key, "version")) {
		*seen |= 1;
		if (STR(version) < 0)
			return -1;
		if (!semver_ok(a->version))
			return aerr(x, v, "version '%s' is not a semantic version such as 1.2.0",
			            a->version);
		return 0;
	}
	if (!strcmp(key, "type")) {
		*seen |= 2;
		return read_enum_type(x, v);
	}
	if (!strcmp(key, "domain"))
		return STR(domain);
	if (!strcmp(key, "active"))
		return prefixed(x, ydoc_bool(d, v, "active", &a->active, e));
	if (!strcmp(key, "description"))
		return STR(description);
	if (!strcmp(key, "system_prompt"))
		return STR(system_prompt);
	if (!strcmp(key, "gguf_path"))
		return STR(gguf_path);
	if (!strcmp(key, "adapter_path"))
		return STR(adapter_path);
	if (!strcmp(key, "url"))
		return STR(url);
	if (!strcmp(key, "sha256")) {
		if (STR(sha256) < 0)
			return -1;
		if (!hex64(a->sha256))
			return aerr(x, v, "sha256 must be 64 lowercase hex digits");
		return 0;
	}
	if (!strcmp(key, "semester"))
		return STR(semester);
	if (!strcmp(key, "eval_dataset"))
		return STR(eval_dataset);
	if (!strcmp(key, "eval_type"))
		return read_eval_type(x, v);
	if (!strcmp(key, "tags"))
		return LIST(tags);
	if (!strcmp(key, "authors"))
		return LIST(authors);
	if (!strcmp(key, "router_keywords"))
		return LIST(router_keywords);
	if (!strcmp(key, "router_patterns"))
		return read_patterns(x, v);
	if (!strcmp(key, "tools"))
		return read_tools(x, v);
	if (!strcmp(key, "router_examples"))
		return LIST(router_examples);
	if (!strcmp(key, "router_topics"))
		return LIST(router_topics);
	if (!strcmp(key, "benchmark_scores"))
		return read_scores(x, v, "benchmark_scores", &a->benchmark_scores,
		                   &a->n_benchmark_scores);
	if (!strcmp(key, "training"))
		return read_training(x, v);
#undef STR
#undef LIST
	a->unknown_keys = xrealloc(a->unknown_keys, (a->n_unknown_keys + 1) * sizeof(char *));
	a->unknown_keys[a->n_unknown_keys++] = xstrdup(key);
	return 0;
}

/* Rules that involve several keys of one entry. */
static int check_adapter(struct actx *x, yaml_node_t *entry, unsigned seen)
{
	struct adapter *a = x->a;
	yaml_node_t *kn = NULL;
	if (!(seen & 1))
		return aerr(x, entry, "version: missing");
	if (!(seen & 2))
		return aerr(x, entry, "type: missing (one of system-prompt, merged-gguf, lora)");
	if (a->type == ADAPTER_MERGED_GGUF && !a->gguf_path)
		return aerr(x, entry, "gguf_path: missing (required for type merged-gguf)");
	if (a->type == ADAPTER_LORA && !a->adapter_path)
		return aerr(x, entry, "adapter_path: missing (required for type lora)");
	if (a->url && !a->sha256) {
		ydoc_get(x->d, entry, "url", &kn);
		return aerr(x, kn ? kn : entry, "sha256: missing (required with url)");
	}
	if (!a->domain)
		a->domain = xstrdup(a->name);
	return 0;
}

static int read_adapter(struct ydoc *d, yaml_node_t *kn, yaml_node_t *entry, struct adapter *a,
                        char **err)
{
	struct actx x = {d, a, err};
	a->name = xstrdup(ydoc_scalar(kn));
	a->line = (int)kn->start_mark.line + 1;
	if (!registry_name_ok(a->name))
		return ydoc_err(
		    d, kn, err,
		    "adapter name '%s' must be lowercase letters, digits, '.', '_' or '-' "
		    "(at most 64, starting with a letter or digit)",
		    a->name);
	if (registry_name_reserved(a->name))
		return ydoc_err(d, kn, err,
		                "adapter name '%s' is reserved: base, none and auto mean the base "
		                "model or a router's choice; pick another name",
		                a->name);
	if (entry->type != YAML_MAPPING_NODE)
		return aerr(&x, entry, "expected a mapping of fields, found %s", ydoc_kind(entry));
	if (prefixed(&x, ydoc_check_duplicates(d, entry, "fields", err)) < 0)
		return -1;
	unsigned seen = 0;
	yaml_node_t *k, *v;
	for (size_t i = 0; ydoc_pair(d, entry, i, &k, &v); i++)
		if (read_adapter_key(&x, ydoc_scalar(k), v, &seen) < 0)
			return -1;
	return check_adapter(&x, entry, seen);
}

/* At most one active adapter per domain. */
static int check_domains(struct ydoc *d, yaml_node_t *adapters, struct registry *r, char **err)
{
	for (size_t i = 0; i < r->n_adapters; i++) {
		struct adapter *a = &r->adapters[i];
		if (!a->active)
			continue;
		for (size_t j = 0; j < i; j++) {
			struct adapter *b = &r->adapters[j];
			if (!b->active || strcmp(a->domain, b->domain))
				continue;
			yaml_node_t *kn, *entry;
			ydoc_pair(d, adapters, i, &kn, &entry);
			yaml_node_t *at = ydoc_get(d, entry, "active", NULL);
			return ydoc_err(
			    d, at, err,
			    "adapter '%s': domain '%s' already has an active adapter "
			    "'%s'; set active: false on one of them (or use 'loco promote')",
			    a->name, a->domain, b->name);
		}
	}
	return 0;
}

static int read_base(struct ydoc *d, yaml_node_t *root, struct registry *r, char **err)
{
	yaml_node_t *kn = NULL;
	yaml_node_t *base = ydoc_get(d, root, "base_model", &kn);
	if (!base)
		return ydoc_err(d, root, err,
		                "base_model: missing (it needs at least ollama_name)");
	if (base->type != YAML_MAPPING_NODE)
		return ydoc_err(d, base, err, "base_model: expected a mapping, found %s",
		                ydoc_kind(base));
	if (ydoc_check_duplicates(d, base, "base_model", err) < 0)
		return -1;
	static const char *const fields[] = {"name",          "ollama_name", "quantization",
	                                     "academic_year", "served_name", "gguf_path"};
	char **dest[] = {&r->base_name,     &r->base_ollama_name, &r->base_quantization,
	                 &r->academic_year, &r->base_served_name, &r->base_gguf_path};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(fields); i++) {
		yaml_node_t *v = ydoc_get(d, base, fields[i], NULL);
		char *label = xasprintf("base_model.%s", fields[i]);
		int rc = v ? ydoc_string(d, v, label, dest[i], err) : 0;
		free(label);
		if (rc < 0)
			return -1;
	}
	if (!r->base_ollama_name)
		return ydoc_err(d, base, err, "base_model.ollama_name: missing");
	return 0;
}

static int parse_doc(struct ydoc *d, struct registry *r, char **err)
{
	yaml_node_t *root = ydoc_root(d);
	if (!root || ydoc_is_null(root))
		return set_err(err, "%s: the registry is empty (it needs base_model and adapters)",
		               d->label);
	if (root->type != YAML_MAPPING_NODE)
		return ydoc_err(d, root, err,
		                "expected a mapping with base_model and adapters, found %s",
		                ydoc_kind(root));
	if (ydoc_check_duplicates(d, root, "registry", err) < 0 || read_base(d, root, r, err) < 0)
		return -1;
	yaml_node_t *adapters = ydoc_get(d, root, "adapters", NULL);
	if (!adapters || ydoc_is_null(adapters))
		return 0;
	if (adapters->type != YAML_MAPPING_NODE)
		return ydoc_err(d, adapters, err,
		                "adapters: expected a mapping of adapter names, found %s",
		                ydoc_kind(adapters));
	if (ydoc_check_duplicates(d, adapters, "adapters", err) < 0)
		return -1;
	size_t n = (size_t)(adapters->data.mapping.pairs.top - adapters->data.mapping.pairs.start);
	r->adapters = xcalloc(n ? n : 1, sizeof *r->adapters);
	yaml_node_t *k, *v;
	for (size_t i = 0; ydoc_pair(d, adapters, i, &k, &v); i++) {
		r->n_adapters++;
		if (read_adapter(d, k, v, &r->adapters[i], err) < 0)
			return -1;
	}
	return check_domains(d, adapters, r, err);
}

int registry_parse(struct registry *r, const char *label, const char *text, size_t len, char **err)
{
	memset(r, 0, sizeof *r);
	struct ydoc d;
	int rc = ydoc_load(&d, label, text, len, err);
	if (rc == 0)
		rc = parse_doc(&d, r, err);
	ydoc_free(&d);
	if (rc < 0) {
		registry_free(r);
		return -1;
	}
	r->path = xstrdup(label);
	return 0;
}

int registry_load_file(struct registry *r, const char *path, char **err)
{
	char *text = NULL;
	size_t len = 0;
	memset(r, 0, sizeof *r);
	if (read_file(path, REGISTRY_MAX_BYTES, &text, &len, err) < 0)
		return -1;
	int rc = registry_parse(r, path, text, len, err);
	free(text);
	if (rc == 0)
		r->dir = path_dirname(path);
	return rc;
}

/* <prefix>/share/locollm/adapters/registry.yaml for the prefix this binary
 * runs from (<prefix>/bin/loco), so an installed tree can be moved. */
static char *installed_registry(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *bin = path_dirname(exe), *prefix = path_dirname(bin);
	char *p = path_join(prefix, "share/locollm/adapters/registry.yaml");
	free(bin);
	free(prefix);
	return p;
}

/* Candidates in lookup order; explicit ones must exist. */
int registry_locate_and_load(struct registry *r, const struct loco_config *cfg, char **err)
{
	struct {
		char *path;
		const char *source;
		bool must_exist;
	} cand[5];
	size_t n = 0;
	int ki = config_key_find("registry", NULL);
	enum cfg_origin o = cfg->origin[ki];
	/* cfg->registry already holds the highest-precedence of flag, env and file. */
	if (cfg->registry) {
		cand[n].path = xstrdup(cfg->registry);
		cand[n].source = o == ORIGIN_FLAG  ? "--registry"
		                 : o == ORIGIN_ENV ? "LOCO_REGISTRY"
		                                   : "config 'registry'";
		cand[n++].must_exist = true;
	}
	cand[n].path = xstrdup("adapters/registry.yaml");
	cand[n].source = "./adapters/registry.yaml";
	cand[n++].must_exist = false;
	cand[n].path = path_join(cfg->home, "registry.yaml");
	cand[n].source = "LOCO_HOME";
	cand[n++].must_exist = false;
	char *installed = installed_registry();
	if (installed) {
		cand[n].path = installed;
		cand[n].source = "install prefix";
		cand[n++].must_exist = false;
	}
	cand[n].path = xstrdup(LOCO_DATADIR "/adapters/registry.yaml");
	cand[n].source = "install prefix";
	cand[n++].must_exist = false;

	int rc = 1;
	for (size_t i = 0; i < n; i++) {
		if (rc == 1 && (cand[i].must_exist || file_exists(cand[i].path))) {
			if (cand[i].must_exist && !file_exists(cand[i].path)) {
				rc = set_err(err, "registry '%s' (from %s) not found", cand[i].path,
				             cand[i].source);
			} else {
				char *cache = path_join(cfg->home, "cache/registry");
				rc = registry_load_cached(r, cand[i].path, cache, err);
				free(cache);
				if (rc == 0)
					r->source = xstrdup(cand[i].source);
			}
		}
		free(cand[i].path);
	}
	if (rc != 1)
		return rc;
	char *text;
	size_t len;
	if (builtin_registry_text(&text, &len, err) < 0)
		return -1;
	rc = registry_parse(r, "(built-in registry)", text, len, err);
	free(text);
	if (rc == 0)
		r->source = xstrdup("built-in");
	return rc;
}

int registry_fallback_text(char **text, size_t *len, char **path, char **dir, char **err)
{
	char *cand[2] = {installed_registry(), xstrdup(LOCO_DATADIR "/adapters/registry.yaml")};
	int rc = 1;
	for (size_t i = 0; i < 2; i++) {
		if (rc == 1 && cand[i] && file_exists(cand[i])) {
			rc = read_file(cand[i], REGISTRY_MAX_BYTES, text, len, err);
			if (rc == 0) {
				*dir = path_dirname(cand[i]);
				*path = cand[i];
				cand[i] = NULL;
			}
		}
		free(cand[i]);
	}
	if (rc != 1)
		return rc;
	if (builtin_registry_text(text, len, err) < 0)
		return -1;
	*path = xstrdup("(built-in registry)");
	*dir = NULL;
	return 0;
}

const struct adapter *registry_find(const struct registry *r, const char *name)
{
	for (size_t i = 0; i < r->n_adapters; i++)
		if (!strcmp(r->adapters[i].name, name))
			return &r->adapters[i];
	return NULL;
}

const char *registry_suggest(const struct registry *r, const char *name)
{
	struct suggestion sg;
	suggest_init(&sg, name);
	for (size_t i = 0; i < r->n_adapters; i++)
		suggest_consider(&sg, r->adapters[i].name);
	return suggest_result(&sg);
}

char *adapter_dataset_path(const struct registry *r, const struct adapter *a)
{
	if (!a->eval_dataset)
		return NULL;
	if (a->eval_dataset[0] == '/')
		return xstrdup(a->eval_dataset);
	if (!r->dir)
		return NULL;
	char *folder = path_join(r->dir, a->name);
	char *p = path_join(folder, a->eval_dataset);
	free(folder);
	return p;
}

char *adapter_training_data_path(const struct registry *r, const struct adapter *a)
{
	const char *f = a->training_data_file;
	if (!f)
		return NULL;
	if (f[0] == '/')
		return xstrdup(f);
	if (!r->dir)
		return NULL;
	char *folder = path_join(r->dir, a->name);
	char *p = path_join(folder, f);
	free(folder);
	return p;
}

char *adapter_file_path(const struct registry *r, const struct adapter *a)
{
	const char *f = a->type == ADAPTER_MERGED_GGUF ? a->gguf_path
	                : a->type == ADAPTER_LORA      ? a->adapter_path
	                                               : NULL;
	if (!f)
		return NULL;
	if (f[0] == '/')
		return xstrdup(f);
	return r->dir ? path_join(r->dir, f) : NULL;
}

bool adapter_files_present(const struct registry *r, const struct adapter *a)
{
	if (a->type == ADAPTER_SYSTEM_PROMPT)
		return true;
	char *p = adapter_file_path(r, a);
	bool ok = p && file_exists(p);
	free(p);
	return ok;
}
