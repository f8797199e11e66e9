/* embedding.c: the embedding router's cache, model and training (see
 * embedding.h; the file formats are in docs/routing.md). */
#include "embedding.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"
#include "lines.h"
#include "learner.h"
#include "netlib.h"
#include "util.h"

#define MILLION 1000000.0

bool embed_normalize(float *v, size_t dim)
{
	double s = 0;
	for (size_t i = 0; i < dim; i++)
		s += (double)v[i] * v[i];
	if (!(s > 0) || !isfinite(s))
		return false;
	double inv = 1 / sqrt(s);
	for (size_t i = 0; i < dim; i++)
		v[i] = (float)(v[i] * inv);
	return true;
}

static uint64_t fnv64(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* ---- reading the files ------------------------------------------------------- */

struct rd {
	struct line_reader r;
	size_t f;       /* where the line's next field starts */
	const char *fs; /* the field read last */
	size_t fl, fo;
	bool more; /* a field remains on the line */
};

static int rerr(struct rd *r, size_t col, const char *fmt, ...) LOCO_PRINTF(3, 4);
static int rerr(struct rd *r, size_t col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line_verr(&r->r, col, fmt, ap);
	va_end(ap);
	return -1;
}

static bool next_line(struct rd *r)
{
	if (!line_next(&r->r))
		return false;
	r->f = 0;
	r->more = true;
	return true;
}

/* The next tab-separated field of the line; -1 (with *err) when none is left. */
static int field(struct rd *r, const char *what)
{
	if (!r->more)
		return rerr(r, r->r.ll, "expected %s after a tab, found the end of the line", what);
	const char *tab = memchr(r->r.l + r->f, '\t', r->r.ll - r->f);
	size_t end = tab ? (size_t)(tab - r->r.l) : r->r.ll;
	r->fs = r->r.l + r->f;
	r->fo = r->f;
	r->fl = end - r->f;
	r->more = tab != NULL;
	r->f = end + 1;
	return 0;
}

static int line_end(struct rd *r)
{
	if (r->more)
		return rerr(r, r->f - 1, "expected the end of the line, found another field");
	return 0;
}

static bool is(const struct rd *r, const char *s)
{
	return r->fl == strlen(s) && !memcmp(r->fs, s, r->fl);
}

/* A name, path or digest: not empty, no control bytes. */
static int text_field(struct rd *r, const char *what, char **out)
{
	if (field(r, what) < 0)
		return -1;
	if (!r->fl)
		return rerr(r, r->fo, "expected %s, found nothing", what);
	for (size_t k = 0; k < r->fl; k++)
		if ((unsigned char)r->fs[k] < 0x20 || r->fs[k] == 0x7f)
			return rerr(r, r->fo + k, "control byte 0x%02x in %s",
			            (unsigned char)r->fs[k], what);
	if (out)
		*out = xstrndup(r->fs, r->fl);
	return 0;
}

static int int_field(struct rd *r, long long min, long long max, long long *out)
{
	if (field(r, "a whole number") < 0)
		return -1;
	size_t neg = r->fl && r->fs[0] == '-';
	if (r->fl == neg || r->fl - neg > 19)
		return rerr(r, r->fo, "expected a whole number");
	long long v = 0;
	for (size_t k = neg; k < r->fl; k++) {
		if (r->fs[k] < '0' || r->fs[k] > '9')
			return rerr(r, r->fo + k, "expected a digit");
		int d = r->fs[k] - '0';
		if (v > (LLONG_MAX - d) / 10)
			return rerr(r, r->fo, "the number is too large");
		v = v * 10 + d;
	}
	v = neg ? -v : v;
	if (v < min || v > max)
		return rerr(r, r->fo, "expected a whole number from %lld to %lld", min, max);
	*out = v;
	return 0;
}

static int num_field(struct rd *r, double min, double max, double *out)
{
	if (field(r, "a number") < 0)
		return -1;
	char buf[64];
	if (!r->fl || r->fl >= sizeof buf)
		return rerr(r, r->fo, "expected a number");
	memcpy(buf, r->fs, r->fl);
	buf[r->fl] = 0;
	char *end;
	errno = 0;
	double v = strtod(buf, &end);
	if (*end || errno || !isfinite(v) || !((buf[0] >= '0' && buf[0] <= '9') || buf[0] == '-'))
		return rerr(r, r->fo, "expected a finite number, found '%s'", buf);
	if (v < min || v > max)
		return rerr(r, r->fo, "expected a number from %g to %g", min, max);
	*out = v;
	return 0;
}

static bool lower_hex(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f')))
			return false;
	return true;
}

static int hex_field(struct rd *r, size_t n, char *out)
{
	if (field(r, "hex digits") < 0)
		return -1;
	if (r->fl != n || !lower_hex(r->fs, n))
		return rerr(r, r->fo, "expected %zu lowercase hex digits", n);
	memcpy(out, r->fs, n);
	out[n] = 0;
	return 0;
}

/* dim components, each a whole number of millionths from -1000000 to
 * 1000000, then the end of the line. */
static int vector_fields(struct rd *r, float *out, size_t dim)
{
	for (size_t i = 0; i < dim; i++) {
		if (field(r, "a vector component") < 0)
			return -1;
		size_t neg = r->fl && r->fs[0] == '-';
		if (r->fl == neg || r->fl - neg > 7)
			return rerr(r, r->fo, "expected a whole number of millionths");
		long v = 0;
		for (size_t k = neg; k < r->fl; k++) {
			if (r->fs[k] < '0' || r->fs[k] > '9')
				return rerr(r, r->fo + k, "expected a digit");
			v = v * 10 + (r->fs[k] - '0');
		}
		if (v > 1000000)
			return rerr(r, r->fo, "a component of a unit vector is at most 1000000");
		out[i] = (float)((neg ? -v : v) / MILLION);
	}
	return line_end(r);
}

static void add_vector(struct strbuf *sb, const float *v, size_t dim)
{
	for (size_t i = 0; i < dim; i++)
		sb_addf(sb, "\t%ld", lround((double)v[i] * MILLION));
}

/* "KEY\tN" for a header line KEY; -1 when the line is not that. */
static int header(struct rd *r, const char *magic, long long version)
{
	long long v;
	if (!next_line(r))
		return rerr(r, 0, "the file is empty; expected '%s %lld'", magic, version);
	if (field(r, magic) < 0 || !is(r, magic))
		return rerr(r, 0, "expected '%s' and a tab first: not an embedding file of loco",
		            magic);
	if (int_field(r, 0, INT_MAX, &v) < 0 || line_end(r) < 0)
		return -1;
	if (v != version)
		return rerr(r, r->fo, "format %lld; this loco reads format %lld: retrain", v,
		            version);
	return 0;
}

/* "KEY\tVALUE" where KEY is key; the value read by the caller. */
static int keyed(struct rd *r, const char *key)
{
	if (!next_line(r))
		return rerr(r, 0, "the file ends early; expected a '%s' line", key);
	if (field(r, key) < 0)
		return -1;
	if (!is(r, key))
		return rerr(r, 0, "expected a '%s' line", key);
	return 0;
}

/* model, digest and dim lines, common to both files. */
static int model_lines(struct rd *r, char **model, char **digest, size_t *dim, bool dim_zero)
{
	long long d;
	if (keyed(r, "model") < 0 || text_field(r, "a model name", model) < 0 || line_end(r) < 0 ||
	    keyed(r, "digest") < 0 || text_field(r, "a digest or -", digest) < 0 ||
	    line_end(r) < 0 || keyed(r, "dim") < 0 ||
	    int_field(r, dim_zero ? 0 : 1, EMBED_DIM_MAX, &d) < 0 || line_end(r) < 0)
		return -1;
	if (!strcmp(*digest, "-"))
		(*digest)[0] = 0;
	*dim = (size_t)d;
	return 0;
}

static int end_line(struct rd *r)
{
	if (next_line(r))
		return rerr(r, 0, "text after 'end'");
	return 0;
}

/* ---- the cache ---------------------------------------------------------------- */

struct embed_cache *embed_cache_new(const char *model, const char *digest)
{
	struct embed_cache *c = xcalloc(1, sizeof *c);
	c->model = xstrdup(model);
	c->digest = xstrdup(digest ? digest : "");
	return c;
}

static size_t key_hash(const char key[65])
{
	return (size_t)fnv64(key, 64);
}

static void reindex(struct embed_cache *c)
{
	size_t want = 16;
	while (want < 2 * (c->n + 1))
		want *= 2;
	free(c->slot);
	c->n_slot = want;
	c->slot = xcalloc(want, sizeof *c->slot);
	for (size_t i = 0; i < c->n; i++) {
		size_t h = key_hash(c->key[i]) & (want - 1);
		while (c->slot[h])
			h = (h + 1) & (want - 1);
		c->slot[h] = i + 1;
	}
}

const float *embed_cache_get(const struct embed_cache *c, const char key[65])
{
	if (!c->n_slot)
		return NULL;
	for (size_t h = key_hash(key) & (c->n_slot - 1); c->slot[h]; h = (h + 1) & (c->n_slot - 1))
		if (!memcmp(c->key[c->slot[h] - 1], key, 64))
			return c->vec + (c->slot[h] - 1) * c->dim;
	return NULL;
}

/* Appends without the index; the caller reindexes. */
static float *append(struct embed_cache *c, const char key[65])
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->key = xrealloc(c->key, c->cap * sizeof *c->key);
		c->vec = xrealloc(c->vec, c->cap * c->dim * sizeof *c->vec);
	}
	memcpy(c->key[c->n], key, 65);
	return c->vec + c->n++ * c->dim;
}

int embed_cache_put(struct embed_cache *c, const char key[65], const float *v, size_t dim,
                    char **err)
{
	if (!c->dim && dim && dim <= EMBED_DIM_MAX)
		c->dim = dim;
	if (dim != c->dim)
		return set_err(err,
		               "the embedding model '%s' gave a vector of %zu numbers, not %zu",
		               c->model, dim, c->dim);
	if (embed_cache_get(c, key))
		return 0;
	float *row = append(c, key);
	memcpy(row, v, dim * sizeof *row);
	if (!embed_normalize(row, dim)) {
		c->n--;
		return set_err(err, "the embedding model '%s' gave a vector of zeros", c->model);
	}
	if (2 * (c->n + 1) > c->n_slot)
		reindex(c);
	else {
		size_t h = key_hash(key) & (c->n_slot - 1);
		while (c->slot[h])
			h = (h + 1) & (c->n_slot - 1);
		c->slot[h] = c->n;
	}
	c->changed = true;
	return 0;
}

char *embed_cache_format(const struct embed_cache *c, size_t *len)
{
	struct strbuf sb;
	sb_init(&sb, STRBUF_NO_CEILING);
	sb_addf(&sb, "loco-embedding-cache\t%d\nmodel\t%s\ndigest\t%s\ndim\t%zu\n",
	        EMBED_CACHE_FORMAT, c->model, *c->digest ? c->digest : "-", c->dim);
	for (size_t i = 0; i < c->n; i++) {
		sb_addf(&sb, "v\t%s", c->key[i]);
		add_vector(&sb, c->vec + i * c->dim, c->dim);
		sb_adds(&sb, "\n");
	}
	sb_adds(&sb, "end\n");
	*len = sb.len;
	return sb_detach(&sb);
}

static int cache_rows(struct rd *r, struct embed_cache *c)
{
	for (;;) {
		if (!next_line(r))
			return rerr(r, 0, "the file ends without 'end' (cut short?)");
		if (field(r, "a line") < 0)
			return -1;
		if (is(r, "end"))
			return line_end(r) < 0 ? -1 : end_line(r);
		if (!is(r, "v"))
			return rerr(r, 0, "expected a 'v' line or 'end'");
		if (!c->dim)
			return rerr(r, 0, "a vector in a cache of dim 0");
		char key[65];
		if (hex_field(r, 64, key) < 0)
			return -1;
		if (embed_cache_get(c, key))
			return rerr(r, r->fo, "the text %.12s... a second time", key);
		float *row = append(c, key);
		if (vector_fields(r, row, c->dim) < 0) {
			c->n--;
			return -1;
		}
		if (!embed_normalize(row, c->dim)) {
			c->n--;
			return rerr(r, 0, "a vector of zeros");
		}
		if (2 * (c->n + 1) > c->n_slot)
			reindex(c);
		else {
			size_t h = key_hash(key) & (c->n_slot - 1);
			while (c->slot[h])
				h = (h + 1) & (c->n_slot - 1);
			c->slot[h] = c->n;
		}
	}
}

struct embed_cache *embed_cache_parse(const char *label, const char *text, size_t len, char **err)
{
	struct rd r = {.f = 0};
	line_reader_init(&r.r, label, text, len, err);
	char *model = NULL, *digest = NULL;
	size_t dim = 0;
	if (header(&r, "loco-embedding-cache", EMBED_CACHE_FORMAT) < 0 ||
	    model_lines(&r, &model, &digest, &dim, true) < 0) {
		free(model);
		free(digest);
		return NULL;
	}
	struct embed_cache *c = embed_cache_new(model, digest);
	free(model);
	free(digest);
	c->dim = dim;
	if (cache_rows(&r, c) < 0) {
		embed_cache_free(c);
		return NULL;
	}
	return c;
}

struct embed_cache *embed_cache_load(const char *path, char **err)
{
	char *text;
	size_t len;
	if (read_file(path, EMBED_FILE_MAX, &text, &len, err) < 0)
		return NULL;
	struct embed_cache *c = embed_cache_parse(path, text, len, err);
	free(text);
	return c;
}

void embed_cache_free(struct embed_cache *c)
{
	if (!c)
		return;
	free(c->model);
	free(c->digest);
	free(c->key);
	free(c->vec);
	free(c->slot);
	free(c);
}

char *embed_cache_path(const char *home, const char *model, const char *digest)
{
	char name[64];
	if (digest && strlen(digest) >= 16 && lower_hex(digest, 16))
		snprintf(name, sizeof name, "%.16s.cache", digest);
	else
		snprintf(name, sizeof name, "name-%016llx.cache",
		         (unsigned long long)fnv64(model, strlen(model)));
	char *dir = path_join(home, "router/embeddings");
	char *p = path_join(dir, name);
	free(dir);
	return p;
}

/* ---- the model ---------------------------------------------------------------- */

static struct classifier *new_meta(const char *const *classes, size_t k)
{
	struct classifier *m = xcalloc(1, sizeof *m);
	m->k = k;
	m->classes = xcalloc(k, sizeof *m->classes);
	for (size_t j = 0; j < k; j++)
		m->classes[j] = xstrdup(classes[j]);
	m->bias = xcalloc(k, sizeof *m->bias);
	return m;
}

struct embed_model *embed_model_train(const char *const *classes, size_t k, const float *vecs,
                                      const int *labels, size_t n, size_t dim, double scale,
                                      char **err)
{
	double *sum = xcalloc(k * dim, sizeof *sum);
	size_t *count = xcalloc(k, sizeof *count);
	for (size_t i = 0; i < n; i++) {
		const float *v = vecs + i * dim;
		double *s = sum + (size_t)labels[i] * dim;
		for (size_t d = 0; d < dim; d++)
			s[d] += v[d];
		count[labels[i]]++;
	}
	struct embed_model *m = xcalloc(1, sizeof *m);
	m->meta = new_meta(classes, k);
	m->meta->n_examples = (long)n;
	m->model = xstrdup("");
	m->digest = xstrdup("");
	m->dim = dim;
	m->scale = scale;
	m->centroid = xcalloc(k * dim, sizeof *m->centroid);
	int rc = 0;
	for (size_t j = 0; j < k && rc == 0; j++) {
		float *c = m->centroid + j * dim;
		for (size_t d = 0; d < dim; d++)
			c[d] = (float)(sum[j * dim + d] / (count[j] ? (double)count[j] : 1));
		if (!count[j] || !embed_normalize(c, dim))
			rc = set_err(err, "class '%s' has no example to make its centroid from",
			             classes[j]);
	}
	free(sum);
	free(count);
	if (rc < 0) {
		embed_model_free(m);
		return NULL;
	}
	return m;
}

void embed_model_predict(const struct embed_model *m, const float *v, double *probs)
{
	size_t k = m->meta->k;
	double top = -INFINITY, z = 0;
	for (size_t j = 0; j < k; j++) {
		const float *c = m->centroid + j * m->dim;
		double dot = 0;
		for (size_t d = 0; d < m->dim; d++)
			dot += (double)c[d] * v[d];
		probs[j] = m->scale * dot;
		if (probs[j] > top)
			top = probs[j];
	}
	for (size_t j = 0; j < k; j++)
		z += probs[j] = exp(probs[j] - top);
	for (size_t j = 0; j < k; j++)
		probs[j] /= z;
}

char *embed_model_format(const struct embed_model *m, size_t *len)
{
	const struct classifier *c = m->meta;
	struct strbuf sb;
	sb_init(&sb, STRBUF_NO_CEILING);
	sb_addf(&sb, "loco-embedding-model\t%d\nmodel\t%s\ndigest\t%s\ndim\t%zu\n",
	        EMBED_MODEL_FORMAT, m->model, *m->digest ? m->digest : "-", m->dim);
	sb_addf(&sb, "scale\t%.9g\ndata\t%s\nregistry\t%s\n", m->scale, c->data_sha256,
	        c->registry_hash);
	for (size_t i = 0; i < c->n_sources; i++)
		sb_addf(&sb, "source\t%s\t%lld\t%lld\t%s\n", c->sources[i].sha256,
		        c->sources[i].size, c->sources[i].mtime_ns, c->sources[i].path);
	sb_addf(&sb, "examples\t%ld\ntarget_precision\t%.9g\nthreshold\t%.9g\n", c->n_examples,
	        c->target_precision, c->threshold);
	for (size_t i = 0; i < c->n_measures; i++)
		sb_addf(&sb, "measured\t%s\t%s\t%ld\t%ld\n", c->measures[i].set,
		        c->measures[i].kind, c->measures[i].right, c->measures[i].total);
	for (size_t j = 0; j < c->k; j++) {
		sb_addf(&sb, "class\t%s", c->classes[j]);
		add_vector(&sb, m->centroid + j * m->dim, m->dim);
		sb_adds(&sb, "\n");
	}
	sb_adds(&sb, "end\n");
	*len = sb.len;
	return sb_detach(&sb);
}

static int provenance(struct rd *r, struct classifier *c)
{
	long long v;
	if (keyed(r, "data") < 0 || hex_field(r, 64, c->data_sha256) < 0 || line_end(r) < 0 ||
	    keyed(r, "registry") < 0 || hex_field(r, 16, c->registry_hash) < 0 || line_end(r) < 0)
		return -1;
	for (;;) {
		if (!next_line(r))
			return rerr(r, 0, "the file ends early; expected an 'examples' line");
		if (field(r, "a line") < 0)
			return -1;
		if (!is(r, "source"))
			break;
		struct classifier_source s = {0};
		if (hex_field(r, 64, s.sha256) < 0 || int_field(r, 0, LLONG_MAX, &s.size) < 0 ||
		    int_field(r, LLONG_MIN + 1, LLONG_MAX, &s.mtime_ns) < 0 ||
		    text_field(r, "a path", &s.path) < 0 || line_end(r) < 0) {
			free(s.path);
			return -1;
		}
		c->sources = xrealloc(c->sources, (c->n_sources + 1) * sizeof *c->sources);
		c->sources[c->n_sources++] = s;
	}
	if (!is(r, "examples"))
		return rerr(r, 0, "expected a 'source' or 'examples' line");
	if (int_field(r, 1, LONG_MAX, &v) < 0 || line_end(r) < 0 ||
	    keyed(r, "target_precision") < 0 || num_field(r, 0, 1, &c->target_precision) < 0 ||
	    line_end(r) < 0 || keyed(r, "threshold") < 0 || num_field(r, 0, 1, &c->threshold) < 0 ||
	    line_end(r) < 0)
		return -1;
	c->n_examples = (long)v;
	return 0;
}

/* measured lines, then class lines, then end. */
static int model_body(struct rd *r, struct embed_model *m)
{
	struct classifier *c = m->meta;
	size_t cap = 0;
	for (;;) {
		if (!next_line(r))
			return rerr(r, 0, "the file ends without 'end' (cut short?)");
		if (field(r, "a line") < 0)
			return -1;
		if (is(r, "measured") && !c->k) {
			struct classifier_measure ms = {0};
			long long right = 0, total = 0;
			if (text_field(r, "a set", &ms.set) < 0 ||
			    text_field(r, "a kind", &ms.kind) < 0 ||
			    int_field(r, 0, LONG_MAX, &right) < 0 ||
			    int_field(r, 1, LONG_MAX, &total) < 0 || line_end(r) < 0 ||
			    right > total) {
				free(ms.set);
				free(ms.kind);
				return right > total ? rerr(r, 0, "expected RIGHT <= TOTAL") : -1;
			}
			ms.right = (long)right;
			ms.total = (long)total;
			c->measures =
			    xrealloc(c->measures, (c->n_measures + 1) * sizeof *c->measures);
			c->measures[c->n_measures++] = ms;
		} else if (is(r, "class")) {
			char *name;
			if (c->k == CLASSIFIER_MAX_K)
				return rerr(r, 0, "more than %d classes", CLASSIFIER_MAX_K);
			if (text_field(r, "a class name", &name) < 0)
				return -1;
			for (size_t j = 0; j < c->k; j++)
				if (!strcmp(c->classes[j], name)) {
					free(name);
					return rerr(r, r->fo, "class '%s' a second time",
					            c->classes[j]);
				}
			if (c->k == cap) {
				cap = cap ? 2 * cap : 8;
				c->classes = xrealloc(c->classes, cap * sizeof *c->classes);
				m->centroid =
				    xrealloc(m->centroid, cap * m->dim * sizeof *m->centroid);
			}
			c->classes[c->k++] = name;
			float *row = m->centroid + (c->k - 1) * m->dim;
			if (vector_fields(r, row, m->dim) < 0)
				return -1;
			if (!embed_normalize(row, m->dim))
				return rerr(r, 0, "a centroid of zeros");
		} else if (is(r, "end")) {
			if (line_end(r) < 0 || end_line(r) < 0)
				return -1;
			if (c->k < 2 || strcmp(c->classes[c->k - 1], "base"))
				return rerr(r, 0,
				            "expected at least two classes, the last one 'base'");
			return 0;
		} else {
			return rerr(r, 0, "expected a 'measured' or 'class' line, or 'end'");
		}
	}
}

struct embed_model *embed_model_parse(const char *label, const char *text, size_t len, char **err)
{
	struct rd r = {.f = 0};
	line_reader_init(&r.r, label, text, len, err);
	struct embed_model *m = xcalloc(1, sizeof *m);
	m->meta = xcalloc(1, sizeof *m->meta);
	int rc = header(&r, "loco-embedding-model", EMBED_MODEL_FORMAT) < 0 ||
	                 model_lines(&r, &m->model, &m->digest, &m->dim, false) < 0 ||
	                 keyed(&r, "scale") < 0 || num_field(&r, 0.001, 1e6, &m->scale) < 0 ||
	                 line_end(&r) < 0 || provenance(&r, m->meta) < 0 || model_body(&r, m) < 0
	             ? -1
	             : 0;
	if (rc < 0) {
		embed_model_free(m);
		return NULL;
	}
	m->meta->bias = xcalloc(m->meta->k, sizeof *m->meta->bias);
	return m;
}

struct embed_model *embed_model_load(const char *path, char **err)
{
	char *text;
	size_t len;
	if (read_file(path, EMBED_FILE_MAX, &text, &len, err) < 0)
		return NULL;
	struct embed_model *m = embed_model_parse(path, text, len, err);
	free(text);
	return m;
}

void embed_model_free(struct embed_model *m)
{
	if (!m)
		return;
	classifier_free(m->meta);
	free(m->model);
	free(m->digest);
	free(m->centroid);
	free(m);
}

char *embed_model_path(const char *home)
{
	char *dir = path_join(home, "router");
	char *p = path_join(dir, "embedding.model");
	free(dir);
	return p;
}

/* ---- training ------------------------------------------------------------------ */

const double embed_scales[] = {5, 10, 20, 40, 80};
const size_t embed_n_scales = LOCO_ARRAY_LEN(embed_scales);

/* Out-of-fold cosines of every example to every class centroid (n * k). */
static int fold_cosines(const struct router_data *d, const float *vecs, size_t dim, int folds,
                        double *cos, char **err)
{
	float *train = xcalloc(d->n * dim, sizeof *train);
	int *labels = xcalloc(d->n, sizeof *labels);
	int rc = 0;
	for (int f = 0; f < folds && rc == 0; f++) {
		size_t n = 0;
		for (size_t i = 0; i < d->n; i++)
			if ((int)(i % (size_t)folds) != f) {
				memcpy(train + n * dim, vecs + i * dim, dim * sizeof *train);
				labels[n++] = d->ex[i].label;
			}
		struct embed_model *m = embed_model_train((const char *const *)d->classes, d->k,
		                                          train, labels, n, dim, 1, err);
		if (!m) {
			rc = -1;
			break;
		}
		for (size_t i = (size_t)f; i < d->n; i += (size_t)folds) {
			for (size_t j = 0; j < d->k; j++) {
				const float *c = m->centroid + j * dim;
				double dot = 0;
				for (size_t x = 0; x < dim; x++)
					dot += (double)c[x] * vecs[i * dim + x];
				cos[i * d->k + j] = dot;
			}
		}
		embed_model_free(m);
	}
	free(train);
	free(labels);
	return rc;
}

/* softmax(scale * cos) of one row into p; returns the top class. */
static size_t soft(const double *cos, size_t k, double scale, double *p)
{
	size_t top = 0;
	for (size_t j = 1; j < k; j++)
		if (cos[j] > cos[top])
			top = j;
	double z = 0;
	for (size_t j = 0; j < k; j++)
		z += p[j] = exp(scale * (cos[j] - cos[top]));
	for (size_t j = 0; j < k; j++)
		p[j] /= z;
	return top;
}

static double best_scale(const struct router_data *d, const double *cos, double *p)
{
	double best = embed_scales[0], best_loss = INFINITY;
	for (size_t s = 0; s < embed_n_scales; s++) {
		double loss = 0;
		for (size_t i = 0; i < d->n; i++) {
			soft(cos + i * d->k, d->k, embed_scales[s], p);
			loss -= log(fmax(p[d->ex[i].label], 1e-300));
		}
		if (loss < best_loss) {
			best_loss = loss;
			best = embed_scales[s];
		}
	}
	return best;
}

int embed_fit(const struct router_data *d, const float *vecs, size_t dim, double target, int folds,
              struct embed_fit *out, char **err)
{
	memset(out, 0, sizeof *out);
	out->folds = folds;
	double *cos = xcalloc(d->n * d->k, sizeof *cos), *p = xcalloc(d->k, sizeof *p);
	double *conf = xcalloc(d->n, sizeof *conf);
	size_t *top = xcalloc(d->n, sizeof *top);
	bool *routed = xcalloc(d->n, sizeof *routed), *right = xcalloc(d->n, sizeof *right);
	int rc = fold_cosines(d, vecs, dim, folds, cos, err);
	if (rc == 0) {
		size_t base = d->k - 1;
		out->scale = best_scale(d, cos, p);
		for (size_t i = 0; i < d->n; i++) {
			top[i] = soft(cos + i * d->k, d->k, out->scale, p);
			conf[i] = p[top[i]];
			routed[i] = top[i] != base;
			right[i] = top[i] == (size_t)d->ex[i].label;
		}
		out->threshold = router_calibrate(conf, routed, right, d->n, target,
		                                  &out->precision, &out->reached);
		for (size_t i = 0; i < d->n; i++) {
			if (d->from[i] == FROM_KEYWORDS)
				continue;
			size_t got = routed[i] && conf[i] < out->threshold ? base : top[i];
			out->cv_right += got == (size_t)d->ex[i].label;
			out->cv_total++;
		}
		int *labels = xcalloc(d->n, sizeof *labels);
		for (size_t i = 0; i < d->n; i++)
			labels[i] = d->ex[i].label;
		out->model = embed_model_train((const char *const *)d->classes, d->k, vecs, labels,
		                               d->n, dim, out->scale, err);
		free(labels);
		rc = out->model ? 0 : -1;
	}
	if (out->model) {
		out->model->meta->threshold = out->threshold;
		out->model->meta->target_precision = target;
	}
	free(cos);
	free(p);
	free(conf);
	free(top);
	free(routed);
	free(right);
	return rc;
}

/* ---- as a learner ------------------------------------------------------------- */

int embed_env_vectors(struct embed_env *e, const struct classifier_example *ex, size_t n,
                      float **vecs, size_t *dim, char **err)
{
	char(*keys)[65] = xcalloc(n ? n : 1, sizeof *keys);
	const char **missing = xcalloc(n ? n : 1, sizeof *missing);
	char **owned = xcalloc(n ? n : 1, sizeof *owned);
	size_t *miss_at = xcalloc(n ? n : 1, sizeof *miss_at);
	size_t m = 0;
	int rc = 0;
	*vecs = NULL;
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = sha256_buffer(ex[i].text, ex[i].len, keys[i], err);
		bool dup = false;
		for (size_t j = 0; j < m && !dup && rc == 0; j++)
			dup = !strcmp(keys[miss_at[j]], keys[i]);
		if (rc == 0 && !dup && !embed_cache_get(e->cache, keys[i])) {
			owned[m] = xstrndup(ex[i].text, ex[i].len);
			missing[m] = owned[m];
			miss_at[m++] = i;
		}
	}
	float *got = NULL;
	size_t d = 0;
	if (rc == 0 && m)
		rc = e->embed(e->ctx, missing, m, &got, &d, err);
	for (size_t j = 0; j < m && rc == 0; j++)
		rc = embed_cache_put(e->cache, keys[miss_at[j]], got + j * d, d, err);
	e->asked += rc == 0 ? m : 0;
	if (rc == 0) {
		*dim = e->cache->dim;
		*vecs = xcalloc(n * *dim, sizeof **vecs);
		for (size_t i = 0; i < n; i++)
			memcpy(*vecs + i * *dim, embed_cache_get(e->cache, keys[i]),
			       *dim * sizeof **vecs);
	}
	for (size_t j = 0; j < m; j++)
		free(owned[j]);
	free(got);
	free(owned);
	free(missing);
	free(miss_at);
	free(keys);
	return rc;
}

static void *embedding_train_fn(void *env, const char *const *classes, size_t k,
                                const struct classifier_example *ex, size_t n, char **err)
{
	float *vecs;
	size_t dim = 0;
	if (embed_env_vectors(env, ex, n, &vecs, &dim, err) < 0)
		return NULL;
	/* the scale: embed_fit()'s rule on these examples alone */
	struct router_data d = {0};
	d.classes = (char **)classes;
	d.k = k;
	d.ex = (struct classifier_example *)ex;
	d.n = n;
	double scale = 20, *cos = xcalloc(n && k ? n * k : 1, sizeof *cos);
	double *p = xcalloc(k, sizeof *p);
	char *inner = NULL;
	if (n >= 10 && fold_cosines(&d, vecs, dim, 5, cos, &inner) == 0)
		scale = best_scale(&d, cos, p);
	free(inner);
	free(cos);
	free(p);
	int *labels = xcalloc(n ? n : 1, sizeof *labels);
	for (size_t i = 0; i < n; i++)
		labels[i] = ex[i].label;
	struct embed_model *m = embed_model_train(classes, k, vecs, labels, n, dim, scale, err);
	free(labels);
	free(vecs);
	return m;
}

static int embedding_predict_fn(void *env, const void *model, const struct classifier_example *ex,
                                size_t n, double *probs, char **err)
{
	const struct embed_model *m = model;
	float *vecs;
	size_t dim = 0;
	if (embed_env_vectors(env, ex, n, &vecs, &dim, err) < 0)
		return -1;
	int rc = dim == m->dim ? 0 : set_err(err, "vectors of %zu numbers, not %zu", dim, m->dim);
	for (size_t i = 0; i < n && rc == 0; i++)
		embed_model_predict(m, vecs + i * dim, probs + i * m->meta->k);
	free(vecs);
	return rc;
}

static void embedding_drop_fn(void *model)
{
	embed_model_free(model);
}

const struct route_learner embedding_learner = {ROUTER_EMBEDDING,   "embedding",
                                                embedding_train_fn, embedding_predict_fn,
                                                embedding_drop_fn,  false};
