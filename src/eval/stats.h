/* stats.h: the numbers behind an eval verdict (SPEC section 7, issue 13). One
 * statistic per verdict: pass/fail items get the exact McNemar test and
 * Tango's score interval for the difference of paired proportions; graded
 * scores get a paired sign-flip permutation test and the interval from
 * inverting it. Also the power of the comparison, Holm's adjustment, the
 * out-of-domain rule and the verdict they all lead to.
 *
 * Nothing here allocates anything the caller keeps: arrays are borrowed,
 * results come back by value or through the out pointers. Nothing prints.
 */
#ifndef LOCO_STATS_H
#define LOCO_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Deterministic pseudo-random numbers for resampling: the same seed gives the same
 * sequence on every machine (so a rerun reproduces its p-value and interval exactly). */
struct stats_rng {
	uint64_t s[4];
};
void stats_rng_seed(struct stats_rng *r, uint64_t seed); /* splitmix64 to fill the state */
uint64_t stats_rng_next(struct stats_rng *r);            /* xoshiro256** */
/* Uniform in [0, n), unbiased (Lemire's multiply-and-reject); 0 when n is 0. */
uint32_t stats_rng_below(struct stats_rng *r, uint32_t n);

double stats_mean(const double *x, size_t n); /* 0 for n == 0 */

/* The standard normal quantiles every formula here uses, 95% two-sided and 80% power:
 * sqrt(2) erfinv(0.95) and sqrt(2) erfinv(0.6) from mpmath at 40 digits, as doubles. */
#define STATS_Z_975 1.9599639845400543
#define STATS_Z_80  0.8416212335729142
#define STATS_ALPHA 0.05
#define STATS_POWER 0.8

/* Exact two-sided McNemar test on the discordant pairs: b = items only the base got right,
 * c = items only the adapter got right. p = min(1, 2 * P(X <= min(b, c))) with
 * X ~ Binomial(b + c, 1/2). b + c == 0 gives 1, and so does a negative count (a caller's
 * bug must not make an adapter ship). */
double stats_mcnemar_exact(long b, long c);

/* Tango's (1998) asymptotic score interval, 95%, for the difference of paired proportions
 * (adapter rate - base rate = (only_adapter - only_base) / n): every d0 whose score
 * statistic
 *   (only_adapter - only_base - n d0) / sqrt(n (2 q(d0) + d0 (1 - d0)))
 * lies within +-1.96, where q(d0) is the maximum-likelihood P(only the base right) under
 * the difference d0. Its width is positive whenever n > 0, also with no discordant item
 * (then it is +-z^2 / (n + z^2)). n == 0 or an impossible table gives [-1, 1]. */
void stats_tango_ci(long n, long only_base, long only_adapter, double *lo, double *hi);

/* Paired sign-flip permutation test on per-item differences d[i] = adapter - base, with the
 * statistic |sum d[i]|. Under "no difference" each d[i] is as likely as -d[i]:
 *  - at most STATS_EXACT_MAX non-zero differences: every sign pattern of those is counted,
 *    p = #{|sum +-d| >= |sum d|} / 2^m;
 *  - more: `resamples` random patterns over all n items (seeded), p = (1 + hits) / (R + 1).
 * Sums that agree to 1e-9 of the total absolute difference count as ties (so rounding
 * never makes an item look significant). The interval inverts the same test: every shift t
 * with p(d - t) >= 0.05, by bisection, exact over all 2^n patterns when n <= STATS_EXACT_MAX,
 * else over the same random patterns. Sign patterns are drawn as bits of xoshiro256**
 * outputs: pattern r, item i uses bit (i mod 64) of output number (r * ceil(n / 64) +
 * i / 64); a set bit flips the sign. */
#define STATS_EXACT_MAX 20
#define STATS_RESAMPLES 100000
#define STATS_SEED      42
struct stats_sign_flip {
	double p;
	bool exact;     /* p counted over every pattern */
	size_t nonzero; /* items whose difference is not 0 */
	double lo, hi;  /* 95% interval of the mean difference */
	bool ci_exact;  /* the interval from every pattern of all n items */
	long resamples; /* random patterns drawn (0 when both are exact) */
};
void stats_sign_flip(const double *d, size_t n, long resamples, uint64_t seed,
                     struct stats_sign_flip *out);

/* Holm's step-down adjustment of m p-values: sorted ascending, the k-th (from 0) becomes
 * max over j <= k of min(1, (m - j) p_(j)). Ties keep their input order. */
void stats_holm(const double *p, size_t m, double *adjusted);

/* Power at STATS_ALPHA two-sided and STATS_POWER. Pass/fail items: Connor (1987), with
 * psi = P(the two disagree) and delta = the difference of pass rates,
 *   n = (z_975 sqrt(psi) + z_80 sqrt(psi - delta^2))^2 / delta^2.
 * The minimum detectable difference solves it for delta at this n; NAN when even
 * delta = psi (every disagreement going one way) is not detectable. Items needed: NAN when
 * delta is not in (0, psi]. Graded scores: the paired normal approximation with the
 * standard deviation sd of the per-item differences, delta = (z_975 + z_80) sd / sqrt(n);
 * NAN when sd or the effect is not positive. Results are fractions (x100 = points) and
 * item counts before rounding up. */
double stats_mde_pass_fail(size_t n, double discordance);
double stats_items_pass_fail(double effect, double discordance);
double stats_mde_graded(size_t n, double sd);
double stats_items_graded(double effect, double sd);

/* The out-of-domain rule, on totals (correct counts, or summed scores for graded items):
 * the adapter regresses when 100 (base_total - adapter_total) > max_drop n. Counts are
 * whole numbers, so for them the comparison is exact. */
bool stats_ood_regression(double base_total, double adapter_total, size_t n, double max_drop);

enum verdict {
	VERDICT_SHIPS,
	VERDICT_NOT_SIGNIFICANT,
	VERDICT_WORSE,
	VERDICT_TOO_FEW,
	VERDICT_OOD_REGRESSION,
};
/* The test's verdict. ships: delta > 0 and p < 0.05; worse than base: delta < 0 and
 * p < 0.05; otherwise (NaN included) not significant. */
enum verdict stats_verdict(double delta, double p);
/* The verdict of a run: too few items (n < min_items) first, then worse than base, then
 * regresses out of domain, then the test's. So ships needs all three to hold. */
enum verdict stats_final_verdict(enum verdict test, size_t n, size_t min_items,
                                 bool ood_regression);
/* "ships", "not significant", "worse than base", "too few items", "regresses out of domain" */
const char *verdict_name(enum verdict v);

#endif
