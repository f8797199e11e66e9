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
 * that parsed without error are ever cached. */
#define _GNU_SOURCE
#include "regcache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "registry.h"
#include "util.h"

#define MAGIC     "loco-registry-cache 4 " LOCO_VERSION
#define NO_STRING UINT32_MAX

/* The fields of a registry file that decide whether the cache is current. */
struct file_key {
	uint64_t dev, ino, size;
	int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
};

static int file_key_of(const char *path, struct file_key *k)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	memset(k, 0, sizeof *k);
	k->dev = (uint64_t)st.st_dev;
	k->ino = (uint64_t)st.st_ino;
	k->size = (uint64_t)st.st_size;
	k->mtime_s = st.st_mtim.tv_sec;
	k->mtime_ns = st.st_mtim.tv_nsec;
	k->ctime_s = st.st_ctim.tv_sec;
	k->ctime_ns = st.st_ctim.tv_nsec;
	return 0;
}

/* ---- writing ----------------------------------------------------------- */

static void put_u32(struct strbuf *sb, uint32_t v)
{
	sb_add(sb, &v, sizeof v);
}

static void put_str(struct strbuf *sb, const char *s)
{
	if (!s) {
		put_u32(sb, NO_STRING);
		return;
	}
	uint32_t n = (uint32_t)strlen(s);
	put_u32(sb, n);
	sb_add(sb, s, n);
}

static void put_list(struct strbuf *sb, char **list, size_t n)
{
	put_u32(sb, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		put_str(sb, list[i]);
}

static void put_scores(struct strbuf *sb, const struct score_entry *e, size_t n)
{
	put_u32(sb, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		put_str(sb, e[i].name);
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
#define PUT_STR(f)  put_str(sb, a->f);
#define PUT_LIST(f) put_list(sb, a->f, a->n_##f);
	ADAPTER_STRINGS(PUT_STR)
	ADAPTER_LISTS(PUT_LIST)
#undef PUT_STR
#undef PUT_LIST
	put_u32(sb, a->active);
	put_u32(sb, a->has_training);
	put_u32(sb, (uint32_t)a->type);
	put_u32(sb, (uint32_t)a->line);
	put_u32(sb, (uint32_t)a->n_router_patterns);
	for (size_t i = 0; i < a->n_router_patterns; i++) {
		put_str(sb, a->router_patterns[i].text);
		put_u32(sb, (uint32_t)a->router_patterns[i].line);
		put_u32(sb, (uint32_t)a->router_patterns[i].col);
	}
	put_scores(sb, a->benchmark_scores, a->n_benchmark_scores);
	put_scores(sb, a->training, a->n_training);
}

static void serialize(struct strbuf *sb, const struct registry *r, const char *path,
                      const struct file_key *k)
{
	sb_add(sb, MAGIC, sizeof MAGIC);
	sb_add(sb, k, sizeof *k);
	put_str(sb, path);
	put_str(sb, r->base_name);
	put_str(sb, r->base_ollama_name);
	put_str(sb, r->base_quantization);
	put_str(sb, r->academic_year);
	put_str(sb, r->base_served_name);
	put_str(sb, r->base_gguf_path);
	put_u32(sb, (uint32_t)r->n_adapters);
	for (size_t i = 0; i < r->n_adapters; i++)
		put_adapter(sb, &r->adapters[i]);
}

/* ---- reading ----------------------------------------------------------- */

struct cursor {
	const char *p, *end;
	bool bad;
};

static uint32_t get_u32(struct cursor *c)
{
	uint32_t v = 0;
	if (c->bad || (size_t)(c->end - c->p) < sizeof v) {
		c->bad = true;
		return 0;
	}
	memcpy(&v, c->p, sizeof v);
	c->p += sizeof v;
	return v;
}

static char *get_str(struct cursor *c)
{
	uint32_t n = get_u32(c);
	if (c->bad || n == NO_STRING)
		return NULL;
	if ((size_t)(c->end - c->p) < n) {
		c->bad = true;
		return NULL;
	}
	char *s = xstrndup(c->p, n);
	c->p += n;
	return s;
}

/* A count can never exceed the bytes left: a damaged file cannot make us
 * allocate more than it holds. */
static size_t get_count(struct cursor *c)
{
	uint32_t n = get_u32(c);
	if (n > (size_t)(c->end - c->p))
		c->bad = true;
	return c->bad ? 0 : n;
}

static char **get_list(struct cursor *c, size_t *n)
{
	*n = get_count(c);
	char **list = xcalloc(*n ? *n : 1, sizeof *list);
	for (size_t i = 0; i < *n; i++)
		list[i] = get_str(c);
	return list;
}

static struct score_entry *get_scores(struct cursor *c, size_t *n)
{
	*n = get_count(c);
	struct score_entry *e = xcalloc(*n ? *n : 1, sizeof *e);
	for (size_t i = 0; i < *n; i++) {
		e[i].name = get_str(c);
		if ((size_t)(c->end - c->p) < sizeof e[i].score) {
			c->bad = true;
			continue;
		}
		memcpy(&e[i].score, c->p, sizeof e[i].score);
		c->p += sizeof e[i].score;
	}
	return e;
}

static void get_adapter(struct cursor *c, struct adapter *a)
{
#define GET_STR(f)  a->f = get_str(c);
#define GET_LIST(f) a->f = get_list(c, &a->n_##f);
	ADAPTER_STRINGS(GET_STR)
	ADAPTER_LISTS(GET_LIST)
#undef GET_STR
#undef GET_LIST
	a->active = get_u32(c) != 0;
	a->has_training = get_u32(c) != 0;
	a->type = (enum adapter_type)get_u32(c);
	a->line = (int)get_u32(c);
	a->n_router_patterns = get_count(c);
	a->router_patterns =
	    xcalloc(a->n_router_patterns ? a->n_router_patterns : 1, sizeof *a->router_patterns);
	for (size_t i = 0; i < a->n_router_patterns; i++) {
		a->router_patterns[i].text = get_str(c);
		a->router_patterns[i].line = (int)get_u32(c);
		a->router_patterns[i].col = (int)get_u32(c);
	}
	a->benchmark_scores = get_scores(c, &a->n_benchmark_scores);
	a->training = get_scores(c, &a->n_training);
	if (a->type > ADAPTER_LORA || !a->name || !a->version || !a->domain)
		c->bad = true;
}

static int deserialize(struct registry *r, const char *data, size_t len, const char *path,
                       const struct file_key *k)
{
	struct cursor c = {data, data + len, false};
	if (len < sizeof MAGIC + sizeof *k || memcmp(data, MAGIC, sizeof MAGIC) ||
	    memcmp(data + sizeof MAGIC, k, sizeof *k))
		return -1;
	c.p += sizeof MAGIC + sizeof *k;
	memset(r, 0, sizeof *r);
	char *cached_path = get_str(&c);
	bool same = cached_path && !strcmp(cached_path, path);
	free(cached_path);
	r->base_name = get_str(&c);
	r->base_ollama_name = get_str(&c);
	r->base_quantization = get_str(&c);
	r->academic_year = get_str(&c);
	r->base_served_name = get_str(&c);
	r->base_gguf_path = get_str(&c);
	size_t n = get_count(&c);
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

static char *cache_file(const char *cache_dir, const char *path)
{
	/* FNV-1a of the path names the cache file; the path inside is checked. */
	uint64_t h = 14695981039346656037ull;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return xasprintf("%s/%016llx.bin", cache_dir, (unsigned long long)h);
}

int registry_load_cached(struct registry *r, const char *path, const char *cache_dir, char **err)
{
	struct file_key k;
	char *real = realpath(path, NULL);
	if (!real || file_key_of(real, &k) < 0 || k.size < REGCACHE_MIN_BYTES) {
		free(real);
		return registry_load_file(r, path, err);
	}
	char *cf = cache_file(cache_dir, real);
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
		if (rc == 0 && mkdir_parents(cf, true, NULL) == 0) {
			struct strbuf sb = STRBUF_INIT;
			serialize(&sb, r, real, &k);
			write_file_atomic(cf, sb.buf, sb.len, NULL);
			sb_free(&sb);
		}
	}
	free(cf);
	free(real);
	return rc;
}
