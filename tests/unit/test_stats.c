/* test_stats.c: the resampling generator bit for bit, exact McNemar p-values,
 * Tango's interval, the sign-flip test and its interval, power, Holm, the
 * out-of-domain rule and the verdict, and seeded coverage simulations.
 *
 * The generator's pinned values come from a scratch Python reimplementation of
 * splitmix64, xoshiro256** and Lemire's bounded draw. Every other reference value
 * comes from tests/unit/stats_reference.py, which computes it another way than
 * src/eval/stats.c (exact fractions, mpmath at 40 digits, closed forms instead of
 * bisection); each table says which of its sections it is. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "stats.h"
#include "util.h"

/* Under Valgrind (tests/valgrind.sh sets LOCO_TEST_MEMCHECK) the coverage
 * simulations walk the same code a few hundred times, not a hundred thousand:
 * memcheck sees every path, and the coverage itself is checked in the normal
 * and sanitizer builds, where it takes seconds instead of minutes. */
static int memcheck(void)
{
	const char *v = getenv("LOCO_TEST_MEMCHECK");
	return v && *v;
}

static int near(double got, double want, double rel)
{
	return fabs(got - want) <= rel * fabs(want);
}

static void test_rng_sequence(void)
{
	/* splitmix64 from 0: the published reference outputs (Vigna's splitmix64.c) */
	static const uint64_t seed0[4] = {0xe220a8397b1dcdafu, 0x6e789e6aa1b965f4u,
	                                  0x06c45d188009454fu, 0xf88bb8a8724c81ecu};
	struct stats_rng r;
	stats_rng_seed(&r, 0);
	for (int i = 0; i < 4; i++)
		CHECK(r.s[i] == seed0[i], "seed 0 state word %d", i);

	/* xoshiro256** seeded with 42: the Python reimplementation, which agrees with an
	 * unrelated public C++ reference of the same construction */
	static const uint64_t seed42[4] = {0x15780b2e0c2ec716u, 0x6104d9866d113a7eu,
	                                   0xae17533239e499a1u, 0xecb8ad4703b360a1u};
	stats_rng_seed(&r, 42);
	for (int i = 0; i < 4; i++)
		CHECK(stats_rng_next(&r) == seed42[i], "seed 42 output %d", i);
}

static void test_rng_below_pinned(void)
{
	/* from the Python reimplementation; 3 << 30 rejects a quarter of all draws, so the
	 * second list also pins the redraw path */
	static const uint32_t tens[12] = {7, 2, 8, 9, 9, 8, 0, 1, 4, 1, 5, 7};
	static const uint32_t wide[6] = {2256714809u, 897920560u,  2704629366u,
	                                 3160336982u, 2811401642u, 195696145u};
	struct stats_rng r;
	stats_rng_seed(&r, 7);
	for (size_t i = 0; i < LOCO_ARRAY_LEN(tens); i++)
		CHECK(stats_rng_below(&r, 10) == tens[i], "below(10) draw %zu", i);
	stats_rng_seed(&r, 7);
	for (size_t i = 0; i < LOCO_ARRAY_LEN(wide); i++)
		CHECK(stats_rng_below(&r, 3u << 30) == wide[i], "below(3 << 30) draw %zu", i);
}

static void test_rng_below_range(void)
{
	struct stats_rng r;
	stats_rng_seed(&r, 1);
	long bucket[10] = {0};
	int out_of_range = 0, one_nonzero = 0, huge_out = 0;
	for (int i = 0; i < 100000; i++) {
		uint32_t v = stats_rng_below(&r, 10);
		out_of_range += v >= 10;
		if (v < 10)
			bucket[v]++;
		one_nonzero += stats_rng_below(&r, 1) != 0;
		huge_out += stats_rng_below(&r, UINT32_MAX) >= UINT32_MAX;
	}
	CHECK(!out_of_range && !one_nonzero && !huge_out, "%d, %d, %d draws reached n",
	      out_of_range, one_nonzero, huge_out);
	/* 10000 expected per bucket, sd about 95: 500 is over five sd */
	for (int k = 0; k < 10; k++)
		CHECK(labs(bucket[k] - 10000) <= 500, "bucket %d holds %ld", k, bucket[k]);

	/* x % n would give [0, 2^30) half the draws for n = 3 * 2^30; unbiased gives a third */
	long low = 0;
	for (int i = 0; i < 30000; i++)
		low += stats_rng_below(&r, 3u << 30) < (1u << 30);
	CHECK(labs(low - 10000) <= 600, "%ld of 30000 in the lowest third", low);
	CHECK(stats_rng_below(&r, 0) == 0, "n = 0 gives 0");
}

static void test_mean(void)
{
	const double x[] = {1, 0, 0.5, 0.5};
	CHECK(stats_mean(x, 4) == 0.5, "mean %g", stats_mean(x, 4));
	CHECK(stats_mean(NULL, 0) == 0, "empty mean");
}

static void test_mcnemar(void)
{
	static const struct {
		long b, c;
		double p;
	} table[] = {
	    {0, 0, 1},                    /* no discordant pairs */
	    {0, 1, 1},                    /* 2 * 1/2 = 1 */
	    {0, 5, 0.0625},               /* 2 * (1/32) */
	    {1, 5, 0.21875},              /* 2 * (1 + 6) / 64 */
	    {2, 8, 0.109375},             /* 2 * (1 + 10 + 45) / 1024 */
	    {10, 10, 1},                  /* 2 * P(X <= 10) > 1, capped */
	    {0, 20, 1.9073486328125e-06}, /* 2 / 2^20 */
	    /* the rest: Python, exact integers: 2 * sum_{i<=k} C(N, i) / 2^N as a Fraction,
	     * then float() (correctly rounded) */
	    {100, 150, 0.001883300935076157},
	    {4000, 4200, 0.027972423571324383},
	    {49500, 50500, 0.0015823598788515956}, /* N = 100000 */
	    /* published: Armitage & Berry's culture media (StatsDirect's McNemar page): 12 and
	     * 2 discordant, exact two-sided P = 0.0129; here as the exact fraction */
	    {12, 2, 0.012939453125},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(table); i++) {
		long b = table[i].b, c = table[i].c;
		double p = stats_mcnemar_exact(b, c), want = table[i].p;
		CHECK(near(p, want, 1e-9), "mcnemar(%ld, %ld) = %.17g, want %.17g", b, c, p, want);
		CHECK(stats_mcnemar_exact(c, b) == p, "mcnemar(%ld, %ld) is symmetric", b, c);
	}
	CHECK(near(stats_mcnemar_exact(2, 8), 0.109375, 1e-12), "small cases to 1e-12");
	CHECK(stats_mcnemar_exact(0, 100000) == 0, "2^-99999 underflows to 0, not NaN");
	CHECK(stats_mcnemar_exact(-1, 5) == 1, "a negative count never looks significant");
}

static void test_tango(void)
{
	/* stats_reference.py, "Tango": the score statistic at 40 digits, 200 bisection steps */
	static const struct {
		long n, only_base, only_adapter;
		double lo, hi;
	} table[] = {
	    {21, 7, 1, -0.5172322764213774, -0.026003032480868535},    /* Bentur et al. 2009 */
	    {161, 16, 6, -0.12402343246406816, -0.005433395731677082}, /* Cavo et al. 2012 */
	    {50, 0, 0, -0.07134759913335872, 0.07134759913335872},     /* no disagreement */
	    {50, 2, 12, 0.061112406186343976, 0.3447087482821487},
	    {60, 2, 22, 0.19386825805777502, 0.4692296190330225},
	    {6, 0, 6, 0.21933142419566923, 1.0},
	    {100, 10, 10, -0.0921602667588877, 0.0921602667588877},
	    {30, 0, 30, 0.7729732136520624, 1.0},
	    {1, 0, 0, -0.7934506856227627, 0.7934506856227627},
	    {200, 40, 20, -0.1757773917583746, -0.02473356211809669},
	    {50, 25, 0, -0.6335548568317142, -0.3664451431682858},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(table); i++) {
		double lo, hi;
		stats_tango_ci(table[i].n, table[i].only_base, table[i].only_adapter, &lo, &hi);
		CHECK(fabs(lo - table[i].lo) < 1e-12 && fabs(hi - table[i].hi) < 1e-12,
		      "tango(%ld, %ld, %ld) = [%.17g, %.17g], want [%.17g, %.17g]", table[i].n,
		      table[i].only_base, table[i].only_adapter, lo, hi, table[i].lo, table[i].hi);
	}
	/* No disagreement: z^2 / (n + z^2) either side, never zero width (issue 13, W1). */
	double lo, hi, z2 = STATS_Z_975 * STATS_Z_975;
	for (long n = 1; n <= 1000; n *= 10) {
		stats_tango_ci(n, 0, 0, &lo, &hi);
		CHECK(fabs(hi - z2 / ((double)n + z2)) < 1e-12 && fabs(lo + hi) < 1e-12 && hi > 0,
		      "n = %ld with no disagreement: [%g, %g]", n, lo, hi);
	}
	stats_tango_ci(0, 0, 0, &lo, &hi);
	CHECK(lo == -1 && hi == 1, "no items: [%g, %g]", lo, hi);
	stats_tango_ci(5, 4, 3, &lo, &hi);
	CHECK(lo == -1 && hi == 1, "more discordant pairs than items: [%g, %g]", lo, hi);
}

/* stats_reference.py, "sign flip, every pattern": exact fractions over every pattern; the
 * interval from the closed-form roots, not bisection (so within 1e-9, the bisection's step) */
static const double d_review[14] = {
    /* the review's D1: 12 items 3/11 vs 3/10 (pass/fail says base), 2 items 1 vs 0 */
    3.0 / 11 - 0.3,
    3.0 / 11 - 0.3,
    3.0 / 11 - 0.3,
    3.0 / 11 - 0.3,
    3.0 / 11 - 0.3,
    3.0 / 11 - 0.3,
    3.0 / 11 - 0.3,
    3.0 / 11 - 0.3,
    3.0 / 11 - 0.3,
    3.0 / 11 - 0.3,
    3.0 / 11 - 0.3,
    3.0 / 11 - 0.3,
    1,
    1};
static const double d_mixed[10] = {0.5, -0.25, 0.75, 0.1, 0, 0, 0.3, -0.05, 0.6, 0.2};

static void test_sign_flip_exact(void)
{
	static const struct {
		const double *d;
		size_t n;
		double p, lo, hi;
	} table[] = {
	    {d_review, 14, 0.5, -0.02727272727272727, 0.3151515151515151},
	    {d_mixed, 10, 0.078125, -0.016666666666666666, 0.45},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(table); i++) {
		struct stats_sign_flip f;
		stats_sign_flip(table[i].d, table[i].n, 0, STATS_SEED, &f);
		CHECK(f.p == table[i].p && f.exact && f.ci_exact && f.resamples == 0,
		      "case %zu: p %.17g, want %.17g", i, f.p, table[i].p);
		CHECK(fabs(f.lo - table[i].lo) < 1e-9 && fabs(f.hi - table[i].hi) < 1e-9,
		      "case %zu: [%.17g, %.17g], want [%.17g, %.17g]", i, f.lo, f.hi, table[i].lo,
		      table[i].hi);
		CHECK(f.lo <= stats_mean(table[i].d, table[i].n) &&
		          stats_mean(table[i].d, table[i].n) <= f.hi,
		      "case %zu holds its mean", i);
	}
	/* every difference 0: p = 1 and nothing but 0 is accepted */
	const double zeros[8] = {0};
	struct stats_sign_flip f;
	stats_sign_flip(zeros, 8, 0, STATS_SEED, &f);
	CHECK(f.p == 1 && f.nonzero == 0 && f.lo == 0 && f.hi == 0, "zeros: p %g [%g, %g]", f.p,
	      f.lo, f.hi);
	/* on +-1 differences the sign-flip test is McNemar's */
	static const long bc[][2] = {{0, 6}, {2, 8}, {12, 2}, {5, 5}, {1, 9}, {0, 1}};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(bc); i++) {
		double d[40] = {0};
		size_t n = 0;
		for (long k = 0; k < bc[i][0]; k++)
			d[n++] = -1;
		for (long k = 0; k < bc[i][1]; k++)
			d[n++] = 1;
		n += 5; /* and a few ties */
		stats_sign_flip(d, n, 2000, STATS_SEED, &f);
		double want = stats_mcnemar_exact(bc[i][0], bc[i][1]);
		CHECK(fabs(f.p - want) < 1e-15, "+-1 (%ld, %ld): %.17g vs McNemar %.17g", bc[i][0],
		      bc[i][1], f.p, want);
	}
	stats_sign_flip(NULL, 0, 0, STATS_SEED, &f);
	CHECK(f.p == 1 && f.lo == -1 && f.hi == 1, "no items");
}

static void test_sign_flip_random(void)
{
	/* stats_reference.py, "sign flip, 100000 random patterns": d4 is 40 sixteenths (exact in
	 * binary, so the sums and ties are exact in both), 36 of them non-zero: p from the
	 * reimplemented patterns counted exactly, the interval from the closed-form roots over
	 * the same patterns */
	double d4[40];
	for (int i = 0; i < 40; i++)
		d4[i] = (double)(((7 * i * i + 3 * i) % 23) - 9) / 16;
	struct stats_sign_flip f;
	stats_sign_flip(d4, 40, STATS_RESAMPLES, STATS_SEED, &f);
	CHECK(!f.exact && !f.ci_exact && f.resamples == 100000 && f.nonzero == 36,
	      "d4: Monte Carlo over 36 non-zero");
	CHECK(f.p == 0.4413055869441306, "d4 p %.17g", f.p);
	CHECK(fabs(f.lo - -0.07670454545454546) < 1e-9 && fabs(f.hi - 0.17708333333333334) < 1e-9,
	      "d4 [%.17g, %.17g]", f.lo, f.hi);
	struct stats_sign_flip again;
	stats_sign_flip(d4, 40, STATS_RESAMPLES, STATS_SEED, &again);
	CHECK(again.p == f.p && again.lo == f.lo && again.hi == f.hi, "same seed, same answer");

	/* d5: 14 x +1, 30 x 0, 2 x -1: 16 differ, so p is exact (= McNemar(2, 14)) while the
	 * interval, over all 46 items, uses random patterns */
	double d5[46] = {0};
	for (int i = 0; i < 14; i++)
		d5[i] = 1;
	d5[44] = d5[45] = -1;
	stats_sign_flip(d5, 46, STATS_RESAMPLES, STATS_SEED, &f);
	CHECK(f.exact && !f.ci_exact && f.p == 0.004180908203125, "d5 p %.17g", f.p);
	CHECK(fabs(f.lo - 0.1) < 1e-9 && fabs(f.hi - 0.42105263157894735) < 1e-9,
	      "d5 [%.17g, %.17g]", f.lo, f.hi);
}

static void test_holm(void)
{
	/* by hand: sorted 0.005, 0.01, 0.03, 0.04 -> 4 x 0.005, 3 x 0.01, 2 x 0.03, then
	 * max(0.06, 1 x 0.04) */
	static const struct {
		double p[4];
		size_t m;
		double want[4];
	} table[] = {
	    {{0.01, 0.04, 0.03, 0.005}, 4, {0.03, 0.06, 0.06, 0.02}},
	    {{0.5, 0.6}, 2, {1, 1}},                   /* capped at 1 */
	    {{0.02, 0.02, 0.5}, 3, {0.06, 0.06, 0.5}}, /* ties */
	    {{0.04}, 1, {0.04}},                       /* one test: unchanged */
	    {{NAN, 0.01}, 2, {1, 0.02}},               /* an unknown p counts as 1 */
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(table); i++) {
		double adj[4] = {0};
		stats_holm(table[i].p, table[i].m, adj);
		for (size_t k = 0; k < table[i].m; k++)
			CHECK(fabs(adj[k] - table[i].want[k]) < 1e-15,
			      "holm case %zu [%zu] = %.17g", i, k, adj[k]);
	}
	stats_holm(NULL, 0, NULL);
}

static void test_power(void)
{
	/* Connor (1987), p. 209's example as printed by powerandsamplesize.com: p01 = 0.45,
	 * p10 = 0.05 (so psi 0.5, delta 0.4), two-sided 0.05 and 80% power: 23 pairs */
	CHECK(ceil(stats_items_pass_fail(0.4, 0.5)) == 23, "Connor's example: %g",
	      stats_items_pass_fail(0.4, 0.5));
	/* stats_reference.py, "Connor": the formula at 40 digits */
	static const struct {
		double effect, psi, items;
	} items[] = {
	    {0.1, 0.25, 193.84728588314746},
	    {0.05, 0.3, 939.5042435637715},
	    {0.2, 0.2, 36.794598943764356},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(items); i++) {
		double got = stats_items_pass_fail(items[i].effect, items[i].psi);
		CHECK(near(got, items[i].items, 1e-12), "items(%g, %g) = %.17g", items[i].effect,
		      items[i].psi, got);
	}
	/* the same equation solved for delta (mpmath findroot) */
	static const struct {
		size_t n;
		double psi, mde; /* NAN: not reachable */
	} mde[] = {
	    {50, 0.4, 0.24471791925560638},
	    {100, 0.1, 0.08755348893461398},
	    {200, 0.25, 0.09846826475964308},
	    {50, 0.16, 0.15477320182097867},
	    {50, 0.04, NAN}, /* 2 disagreeing items in 50 */
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(mde); i++) {
		double got = stats_mde_pass_fail(mde[i].n, mde[i].psi);
		CHECK(isnan(mde[i].mde) ? isnan(got) : near(got, mde[i].mde, 1e-12),
		      "mde(%zu, %g) = %.17g", mde[i].n, mde[i].psi, got);
		/* and back: the items that difference needs are this n */
		if (!isnan(got))
			CHECK(near(stats_items_pass_fail(got, mde[i].psi), (double)mde[i].n, 1e-9),
			      "mde(%zu) round trip", mde[i].n);
	}
	CHECK(isnan(stats_mde_pass_fail(50, 0)) && isnan(stats_mde_pass_fail(0, 0.5)),
	      "no disagreement or no items: unknown");
	CHECK(isnan(stats_items_pass_fail(0.3, 0.2)) && isnan(stats_items_pass_fail(0, 0.2)),
	      "an effect above the discordance, or none, is impossible");
	/* graded: (z_975 + z_80) sd / sqrt(n), at 40 digits */
	CHECK(near(stats_mde_graded(50, 0.3), 0.11886119434798037, 1e-12), "graded mde %.17g",
	      stats_mde_graded(50, 0.3));
	CHECK(near(stats_items_graded(0.1, 0.3), 70.6399176091418, 1e-12), "graded items %.17g",
	      stats_items_graded(0.1, 0.3));
	CHECK(isnan(stats_mde_graded(50, 0)) && isnan(stats_items_graded(0.1, 0)), "sd 0");
}

static void test_ood_rule(void)
{
	/* counts, so exact: the review's D5 pair (100 -> 95 and 95 -> 90 are both exactly 5
	 * points, neither more) and the points either side */
	static const struct {
		double base, adapter;
		size_t n;
		double max_drop;
		bool regression;
	} table[] = {
	    {20, 19, 20, 5, false}, /* 100% -> 95% */
	    {19, 18, 20, 5, false}, /* 95% -> 90% */
	    {20, 18, 20, 5, true},  /* 10 points */
	    {100, 95, 100, 5, false},
	    {100, 94, 100, 5, true},
	    {48, 45, 50, 5, true},  /* 6 points */
	    {10, 20, 20, 5, false}, /* the adapter gains */
	    {3, 3, 20, 0, false},   /* max_drop 0: no drop at all is allowed */
	    {4, 3, 20, 0, true},
	    {12.5, 12.0, 10, 5, false}, /* summed scores: 5.0 points exactly */
	    {12.5, 11.9, 10, 5, true},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(table); i++)
		CHECK(stats_ood_regression(table[i].base, table[i].adapter, table[i].n,
		                           table[i].max_drop) == table[i].regression,
		      "ood case %zu", i);
}

static void test_verdict(void)
{
	static const struct {
		double delta, p;
		enum verdict want;
	} table[] = {
	    {0.05, 0.01, VERDICT_SHIPS},
	    {0.05, 0.049, VERDICT_SHIPS},
	    {0.05, 0.05, VERDICT_NOT_SIGNIFICANT}, /* p < 0.05 is strict */
	    {0.05, 0.30, VERDICT_NOT_SIGNIFICANT},
	    {-0.05, 0.01, VERDICT_WORSE},
	    {-0.05, 0.30, VERDICT_NOT_SIGNIFICANT},
	    {0, 0.01, VERDICT_NOT_SIGNIFICANT},
	    {0.05, NAN, VERDICT_NOT_SIGNIFICANT},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(table); i++) {
		enum verdict v = stats_verdict(table[i].delta, table[i].p);
		CHECK(v == table[i].want, "verdict(%g, %g) = %s, want %s", table[i].delta,
		      table[i].p, verdict_name(v), verdict_name(table[i].want));
	}
	/* the floor first, then worse than base, then out of domain, then the test */
	static const struct {
		enum verdict test;
		size_t n, min;
		bool ood;
		enum verdict want;
	} final[] = {
	    {VERDICT_SHIPS, 50, 50, false, VERDICT_SHIPS},
	    {VERDICT_SHIPS, 49, 50, false, VERDICT_TOO_FEW},
	    {VERDICT_SHIPS, 20, 50, true, VERDICT_TOO_FEW},
	    {VERDICT_SHIPS, 60, 50, true, VERDICT_OOD_REGRESSION},
	    {VERDICT_NOT_SIGNIFICANT, 60, 50, true, VERDICT_OOD_REGRESSION},
	    {VERDICT_WORSE, 60, 50, true, VERDICT_WORSE},
	    {VERDICT_WORSE, 10, 50, false, VERDICT_TOO_FEW},
	    {VERDICT_NOT_SIGNIFICANT, 60, 50, false, VERDICT_NOT_SIGNIFICANT},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(final); i++) {
		enum verdict v =
		    stats_final_verdict(final[i].test, final[i].n, final[i].min, final[i].ood);
		CHECK(v == final[i].want, "final case %zu: %s, want %s", i, verdict_name(v),
		      verdict_name(final[i].want));
	}
	static const char *const names[] = {"ships", "not significant", "worse than base",
	                                    "too few items", "regresses out of domain"};
	for (int v = VERDICT_SHIPS; v <= VERDICT_OOD_REGRESSION; v++)
		CHECK_STR(verdict_name((enum verdict)v), names[v], "verdict name");
}

/* Uniform in [0, 1) from the top 53 bits. */
static double uniform(struct stats_rng *r)
{
	return (double)(stats_rng_next(r) >> 11) * 0x1p-53;
}

static void test_tango_coverage(void)
{
	/* Seeded, so the same every run. 20000 tables of 50 items per setting; the exact
	 * coverage (stats_reference.py, "Tango coverage", every table weighted by its
	 * multinomial probability) is beside each: the simulation must meet the 93% and
	 * agree with the exact value within 0.01 (six standard errors). (0.01, 0.03) is where
	 * the old bootstrap covered 75%. */
	static const struct {
		double p_base, p_adapter, exact;
	} settings[] = {
	    {0.01, 0.03, 0.9861}, {0.05, 0.05, 0.9527}, {0.05, 0.15, 0.9486},
	    {0.10, 0.30, 0.9533}, {0.02, 0.10, 0.9599},
	};
	struct stats_rng r;
	stats_rng_seed(&r, 2026);
	for (size_t s = 0; s < LOCO_ARRAY_LEN(settings); s++) {
		double pb = settings[s].p_base, pa = settings[s].p_adapter, truth = pa - pb;
		int covered = 0, sims = memcheck() ? 200 : 20000;
		for (int k = 0; k < sims; k++) {
			long b = 0, c = 0;
			for (int i = 0; i < 50; i++) {
				double u = uniform(&r);
				b += u < pb;
				c += u >= pb && u < pb + pa;
			}
			double lo, hi;
			stats_tango_ci(50, b, c, &lo, &hi);
			covered += lo <= truth && truth <= hi;
		}
		double cov = (double)covered / sims;
		if (memcheck())
			continue;
		CHECK(cov >= 0.93 && fabs(cov - settings[s].exact) < 0.01,
		      "Tango coverage at (%g, %g): %.4f, exact %.4f", pb, pa, cov,
		      settings[s].exact);
	}
}

static void test_sign_flip_coverage(void)
{
	/* Graded differences symmetric about the true mean (the test's premise): uniform
	 * noise of width 0.6, and a three-point spread; 300 datasets of 50 items per setting
	 * with 2000 random patterns each (fewer than eval's 100000, for time). Seeded. */
	static const double means[] = {0, 0.1, 0.2};
	struct stats_rng r;
	stats_rng_seed(&r, 7);
	for (int shape = 0; shape < 2; shape++)
		for (size_t m = 0; m < LOCO_ARRAY_LEN(means); m++) {
			int covered = 0, sims = memcheck() ? 6 : 300;
			for (int k = 0; k < sims; k++) {
				double d[50];
				for (int i = 0; i < 50; i++) {
					double u = uniform(&r);
					d[i] = means[m] + (shape ? (u < 0.25   ? -0.4
					                            : u < 0.75 ? 0
					                                       : 0.4)
					                         : 0.6 * u - 0.3);
				}
				struct stats_sign_flip f;
				stats_sign_flip(d, 50, 2000, (uint64_t)k, &f);
				covered += f.lo <= means[m] && means[m] <= f.hi;
			}
			double cov = (double)covered / sims;
			if (memcheck())
				continue;
			CHECK(cov >= 0.93, "sign-flip coverage, shape %d, mean %g: %.4f", shape,
			      means[m], cov);
		}
}

int main(void)
{
	test_rng_sequence();
	test_rng_below_pinned();
	test_rng_below_range();
	test_mean();
	test_mcnemar();
	test_tango();
	test_sign_flip_exact();
	test_sign_flip_random();
	test_holm();
	test_power();
	test_ood_rule();
	test_verdict();
	test_tango_coverage();
	test_sign_flip_coverage();
	return check_done("stats");
}
