/* fuzz_classifier.c: libFuzzer target for the classifier router's model
 * file parser (classifier.h). Invariants: a failure says "model:LINE:COL:";
 * a model that parses has at least two classes, the last "base", features
 * in strictly increasing byte order, finite numbers, and a text form that
 * parses back to the same text; a prediction on the input itself gives
 * finite probabilities that sum to 1. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_model(const struct classifier *c)
{
	if (c->k < 2 || strcmp(c->classes[c->k - 1], "base"))
		abort();
	for (size_t f = 1; f < c->nf; f++)
		if (strcmp(c->arena + c->feat_off[f - 1], c->arena + c->feat_off[f]) >= 0)
			abort();
	for (size_t i = 0; i < c->nf * c->k; i++)
		if (!isfinite(c->w[i]))
			abort();
	size_t len, len2;
	char *text = classifier_format(c, &len), *err = NULL;
	struct classifier *again = classifier_parse("again", text, len, &err);
	if (!again)
		abort(); /* loco's own output must read back */
	char *text2 = classifier_format(again, &len2);
	struct classifier *third = classifier_parse("third", text2, len2, &err);
	size_t len3;
	char *text3 = third ? classifier_format(third, &len3) : NULL;
	if (!text3 || len3 != len2 || memcmp(text2, text3, len2))
		abort(); /* after one round, the text is a fixed point */
	free(text3);
	classifier_free(third);
	free(text2);
	classifier_free(again);
	free(text);
}

static void check_predict(const struct classifier *c, const uint8_t *data, size_t size)
{
	double *p = calloc(c->k, sizeof *p), sum = 0;
	if (!p)
		abort();
	classifier_predict(c, (const char *)data, size, p);
	for (size_t j = 0; j < c->k; j++) {
		if (!isfinite(p[j]) || p[j] < 0 || p[j] > 1)
			abort();
		sum += p[j];
	}
	if (fabs(sum - 1) > 1e-9)
		abort();
	free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *err = NULL;
	struct classifier *c = classifier_parse("model", (const char *)data, size, &err);
	if (c) {
		check_model(c);
		check_predict(c, data, size);
		classifier_free(c);
	} else {
		unsigned line, col;
		if (!err || sscanf(err, "model:%u:%u:", &line, &col) != 2 || !line || !col)
			abort();
	}
	free(err);
	return 0;
}
