#define _GNU_SOURCE
/* test_classifier.c: the classifier router's features, training, model file
 * and threshold (classifier.h, fit.h). The reference numbers come from
 * tests/unit/classifier_reference.py, which computes them apart from
 * classifier.c: its own reading of the feature rules, and the regression
 * solved by Newton's method in 40-digit arithmetic rather than L-BFGS. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "classifier.h"
#include "fit.h"
#include "util.h"

static void test_features(void)
{
	/* classifier_reference.py: "features of ...", in the order first seen */
	static const struct {
		const char *f;
		int count;
	} want[] = {
	    {"write", 1}, {"def", 1},    {"write def", 1}, {"f", 1},        {"def f", 1},
	    {"x", 2},     {"f x", 1},    {"return", 1},    {"x return", 1}, {"return x", 1},
	    {"#n", 6},    {"x #n", 1},   {"if", 1},        {"#n if", 1},    {"a", 1},
	    {"if a", 1},  {"a #n", 1},   {"then", 1},      {"#n then", 1},  {"then #n", 1},
	    {"#n #n", 1}, {"is", 1},     {"#n is", 1},     {"is #n", 1},    {"of", 1},
	    {"#n of", 1}, {"of #n", 1},  {"ok", 1},        {"#n ok", 1},    {"#digit", 1},
	    {"#op", 1},   {"#brace", 1}, {"#call", 1},     {"#semi", 1},    {"#dollar", 1},
	    {"#def", 1},  {"#sym", 1},
	};
	const char *s = "Write def f(x): return x+1; if a == 3 then 12 * 4 is 48% of $100 {ok} ()";
	struct strbuf feats;
	int *counts;
	size_t n = classifier_features(s, strlen(s), 0, &feats, &counts);
	CHECK(n == LOCO_ARRAY_LEN(want), "%zu features, want %zu", n, LOCO_ARRAY_LEN(want));
	const char *f = feats.buf;
	for (size_t i = 0; i < n && i < LOCO_ARRAY_LEN(want); i++, f += strlen(f) + 1) {
		CHECK_STR(f, want[i].f, "feature");
		CHECK(counts[i] == want[i].count, "%s: count %d, want %d", f, counts[i],
		      want[i].count);
	}
	sb_free(&feats);
	free(counts);

	/* No operator between a number and a word; a lone "def" is not #def. */
	s = "x - 3 def";
	n = classifier_features(s, strlen(s), 0, &feats, &counts);
	f = feats.buf;
	bool op = false, def = false;
	for (size_t i = 0; i < n; i++, f += strlen(f) + 1) {
		op |= !strcmp(f, "#op");
		def |= !strcmp(f, "#def");
	}
	CHECK(!op && !def, "'x - 3 def': #op %d #def %d", op, def);
	sb_free(&feats);
	free(counts);
}

static const char *const classes[] = {"math", "code", "base"};
static const struct {
	const char *text;
	int label;
} train_set[] = {
    {"solve 3*4 quickly", 0},  {"what is 12 / 5", 0},
    {"how many apples", 0},    {"def f(x): return x; fix it", 1},
    {"fix my python loop", 1}, {"my loop {never} ends", 1},
    {"hello there friend", 2}, {"what is a good movie", 2},
    {"hello how are you", 2},  {"hello again", 2},
};

static struct classifier *train_grams(int grams)
{
	struct classifier_example ex[LOCO_ARRAY_LEN(train_set)];
	for (size_t i = 0; i < LOCO_ARRAY_LEN(train_set); i++)
		ex[i] = (struct classifier_example){train_set[i].text, strlen(train_set[i].text),
		                                    train_set[i].label};
	struct classifier_params p = {0.1, 1000, 1, grams, 1e-6};
	char *err = NULL;
	struct classifier *c = classifier_train(classes, 3, ex, LOCO_ARRAY_LEN(ex), &p, &err);
	CHECK(c != NULL, "train: %s", err ? err : "");
	free(err);
	return c;
}

static struct classifier *train_small(void)
{
	return train_grams(0);
}

static long feature_index(const struct classifier *c, const char *f)
{
	for (size_t i = 0; i < c->nf; i++)
		if (!strcmp(c->arena + c->feat_off[i], f))
			return (long)i;
	return -1;
}

/* Character 3-grams within ASCII words (classifier_reference.py --grams):
 * none for "#n" or a word with UTF-8 bytes, "<a>" for a one-letter word. */
static void test_grams(void)
{
	static const struct {
		const char *f;
		int count;
	} want[] = {
	    {"why", 1},           {"is", 1},          {"why is", 1},         {"my", 1},
	    {"is my", 1},         {"code_2", 1},      {"my code_2", 1},      {"so", 1},
	    {"code_2 so", 1},     {"slow", 1},        {"so slow", 1},        {"#n", 1},
	    {"slow #n", 1},       {"caf\xc3\xa9", 1}, {"#n caf\xc3\xa9", 1}, {"a", 1},
	    {"caf\xc3\xa9 a", 1}, {"#digit", 1},      {"~<wh", 1},           {"~why", 1},
	    {"~hy>", 1},          {"~<is", 1},        {"~is>", 1},           {"~<my", 1},
	    {"~my>", 1},          {"~<co", 1},        {"~cod", 1},           {"~ode", 1},
	    {"~de_", 1},          {"~e_2", 1},        {"~_2>", 1},           {"~<so", 1},
	    {"~so>", 1},          {"~<sl", 1},        {"~slo", 1},           {"~low", 1},
	    {"~ow>", 1},          {"~<a>", 1},
	};
	const char *s = "Why is my Code_2 so slow? 42 caf\xc3\xa9 a";
	struct strbuf feats;
	int *counts;
	size_t n = classifier_features(s, strlen(s), 3, &feats, &counts);
	CHECK(n == LOCO_ARRAY_LEN(want), "%zu features, want %zu", n, LOCO_ARRAY_LEN(want));
	const char *f = feats.buf;
	for (size_t i = 0; i < n && i < LOCO_ARRAY_LEN(want); i++, f += strlen(f) + 1) {
		CHECK_STR(f, want[i].f, "feature");
		CHECK(counts[i] == want[i].count, "%s: count %d, want %d", f, counts[i],
		      want[i].count);
	}
	sb_free(&feats);
	free(counts);
}

static void test_train(void)
{
	struct classifier *c = train_small();
	if (!c)
		return;
	/* classifier_reference.py: "vocabulary" and "idf" lines */
	CHECK(c->nf == 62, "%zu features, want 62", c->nf);
	static const struct {
		const char *f;
		double idf;
	} idf[] = {{"hello", 2.01160091167848},
	           {"loop", 2.29928298413026},
	           {"what is", 2.29928298413026},
	           {"#digit", 2.29928298413026},
	           {"#op", 2.29928298413026}};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(idf); i++) {
		long at = feature_index(c, idf[i].f);
		CHECK(at >= 0 && fabs(c->idf[at] - idf[i].idf) < 1e-12, "idf %s = %g, want %.15g",
		      idf[i].f, at >= 0 ? c->idf[at] : -1, idf[i].idf);
	}
	/* classifier_reference.py: "P(...)" lines (Newton's optimum). */
	static const struct {
		const char *q;
		double p[3];
	} want[] = {
	    {"fix this loop", {0.243594966783, 0.483359216789, 0.273045816428}},
	    {"what is 7 * 8", {0.556912897886, 0.199841572415, 0.243245529699}},
	    {"hello", {0.235870556143, 0.249643595378, 0.514485848479}},
	    {"nothing known", {0.311493804974, 0.331577222455, 0.356928972571}},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(want); i++) {
		double p[3];
		classifier_predict(c, want[i].q, strlen(want[i].q), p);
		for (size_t j = 0; j < 3; j++)
			CHECK(fabs(p[j] - want[i].p[j]) < 1e-6, "P(%s)[%s] = %.9f, want %.9f",
			      want[i].q, classes[j], p[j], want[i].p[j]);
	}
	classifier_free(c);
}

/* A model with 3-grams says so in its file, and reads back the same. */
static void test_file_grams(void)
{
	struct classifier *a = train_grams(3);
	if (!a)
		return;
	CHECK(a->char_ngrams == 3 && feature_index(a, "~loo") >= 0, "no 3-grams in the model");
	memset(a->data_sha256, 'a', 64);
	memset(a->registry_hash, 'b', 16);
	size_t la;
	char *ta = classifier_format(a, &la), *err = NULL;
	CHECK(strstr(ta, "\nchar_ngrams\t3\n") != NULL, "no char_ngrams line");
	struct classifier *c = classifier_parse("m", ta, la, &err);
	CHECK(c && c->char_ngrams == 3, "parse: %s", err ? err : "");
	if (c) {
		double pa[3], pc[3];
		classifier_predict(a, "fix these loops", 15, pa);
		classifier_predict(c, "fix these loops", 15, pc);
		for (size_t j = 0; j < 3; j++)
			CHECK(fabs(pa[j] - pc[j]) < 1e-4, "P differs by %g", pa[j] - pc[j]);
	}
	classifier_free(c);
	classifier_free(a);
	free(ta);
	free(err);
}

static void test_file(void)
{
	struct classifier *a = train_small(), *b = train_small();
	if (!a || !b)
		return;
	memset(a->data_sha256, 'a', 64);
	memset(a->registry_hash, 'b', 16);
	a->threshold = 0.5;
	memcpy(b->data_sha256, a->data_sha256, sizeof a->data_sha256);
	memcpy(b->registry_hash, a->registry_hash, sizeof a->registry_hash);
	b->threshold = 0.5;
	size_t la, lb, lc;
	char *ta = classifier_format(a, &la), *tb = classifier_format(b, &lb);
	CHECK(la == lb && !memcmp(ta, tb, la), "two trainings on the same data differ");
	char *err = NULL;
	struct classifier *c = classifier_parse("m", ta, la, &err);
	CHECK(c != NULL, "parse: %s", err ? err : "");
	if (c) {
		char *tc = classifier_format(c, &lc);
		CHECK(lc == la && !memcmp(ta, tc, la),
		      "format(parse(format)) is not the same text");
		free(tc);
		double pa[3], pc[3];
		classifier_predict(a, "fix this loop", 13, pa);
		classifier_predict(c, "fix this loop", 13, pc);
		for (size_t j = 0; j < 3; j++)
			CHECK(fabs(pa[j] - pc[j]) < 1e-4, "millionths change P by %g",
			      pa[j] - pc[j]);
	}
	classifier_free(c);
	free(ta);
	free(tb);
	classifier_free(a);
	classifier_free(b);
}

static const char header[] =
    "loco-router-model\t2\nkind\tclassifier\n"
    "data\t0000000000000000000000000000000000000000000000000000000000000000\n"
    "registry\t0123456789abcdef\n"
    "examples\t3\nchar_ngrams\t0\ntarget_precision\t0.95\nthreshold\t0.5\n";

static void bad(const char *body, const char *want)
{
	char *text = xasprintf("%s%s", header, body), *err = NULL;
	struct classifier *c = classifier_parse("m.model", text, strlen(text), &err);
	CHECK(!c && err && strstr(err, want), "%s: got '%s', want '%s'", body, err ? err : "(none)",
	      want);
	classifier_free(c);
	free(err);
	free(text);
}

static void test_errors(void)
{
	const char *good = "class\tmath\nclass\tbase\nbias\t0\t0\nfeatures\t2\n"
	                   "f\t1000000\t1\t-2\ta\nf\t1000000\t3\t4\tb c\nend\n";
	char *text = xasprintf("%s%s", header, good), *err = NULL;
	struct classifier *c = classifier_parse("m.model", text, strlen(text), &err);
	CHECK(c && c->nf == 2 && c->k == 2 && c->w[1] == -2e-6 && c->idf[1] == 1,
	      "the good file: %s", err ? err : "");
	classifier_free(c);
	free(text);
	free(err);

	bad("class\tmath\nclass\tbase\nbias\t0\t0\nfeatures\t2\nf\t1\t1\t1\tb\nf\t1\t1\t1\ta\nend"
	    "\n",
	    "m.model:14:9: feature out of order");
	bad("class\tmath\nclass\tbase\nbias\t0\t0\nfeatures\t1\nf\t1\t1.5\t1\ta\nend\n",
	    "m.model:13:6: expected a digit");
	bad("class\tmath\nclass\tbase\nbias\t0\t0\nfeatures\t1\nf\t1\t1\t1\ta\n",
	    "expected 'end' after the features");
	bad("class\tmath\nclass\tbase\nbias\t0\t0\nfeatures\t1\nf\t1\t1\ta\nend\n",
	    "m.model:13:1: expected f IDF WEIGHT... FEATURE (5 tab-separated fields), found 4");
	bad("class\tmath\nclass\tmath\n", "m.model:10:7: class 'math' a second time");
	bad("class\tmath\nclass\tcode\nbias\t0\t0\n",
	    "m.model:11:1: expected at least two classes");
	bad("class\tbase\nbias\t0\t0\nfeatures\t99999\nf\t1\t1\t1\ta\nend\n",
	    "expected at least two classes");
	bad("class\tmath\nclass\tbase\nbias\t0\t0\nfeatures\t99999\nf\t1\t1\t1\ta\nend\n",
	    "m.model:12:10: 99999 features cannot fit");
	bad("threshold\t2\n", "m.model:9:1: a second 'threshold' line");
	bad("colour\tblue\n", "m.model:9:1: unknown line");
	bad("class\tmath\nclass\tbase\nbias\t0\t0\nfeatures\t1\nf\t1\t1\t1\ta\x01\nend\n",
	    "m.model:13:10: control byte 0x01 in a feature");
	/* Feature lines the one-pass reader leaves to the strict one: the same
	 * messages either way. */
	const char *f1 = "class\tmath\nclass\tbase\nbias\t0\t0\nfeatures\t1\n";
	static const struct {
		const char *line, *want;
	} feature_errors[] = {
	    {"f\t-\t1\t1\ta\n", "m.model:13:3: expected a whole number of millionths"},
	    {"f\t1\t0123\t1\ta\n", "m.model:13:5: expected a whole number of millionths"},
	    {"f\t1\t1234567890123\t1\ta\n", "m.model:13:5: expected a whole number of millionths"},
	    {"f\t1\t1\t1\ta\tb\n", "(5 tab-separated fields), found 6"},
	    {"f\t1\t1\t1\t\n", "m.model:13:9: expected a feature, found nothing"},
	    {"f\t1\t1\t1\ta\r\n", "m.model:13:10: control byte 0x0d in a feature"},
	    {"f\t1\t1\t1\n", "(5 tab-separated fields), found 4"},
	    {"g\t1\t1\t1\ta\n", "m.model:13:1: expected feature 1 of 1 ('f' line)"},
	};
	for (size_t i = 0; i < sizeof feature_errors / sizeof *feature_errors; i++) {
		char *body = xasprintf("%s%send\n", f1, feature_errors[i].line);
		bad(body, feature_errors[i].want);
		free(body);
	}
	text = xasprintf("%s%sf\t-0\t999999999999\t-1\t#n\nend", header, f1);
	err = NULL;
	c = classifier_parse("m.model", text, strlen(text), &err);
	CHECK(c && c->idf[0] == 0 && c->w[0] == 999999.999999 && c->w[1] == -1e-6 &&
	          !strcmp(c->arena, "#n"),
	      "edge values: %s", err ? err : "");
	classifier_free(c);
	free(text);
	free(err);
	/* Every length of number, read eight digits at a time or one. */
	long long num = 0;
	for (int n = 1; n <= 12; n++) {
		num = num * 10 + (n % 9) + 1;
		text = xasprintf("%s%sf\t%lld\t-%lld\t%lld\tx\nend\n", header, f1, num, num, num);
		err = NULL;
		c = classifier_parse("m.model", text, strlen(text), &err);
		CHECK(c && c->idf[0] == (double)num / 1e6 && c->w[0] == -(double)num / 1e6 &&
		          c->w[1] == c->idf[0],
		      "%d digits: %s", n, err ? err : "");
		classifier_free(c);
		free(text);
		free(err);
	}
	err = NULL;
	c = classifier_parse("m.model", "loco-router-model\t1\n", 20, &err); /* before n-grams */
	CHECK(!c && err && strstr(err, "m.model:1:19: format version not understood"), "%s",
	      err ? err : "");
	free(err);
	err = NULL;
	c = classifier_parse("m.model", "hello\n", 6, &err);
	CHECK(!c && err && strstr(err, "not a loco router model"), "%s", err ? err : "");
	free(err);
}

static void test_calibrate(void)
{
	/* Worked by hand: sorted by confidence 0.9 right, 0.8 right, 0.8 wrong,
	 * 0.7 right, 0.6 wrong, 0.5 right (0.95 is not routed). Cuts after 0.9
	 * (1/1) and after 0.7 (3/4) reach 0.75; none splits the two 0.8s. */
	const double conf[] = {0.8, 0.9, 0.6, 0.8, 0.5, 0.7, 0.95};
	const bool routed[] = {true, true, true, true, true, true, false};
	const bool right[] = {true, true, false, false, true, true, false};
	double prec;
	bool reached;
	double t = router_calibrate(conf, routed, right, 7, 0.75, &prec, &reached);
	CHECK(t == 0.7 && reached && prec == 0.75, "0.75: t %g precision %g", t, prec);
	t = router_calibrate(conf, routed, right, 7, 0.99, &prec, &reached);
	CHECK(t == 0.9 && reached && prec == 1, "0.99: t %g precision %g", t, prec);
	/* Every cut reaches 0.6 (the lowest, after 0.5, is 4/6). */
	t = router_calibrate(conf, routed, right, 7, 0.6, &prec, &reached);
	CHECK(t == 0.5 && reached && fabs(prec - 4.0 / 6) < 1e-15, "0.6: t %g precision %g", t,
	      prec);
	const bool wrong[] = {false, false, false, false, false, false, false};
	t = router_calibrate(conf, routed, wrong, 7, 0.5, &prec, &reached);
	CHECK(t == 1 && !reached, "all wrong: t %g", t);
}

int main(void)
{
	test_features();
	test_grams();
	test_train();
	test_file();
	test_file_grams();
	test_errors();
	test_calibrate();
	return check_done("classifier");
}
