/* fit.c: cross-validation, threshold calibration and the final fit of the
 * classifier router (see fit.h). */
#include "fit.h"

#include <stdlib.h>
#include <string.h>

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

/* The examples of d outside (or inside) fold f of k. */
static size_t pick(const struct router_data *d, int f, int k, bool inside,
                   struct classifier_example *out)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		if (((int)(i % (size_t)k) == f) == inside)
			out[n++] = d->ex[i];
	return n;
}

static size_t argmax(const double *p, size_t k)
{
	size_t best = 0;
	for (size_t j = 1; j < k; j++)
		if (p[j] > p[best])
			best = j;
	return best;
}

/* Out-of-fold top class and confidence of every example. */
static int cross_validate(const struct router_data *d, const struct classifier_params *p, int k,
                          size_t *top, double *conf, char **err)
{
	struct classifier_example *train = xcalloc(d->n, sizeof *train);
	double *probs = xcalloc(d->k, sizeof *probs);
	int rc = 0;
	for (int f = 0; f < k && rc == 0; f++) {
		size_t n = pick(d, f, k, false, train);
		struct classifier *c =
		    classifier_train((const char *const *)d->classes, d->k, train, n, p, err);
		if (!c) {
			rc = -1;
			break;
		}
		for (size_t i = (size_t)f; i < d->n; i += (size_t)k) {
			classifier_predict(c, d->ex[i].text, d->ex[i].len, probs);
			top[i] = argmax(probs, d->k);
			conf[i] = probs[top[i]];
		}
		classifier_free(c);
	}
	free(train);
	free(probs);
	return rc;
}

int router_fit(const struct router_data *d, const struct classifier_params *p, double target,
               int folds, struct router_fit *out, char **err)
{
	memset(out, 0, sizeof *out);
	out->folds = folds;
	double t0 = monotonic_seconds();
	size_t *top = xcalloc(d->n, sizeof *top);
	double *conf = xcalloc(d->n, sizeof *conf);
	bool *routed = xcalloc(d->n, sizeof *routed), *right = xcalloc(d->n, sizeof *right);
	int rc = cross_validate(d, p, folds, top, conf, err);
	if (rc == 0) {
		size_t base = d->k - 1;
		for (size_t i = 0; i < d->n; i++) {
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
	free(routed);
	free(right);
	return rc;
}
