/* cv.h: k-fold cross-validation of a learned router kind (learner.h) on its
 * training data (issue 17 item 6), and the out-of-fold predictions
 * `loco router train` calibrates its threshold on (fit.h).
 *
 * The folds are stratified by class and fixed by a seed: the examples of
 * each class, in their order, are shuffled (Fisher-Yates with xoshiro256**
 * seeded by splitmix64, stats.h), then dealt to folds 0, 1, ..., k-1, 0, ...
 * with the deal continuing from one class to the next, so every fold holds
 * a k-th of every class (within one) and the folds differ in size by at most
 * one. An example whose label is negative (a keyword: trained on, never
 * scored) gets fold -1 and is in every training part.
 *
 * route_cv_run() scores every example with fold >= 0 by a model trained on
 * the other folds (and the fold -1 examples) only; when no fixed threshold
 * is given, each outer fold's threshold is calibrated (router_calibrate())
 * on out-of-fold predictions of an inner split of that fold's training part,
 * so no scored example has a say in the threshold it is routed with.
 *
 * The folds of a split are trained side by side, one thread a core (at
 * most one a fold), when the learner allows it (learner.h): the classifier
 * does, the embedding router (which asks a server) does not. Each fold is
 * trained alone, so the results do not depend on how many threads ran.
 */
#ifndef LOCO_CV_H
#define LOCO_CV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "learner.h"

#define ROUTE_CV_SEED 42

/* fold[i] for labels[0..n) (negative: -1, never scored); k >= 2. */
void route_cv_folds(const int *labels, size_t n, int k, uint64_t seed, int *fold);

/* Out-of-fold top class and its probability for every example with
 * fold[i] >= 0 (others untouched). 0, or -1 with *err. */
int route_cv_predict(const struct route_learner *l, void *env, const char *const *classes, size_t k,
                     const struct classifier_example *ex, size_t n, const int *fold, int folds,
                     size_t *top, double *conf, char **err);

struct route_cv_opts {
	int folds;        /* k, >= 2 */
	int inner_folds;  /* for the calibration inside each fold, >= 2 */
	uint64_t seed;    /* the outer split's; inner splits use seed + 1 + fold */
	double target;    /* router.target_precision */
	bool fixed;       /* use threshold below instead of calibrating */
	double threshold; /* router.min_confidence */
};

struct route_cv {
	size_t n;
	int *fold; /* per example, -1: not scored */
	int *got;  /* per example: the class routed to (k - 1 the base model), -1 unscored */
	double *threshold; /* per fold */
	size_t right, total;
	double seconds;
};

/* Cross-validates l on ex[0..n); scored[i] false keeps example i out of the
 * scoring (it is trained on in every fold). 0, or -1 with *err. */
int route_cv_run(const struct route_learner *l, void *env, const char *const *classes, size_t k,
                 const struct classifier_example *ex, const bool *scored, size_t n,
                 const struct route_cv_opts *o, struct route_cv *out, char **err);
void route_cv_free(struct route_cv *cv);

#endif
