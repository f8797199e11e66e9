#define _GNU_SOURCE
/* test_embedding.c: the embedding router's cache, model file, centroid head
 * and training (embedding.h). Reference probabilities were computed apart
 * from embedding.c, in Python: 1 / (1 + exp(scale * (cos_base - cos_a))). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "embedding.h"
#include "learner.h"
#include "util.h"

static const char key_a[65] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char key_b[65] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

static void test_normalize(void)
{
	float v[2] = {3, 4}, z[2] = {0, 0};
	CHECK(embed_normalize(v, 2) && fabsf(v[0] - 0.6f) < 1e-7f && fabsf(v[1] - 0.8f) < 1e-7f,
	      "(3, 4) -> (%g, %g)", v[0], v[1]);
	CHECK(!embed_normalize(z, 2) && z[0] == 0, "a vector of zeros has no direction");
}

static void test_cache(void)
{
	struct embed_cache *c = embed_cache_new("qwen3:4b", "0123456789abcdef0123");
	char *err = NULL;
	const float v[2] = {3, 4}, w[2] = {0, -2}, three[3] = {1, 1, 1};
	CHECK(embed_cache_put(c, key_a, v, 2, &err) == 0, "put a: %s", err);
	CHECK(embed_cache_put(c, key_b, w, 2, &err) == 0, "put b: %s", err);
	CHECK(embed_cache_put(c, key_b, v, 3, &err) < 0 && strstr(err, "3 numbers, not 2"),
	      "another length: %s", err ? err : "(none)");
	free(err);
	err = NULL;
	CHECK(embed_cache_put(c, "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
	                      (const float[2]){0, 0}, 2, &err) < 0 &&
	          strstr(err, "zeros"),
	      "zeros: %s", err ? err : "(none)");
	free(err);
	err = NULL;
	(void)three;
	CHECK(c->n == 2 && c->changed, "%zu vectors", c->n);
	const float *g = embed_cache_get(c, key_a);
	CHECK(g && fabsf(g[0] - 0.6f) < 1e-7f, "a is stored at length 1");
	size_t len;
	char *text = embed_cache_format(c, &len);
	const char *want =
	    "loco-embedding-cache\t1\nmodel\tqwen3:4b\ndigest\t0123456789abcdef0123\n"
	    "dim\t2\n"
	    "v\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\t600000"
	    "\t800000\n"
	    "v\tbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\t0\t-"
	    "1000000\nend\n";
	CHECK_STR(text, want, "cache file");
	struct embed_cache *back = embed_cache_parse("c", text, len, &err);
	CHECK(back && back->n == 2 && back->dim == 2 && !back->changed, "parse: %s",
	      err ? err : "ok");
	if (back) {
		const float *b = embed_cache_get(back, key_b);
		CHECK(b && b[0] == 0 && b[1] == -1, "b read back");
		CHECK_STR(back->digest, "0123456789abcdef0123", "digest");
	}
	embed_cache_free(back);
	free(text);
	embed_cache_free(c);

	char *p = embed_cache_path("/h", "m", "0123456789abcdef0123");
	CHECK_STR(p, "/h/router/embeddings/0123456789abcdef.cache", "digest path");
	free(p);
	p = embed_cache_path("/h", "gpt-4o", "");
	CHECK(p && !strncmp(p, "/h/router/embeddings/name-", 26) && strlen(p) == 26 + 16 + 6,
	      "name path %s", p);
	free(p);
}

static void test_cache_errors(void)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
	    {"", "c:1:1: the file is empty"},
	    {"loco-router-model\t1\n", "c:1:1: expected 'loco-embedding-cache'"},
	    {"loco-embedding-cache\t2\n", "c:1:22: format 2; this loco reads format 1"},
	    {"loco-embedding-cache\t1\nmodel\tm\ndigest\t-\ndim\t2\n",
	     "c:4:1: the file ends without"},
	    {"loco-embedding-cache\t1\nmodel\tm\ndigest\t-\ndim\t2\nv\tab\t1\t2\nend\n",
	     "c:5:3: expected 64 lowercase hex digits"},
	    {"loco-embedding-cache\t1\nmodel\tm\ndigest\t-\ndim\t2\nv\t"
	     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\t1\nend\n",
	     "c:5:69: expected a vector component after a tab"},
	    {"loco-embedding-cache\t1\nmodel\tm\ndigest\t-\ndim\t2\nv\t"
	     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\t1\t1000001\nend\n",
	     "c:5:70: a component of a unit vector is at most 1000000"},
	    {"loco-embedding-cache\t1\nmodel\tm\ndigest\t-\ndim\t2\nv\t"
	     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\t1\t2x\nend\n",
	     "c:5:71: expected a digit"},
	    {"loco-embedding-cache\t1\nmodel\tm\ndigest\t-\ndim\t2\nv\t"
	     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\t1\t0\nv\t"
	     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\t0\t1\nend\n",
	     "c:6:3: the text aaaaaaaaaaaa... a second time"},
	    {"loco-embedding-cache\t1\nmodel\tm\ndigest\t-\ndim\t2\nv\t"
	     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\t0\t0\nend\n",
	     "c:5:1: a vector of zeros"},
	    {"loco-embedding-cache\t1\nmodel\tm\ndigest\t-\ndim\t2\nend\nx\n", "c:6:1: text after"},
	    {"loco-embedding-cache\t1\nmodel\tm\x01\n", "c:2:8: control byte 0x01"},
	    {"loco-embedding-cache\t1\nmodel\tm\ndigest\t-\ndim\t70000\n",
	     "c:4:5: expected a whole number from 0 to 65536"},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cases); i++) {
		char *err = NULL;
		struct embed_cache *c =
		    embed_cache_parse("c", cases[i].text, strlen(cases[i].text), &err);
		CHECK(!c && err && !strncmp(err, cases[i].want, strlen(cases[i].want)),
		      "case %zu: got '%s', want '%s...'", i, err ? err : "(none)", cases[i].want);
		embed_cache_free(c);
		free(err);
	}
}

static struct embed_model *toy_model(void)
{
	/* class a: (1, 0) and (0, 1), centroid (1, 1) / sqrt 2; base: (-1, 0) */
	const char *classes[] = {"a", "base"};
	const float vecs[] = {1, 0, 0, 1, -1, 0};
	const int labels[] = {0, 0, 1};
	char *err = NULL;
	struct embed_model *m = embed_model_train(classes, 2, vecs, labels, 3, 2, 10, &err);
	CHECK(m != NULL, "train: %s", err);
	free(err);
	return m;
}

static void test_model(void)
{
	struct embed_model *m = toy_model();
	if (!m)
		return;
	CHECK(fabsf(m->centroid[0] - 0.70710678f) < 1e-7f && m->centroid[2] == -1, "centroids");
	double p[2];
	embed_model_predict(m, (const float[2]){1, 0}, p);
	CHECK(fabs(p[0] - 0.9999999614406742) < 1e-9 && fabs(p[0] + p[1] - 1) < 1e-15,
	      "(1, 0): %.16g", p[0]);
	embed_model_predict(m, (const float[2]){0.6f, 0.8f}, p);
	CHECK(fabs(p[0] - 0.9999998755665821) < 1e-9, "(0.6, 0.8): %.16g", p[0]);

	free(m->model);
	m->model = xstrdup("qwen3:4b");
	m->meta->threshold = 0.5;
	m->meta->target_precision = 0.95;
	memset(m->meta->data_sha256, 'd', 64);
	memcpy(m->meta->registry_hash, "0123456789abcdef", 17);
	size_t len;
	char *text = embed_model_format(m, &len);
	const char *want_head = "loco-embedding-model\t1\nmodel\tqwen3:4b\ndigest\t-\ndim\t2\n"
	                        "scale\t10\ndata\t";
	CHECK(text && !strncmp(text, want_head, strlen(want_head)), "model file:\n%s", text);
	CHECK(strstr(text, "class\ta\t707107\t707107\nclass\tbase\t-1000000\t0\nend\n") != NULL,
	      "classes:\n%s", text);
	char *err = NULL;
	struct embed_model *back = embed_model_parse("m", text, len, &err);
	CHECK(back && back->meta->k == 2 && back->dim == 2 && back->scale == 10 &&
	          back->meta->threshold == 0.5 && !strcmp(back->model, "qwen3:4b") &&
	          !*back->digest && !strcmp(back->meta->registry_hash, "0123456789abcdef"),
	      "read back: %s", err ? err : "fields differ");
	if (back) {
		embed_model_predict(back, (const float[2]){1, 0}, p);
		CHECK(fabs(p[0] - 0.9999999614406742) < 1e-6, "read back predicts alike");
		size_t len2;
		char *again = embed_model_format(back, &len2);
		CHECK(len2 == len && !memcmp(again, text, len), "format(parse(x)) == x");
		free(again);
	}
	embed_model_free(back);
	free(err);
	err = NULL;
	/* the last class must be base */
	char *bad = xstrdup(text);
	char *at = strstr(bad, "class\tbase");
	memcpy(at, "class\tbbbb", 10);
	back = embed_model_parse("m", bad, strlen(bad), &err);
	CHECK(!back && err && strstr(err, "the last one 'base'"), "no base: %s",
	      err ? err : "(none)");
	free(err);
	free(bad);
	free(text);
	embed_model_free(m);
}

static void test_fit(void)
{
	/* Three well apart classes of five: every out-of-fold decision is right,
	 * so a threshold reaches 0.95 and the folds score 15/15. */
	char *classes[] = {"a", "b", "base"};
	int adapter[] = {0, 1, -1};
	struct classifier_example ex[15];
	unsigned char from[15];
	float vecs[15 * 3];
	for (size_t i = 0; i < 15; i++) {
		int label = (int)(i % 3);
		ex[i] = (struct classifier_example){"x", 1, label};
		from[i] = FROM_EXAMPLES;
		for (int d = 0; d < 3; d++)
			vecs[i * 3 + d] = d == label ? 1.0f : 0.05f * (float)(i % 5);
		embed_normalize(vecs + i * 3, 3);
	}
	struct router_data d = {0};
	d.classes = classes;
	d.k = 3;
	d.adapter = adapter;
	d.ex = ex;
	d.from = from;
	d.n = 15;
	struct embed_fit fit;
	char *err = NULL;
	CHECK(embed_fit(&d, vecs, 3, 0.95, 5, &fit, &err) == 0, "fit: %s", err);
	CHECK(fit.reached && fit.cv_right == 15 && fit.cv_total == 15, "cv %zu/%zu, reached %d",
	      fit.cv_right, fit.cv_total, fit.reached);
	CHECK(fit.scale == embed_scales[embed_n_scales - 1],
	      "separable classes take the sharpest scale, got %g", fit.scale);
	CHECK(fit.model && fit.model->meta->threshold == fit.threshold, "threshold stored");
	embed_model_free(fit.model);
	free(err);
}

/* A stand-in server: the vector of a text is (1, 0) when it starts with
 * 'a', else (0, 1); counts the texts it is asked for. */
static size_t fake_asked;
static int fake_embed(void *ctx, const char *const *texts, size_t n, float **vecs, size_t *dim,
                      char **err)
{
	(void)ctx;
	(void)err;
	*dim = 2;
	*vecs = xcalloc(n * 2, sizeof **vecs);
	for (size_t i = 0; i < n; i++)
		(*vecs)[i * 2 + (texts[i][0] == 'a' ? 0 : 1)] = 3; /* scaled to 1 when cached */
	fake_asked += n;
	return 0;
}

static void test_learner(void)
{
	const char *classes[] = {"a", "base"};
	struct classifier_example ex[] = {
	    {"apple", 5, 0}, {"avocado", 7, 0}, {"bread", 5, 1}, {"butter", 6, 1}, {"apple", 5, 0}};
	struct embed_env env = {fake_embed, NULL, embed_cache_new("m", ""), 0};
	char *err = NULL;
	fake_asked = 0;
	void *m = embedding_learner.train(&env, classes, 2, ex, 5, &err);
	CHECK(m && fake_asked == 4 && env.asked == 4, "train: %s, asked %zu", err ? err : "ok",
	      fake_asked);
	double p[4];
	const struct classifier_example q[] = {{"apricot", 7, 0}, {"bagel", 5, 1}};
	CHECK(m && embedding_learner.predict(&env, m, q, 2, p, &err) == 0 && p[0] > 0.99 &&
	          p[3] > 0.99,
	      "predict: %g %g", p[0], p[3]);
	/* a second round asks the server for nothing it has seen */
	void *m2 = embedding_learner.train(&env, classes, 2, ex, 5, &err);
	CHECK(m2 && fake_asked == 6, "cached: asked %zu", fake_asked);
	embedding_learner.drop(m);
	embedding_learner.drop(m2);
	embedding_learner.drop(NULL);
	embed_cache_free(env.cache);
	free(err);
}

int main(void)
{
	test_learner();
	test_normalize();
	test_cache();
	test_cache_errors();
	test_model();
	test_fit();
	return check_done("embedding");
}
