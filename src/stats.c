/* stats.c: paired bootstrap, exact McNemar and the verdict for eval reports.
 * Everything is deterministic: the resampling generator is specified bit for
 * bit, so a rerun with the same seed prints the same interval anywhere. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>

#include "util.h"

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* splitmix64 (Vigna): spreads a small seed such as 42 over all 256 bits. Its outputs are
 * a bijection of the counter, so four of them are never all zero, which xoshiro needs. */
static uint64_t splitmix_next(uint64_t *z)
{
	uint64_t x = (*z += 0x9e3779b97f4a7c15u);
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

void stats_rng_seed(struct stats_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix_next(&seed);
}

uint64_t stats_rng_next(struct stats_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Lemire's method: the high half of x * n is the draw; the low half tells when x fell in
 * the 2^32 mod n values that would favour some results, and those are redrawn. The high
 * 32 bits of each output are used because they are xoshiro's strongest. */
uint32_t stats_rng_below(struct stats_rng *r, uint32_t n)
{
	if (n == 0)
		return 0;
	uint64_t m = (stats_rng_next(r) >> 32) * n;
	if ((uint32_t)m < n) {
		uint32_t reject_below = (uint32_t)-n % n; /* 2^32 mod n */
		while ((uint32_t)m < reject_below)
			m = (stats_rng_next(r) >> 32) * n;
	}
	return (uint32_t)(m >> 32);
}

double stats_mean(const double *x, size_t n)
{
	if (n == 0)
		return 0;
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += x[i];
	return sum / (double)n;
}

/* One bootstrap resample's statistic. The sum runs in draw order, one subtraction per
 * draw, so a reference implementation doing the same gets the same bits. */
static double resample_delta(struct stats_rng *r, const double *base, const double *adapter,
                             size_t n)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t j = stats_rng_below(r, (uint32_t)n);
		sum += adapter[j] - base[j];
	}
	return sum / (double)n;
}

static double observed_delta(const double *base, const double *adapter, size_t n)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += adapter[i] - base[i];
	return sum / (double)n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void stats_bootstrap_ci(const double *base, const double *adapter, size_t n, int resamples,
                        uint64_t seed, double *lo, double *hi)
{
	if (n == 0) {
		*lo = *hi = 0;
		return;
	}
	if (resamples < 1) {
		*lo = *hi = observed_delta(base, adapter, n);
		return;
	}
	struct stats_rng r;
	stats_rng_seed(&r, seed);
	size_t count = (size_t)resamples;
	double *delta = xmalloc(count * sizeof *delta);
	for (size_t k = 0; k < count; k++)
		delta[k] = resample_delta(&r, base, adapter, n);
	qsort(delta, count, sizeof *delta, cmp_double);
	/* Integer arithmetic: 0.975 has no exact binary form, so in doubles 0.975 * (R - 1)
	 * can land a hair off a whole number and ceil would pick the next order statistic. */
	long long last = resamples - 1;
	*lo = delta[25 * last / 1000];
	*hi = delta[(975 * last + 999) / 1000];
	free(delta);
}

/* log P(X = k) for X ~ Binomial(trials, 1/2). lgamma keeps this finite where the
 * probability itself would underflow (trials in the tens of thousands). Its rounding of
 * values near 1e6 bounds the accuracy: about 1e-10 relative at 100000 trials. */
static double log_binomial_half(double trials, double k)
{
	return lgamma(trials + 1) - lgamma(k + 1) - lgamma(trials - k + 1) - trials * log(2.0);
}

/* P(X <= k) / P(X = k) for k <= trials / 2, walking down with
 * P(X = i - 1) = P(X = i) * i / (trials - i + 1). Every ratio is at most 1 and shrinks,
 * so terms only decrease and the sum can stop once they no longer register. */
static double lower_tail_over_pmf(long trials, long k)
{
	double term = 1, sum = 1;
	for (long i = k; i > 0 && term > sum * 1e-20; i--) {
		term *= (double)i / (double)(trials - i + 1);
		sum += term;
	}
	return sum;
}

/* Up to 1000 trials the tail is summed directly from 2^-n upward: every term
 * is a representable double, and small cases come out exact (0.03125, not
 * 0.031250000000000014 as through lgamma). */
static double small_tail(long trials, long k)
{
	double term = ldexp(1.0, (int)-trials), sum = 0;
	for (long i = 0; i <= k; i++) {
		sum += term;
		term = term * (double)(trials - i) / (double)(i + 1);
	}
	return 2 * sum;
}

double stats_mcnemar_exact(long b, long c)
{
	if (b < 0 || c < 0 || b + c == 0)
		return 1;
	long trials = b + c, k = b < c ? b : c;
	if (trials <= 1000) {
		double p = small_tail(trials, k);
		return p < 1 ? p : 1;
	}
	double log_p = log(2.0) + log_binomial_half((double)trials, (double)k) +
	               log(lower_tail_over_pmf(trials, k));
	double p = exp(log_p);
	return p < 1 ? p : 1;
}

enum verdict stats_verdict(double delta, double p)
{
	if (p < 0.05 && delta > 0)
		return VERDICT_SHIPS;
	if (p < 0.05 && delta < 0)
		return VERDICT_WORSE;
	return VERDICT_NOT_SIGNIFICANT;
}

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_SHIPS:
		return "ships";
	case VERDICT_NOT_SIGNIFICANT:
		return "not significant";
	case VERDICT_WORSE:
		return "worse than base";
	}
	return "unknown";
}
