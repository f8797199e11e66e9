/* trainset.c: a learned router's training data and its freshness (see
 * trainset.h and docs/routing.md). */
#define _GNU_SOURCE
#include "trainset.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dataset.h"
#include "examples.h"
#include "netlib.h"
#include "registry.h"
#include "util.h"

/* Bumped when what is gathered, or how features are made, changes: every
 * model trained before then is stale. */
#define TRAINSET_VERSION 1

/* Eligible: active, or inactive in a domain without an active adapter (the
 * keyword router's rule, router.c compute_eligible()). */
static bool eligible(const struct registry *reg, size_t i)
{
	const struct adapter *a = &reg->adapters[i];
	if (a->active)
		return true;
	for (size_t j = 0; j < reg->n_adapters; j++)
		if (reg->adapters[j].active && !strcmp(reg->adapters[j].domain, a->domain))
			return false;
	return true;
}

/* The folder of adapter a's files: its dataset's, else <registry>/<name>. */
static char *adapter_dir(const struct registry *reg, const struct adapter *a)
{
	char *ds = adapter_dataset_path(reg, a);
	char *dir = ds ? path_dirname(ds) : reg->dir ? path_join(reg->dir, a->name) : NULL;
	free(ds);
	return dir;
}

static char *examples_path(const struct registry *reg, const struct adapter *a)
{
	char *dir = adapter_dir(reg, a);
	char *p = dir ? path_join(dir, "router_examples.jsonl") : NULL;
	free(dir);
	return p;
}

static char *base_path(const struct registry *reg)
{
	char *dir = reg->dir ? path_join(reg->dir, "base") : NULL;
	char *p = dir ? path_join(dir, "router_examples.jsonl") : NULL;
	free(dir);
	return p;
}

/* "name\0value\0" pieces, so that no two registries hash the same text. */
static void put(struct strbuf *sb, const char *name, const char *value)
{
	sb_add(sb, name, strlen(name) + 1);
	sb_add(sb, value ? value : "(none)", strlen(value ? value : "(none)") + 1);
}

static void put_list(struct strbuf *sb, const char *name, char **list, size_t n)
{
	sb_addf(sb, "%s %zu", name, n);
	sb_add(sb, "", 1);
	for (size_t i = 0; i < n; i++)
		sb_add(sb, list[i], strlen(list[i]) + 1);
}

/* A path inside the registry's folder is hashed relative to it, so that
 * the same registry named another way (--registry with an absolute path,
 * another working folder) is the same registry. */
static void put_file(struct strbuf *sb, const struct registry *reg, const char *what,
                     const char *path)
{
	size_t n = reg->dir ? strlen(reg->dir) : 0;
	bool inside = path && n && !strncmp(path, reg->dir, n) && path[n] == '/';
	put(sb, what, inside ? path + n + 1 : path);
	put(sb, "exists", path && file_exists(path) ? "yes" : "no");
}

/* FNV-1a, 64 bits: a change detector, checked on every route, where
 * loading libcrypto for SHA-256 would cost more than the route. */
static void fnv64_hex(const char *s, size_t n, char hash[17])
{
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	snprintf(hash, 17, "%016llx", (unsigned long long)h);
}

void router_registry_hash(const struct registry *reg, char hash[17])
{
	struct strbuf sb;
	sb_init(&sb, STRBUF_NO_CEILING);
	sb_addf(&sb, "loco router data %d", TRAINSET_VERSION);
	sb_add(&sb, "", 1);
	for (size_t i = 0; i < reg->n_adapters; i++) {
		const struct adapter *a = &reg->adapters[i];
		if (!eligible(reg, i))
			continue;
		put(&sb, "adapter", a->name);
		put(&sb, "domain", a->domain);
		put(&sb, "eval_type", a->eval_type);
		put_list(&sb, "router_keywords", a->router_keywords, a->n_router_keywords);
		put_list(&sb, "router_examples", a->router_examples, a->n_router_examples);
		put_list(&sb, "router_topics", a->router_topics, a->n_router_topics);
		char *ds = adapter_dataset_path(reg, a), *ex = examples_path(reg, a);
		put_file(&sb, reg, "dataset", ds);
		put_file(&sb, reg, "examples", ex);
		free(ds);
		free(ex);
	}
	char *b = base_path(reg);
	put_file(&sb, reg, "base", b);
	free(b);
	fnv64_hex(sb.buf, sb.len, hash);
	sb_free(&sb);
}

/* ---- gathering ----------------------------------------------------------- */

static void add_example(struct router_data *d, const char *text, int label,
                        enum router_source_kind from)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 256;
		d->ex = xrealloc(d->ex, d->cap * sizeof *d->ex);
		d->from = xrealloc(d->from, d->cap * sizeof *d->from);
	}
	d->ex[d->n] = (struct classifier_example){xstrdup(text), strlen(text), label};
	d->from[d->n++] = (unsigned char)from;
}

static int add_source(struct router_data *d, const char *path, char **err)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return set_err(err, "%s: cannot read it", path);
	/* Absolute, so that a route from another folder finds the same file. */
	char *real = realpath(path, NULL);
	struct classifier_source s = {.size = (long long)st.st_size,
	                              .mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL +
	                                          st.st_mtim.tv_nsec,
	                              .path = real ? real : xstrdup(path)};
	if (sha256_file(path, s.sha256, err) < 0) {
		free(s.path);
		return -1;
	}
	d->sources = xrealloc(d->sources, (d->n_sources + 1) * sizeof *d->sources);
	d->sources[d->n_sources++] = s;
	return 0;
}

static bool claims(const struct adapter *a, const char *topic)
{
	for (size_t i = 0; i < a->n_router_topics; i++)
		if (!strcmp(a->router_topics[i], topic))
			return true;
	if (!strcmp(a->domain, topic))
		return true;
	for (size_t i = 0; i < a->n_router_keywords; i++)
		if (!strcmp(a->router_keywords[i], topic))
			return true;
	return false;
}

int router_topic_owner(const struct registry *reg, const char *topic)
{
	int found = -1, hits = 0;
	for (size_t i = 0; topic && i < reg->n_adapters; i++)
		if (eligible(reg, i) && claims(&reg->adapters[i], topic)) {
			found = (int)i;
			hits++;
		}
	return hits > 1 ? -2 : found;
}

int router_topic_class(const struct router_data *d, const struct registry *reg, const char *topic)
{
	int owner = router_topic_owner(reg, topic);
	if (owner == -2)
		return -1;
	for (size_t j = 0; owner >= 0 && j + 1 < d->k; j++)
		if (d->adapter[j] == owner)
			return (int)j;
	return (int)d->k - 1;
}

static void note_ambiguous(struct router_data *d, const struct registry *reg, const char *topic)
{
	struct strbuf sb;
	sb_init(&sb, STRBUF_NO_CEILING);
	sb_addf(&sb, "topic '%s' is claimed by", topic);
	const char *sep = " ";
	for (size_t j = 0; j + 1 < d->k; j++)
		if (claims(&reg->adapters[d->adapter[j]], topic)) {
			sb_addf(&sb, "%s%s", sep, reg->adapters[d->adapter[j]].name);
			sep = " and ";
		}
	sb_adds(&sb, ": its base examples train neither; let one adapter give it up");
	for (size_t i = 0; i < d->n_notes; i++)
		if (!strcmp(d->notes[i], sb.buf)) {
			sb_free(&sb);
			return;
		}
	d->notes = xrealloc(d->notes, (d->n_notes + 1) * sizeof *d->notes);
	d->notes[d->n_notes++] = sb_detach(&sb);
}

static int gather_adapter(const struct registry *reg, struct router_data *d, int cls, char **err)
{
	const struct adapter *a = &reg->adapters[d->adapter[cls]];
	char *ds_path = adapter_dataset_path(reg, a), *ex_path = examples_path(reg, a);
	int rc = 0;
	if (ds_path && file_exists(ds_path)) {
		struct dataset ds;
		rc = dataset_load(&ds, ds_path, a->eval_type, err);
		for (size_t i = 0; rc == 0 && i < ds.n; i++)
			add_example(d, ds.items[i].prompt, cls, FROM_DATASET);
		if (rc == 0) {
			dataset_free(&ds);
			rc = add_source(d, ds_path, err);
		}
	}
	if (rc == 0 && ex_path && file_exists(ex_path)) {
		struct examples ex;
		rc = examples_load(&ex, ex_path, false, err);
		for (size_t i = 0; rc == 0 && i < ex.n; i++)
			add_example(d, ex.items[i].question, cls, FROM_EXAMPLES);
		if (rc == 0) {
			examples_free(&ex);
			rc = add_source(d, ex_path, err);
		}
	}
	for (size_t i = 0; rc == 0 && i < a->n_router_examples; i++)
		add_example(d, a->router_examples[i], cls, FROM_REGISTRY);
	for (size_t i = 0; rc == 0 && i < a->n_router_keywords; i++)
		add_example(d, a->router_keywords[i], cls, FROM_KEYWORDS);
	free(ds_path);
	free(ex_path);
	return rc;
}

static int gather_base(const struct registry *reg, struct router_data *d, char **err)
{
	char *path = base_path(reg);
	if (!path || !file_exists(path)) {
		int rc = set_err(err,
		                 "no base set at %s: a learned router needs the base model's "
		                 "examples (docs/routing.md)",
		                 path ? path : "<registry folder>/base/router_examples.jsonl");
		free(path);
		return rc;
	}
	struct examples ex;
	int rc = examples_load(&ex, path, false, err);
	for (size_t i = 0; rc == 0 && i < ex.n; i++) {
		int cls = router_topic_class(d, reg, ex.items[i].topic);
		if (cls < 0)
			note_ambiguous(d, reg, ex.items[i].topic);
		else
			add_example(d, ex.items[i].question, cls, FROM_BASE);
	}
	if (rc == 0) {
		examples_free(&ex);
		rc = add_source(d, path, err);
	}
	free(path);
	return rc;
}

static int hash_data(struct router_data *d, char **err)
{
	struct strbuf sb;
	sb_init(&sb, STRBUF_NO_CEILING);
	for (size_t i = 0; i < d->n; i++) {
		sb_adds(&sb, d->classes[d->ex[i].label]);
		sb_add(&sb, "\t", 1);
		sb_add(&sb, d->ex[i].text, d->ex[i].len);
		sb_add(&sb, "\n", 1);
	}
	int rc = sha256_buffer(sb.buf, sb.len, d->data_sha256, err);
	sb_free(&sb);
	return rc;
}

int router_data_collect(const struct registry *reg, struct router_data *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (!reg->dir)
		return set_err(err,
		               "%s has no folder, so no datasets or examples to learn from; "
		               "use a registry file (--registry)",
		               reg->path);
	out->classes = xcalloc(reg->n_adapters + 1, sizeof *out->classes);
	out->adapter = xcalloc(reg->n_adapters + 1, sizeof *out->adapter);
	for (size_t i = 0; i < reg->n_adapters; i++)
		if (eligible(reg, i)) {
			out->adapter[out->k] = (int)i;
			out->classes[out->k++] = xstrdup(reg->adapters[i].name);
		}
	out->adapter[out->k] = -1;
	out->classes[out->k++] = xstrdup("base");
	int rc = out->k < 2 ? set_err(err, "%s has no adapter to route to", reg->path) : 0;
	for (size_t c = 0; rc == 0 && c + 1 < out->k; c++)
		rc = gather_adapter(reg, out, (int)c, err);
	if (rc == 0)
		rc = gather_base(reg, out, err);
	if (rc == 0)
		router_registry_hash(reg, out->registry_hash);
	if (rc == 0)
		rc = hash_data(out, err);
	if (rc < 0)
		router_data_free(out);
	return rc;
}

void router_data_free(struct router_data *d)
{
	if (d->classes)
		free_string_list(d->classes, d->k);
	free(d->adapter);
	for (size_t i = 0; i < d->n; i++)
		free((char *)d->ex[i].text);
	free(d->ex);
	free(d->from);
	for (size_t i = 0; i < d->n_sources; i++)
		free(d->sources[i].path);
	free(d->sources);
	if (d->notes)
		free_string_list(d->notes, d->n_notes);
	memset(d, 0, sizeof *d);
}

/* ---- freshness ------------------------------------------------------------- */

static bool source_fresh(const struct classifier_source *s, char **why)
{
	struct stat st;
	if (stat(s->path, &st) < 0) {
		*why = xasprintf("%s is gone", s->path);
		return false;
	}
	long long mt = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	if ((long long)st.st_size == s->size && mt == s->mtime_ns)
		return true;
	char hex[65], *err = NULL;
	if (sha256_file(s->path, hex, &err) < 0) {
		*why = err;
		return false;
	}
	if (!strcmp(hex, s->sha256))
		return true;
	*why = xasprintf("%s changed", s->path);
	return false;
}

bool router_model_fresh(const struct registry *reg, const struct classifier *c, char **why)
{
	char hex[17];
	*why = NULL;
	router_registry_hash(reg, hex);
	if (strcmp(hex, c->registry_hash)) {
		*why =
		    xasprintf("the adapters, keywords or example files of %s changed", reg->path);
		return false;
	}
	for (size_t i = 0; i < c->n_sources; i++)
		if (!source_fresh(&c->sources[i], why))
			return false;
	return true;
}

char *router_model_path(const char *home)
{
	char *dir = path_join(home, "router");
	char *p = path_join(dir, "classifier.model");
	free(dir);
	return p;
}
