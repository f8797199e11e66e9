/* cv.c: stratified k-fold cross-validation of a learned router kind (see
 * cv.h), and the classifier as a learner (learner.h). */
#include "cv.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fit.h"
#include "stats.h"
#include "util.h"

/* ---- the classifier as a learner ---------------------------------------- */

static void *classifier_train_fn(void *env, const char *const *classes, size_t k,
                                 const struct classifier_example *ex, size_t n, char **err)
{
	const struct classifier_params *p = env ? env : &classifier_defaults;
	return classifier_train(classes, k, ex, n, p, err);
}

static int classifier_predict_fn(void *env, const void *model, const struct classifier_example *ex,
                                 size_t n, double *probs, char **err)
{
	(void)env;
	(void)err;
	const struct classifier *c = model;
	for (size_t i = 0; i < n; i++)
		classifier_predict(c, ex[i].text, ex[i].len, probs + i * c->k);
	return 0;
}

static void classifier_drop_fn(void *model)
{
	classifier_free(model);
}

const struct route_learner classifier_learner = {ROUTER_CLASSIFIER,   "classifier",
                                                 classifier_train_fn, classifier_predict_fn,
                                                 classifier_drop_fn,  true};

/* ---- folds ---------------------------------------------------------------- */

void route_cv_folds(const int *labels, size_t n, int k, uint64_t seed, int *fold)
{
	int max = -1;
	for (size_t i = 0; i < n; i++) {
		fold[i] = -1;
		max = labels[i] > max ? labels[i] : max;
	}
	size_t *idx = xcalloc(n ? n : 1, sizeof *idx), deal = 0;
	struct stats_rng rng;
	stats_rng_seed(&rng, seed);
	for (int c = 0; c <= max; c++) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (labels[i] == c)
				idx[m++] = i;
		for (size_t i = m; i > 1; i--) { /* Fisher-Yates */
			size_t j = stats_rng_below(&rng, (uint32_t)i);
			size_t t = idx[i - 1];
			idx[i - 1] = idx[j];
			idx[j] = t;
		}
		for (size_t i = 0; i < m; i++)
			fold[idx[i]] = (int)(deal++ % (size_t)k);
	}
	free(idx);
}

/* ---- out-of-fold predictions ---------------------------------------------- */

static size_t argmax(const double *p, size_t k)
{
	size_t best = 0;
	for (size_t j = 1; j < k; j++)
		if (p[j] > p[best])
			best = j;
	return best;
}

/* Trains on the examples outside fold f and predicts those in it. */
static int one_fold(const struct route_learner *l, void *env, const char *const *classes, size_t k,
                    const struct classifier_example *ex, size_t n, const int *fold, int f,
                    size_t *top, double *conf, char **err)
{
	struct classifier_example *train = xcalloc(n ? n : 1, sizeof *train);
	struct classifier_example *test = xcalloc(n ? n : 1, sizeof *test);
	size_t *at = xcalloc(n ? n : 1, sizeof *at), nt = 0, ns = 0;
	for (size_t i = 0; i < n; i++) {
		if (fold[i] == f) {
			at[ns] = i;
			test[ns++] = ex[i];
		} else {
			train[nt++] = ex[i];
		}
	}
	int rc = 0;
	void *m = ns ? l->train(env, classes, k, train, nt, err) : NULL;
	double *probs = xcalloc(ns * k + 1, sizeof *probs);
	if (ns && !m)
		rc = -1;
	else if (ns && l->predict(env, m, test, ns, probs, err) < 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < ns; i++) {
		top[at[i]] = argmax(probs + i * k, k);
		conf[at[i]] = probs[i * k + top[at[i]]];
	}
	l->drop(m);
	free(probs);
	free(train);
	free(test);
	free(at);
	return rc;
}

/* The folds of one route_cv_predict(), shared by its threads: each takes
 * the next fold not yet taken. Folds write disjoint entries of top and conf
 * (a fold's own examples), so only next needs the lock. */
struct fold_work {
	const struct route_learner *l;
	void *env;
	const char *const *classes;
	size_t k;
	const struct classifier_example *ex;
	size_t n;
	const int *fold;
	int folds, next;
	size_t *top;
	double *conf;
	int *rc;     /* per fold */
	char **errs; /* per fold */
	pthread_mutex_t lock;
};

static void *fold_worker(void *arg)
{
	struct fold_work *w = arg;
	for (;;) {
		pthread_mutex_lock(&w->lock);
		int f = w->next < w->folds ? w->next++ : -1;
		pthread_mutex_unlock(&w->lock);
		if (f < 0)
			return NULL;
		w->rc[f] = one_fold(w->l, w->env, w->classes, w->k, w->ex, w->n, w->fold, f, w->top,
		                    w->conf, &w->errs[f]);
	}
}

/* How many threads train folds at once: one a core, at most one a fold. */
static int fold_threads(const struct route_learner *l, int folds)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (!l->threads || cores < 2)
		return 1;
	return cores < folds ? (int)cores : folds;
}

int route_cv_predict(const struct route_learner *l, void *env, const char *const *classes, size_t k,
                     const struct classifier_example *ex, size_t n, const int *fold, int folds,
                     size_t *top, double *conf, char **err)
{
	struct fold_work w = {l,
	                      env,
	                      classes,
	                      k,
	                      ex,
	                      n,
	                      fold,
	                      folds,
	                      0,
	                      top,
	                      conf,
	                      xcalloc((size_t)folds, sizeof(int)),
	                      xcalloc((size_t)folds, sizeof(char *)),
	                      PTHREAD_MUTEX_INITIALIZER};
	int nt = fold_threads(l, folds), started = 0;
	pthread_t *tid = xcalloc((size_t)nt, sizeof *tid);
	for (int t = 1; t < nt; t++) /* this thread is the first worker */
		started += pthread_create(&tid[started], NULL, fold_worker, &w) == 0;
	fold_worker(&w);
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	int rc = 0;
	for (int f = 0; f < folds; f++) { /* the first failing fold's error, as in order */
		if (w.rc[f] && !rc) {
			rc = w.rc[f];
			set_err(err, "%s", w.errs[f] ? w.errs[f] : "a fold could not be trained");
		}
		free(w.errs[f]);
	}
	free(w.rc);
	free(w.errs);
	free(tid);
	return rc;
}

/* ---- nested cross-validation ---------------------------------------------- */

/* The threshold for the training part of outer fold f: calibrated on
 * out-of-fold predictions of an inner split of it. */
static int inner_threshold(const struct route_learner *l, void *env, const char *const *classes,
                           size_t k, const struct classifier_example *ex, const bool *scored,
                           size_t n, const struct route_cv_opts *o, const int *fold, int f,
                           double *t, char **err)
{
	struct classifier_example *part = xcalloc(n ? n : 1, sizeof *part);
	int *labels = xcalloc(n ? n : 1, sizeof *labels), *inner = NULL;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (fold[i] != f) {
			labels[m] = scored[i] ? ex[i].label : -1;
			part[m++] = ex[i];
		}
	inner = xcalloc(m ? m : 1, sizeof *inner);
	route_cv_folds(labels, m, o->inner_folds, o->seed + 1 + (uint64_t)f, inner);
	size_t *top = xcalloc(m ? m : 1, sizeof *top);
	double *conf = xcalloc(m ? m : 1, sizeof *conf);
	bool *routed = xcalloc(m ? m : 1, sizeof *routed),
	     *right = xcalloc(m ? m : 1, sizeof *right);
	int rc =
	    route_cv_predict(l, env, classes, k, part, m, inner, o->inner_folds, top, conf, err);
	size_t s = 0;
	for (size_t i = 0; rc == 0 && i < m; i++) {
		if (inner[i] < 0)
			continue;
		routed[s] = top[i] != k - 1;
		right[s] = top[i] == (size_t)part[i].label;
		conf[s++] = conf[i];
	}
	double precision;
	bool reached;
	if (rc == 0)
		*t = router_calibrate(conf, routed, right, s, o->target, &precision, &reached);
	free(part);
	free(labels);
	free(inner);
	free(top);
	free(conf);
	free(routed);
	free(right);
	return rc;
}

int route_cv_run(const struct route_learner *l, void *env, const char *const *classes, size_t k,
                 const struct classifier_example *ex, const bool *scored, size_t n,
                 const struct route_cv_opts *o, struct route_cv *out, char **err)
{
	memset(out, 0, sizeof *out);
	double t0 = monotonic_seconds();
	out->n = n;
	out->fold = xcalloc(n ? n : 1, sizeof *out->fold);
	out->got = xcalloc(n ? n : 1, sizeof *out->got);
	out->threshold = xcalloc((size_t)o->folds, sizeof *out->threshold);
	int *labels = xcalloc(n ? n : 1, sizeof *labels);
	for (size_t i = 0; i < n; i++)
		labels[i] = scored[i] ? ex[i].label : -1;
	route_cv_folds(labels, n, o->folds, o->seed, out->fold);
	free(labels);
	size_t *top = xcalloc(n ? n : 1, sizeof *top);
	double *conf = xcalloc(n ? n : 1, sizeof *conf);
	int rc = 0;
	for (int f = 0; f < o->folds && rc == 0; f++) {
		out->threshold[f] = o->threshold;
		if (!o->fixed)
			rc = inner_threshold(l, env, classes, k, ex, scored, n, o, out->fold, f,
			                     &out->threshold[f], err);
	}
	if (rc == 0)
		rc = route_cv_predict(l, env, classes, k, ex, n, out->fold, o->folds, top, conf,
		                      err);
	for (size_t i = 0; i < n; i++) {
		out->got[i] = -1;
		if (rc || out->fold[i] < 0)
			continue;
		bool below = top[i] != k - 1 && conf[i] < out->threshold[out->fold[i]];
		out->got[i] = below ? (int)(k - 1) : (int)top[i];
		out->right += out->got[i] == ex[i].label;
		out->total++;
	}
	free(top);
	free(conf);
	out->seconds = monotonic_seconds() - t0;
	if (rc)
		route_cv_free(out);
	return rc;
}

void route_cv_free(struct route_cv *cv)
{
	free(cv->fold);
	free(cv->got);
	free(cv->threshold);
	memset(cv, 0, sizeof *cv);
}
