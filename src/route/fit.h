/* fit.h: `loco router train`'s work (issue 17 items 3, 5 and 8): k-fold
 * cross-validation of the classifier on its training data, a confidence
 * threshold calibrated on the out-of-fold predictions to a target
 * precision, and the final model trained on everything.
 *
 * The folds are route_cv_folds() with ROUTE_CV_SEED (cv.h): stratified by
 * class, the same on every run. Keyword examples are in every training
 * part and never predicted, so they have no say in the threshold.
 *
 * The threshold t is the lowest out-of-fold confidence at which routing to
 * an adapter (the most probable class is not base, and its probability is
 * >= t) is right at least target of the time; cuts fall only between two
 * different confidences. When no cut reaches target, t is 1 and
 * reached is false: the classifier then sends almost everything to the
 * base model, and `router train` says so.
 */
#ifndef LOCO_FIT_H
#define LOCO_FIT_H

#include <stdbool.h>
#include <stddef.h>

#include "classifier.h"
#include "trainset.h"

struct router_fit {
	struct classifier *model; /* the caller's (classifier_free()) */
	int folds;
	double threshold;
	bool reached;
	double precision;   /* out-of-fold precision of routing at the threshold */
	size_t cv_right;    /* out-of-fold decisions right, with the threshold, */
	size_t cv_total;    /* over the examples that are not keywords */
	double fit_seconds; /* the final model's training time */
	double total_seconds;
};

/* Cross-validates, calibrates and trains. -1 with *err when a fold or the
 * final model cannot be trained (no features). */
int router_fit(const struct router_data *d, const struct classifier_params *p, double target,
               int folds, struct router_fit *out, char **err);

/* The threshold for target from out-of-fold decisions: routed[i] true when
 * the most probable class is an adapter, conf[i] its probability, right[i]
 * whether it is the example's class. Sets *precision and *reached. */
double router_calibrate(const double *conf, const bool *routed, const bool *right, size_t n,
                        double target, double *precision, bool *reached);

#endif
