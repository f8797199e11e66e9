/* fit.c: cross-validation, threshold calibration and the final fit of the
 * classifier router (see fit.h). */
#include "fit.h"

#include <stdlib.h>
#include <string.h>

#include "cv.h"
#include "util.h"

struct scored {
	double conf;
	bool right;
	size_t at; /* original index: a stable order for equal confidences */
};

static int by_conf_desc(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	if (x->conf != y->conf)
		return x->conf < y->conf ? 1 : -1;
	return (x->at > y->at) - (x->at < y->at);
}

double router_calibrate(const double *conf, const bool *routed, const bool *right, size_t n,
                        double target, double *precision, bool *reached)
{
	struct scored *s = xcalloc(n ? n : 1, sizeof *s);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (routed[i])
			s[m++] = (struct scored){conf[i], right[i], i};
	qsort(s, m, sizeof *s, by_conf_desc);
	double t = 1;
	*reached = false;
	*precision = 0;
	size_t ok = 0;
	for (size_t i = 0; i < m; i++) {
		ok += s[i].right;
		if (i + 1 < m && s[i + 1].conf == s[i].conf)
			continue; /* a cut between equal confidences cannot be made */
		double p = (double)ok / (double)(i + 1);
		if (p >= target) {
			t = s[i].conf;
			*precision = p;
			*reached = true;
		}
	}
	free(s);
	return t;
}

int router_fit(const struct router_data *d, const struct classifier_params *p, double target,
               int folds, struct router_fit *out, char **err)
{
	memset(out, 0, sizeof *out);
	out->folds = folds;
	double t0 = monotonic_seconds();
	size_t *top = xcalloc(d->n, sizeof *top);
	double *conf = xcalloc(d->n, sizeof *conf), *confm = xcalloc(d->n, sizeof *confm);
	bool *routed = xcalloc(d->n, sizeof *routed), *right = xcalloc(d->n, sizeof *right);
	int *labels = xcalloc(d->n ? d->n : 1, sizeof *labels);
	int *fold = xcalloc(d->n ? d->n : 1, sizeof *fold);
	for (size_t i = 0; i < d->n; i++)
		labels[i] = d->from[i] == FROM_KEYWORDS ? -1 : d->ex[i].label;
	route_cv_folds(labels, d->n, folds, ROUTE_CV_SEED, fold);
	free(labels);
	struct classifier_params params = *p;
	int rc = route_cv_predict(&classifier_learner, &params, (const char *const *)d->classes,
	                          d->k, d->ex, d->n, fold, folds, top, conf, err);
	if (rc == 0) {
		size_t base = d->k - 1, m = 0;
		for (size_t i = 0; i < d->n; i++) {
			if (fold[i] < 0)
				continue;
			routed[m] = top[i] != base;
			right[m] = top[i] == (size_t)d->ex[i].label;
			confm[m++] = conf[i];
		}
		out->threshold = router_calibrate(confm, routed, right, m, target, &out->precision,
		                                  &out->reached);
		for (size_t i = 0; i < d->n; i++) {
			if (fold[i] < 0)
				continue;
			size_t got = routed[i] && conf[i] < out->threshold ? base : top[i];
			out->cv_right += got == (size_t)d->ex[i].label;
			out->cv_total++;
		}
		double t1 = monotonic_seconds();
		out->model =
		    classifier_train((const char *const *)d->classes, d->k, d->ex, d->n, p, err);
		out->fit_seconds = monotonic_seconds() - t1;
		rc = out->model ? 0 : -1;
	}
	if (out->model) {
		out->model->threshold = out->threshold;
		out->model->target_precision = target;
	}
	out->total_seconds = monotonic_seconds() - t0;
	free(top);
	free(conf);
	free(confm);
	free(fold);
	free(routed);
	free(right);
	return rc;
}
