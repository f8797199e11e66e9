#!/usr/bin/env python3
"""Reference values for tests/unit/test_stats.c, computed independently of
src/eval/stats.c. Run it (python3 with mpmath; a few minutes) and compare its output
with the constants in test_stats.c; every section names the method it uses.

- McNemar: exact tails as Python Fractions.
- Tango's interval: the score statistic of Tango (1998) at 40 digits (mpmath),
  roots by 200 bisection steps.
- Sign-flip test: every sign pattern counted with exact Fractions (no rounding,
  no tie tolerance).
- Sign-flip interval: not by bisection as in stats.c, but in closed form. For
  a pattern (A = sum s_i d_i, B = sum s_i) the pattern counts against the shift
  t while |A - tB| >= |S - nt|; as |B| <= n that holds between the two roots
  (S - A)/(n - B) and (S + A)/(n + B), so the interval ends are order
  statistics of those roots: the K-th largest upper root and the K-th smallest
  lower root, K = ceil(alpha * 2^n) (exact) or K = ceil(alpha * (R + 1)) - 1
  (random patterns, p = (1 + hits) / (R + 1)).
- Random sign patterns: splitmix64 and xoshiro256** reimplemented here, bit
  i mod 64 of output r * ceil(n / 64) + i / 64 flips item i (stats.h).
- Power: Connor (1987) solved at 40 digits; the published example (p01 = 0.45,
  p10 = 0.05 needs 23 pairs) is checked first.
- Coverage of Tango's interval at n = 50: exact, by summing the multinomial
  probability of every (only base, only adapter) table.
"""
from fractions import Fraction as F
import math

import mpmath as mp

mp.mp.dps = 40
Z975 = mp.sqrt(2) * mp.erfinv(mp.mpf("0.95"))
Z80 = mp.sqrt(2) * mp.erfinv(mp.mpf("0.6"))
MASK = (1 << 64) - 1


def section(title):
    print("\n== " + title)


# ---- McNemar ----------------------------------------------------------------
def mcnemar(b, c):
    n, k = b + c, min(b, c)
    if n == 0:
        return F(1)
    tail = sum(math.comb(n, i) for i in range(k + 1))
    return min(F(1), F(2 * tail, 2 ** n))


# ---- Tango ------------------------------------------------------------------
def tango_z(n, base_only, adapter_only, d):
    b, c = mp.mpf(adapter_only), mp.mpf(base_only)
    A = 2 * n
    B = -b - c + (2 * n - b + c) * d
    C = -c * d * (1 - d)
    q = (mp.sqrt(B * B - 4 * A * C) - B) / (2 * A)
    return (b - c - n * d) / mp.sqrt(n * (2 * q + d * (1 - d)))


def tango(n, base_only, adapter_only):
    n = mp.mpf(n)
    est = (mp.mpf(adapter_only) - base_only) / n

    def root(lo, hi, target):
        for _ in range(200):
            mid = (lo + hi) / 2
            if tango_z(n, base_only, adapter_only, mid) > target:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    lo = mp.mpf(-1) if est == -1 else root(mp.mpf(-1), est, Z975)
    hi = mp.mpf(1) if est == 1 else root(est, mp.mpf(1), -Z975)
    return float(lo), float(hi)


# ---- random sign patterns ------------------------------------------------------
def splitmix_seed(seed):
    state, out = seed, []
    for _ in range(4):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        x = state
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
        out.append(x ^ (x >> 31))
    return out


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def xoshiro(s):
    while True:
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        yield result


def patterns_random(n, count, seed):
    gen = xoshiro(splitmix_seed(seed))
    words = (n + 63) // 64
    for _ in range(count):
        bits = [next(gen) for _ in range(words)]
        yield [(bits[i // 64] >> (i % 64)) & 1 for i in range(n)]


def patterns_every(n):
    for mask in range(1 << n):
        yield [(mask >> i) & 1 for i in range(n)]


# ---- sign flip ----------------------------------------------------------------
def sign_flip_p_exact(d):
    nz = [x for x in d if x != 0]
    total = abs(sum(nz))
    hits = 0
    for flips in patterns_every(len(nz)):
        hits += abs(sum(-x if f else x for x, f in zip(nz, flips))) >= total
    return F(hits, 1 << len(nz))


def sign_flip_p_random(d, count, seed):
    total = abs(sum(d))
    hits = 0
    for flips in patterns_random(len(d), count, seed):
        hits += abs(sum(-x if f else x for x, f in zip(d, flips))) >= total
    return F(hits + 1, count + 1)


def sign_flip_ci(d, patterns, exact):
    n, S = len(d), sum(d)
    lows, highs, count = [], [], 0
    for flips in patterns:
        count += 1
        A = sum(-x if f else x for x, f in zip(d, flips))
        B = sum(-1 if f else 1 for f in flips)
        roots = []
        if B != n:
            roots.append(F(S - A) / (n - B))
        if B != -n:
            roots.append(F(S + A) / (n + B))
        lows.append(min(roots) if len(roots) == 2 else None)
        highs.append(max(roots) if len(roots) == 2 else None)
    K = math.ceil(F(1, 20) * count) if exact else math.ceil(F(1, 20) * (count + 1)) - 1
    # an all-same-sign pattern always counts (a root at -inf / +inf)
    low_sorted = sorted(x for x in lows if x is not None)
    high_sorted = sorted((x for x in highs if x is not None), reverse=True)
    always = lows.count(None)
    lo = F(-1) if K <= always else max(F(-1), low_sorted[K - always - 1])
    hi = F(1) if K <= always else min(F(1), high_sorted[K - always - 1])
    return float(lo), float(hi)


# ---- power ----------------------------------------------------------------------
def connor_items(effect, psi):
    t = Z975 * mp.sqrt(psi) + Z80 * mp.sqrt(psi - effect ** 2)
    return t * t / effect ** 2


def connor_mde(n, psi):
    psi = mp.mpf(psi)
    f = lambda delta: mp.sqrt(n) * delta - Z975 * mp.sqrt(psi) - Z80 * mp.sqrt(psi - delta ** 2)
    if f(psi) < 0:
        return None
    return float(mp.findroot(f, (mp.mpf(0), psi), solver="bisect"))


# ---- coverage -----------------------------------------------------------------
def tango_coverage(n, p_base, p_adapter):
    true, total = p_adapter - p_base, 0.0
    for b in range(n + 1):
        for c in range(n + 1 - b):
            k = n - b - c
            lp = math.lgamma(n + 1) - math.lgamma(b + 1) - math.lgamma(c + 1) - math.lgamma(k + 1)
            lp += b * math.log(p_base) + c * math.log(p_adapter) + k * math.log(1 - p_base - p_adapter)
            lo, hi = tango(n, b, c)
            if lo <= true <= hi:
                total += math.exp(lp)
    return total


def main():
    section("normal quantiles (sqrt(2) erfinv)")
    print(repr(float(Z975)), repr(float(Z80)))

    section("McNemar (b, c, p)")
    for b, c in [(12, 2), (2, 12), (2, 8), (0, 6), (2, 22)]:
        print(b, c, repr(float(mcnemar(b, c))))

    section("Tango (n, only base, only adapter) -> lo, hi")
    for case in [(21, 7, 1), (161, 16, 6), (50, 0, 0), (50, 2, 12), (60, 2, 22), (6, 0, 6),
                 (100, 10, 10), (30, 0, 30), (1, 0, 0), (200, 40, 20), (50, 25, 0)]:
        print(case, *map(repr, tango(*case)))

    section("sign flip, every pattern")
    d1 = [F(-3, 110)] * 12 + [F(1)] * 2  # review D1: 12 x (3/11 - 3/10), 2 x (1 - 0)
    d2 = [F(x) for x in ("0.5", "-0.25", "0.75", "0.1", "0", "0", "0.3", "-0.05", "0.6", "0.2")]
    d3 = [F(1)] * 6
    for name, d in [("d1", d1), ("d2", d2), ("d3", d3)]:
        p = sign_flip_p_exact(d)
        lo, hi = sign_flip_ci(d, patterns_every(len(d)), True)
        print(name, "p", repr(float(p)), "ci", repr(lo), repr(hi))
    d_zero = [F(0)] * 8
    print("zeros ci", *map(repr, sign_flip_ci(d_zero, patterns_every(8), True)))

    section("sign flip, 100000 random patterns, seed 42 (d4: 40 items, k/16)")
    d4 = [F(((7 * i * i + 3 * i) % 23) - 9, 16) for i in range(40)]
    print("d4", [str(x) for x in d4])
    print("d4 sum", str(sum(d4)), "nonzero", sum(1 for x in d4 if x))
    print("d4 p", repr(float(sign_flip_p_random(d4, 100000, 42))))
    print("d4 ci", *map(repr, sign_flip_ci(d4, patterns_random(40, 100000, 42), False)))
    d5 = [F(1)] * 14 + [F(0)] * 30 + [F(-1)] * 2  # 16 differ: p exact, interval random
    print("d5 p", repr(float(sign_flip_p_exact(d5))), "mcnemar", repr(float(mcnemar(2, 14))))
    print("d5 ci", *map(repr, sign_flip_ci(d5, patterns_random(46, 100000, 42), False)))

    section("Connor")
    print("published example: n =", math.ceil(connor_items(mp.mpf("0.40"), mp.mpf("0.50"))))
    for effect, psi in [("0.1", "0.25"), ("0.05", "0.3"), ("0.2", "0.2")]:
        print("items", effect, psi, repr(float(connor_items(mp.mpf(effect), mp.mpf(psi)))))
    for n, psi in [(50, 0.4), (100, 0.1), (200, 0.25), (50, 0.04), (50, 0.16)]:
        print("mde", n, psi, repr(connor_mde(n, psi)))
    print("graded mde n=50 sd=0.3", repr(float((Z975 + Z80) * mp.mpf("0.3") / mp.sqrt(50))))
    print("graded items effect=0.1 sd=0.3", repr(float(((Z975 + Z80) * mp.mpf("0.3") / mp.mpf("0.1")) ** 2)))

    section("Tango coverage at n = 50 (only base, only adapter) -> exact coverage")
    for pb, pa in [(0.01, 0.03), (0.05, 0.05), (0.05, 0.15), (0.10, 0.30), (0.02, 0.10)]:
        print(pb, pa, round(tango_coverage(50, pb, pa), 4))


if __name__ == "__main__":
    main()
