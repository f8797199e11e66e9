/* test_route_cv.c: the cross-validation of learned router kinds (cv.h): the
 * stratified, seeded fold split (reference folds from
 * tests/unit/cv_reference.py, which reimplements the rule in Python), and
 * route_cv_run() never scoring an example the model was trained on, with a
 * learner that remembers its training texts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cv.h"
#include "util.h"

static void test_reference(void)
{
	const int labels[] = {0, 0, 0, 1, 1, -1, 2, 2, 2, 2, 0, 1, 0};
	/* cv_reference.py */
	const int want3[] = {1, 0, 2, 2, 0, -1, 2, 0, 2, 1, 1, 1, 0};
	const int want2[] = {0, 1, 0, 1, 0, -1, 1, 0, 1, 0, 0, 1, 1};
	int fold[13];
	route_cv_folds(labels, 13, 3, 42, fold);
	for (size_t i = 0; i < 13; i++)
		CHECK(fold[i] == want3[i], "k 3 seed 42: item %zu in fold %d, want %d", i, fold[i],
		      want3[i]);
	route_cv_folds(labels, 13, 2, 7, fold);
	for (size_t i = 0; i < 13; i++)
		CHECK(fold[i] == want2[i], "k 2 seed 7: item %zu in fold %d, want %d", i, fold[i],
		      want2[i]);
}

/* Every fold holds a k-th of every class (within one), folds differ in size
 * by at most one, the same seed gives the same split and another seed
 * another one. */
static void test_balance(void)
{
	enum { N = 1003, K = 5, C = 7 };
	int *labels = xcalloc(N, sizeof *labels), *fold = xcalloc(N, sizeof *fold);
	int *again = xcalloc(N, sizeof *again), *other = xcalloc(N, sizeof *other);
	for (size_t i = 0; i < N; i++) /* uneven classes, in runs, and some keywords */
		labels[i] = i % 17 == 3 ? -1 : (int)((i * i / 11) % C);
	route_cv_folds(labels, N, K, 42, fold);
	route_cv_folds(labels, N, K, 42, again);
	route_cv_folds(labels, N, K, 43, other);
	size_t per[C][K] = {{0}}, size[K] = {0}, differ = 0;
	for (size_t i = 0; i < N; i++) {
		CHECK(again[i] == fold[i], "item %zu: seed 42 gave folds %d and %d", i, fold[i],
		      again[i]);
		differ += other[i] != fold[i];
		if (labels[i] < 0) {
			CHECK(fold[i] == -1, "keyword %zu in fold %d", i, fold[i]);
			continue;
		}
		CHECK(fold[i] >= 0 && fold[i] < K, "item %zu in fold %d", i, fold[i]);
		per[labels[i]][fold[i]]++;
		size[fold[i]]++;
	}
	CHECK(differ > N / 2, "seeds 42 and 43 differ on only %zu items", differ);
	for (size_t c = 0; c < C; c++)
		for (size_t f = 1; f < K; f++)
			CHECK(per[c][f] + 1 >= per[c][0] && per[c][f] <= per[c][0] + 1,
			      "class %zu: fold 0 has %zu, fold %zu has %zu", c, per[c][0], f,
			      per[c][f]);
	for (size_t f = 1; f < K; f++)
		CHECK(size[f] + 1 >= size[0] && size[f] <= size[0] + 1, "fold sizes %zu and %zu",
		      size[0], size[f]);
	free(labels);
	free(fold);
	free(again);
	free(other);
}

/* A learner that knows only what it trained on: a text it saw gets its
 * label with probability 0.9, any other text the base class (k - 1). If a
 * scored text reached a training part, it would come back right. */
struct memo {
	char **texts;
	int *labels;
	size_t n, k;
};

static int trainings;

static void *memo_train(void *env, const char *const *classes, size_t k,
                        const struct classifier_example *ex, size_t n, char **err)
{
	(void)env;
	(void)classes;
	(void)err;
	__atomic_fetch_add(&trainings, 1, __ATOMIC_RELAXED); /* folds train in threads */
	struct memo *m = xcalloc(1, sizeof *m);
	m->texts = xcalloc(n ? n : 1, sizeof *m->texts);
	m->labels = xcalloc(n ? n : 1, sizeof *m->labels);
	for (size_t i = 0; i < n; i++) {
		m->texts[i] = xstrdup(ex[i].text);
		m->labels[i] = ex[i].label;
	}
	m->n = n;
	m->k = k;
	return m;
}

static int memo_predict(void *env, const void *model, const struct classifier_example *ex, size_t n,
                        double *probs, char **err)
{
	(void)env;
	(void)err;
	const struct memo *m = model;
	for (size_t i = 0; i < n; i++) {
		size_t label = m->k - 1;
		for (size_t j = 0; j < m->n; j++)
			if (!strcmp(m->texts[j], ex[i].text))
				label = (size_t)m->labels[j];
		for (size_t j = 0; j < m->k; j++)
			probs[i * m->k + j] = j == label ? 0.9 : 0.1 / (double)(m->k - 1);
	}
	return 0;
}

static void memo_drop(void *model)
{
	struct memo *m = model;
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		free(m->texts[i]);
	free(m->texts);
	free(m->labels);
	free(m);
}

static const struct route_learner memo_learner = {ROUTER_CLASSIFIER, "memo",    memo_train,
                                                  memo_predict,      memo_drop, true};

static void test_never_trained_on(void)
{
	enum { N = 60, K = 3 };
	const char *const classes[] = {"a", "b", "base"};
	struct classifier_example ex[N];
	bool scored[N];
	char text[N][16];
	size_t base = 0, scored_n = 0;
	for (size_t i = 0; i < N; i++) {
		snprintf(text[i], sizeof text[i], "q%zu", i);
		ex[i] = (struct classifier_example){text[i], strlen(text[i]), (int)(i % 3)};
		scored[i] = i % 10 != 9;
		base += scored[i] && i % 3 == 2;
		scored_n += scored[i];
	}
	struct route_cv_opts o = {5, 3, 42, 0.95, true, 0.5};
	struct route_cv cv;
	char *err = NULL;
	trainings = 0;
	CHECK(route_cv_run(&memo_learner, NULL, classes, K, ex, scored, N, &o, &cv, &err) == 0,
	      "run: %s", err ? err : "");
	CHECK(trainings == 5, "%d trainings with a fixed threshold, want 5", trainings);
	CHECK(cv.total == scored_n, "%zu scored, want %zu", cv.total, scored_n);
	/* only the base items come back right: nothing scored was trained on */
	CHECK(cv.right == base, "%zu right, want the %zu base items", cv.right, base);
	for (size_t i = 0; i < N; i++) {
		if (!scored[i]) {
			CHECK(cv.fold[i] == -1 && cv.got[i] == -1, "unscored %zu: fold %d got %d",
			      i, cv.fold[i], cv.got[i]);
			continue;
		}
		CHECK(cv.got[i] == 2, "item %zu routed to %d, want base", i, cv.got[i]);
	}
	route_cv_free(&cv);
	/* Calibrated inside each fold: 5 outer and 5 x 3 inner trainings; the
	 * inner predictions never route, so every threshold is 1. */
	o.fixed = false;
	trainings = 0;
	CHECK(route_cv_run(&memo_learner, NULL, classes, K, ex, scored, N, &o, &cv, &err) == 0,
	      "run: %s", err ? err : "");
	CHECK(trainings == 20, "%d trainings, want 20", trainings);
	for (int f = 0; f < 5; f++)
		CHECK(cv.threshold[f] == 1, "fold %d threshold %g", f, cv.threshold[f]);
	CHECK(cv.right == base, "%zu right, want %zu", cv.right, base);
	route_cv_free(&cv);
	free(err);
}

/* A learner right on everything it predicts with confidence 0.9 routes at
 * a fixed threshold of 0.85 and not at 0.95. */
static int oracle_predict(void *env, const void *model, const struct classifier_example *ex,
                          size_t n, double *probs, char **err)
{
	(void)env;
	(void)model;
	(void)err;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < 3; j++)
			probs[i * 3 + j] = (int)j == ex[i].label ? 0.9 : 0.05;
	return 0;
}

static const struct route_learner oracle_learner = {ROUTER_CLASSIFIER, "oracle",  memo_train,
                                                    oracle_predict,    memo_drop, true};

static void test_threshold(void)
{
	enum { N = 30 };
	const char *const classes[] = {"a", "b", "base"};
	struct classifier_example ex[N];
	bool scored[N];
	for (size_t i = 0; i < N; i++) {
		ex[i] = (struct classifier_example){"x", 1, (int)(i % 3)};
		scored[i] = true;
	}
	struct route_cv_opts o = {5, 2, 42, 0.95, true, 0.85};
	struct route_cv cv;
	char *err = NULL;
	CHECK(route_cv_run(&oracle_learner, NULL, classes, 3, ex, scored, N, &o, &cv, &err) == 0,
	      "run");
	CHECK(cv.right == N, "0.85: %zu right of %d", cv.right, N);
	route_cv_free(&cv);
	o.threshold = 0.95;
	CHECK(route_cv_run(&oracle_learner, NULL, classes, 3, ex, scored, N, &o, &cv, &err) == 0,
	      "run");
	CHECK(cv.right == N / 3, "0.95: %zu right, want only the %d base items", cv.right, N / 3);
	route_cv_free(&cv);
	/* calibrated: every inner prediction routes right at 0.9, so t = 0.9 */
	o.fixed = false;
	CHECK(route_cv_run(&oracle_learner, NULL, classes, 3, ex, scored, N, &o, &cv, &err) == 0,
	      "run");
	CHECK(cv.threshold[0] == 0.9 && cv.right == N, "calibrated: t %g, %zu right",
	      cv.threshold[0], cv.right);
	route_cv_free(&cv);
	free(err);
}

/* The classifier's folds train in threads: the same predictions, bit for
 * bit, as one fold after another. */
static void test_threads_same(void)
{
	enum { N = 48, K = 3 };
	static const char *const words[K][4] = {{"add", "sum", "plus", "total"},
	                                        {"code", "loop", "bug", "compile"},
	                                        {"hello", "thanks", "weather", "hi"}};
	const char *const classes[] = {"math", "code", "base"};
	struct classifier_example ex[N];
	char text[N][48];
	for (size_t i = 0; i < N; i++) {
		size_t c = i % K;
		snprintf(text[i], sizeof text[i], "%s %s and %s %zu", words[c][i % 4],
		         words[c][(i / 4) % 4], words[(c + 1) % K][i % 2], i % 5);
		ex[i] = (struct classifier_example){text[i], strlen(text[i]), (int)c};
	}
	int labels[N], fold[N];
	for (size_t i = 0; i < N; i++)
		labels[i] = ex[i].label;
	route_cv_folds(labels, N, 4, 42, fold);
	struct route_learner serial = classifier_learner;
	serial.threads = false;
	size_t top_t[N], top_s[N];
	double conf_t[N], conf_s[N];
	char *err = NULL;
	CHECK(route_cv_predict(&classifier_learner, NULL, classes, K, ex, N, fold, 4, top_t, conf_t,
	                       &err) == 0,
	      "threads: %s", err ? err : "");
	CHECK(route_cv_predict(&serial, NULL, classes, K, ex, N, fold, 4, top_s, conf_s, &err) == 0,
	      "serial: %s", err ? err : "");
	for (size_t i = 0; i < N; i++)
		CHECK(top_t[i] == top_s[i] && !memcmp(&conf_t[i], &conf_s[i], sizeof conf_t[i]),
		      "item %zu: %zu %.17g in threads, %zu %.17g serially", i, top_t[i], conf_t[i],
		      top_s[i], conf_s[i]);
	free(err);
}

/* A fold that cannot be trained fails the split with its own message,
 * that of the first such fold, however the threads ran. */
static void *picky_train(void *env, const char *const *classes, size_t k,
                         const struct classifier_example *ex, size_t n, char **err)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ex[i].text, "q0") || !strcmp(ex[i].text, "q1"))
			return memo_train(env, classes, k, ex, n, err);
	set_err(err, "a fold without q0 and q1");
	return NULL;
}

static const struct route_learner picky_learner = {ROUTER_CLASSIFIER, "picky",   picky_train,
                                                   memo_predict,      memo_drop, true};

static void test_threads_error(void)
{
	enum { N = 20 };
	const char *const classes[] = {"a", "b", "base"};
	struct classifier_example ex[N];
	char text[N][8];
	int fold[N];
	for (size_t i = 0; i < N; i++) {
		snprintf(text[i], sizeof text[i], "q%zu", i);
		ex[i] = (struct classifier_example){text[i], strlen(text[i]), (int)(i % 3)};
		fold[i] = (int)(i % 5);
	}
	fold[1] = 0; /* q0 and q1 in fold 0: only fold 0 trains without both */
	size_t top[N];
	double conf[N];
	char *err = NULL;
	int rc =
	    route_cv_predict(&picky_learner, NULL, classes, 3, ex, N, fold, 5, top, conf, &err);
	CHECK(rc == -1 && err && !strcmp(err, "a fold without q0 and q1"), "rc %d, err %s", rc,
	      err ? err : "(none)");
	free(err);
}

int main(void)
{
	test_reference();
	test_balance();
	test_never_trained_on();
	test_threshold();
	test_threads_same();
	test_threads_error();
	return check_done("route_cv");
}
