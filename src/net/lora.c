/* lora.c: llama-server's loaded LoRA adapters, and the routes that send a
 * registry's adapters to a llama.cpp or vLLM server (issue 22). */
#define _GNU_SOURCE
#include "lora.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "host.h"
#include "registry.h"
#include "util.h"

/* Ids are small: llama-server numbers its --lora files from 0. */
#define LORA_ID_MAX 1000000

static int parse_entry(const cJSON *e, size_t i, struct lora_adapter *out, char **err)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
	const cJSON *path = cJSON_GetObjectItemCaseSensitive(e, "path");
	const cJSON *scale = cJSON_GetObjectItemCaseSensitive(e, "scale");
	if (!cJSON_IsObject(e)) {
		*err = xasprintf("entry %zu is not an object", i + 1);
		return -1;
	}
	/* !(x >= 0) also catches NaN */
	if (!cJSON_IsNumber(id) || !(id->valuedouble >= 0) || id->valuedouble > LORA_ID_MAX ||
	    id->valuedouble != floor(id->valuedouble)) {
		*err = xasprintf("entry %zu has no whole \"id\" from 0", i + 1);
		return -1;
	}
	if (!cJSON_IsString(path)) {
		*err = xasprintf("entry %zu has no \"path\" string", i + 1);
		return -1;
	}
	if (scale && !cJSON_IsNumber(scale)) {
		*err = xasprintf("entry %zu has a \"scale\" that is not a number", i + 1);
		return -1;
	}
	out->id = (int)id->valuedouble;
	out->path = xstrdup(path->valuestring);
	out->scale = scale ? scale->valuedouble : 0;
	return 0;
}

int lora_list_parse(const char *text, size_t len, struct lora_list *out, char **err)
{
	memset(out, 0, sizeof *out);
	cJSON *j = cJSON_ParseWithLength(text, len);
	if (!cJSON_IsArray(j)) {
		*err = xstrdup(j ? "/lora-adapters answered with something that is not a list"
		                 : "/lora-adapters answered with something that is not JSON");
		cJSON_Delete(j);
		return -1;
	}
	size_t n = (size_t)cJSON_GetArraySize(j), i = 0;
	out->items = xcalloc(n ? n : 1, sizeof *out->items);
	const cJSON *e;
	cJSON_ArrayForEach(e, j)
	{
		char *why = NULL;
		if (parse_entry(e, i, &out->items[i], &why) < 0) {
			*err = xasprintf("/lora-adapters: %s", why);
			free(why);
			cJSON_Delete(j);
			lora_list_free(out);
			return -1;
		}
		out->n = ++i;
	}
	cJSON_Delete(j);
	return 0;
}

void lora_list_free(struct lora_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i].path);
	free(l->items);
	memset(l, 0, sizeof *l);
}

const char *lora_file_name(const char *path)
{
	const char *slash = strrchr(path, '/'), *back = strrchr(path, '\\');
	if (back && (!slash || back > slash))
		slash = back;
	return slash ? slash + 1 : path;
}

const struct lora_adapter *lora_find(const struct lora_list *l, const char *file)
{
	const char *want = lora_file_name(file);
	for (size_t i = 0; *want && i < l->n; i++)
		if (!strcmp(lora_file_name(l->items[i].path), want))
			return &l->items[i];
	return NULL;
}

/* Long names are cut so that a line fits: "  12  <name>". */
#define LINE_NAME_MAX 70

char *lora_mismatch(const char *name, const char *file, const char *address,
                    const struct lora_list *l)
{
	struct strbuf sb;
	sb_init(&sb, STRBUF_NO_CEILING); /* one line per loaded adapter */
	const char *f = lora_file_name(file);
	/* "loco: error: " is 13 columns; names are cut so that lines fit 80 */
	sb_addf(&sb, "adapter '%.16s' needs LoRA file '%.20s',", name, f);
	sb_addf(&sb, "\nwhich the llama-server at %.30s has not loaded;", address);
	if (!l->n)
		sb_adds(&sb, "\nit has loaded no LoRA adapter");
	else
		sb_addf(&sb, "\nit has loaded %zu (id, file):", l->n);
	for (size_t i = 0; i < l->n && i < 20; i++) {
		const char *p = l->items[i].path;
		size_t n = strlen(p);
		bool cut = n > LINE_NAME_MAX;
		sb_addf(&sb, "\n  %2d  %s%.*s", l->items[i].id, cut ? "..." : "",
		        cut ? LINE_NAME_MAX - 3 : (int)n, cut ? p + n - (LINE_NAME_MAX - 3) : p);
	}
	if (l->n > 20)
		sb_addf(&sb, "\n  and %zu more", l->n - 20);
	sb_adds(&sb, "\nstart it with --lora for that file ('loco setup --dry-run'");
	sb_adds(&sb, "\nprints the command line)");
	return sb_detach(&sb);
}

/* ---- routes ------------------------------------------------------------ */

struct route_set {
	struct model_route *r;
	char **owned; /* strings the routes point at */
	size_t n, n_owned;
};

static const char *own(struct route_set *s, char *text)
{
	s->owned = xrealloc(s->owned, (s->n_owned + 1) * sizeof *s->owned);
	s->owned[s->n_owned++] = text;
	return text;
}

static void merged_route(struct route_set *s, struct model_route *r, const struct adapter *a,
                         const char *server)
{
	const char *f = a->gguf_path ? lora_file_name(a->gguf_path) : "";
	r->error = own(s, xasprintf("adapter '%.20s' is a merged GGUF model (%.30s),\n"
	                            "a model of its own, which %s cannot swap to: it keeps\n"
	                            "one base model and swaps LoRA adapters per request;\n"
	                            "run that file as a second server (%s FILE)\n"
	                            "and point backend.base_url at it for this adapter",
	                            a->name, f, server,
	                            strcmp(server, "vLLM") ? "llama-server -m" : "vllm serve"));
}

static void lora_route(struct route_set *s, struct model_route *r, const struct adapter *a,
                       const struct backend *b, const struct lora_list *l, const char *why)
{
	if (backend_kind(b) == BACKEND_VLLM)
		return; /* vLLM serves it under its own name, locollm-NAME */
	const char *file = a->adapter_path ? a->adapter_path : "";
	const struct lora_adapter *found = why ? NULL : lora_find(l, file);
	if (why) {
		r->error = own(s, xasprintf("adapter '%s' cannot be asked: %s", a->name, why));
	} else if (!found) {
		r->error = own(s, lora_mismatch(a->name, file, backend_address(b), l));
	} else {
		r->send = NULL; /* set by the caller: the base */
		r->lora_id = found->id;
		r->tag = own(s, xasprintf("lora %d %s", found->id, lora_file_name(found->path)));
	}
}

int lora_attach(struct backend *b, const struct registry *reg, char **err)
{
	enum backend_kind kind = backend_kind(b);
	if (kind != BACKEND_LLAMACPP && kind != BACKEND_VLLM)
		return 0;
	struct lora_list l = {0};
	char *why = NULL;
	if (kind == BACKEND_LLAMACPP) {
		char *body = NULL;
		size_t len = 0;
		struct net_error e = {0};
		if (backend_get_root(b, "/lora-adapters", &body, &len, &e) < 0)
			why = xasprintf("GET /lora-adapters failed: %s",
			                e.message ? e.message : "no reason given");
		else if (lora_list_parse(body, len, &l, &why) < 0)
			l.n = 0;
		net_error_clear(&e);
		free(body);
	}
	const char *server = kind == BACKEND_LLAMACPP ? "llama-server" : "vLLM";
	struct route_set s = {.r = xcalloc(reg->n_adapters + 1, sizeof *s.r)};
	for (size_t i = 0; i < reg->n_adapters; i++) {
		const struct adapter *a = &reg->adapters[i];
		struct model_route *r = &s.r[s.n++];
		*r = (struct model_route){.model = own(&s, adapter_model_name(a)), .lora_id = -1};
		if (a->type == ADAPTER_MERGED_GGUF)
			merged_route(&s, r, a, server);
		else if (a->type == ADAPTER_LORA)
			lora_route(&s, r, a, b, &l, why);
		else
			r->tag = "system";
		if (!r->error && (a->type != ADAPTER_LORA || kind == BACKEND_LLAMACPP))
			r->send = reg->base_ollama_name;
		if (a->type == ADAPTER_LORA && kind == BACKEND_VLLM)
			r->send = r->model;
	}
	int *ids = xcalloc(l.n + 1, sizeof *ids);
	for (size_t i = 0; i < l.n; i++)
		ids[i] = l.items[i].id;
	backend_set_routes(b, s.r, s.n, ids, l.n);
	free(ids);
	for (size_t i = 0; i < s.n_owned; i++)
		free(s.owned[i]);
	free(s.owned);
	free(s.r);
	lora_list_free(&l);
	if (why) {
		*err = why;
		return -1;
	}
	return 0;
}

/* ---- the server's command line ------------------------------------------ */

static void add_word(struct strbuf *sb, const char *w)
{
	bool plain = *w != 0;
	for (const char *p = w; *p && plain; p++)
		plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		               "_./:=@%+,-",
		               *p) != NULL;
	if (plain) {
		sb_adds(sb, w);
		return;
	}
	sb_adds(sb, "'");
	for (const char *p = w; *p; p++)
		sb_adds(sb, *p == '\'' ? "'\\''" : (char[]){*p, 0});
	sb_adds(sb, "'");
}

static void add_line(struct strbuf *sb, const char *opt, const char *value)
{
	sb_adds(sb, " \\\n    ");
	sb_adds(sb, opt);
	if (value) {
		sb_adds(sb, " ");
		add_word(sb, value);
	}
}

/* p (taken) from the current folder, so that the server may start anywhere. */
static char *absolute(char *p)
{
	char cwd[4096];
	if (p[0] == '/' || !getcwd(cwd, sizeof cwd))
		return p;
	char *a = path_join(cwd, p[0] == '.' && p[1] == '/' ? p + 2 : p);
	free(p);
	return a;
}

/* The adapter's file as adapter_file_path() finds it, else as written. */
static char *file_of(const struct registry *reg, const struct adapter *a)
{
	char *p = adapter_file_path(reg, a);
	return p ? absolute(p) : xstrdup(a->adapter_path ? a->adapter_path : "");
}

static void llamacpp_command(struct strbuf *sb, const struct registry *reg, int *placeholder)
{
	const char *g = reg->base_gguf_path;
	char *base = !g            ? xstrdup("BASE.gguf")
	             : g[0] == '/' ? xstrdup(g)
	             : reg->dir    ? absolute(path_join(reg->dir, g))
	                           : xstrdup(g);
	*placeholder = !g;
	sb_adds(sb, "llama-server -m ");
	add_word(sb, base);
	free(base);
	add_line(sb, "--alias", reg->base_ollama_name);
	for (size_t i = 0; i < reg->n_adapters; i++) {
		if (reg->adapters[i].type != ADAPTER_LORA)
			continue;
		char *f = file_of(reg, &reg->adapters[i]);
		add_line(sb, "--lora", f);
		free(f);
	}
	add_line(sb, "--lora-init-without-apply", NULL);
}

static void vllm_command(struct strbuf *sb, const struct registry *reg, int *placeholder)
{
	size_t n = 0;
	*placeholder = !reg->base_served_name;
	sb_adds(sb, "vllm serve ");
	add_word(sb, reg->base_served_name ? reg->base_served_name : "HF_MODEL_OR_PATH");
	if (!reg->base_served_name)
		add_line(sb, "--served-model-name", reg->base_ollama_name);
	for (size_t i = 0; i < reg->n_adapters; i++)
		n += reg->adapters[i].type == ADAPTER_LORA;
	add_line(sb, "--enable-lora", NULL);
	char k[24];
	snprintf(k, sizeof k, "%zu", n ? n : 1);
	add_line(sb, "--max-loras", k);
	if (n)
		add_line(sb, "--lora-modules", NULL);
	for (size_t i = 0; i < reg->n_adapters; i++) {
		const struct adapter *a = &reg->adapters[i];
		if (a->type != ADAPTER_LORA)
			continue;
		char *f = file_of(reg, a), *name = adapter_model_name(a);
		char *pair = xasprintf("%s=%s", name, f);
		sb_adds(sb, " \\\n      ");
		add_word(sb, pair);
		free(pair);
		free(name);
		free(f);
	}
}

char *lora_server_command(const struct registry *reg, int kind, const char *base_url, int parallel,
                          int *placeholder)
{
	struct strbuf sb;
	sb_init(&sb, STRBUF_NO_CEILING); /* one line per adapter */
	sb_adds(&sb, "");
	struct server_url u;
	server_url_parse(base_url, &u, NULL);
	char port[16], slots[16];
	snprintf(port, sizeof port, "%d", u.port);
	snprintf(slots, sizeof slots, "%d", parallel > 0 ? parallel : 1);
	if (kind == BACKEND_VLLM) {
		vllm_command(&sb, reg, placeholder);
	} else {
		llamacpp_command(&sb, reg, placeholder);
		add_line(&sb, "-np", slots);
	}
	if (!u.loopback)
		add_line(&sb, "--host", u.host);
	add_line(&sb, "--port", port);
	server_url_free(&u);
	return sb_detach(&sb);
}
