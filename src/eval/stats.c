/* stats.c: exact McNemar, Tango's interval, the sign-flip permutation test,
 * power, Holm and the verdict for eval reports. Everything is deterministic:
 * the resampling generator is specified bit for bit, so a rerun prints the
 * same p-value and interval anywhere. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- Tango's interval for paired proportions --------------------------- */

/* Tango's score statistic at d0 = P(only the adapter right) - P(only the base right). q is
 * the constrained maximum-likelihood P(only the base right), the non-negative root of
 * 2n q^2 + B q + C = 0; for B > 0 it is written as -2C / (root + B), which does not cancel. */
static double tango_z(double n, double base_only, double adapter_only, double d0)
{
	double B = -adapter_only - base_only + (2 * n - adapter_only + base_only) * d0;
	double C = -base_only * d0 * (1 - d0);
	double root = sqrt(fmax(0, B * B - 8 * n * C));
	double q = B > 0 ? -2 * C / (root + B) : (root - B) / (4 * n);
	return (adapter_only - base_only - n * d0) / sqrt(n * (2 * q + d0 * (1 - d0)));
}

/* The d0 in (from, to) where the statistic crosses target. It falls as d0 rises, so
 * bisection needs only the sign; only interior points are evaluated (at the estimate
 * itself the variance can be 0). When it never crosses, this converges on `to` or `from`,
 * the end of the range. */
static double tango_limit(double n, double b, double c, double from, double to, double target)
{
	double lo = from, hi = to;
	for (int i = 0; i < 100; i++) {
		double mid = lo + (hi - lo) / 2;
		if (mid <= lo || mid >= hi)
			break;
		if (tango_z(n, b, c, mid) > target)
			lo = mid;
		else
			hi = mid;
	}
	return lo + (hi - lo) / 2;
}

void stats_tango_ci(long n, long only_base, long only_adapter, double *lo, double *hi)
{
	*lo = -1;
	*hi = 1;
	if (n <= 0 || only_base < 0 || only_adapter < 0 || only_base > n - only_adapter)
		return;
	double N = (double)n, b = (double)only_base, c = (double)only_adapter, est = (c - b) / N;
	if (est > -1)
		*lo = tango_limit(N, b, c, -1, est, STATS_Z_975);
	if (est < 1)
		*hi = tango_limit(N, b, c, est, 1, -STATS_Z_975);
}

/* ---- the sign-flip permutation test ------------------------------------ */

/* Sums closer than this share of the total absolute difference count as equal: the same
 * sum reached through another order of additions must tie, not win or lose by an ulp. */
#define TIE_SHARE 1e-9

/* For each sign pattern k: a[k] = sum s_i d_i and b[k] = sum s_i, so that the pattern's
 * statistic for the shifted differences d - t is a[k] - t b[k] without another pass. */
struct flips {
	double *a;
	int32_t *b;
	size_t count;
	bool exact; /* every pattern, rather than random ones */
};

static void flips_every(const double *d, size_t n, struct flips *f)
{
	f->count = (size_t)1 << n;
	f->exact = true;
	f->a = xmalloc(f->count * sizeof *f->a);
	f->b = xmalloc(f->count * sizeof *f->b);
	for (size_t mask = 0; mask < f->count; mask++) {
		double a = 0;
		int32_t b = 0;
		for (size_t i = 0; i < n; i++) {
			bool flip = mask >> i & 1;
			a = flip ? a - d[i] : a + d[i];
			b += flip ? -1 : 1;
		}
		f->a[mask] = a;
		f->b[mask] = b;
	}
}

static void flips_random(const double *d, size_t n, long resamples, uint64_t seed, struct flips *f)
{
	struct stats_rng rng;
	stats_rng_seed(&rng, seed);
	f->count = (size_t)resamples;
	f->exact = false;
	f->a = xmalloc(f->count * sizeof *f->a);
	f->b = xmalloc(f->count * sizeof *f->b);
	for (size_t k = 0; k < f->count; k++) {
		double a = 0;
		int32_t b = 0;
		uint64_t bits = 0;
		for (size_t i = 0; i < n; i++) {
			if (i % 64 == 0)
				bits = stats_rng_next(&rng);
			bool flip = bits >> (i % 64) & 1;
			a = flip ? a - d[i] : a + d[i];
			b += flip ? -1 : 1;
		}
		f->a[k] = a;
		f->b[k] = b;
	}
}

/* The p-value of "no difference" for d - t over the patterns. */
static double flips_p(const struct flips *f, const double *d, size_t n, double t)
{
	double observed = 0, scale = 0;
	for (size_t i = 0; i < n; i++) {
		observed += d[i] - t;
		scale += fabs(d[i] - t);
	}
	double bar = fabs(observed) - TIE_SHARE * scale;
	size_t hits = 0;
	for (size_t k = 0; k < f->count; k++)
		hits += fabs(f->a[k] - t * f->b[k]) >= bar;
	if (f->exact)
		return (double)hits / (double)f->count;
	return (double)(hits + 1) / (double)(f->count + 1);
}

/* Exact p over the m non-zero differences: the zeros change no sum, so they are left out
 * and 2^m patterns are enough. */
static double sign_flip_exact_p(const double *d, size_t n, size_t m)
{
	double *nz = xmalloc((m ? m : 1) * sizeof *nz);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (d[i] != 0)
			nz[k++] = d[i];
	struct flips f;
	flips_every(nz, m, &f);
	double p = flips_p(&f, nz, m, 0);
	free(f.a);
	free(f.b);
	free(nz);
	return p;
}

/* The furthest shift from `inside` towards `outside` the test does not reject (p >= alpha),
 * by bisection to 1e-10. The value returned was accepted, so an interval never claims a
 * shift the test rejects; with every difference 0, nothing but 0 is accepted. */
static double flips_limit(const struct flips *f, const double *d, size_t n, double inside,
                          double outside)
{
	if (flips_p(f, d, n, outside) >= STATS_ALPHA)
		return outside;
	for (int i = 0; i < 64 && fabs(outside - inside) > 1e-10; i++) {
		double mid = inside + (outside - inside) / 2;
		if (flips_p(f, d, n, mid) >= STATS_ALPHA)
			inside = mid;
		else
			outside = mid;
	}
	return inside;
}

void stats_sign_flip(const double *d, size_t n, long resamples, uint64_t seed,
                     struct stats_sign_flip *out)
{
	memset(out, 0, sizeof *out);
	out->p = 1;
	out->lo = -1;
	out->hi = 1;
	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++)
		out->nonzero += d[i] != 0;
	if (resamples < 1)
		resamples = STATS_RESAMPLES;
	struct flips f;
	if (n <= STATS_EXACT_MAX) {
		flips_every(d, n, &f);
	} else {
		flips_random(d, n, resamples, seed, &f);
		out->resamples = resamples;
	}
	out->ci_exact = f.exact;
	out->exact = out->nonzero <= STATS_EXACT_MAX;
	out->p = out->exact ? sign_flip_exact_p(d, n, out->nonzero) : flips_p(&f, d, n, 0);
	double mean = stats_mean(d, n);
	out->lo = flips_limit(&f, d, n, mean, -1);
	out->hi = flips_limit(&f, d, n, mean, 1);
	free(f.a);
	free(f.b);
}

/* ---- Holm --------------------------------------------------------------- */

/* An unknown p sorts last: it must not take the smallest p's place in the step-down. */
static double holm_key(double p)
{
	return isnan(p) ? INFINITY : p;
}

void stats_holm(const double *p, size_t m, double *adjusted)
{
	size_t *order = xmalloc((m ? m : 1) * sizeof *order);
	/* insertion sort: stable, and m is the number of adapters or datasets */
	for (size_t i = 0; i < m; i++) {
		size_t j = i;
		while (j > 0 && holm_key(p[order[j - 1]]) > holm_key(p[i])) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	double running = 0;
	for (size_t k = 0; k < m; k++) {
		double v = (double)(m - k) * p[order[k]];
		if (!(v <= 1))
			v = 1; /* NaN included: an unknown p never looks significant */
		if (v > running)
			running = v;
		adjusted[order[k]] = running;
	}
	free(order);
}

/* ---- power -------------------------------------------------------------- */

/* Connor's equation for the difference delta at n items, as sqrt(n) delta minus the rest:
 * it rises with delta, so its root is the smallest detectable difference. */
static double connor_gap(double n, double psi, double delta)
{
	return sqrt(n) * delta - STATS_Z_975 * sqrt(psi) -
	       STATS_Z_80 * sqrt(fmax(0, psi - delta * delta));
}

double stats_mde_pass_fail(size_t n, double discordance)
{
	double psi = discordance, N = (double)n;
	if (n == 0 || !(psi > 0) || psi > 1 || connor_gap(N, psi, psi) < 0)
		return NAN;
	double lo = 0, hi = psi;
	for (int i = 0; i < 100 && hi - lo > 1e-15; i++) {
		double mid = lo + (hi - lo) / 2;
		if (connor_gap(N, psi, mid) < 0)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

double stats_items_pass_fail(double effect, double discordance)
{
	double psi = discordance;
	if (!(effect > 0) || !(effect <= psi) || psi > 1)
		return NAN;
	double t = STATS_Z_975 * sqrt(psi) + STATS_Z_80 * sqrt(psi - effect * effect);
	return t * t / (effect * effect);
}

double stats_mde_graded(size_t n, double sd)
{
	if (n == 0 || !(sd > 0))
		return NAN;
	return (STATS_Z_975 + STATS_Z_80) * sd / sqrt((double)n);
}

double stats_items_graded(double effect, double sd)
{
	if (!(effect > 0) || !(sd > 0))
		return NAN;
	double t = (STATS_Z_975 + STATS_Z_80) * sd / effect;
	return t * t;
}

/* ---- the verdict -------------------------------------------------------- */

bool stats_ood_regression(double base_total, double adapter_total, size_t n, double max_drop)
{
	return 100 * (base_total - adapter_total) > max_drop * (double)n;
}

enum verdict stats_verdict(double delta, double p)
{
	if (p < STATS_ALPHA && delta > 0)
		return VERDICT_SHIPS;
	if (p < STATS_ALPHA && delta < 0)
		return VERDICT_WORSE;
	return VERDICT_NOT_SIGNIFICANT;
}

enum verdict stats_final_verdict(enum verdict test, size_t n, size_t min_items, bool ood_regression)
{
	if (n < min_items)
		return VERDICT_TOO_FEW;
	if (test == VERDICT_WORSE)
		return test;
	if (ood_regression)
		return VERDICT_OOD_REGRESSION;
	return test;
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
	case VERDICT_TOO_FEW:
		return "too few items";
	case VERDICT_OOD_REGRESSION:
		return "regresses out of domain";
	}
	return "unknown";
}
