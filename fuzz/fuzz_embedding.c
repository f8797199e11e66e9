/* fuzz_embedding.c: libFuzzer target for the embedding router's two file
 * parsers (embedding.h), the cache of embedded texts and the model; each
 * input is given to both. Invariants: a failure says "emb:LINE:COL:"; a
 * cache that parses has unit vectors that its own text reads back to the
 * same text; a model that parses has at least two classes, the last
 * "base", a text form that is a fixed point after one round, and
 * predictions that are probabilities summing to 1. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedding.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_err(const char *err)
{
	unsigned line, col;
	if (!err || sscanf(err, "emb:%u:%u:", &line, &col) != 2 || !line || !col)
		abort();
}

static void check_cache(const struct embed_cache *c)
{
	for (size_t i = 0; i < c->n; i++) {
		double s = 0;
		for (size_t d = 0; d < c->dim; d++)
			s += (double)c->vec[i * c->dim + d] * c->vec[i * c->dim + d];
		if (fabs(s - 1) > 1e-4 || embed_cache_get(c, c->key[i]) != c->vec + i * c->dim)
			abort();
	}
	size_t len, len2;
	char *text = embed_cache_format(c, &len), *err = NULL;
	struct embed_cache *again = embed_cache_parse("again", text, len, &err);
	if (!again || again->n != c->n)
		abort(); /* loco's own output must read back */
	char *text2 = embed_cache_format(again, &len2);
	struct embed_cache *third = embed_cache_parse("third", text2, len2, &err);
	size_t len3;
	char *text3 = third ? embed_cache_format(third, &len3) : NULL;
	if (!text3 || len3 != len2 || memcmp(text2, text3, len2))
		abort(); /* after one round, the text is a fixed point */
	free(text3);
	embed_cache_free(third);
	free(text2);
	embed_cache_free(again);
	free(text);
}

static void check_model(const struct embed_model *m)
{
	const struct classifier *c = m->meta;
	if (c->k < 2 || strcmp(c->classes[c->k - 1], "base") || !m->dim)
		abort();
	float *v = calloc(m->dim, sizeof *v);
	double *p = calloc(c->k, sizeof *p), sum = 0;
	if (!v || !p)
		abort();
	v[0] = 1;
	embed_model_predict(m, v, p);
	for (size_t j = 0; j < c->k; j++) {
		if (!isfinite(p[j]) || p[j] < 0 || p[j] > 1)
			abort();
		sum += p[j];
	}
	if (fabs(sum - 1) > 1e-9)
		abort();
	free(v);
	free(p);
	size_t len, len2, len3;
	char *text = embed_model_format(m, &len), *err = NULL;
	struct embed_model *again = embed_model_parse("again", text, len, &err);
	if (!again)
		abort();
	char *text2 = embed_model_format(again, &len2);
	struct embed_model *third = embed_model_parse("third", text2, len2, &err);
	char *text3 = third ? embed_model_format(third, &len3) : NULL;
	if (!text3 || len3 != len2 || memcmp(text2, text3, len2))
		abort();
	free(text3);
	embed_model_free(third);
	free(text2);
	embed_model_free(again);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *err = NULL;
	struct embed_cache *c = embed_cache_parse("emb", (const char *)data, size, &err);
	if (c)
		check_cache(c);
	else
		check_err(err);
	embed_cache_free(c);
	free(err);
	err = NULL;
	struct embed_model *m = embed_model_parse("emb", (const char *)data, size, &err);
	if (m)
		check_model(m);
	else
		check_err(err);
	embed_model_free(m);
	free(err);
	return 0;
}
