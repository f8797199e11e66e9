/* stats.h: the numbers behind an eval verdict (SPEC section 7): the paired
 * bootstrap CI of the adapter-minus-base score, the exact McNemar p-value on
 * the discordant items, and the verdict they lead to.
 *
 * Nothing here allocates anything the caller keeps: score arrays are borrowed,
 * results come back by value or through the out pointers. Nothing prints.
 */
#ifndef LOCO_STATS_H
#define LOCO_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Deterministic pseudo-random numbers for resampling: the same seed gives the same
 * sequence on every machine (so a rerun reproduces its CI exactly). */
struct stats_rng {
	uint64_t s[4];
};
void stats_rng_seed(struct stats_rng *r, uint64_t seed); /* splitmix64 to fill the state */
uint64_t stats_rng_next(struct stats_rng *r);            /* xoshiro256** */
/* Uniform in [0, n), unbiased (Lemire's multiply-and-reject); 0 when n is 0. */
uint32_t stats_rng_below(struct stats_rng *r, uint32_t n);

double stats_mean(const double *x, size_t n); /* 0 for n == 0 */

/* Paired bootstrap: resamples the n item indices with replacement `resamples` times; each
 * resample's statistic is mean(adapter[i] - base[i]) over the drawn indices, summed in draw
 * order. With R resamples sorted ascending, the CI is the percentile interval
 *   lo = sorted[floor(0.025 * (R - 1))],  hi = sorted[ceil(0.975 * (R - 1))]
 * with the indices computed in integers (25(R-1)/1000 rounded down, 975(R-1)/1000 rounded
 * up), so R = 10000 takes sorted[249] and sorted[9750]. n == 0 gives [0, 0]; resamples < 1
 * gives the observed difference for both ends. n must be below 2^32. */
void stats_bootstrap_ci(const double *base, const double *adapter, size_t n, int resamples,
                        uint64_t seed, double *lo, double *hi);

/* Exact two-sided McNemar test on the discordant pairs: b = items only the base got right,
 * c = items only the adapter got right. p = min(1, 2 * P(X <= min(b, c))) with
 * X ~ Binomial(b + c, 1/2). b + c == 0 gives 1, and so does a negative count (a caller's
 * bug must not make an adapter ship). */
double stats_mcnemar_exact(long b, long c);

enum verdict { VERDICT_SHIPS, VERDICT_NOT_SIGNIFICANT, VERDICT_WORSE };
/* ships: delta > 0 and p < 0.05; worse than base: delta < 0 and p < 0.05; otherwise (NaN
 * included) not significant. */
enum verdict stats_verdict(double delta, double p);
const char *verdict_name(enum verdict v); /* "ships", "not significant", "worse than base" */

#endif
