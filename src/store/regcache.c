/* regcache.c: a compiled copy of a registry.yaml of 2 KiB or more, so that
 * `loco route` does not pay for YAML parsing on every run (libyaml spends
 * about 200 instructions a byte; SPEC section 11 wants a route over a
 * thousand adapters under 10 ms, issue 17 one over the shipped registry
 * with the classifier under 2 ms).
 *
 * The cache lives in $LOCO_HOME/cache/registry/<hash of path>.bin and is only
 * trusted while the file's device, inode, size, mtime and ctime (to the
 * nanosecond) and loco's version all match; anything else, including a
 * damaged cache, means parse the YAML and write a new one. Only registries
 * that parsed without error are ever cached. The fields, key and file
 * helpers are core/bincache.h's, shared with the classifier model's cache. */
#define _GNU_SOURCE
#include "regcache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bincache.h"
#include "registry.h"
#include "util.h"

#define MAGIC "loco-registry-cache 4 " LOCO_VERSION

/* ---- writing ----------------------------------------------------------- */

static void put_list(struct strbuf *sb, char **list, size_t n)
{
	bc_put_u32(sb, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		bc_put_str(sb, list[i]);
}

static void put_scores(struct strbuf *sb, const struct score_entry *e, size_t n)
{
	bc_put_u32(sb, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		bc_put_str(sb, e[i].name);
		sb_add(sb, &e[i].score, sizeof e[i].score);
	}
}

/* The strings of an adapter, in the cache's order (kept by hand: clang-format
 * 14 never settles on a layout for this list). */
/* clang-format off */
#define ADAPTER_STRINGS(X) \
	X(name) X(version) X(domain) X(description) X(system_prompt) X(gguf_path) \
	X(adapter_path) X(url) X(sha256) X(semester) X(eval_dataset) X(eval_type) \
	X(training_method) X(training_dataset) X(training_data_file)
/* clang-format on */
#define ADAPTER_LISTS(X)                                                                           \
	X(tags)                                                                                    \
	X(authors) X(router_keywords) X(router_examples) X(router_topics) X(tools) X(unknown_keys)

static void put_adapter(struct strbuf *sb, const struct adapter *a)
{
#define PUT_STR(f)  bc_put_str(sb, a->f);
#define PUT_LIST(f) put_list(sb, a->f, a->n_##f);
	ADAPTER_STRINGS(PUT_STR)
	ADAPTER_LISTS(PUT_LIST)
#undef PUT_STR
#undef PUT_LIST
	bc_put_u32(sb, a->active);
	bc_put_u32(sb, a->has_training);
	bc_put_u32(sb, (uint32_t)a->type);
	bc_put_u32(sb, (uint32_t)a->line);
	bc_put_u32(sb, (uint32_t)a->n_router_patterns);
	for (size_t i = 0; i < a->n_router_patterns; i++) {
		bc_put_str(sb, a->router_patterns[i].text);
		bc_put_u32(sb, (uint32_t)a->router_patterns[i].line);
		bc_put_u32(sb, (uint32_t)a->router_patterns[i].col);
	}
	put_scores(sb, a->benchmark_scores, a->n_benchmark_scores);
	put_scores(sb, a->training, a->n_training);
}

static void serialize(struct strbuf *sb, const struct registry *r, const char *path,
                      const struct file_key *k)
{
	sb_add(sb, MAGIC, sizeof MAGIC);
	sb_add(sb, k, sizeof *k);
	bc_put_str(sb, path);
	bc_put_str(sb, r->base_name);
	bc_put_str(sb, r->base_ollama_name);
	bc_put_str(sb, r->base_quantization);
	bc_put_str(sb, r->academic_year);
	bc_put_str(sb, r->base_served_name);
	bc_put_str(sb, r->base_gguf_path);
	bc_put_u32(sb, (uint32_t)r->n_adapters);
	for (size_t i = 0; i < r->n_adapters; i++)
		put_adapter(sb, &r->adapters[i]);
}

/* ---- reading ----------------------------------------------------------- */

static char **get_list(struct bc_cursor *c, size_t *n)
{
	*n = bc_get_count(c);
	char **list = xcalloc(*n ? *n : 1, sizeof *list);
	for (size_t i = 0; i < *n; i++)
		list[i] = bc_get_str(c);
	return list;
}

static struct score_entry *get_scores(struct bc_cursor *c, size_t *n)
{
	*n = bc_get_count(c);
	struct score_entry *e = xcalloc(*n ? *n : 1, sizeof *e);
	for (size_t i = 0; i < *n; i++) {
		e[i].name = bc_get_str(c);
		if ((size_t)(c->end - c->p) < sizeof e[i].score) {
			c->bad = true;
			continue;
		}
		memcpy(&e[i].score, c->p, sizeof e[i].score);
		c->p += sizeof e[i].score;
	}
	return e;
}

static void get_adapter(struct bc_cursor *c, struct adapter *a)
{
#define GET_STR(f)  a->f = bc_get_str(c);
#define GET_LIST(f) a->f = get_list(c, &a->n_##f);
	ADAPTER_STRINGS(GET_STR)
	ADAPTER_LISTS(GET_LIST)
#undef GET_STR
#undef GET_LIST
	a->active = bc_get_u32(c) != 0;
	a->has_training = bc_get_u32(c) != 0;
	a->type = (enum adapter_type)bc_get_u32(c);
	a->line = (int)bc_get_u32(c);
	a->n_router_patterns = bc_get_count(c);
	a->router_patterns =
	    xcalloc(a->n_router_patterns ? a->n_router_patterns : 1, sizeof *a->router_patterns);
	for (size_t i = 0; i < a->n_router_patterns; i++) {
		a->router_patterns[i].text = bc_get_str(c);
		a->router_patterns[i].line = (int)bc_get_u32(c);
		a->router_patterns[i].col = (int)bc_get_u32(c);
	}
	a->benchmark_scores = get_scores(c, &a->n_benchmark_scores);
	a->training = get_scores(c, &a->n_training);
	if (a->type > ADAPTER_LORA || !a->name || !a->version || !a->domain)
		c->bad = true;
}

static int deserialize(struct registry *r, const char *data, size_t len, const char *path,
                       const struct file_key *k)
{
	struct bc_cursor c;
	bc_cursor_init(&c, data, len);
	if (len < sizeof MAGIC + sizeof *k || memcmp(data, MAGIC, sizeof MAGIC) ||
	    memcmp(data + sizeof MAGIC, k, sizeof *k))
		return -1;
	c.p += sizeof MAGIC + sizeof *k;
	memset(r, 0, sizeof *r);
	char *cached_path = bc_get_str(&c);
	bool same = cached_path && !strcmp(cached_path, path);
	free(cached_path);
	r->base_name = bc_get_str(&c);
	r->base_ollama_name = bc_get_str(&c);
	r->base_quantization = bc_get_str(&c);
	r->academic_year = bc_get_str(&c);
	r->base_served_name = bc_get_str(&c);
	r->base_gguf_path = bc_get_str(&c);
	size_t n = bc_get_count(&c);
	r->adapters = xcalloc(n ? n : 1, sizeof *r->adapters);
	for (size_t i = 0; i < n && !c.bad; i++) {
		r->n_adapters++;
		get_adapter(&c, &r->adapters[i]);
	}
	if (!same || c.bad || c.p != c.end || !r->base_ollama_name) {
		registry_free(r);
		return -1;
	}
	return 0;
}

/* ---- the cache --------------------------------------------------------- */

int registry_load_cached(struct registry *r, const char *path, const char *cache_dir, char **err)
{
	struct file_key k;
	char *real = realpath(path, NULL);
	if (!real || file_key_of(real, &k) < 0 || k.size < REGCACHE_MIN_BYTES) {
		free(real);
		return registry_load_file(r, path, err);
	}
	char *cf = bc_file_name(cache_dir, real);
	char *data = NULL;
	size_t len = 0;
	int rc = -1;
	if (read_file(cf, 256u << 20, &data, &len, NULL) == 0)
		rc = deserialize(r, data, len, real, &k);
	free(data);
	if (rc == 0) {
		r->path = xstrdup(path);
		r->dir = path_dirname(path);
	} else {
		rc = registry_load_file(r, path, err);
		/* The cache is only a speed-up: if it cannot be written, parse next time. */
		if (rc == 0) {
			struct strbuf sb = STRBUF_INIT;
			serialize(&sb, r, real, &k);
			bc_write(cf, sb.buf, sb.len);
			sb_free(&sb);
		}
	}
	free(cf);
	free(real);
	return rc;
}
