#!/usr/bin/env python3
"""Recomputes a `loco eval --json` report from its `--log`, independently of loco's C
code, and says where they differ (exit 1) or prints what it checked (exit 0):

    recompute_eval.py LOG.jsonl REPORT.json

From the log's per-item scores alone (both sides, every dataset, graded or not by
item type) it recomputes the counts, the mean scores, the difference, the
discordant pairs, the test's p-value (exact McNemar as a fraction; the sign-flip
test exactly over the differing items when there are at most 20, else over the
documented random sign patterns), the 95% interval (Tango's by bisection; the
sign-flip interval in closed form, from the roots of |A - tB| = |S - nt|), the
power figure, the out-of-domain rule on totals and Holm's adjustment. Pure Python:
no package needed. See docs/evaluation.md, "Statistics and the verdict".
"""
import json
import math
import os
import sys
from fractions import Fraction as F

GRADED = {"rouge", "f1", "llm_judge", "custom"}
Z975, Z80 = 1.9599639845400543, 0.8416212335729142
MASK = (1 << 64) - 1


def xoshiro(seed):
    s, state = [], seed
    for _ in range(4):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        x = state
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
        s.append(x ^ (x >> 31))
    while True:
        x = (s[1] * 5) & MASK
        result = ((((x << 7) | (x >> 57)) & MASK) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = ((s[3] << 45) | (s[3] >> 19)) & MASK
        yield result


def patterns(n, random_count):
    """(A-coefficients as flip bits) for every pattern (n <= 20) or the random ones."""
    if random_count is None:
        for mask in range(1 << n):
            yield [(mask >> i) & 1 for i in range(n)]
        return
    gen = xoshiro(42)
    words = (n + 63) // 64
    for _ in range(random_count):
        bits = [next(gen) for _ in range(words)]
        yield [(bits[i // 64] >> (i % 64)) & 1 for i in range(n)]


def mcnemar(b, c):
    n, k = b + c, min(b, c)
    if n == 0:
        return 1.0
    return float(min(F(1), F(2 * sum(math.comb(n, i) for i in range(k + 1)), 2 ** n)))


def tango(n, base_only, adapter_only):
    b, c = adapter_only, base_only

    def z(d):
        B = -b - c + (2 * n - b + c) * d
        C = -c * d * (1 - d)
        q = (math.sqrt(max(0.0, B * B - 8 * n * C)) - B) / (4 * n)
        return (b - c - n * d) / math.sqrt(n * (2 * q + d * (1 - d)))

    def root(lo, hi, target):
        for _ in range(200):
            mid = (lo + hi) / 2
            if mid in (lo, hi):
                break
            lo, hi = (mid, hi) if z(mid) > target else (lo, mid)
        return (lo + hi) / 2

    est = (b - c) / n
    return (-1.0 if est == -1 else root(-1.0, est, Z975), 1.0 if est == 1 else root(est, 1.0, -Z975))


def sign_flip(d):
    """p and interval; exact fractions over every pattern up to 20 items, else floats over
    the random patterns with stats.h's tie rule (sums within 1e-9 of the total absolute
    difference are equal)."""
    n = len(d)
    random_count = None if n <= 20 else 100000
    num = F if random_count is None else float
    x = [num(v) for v in d]
    S = sum(x)
    tie = 0 if random_count is None else 1e-9 * sum(abs(v) for v in x)
    hits, count, lows, highs = 0, 0, [], []
    for flips in patterns(n, random_count):
        count += 1
        A = sum(-v if f else v for v, f in zip(x, flips))
        B = sum(-1 if f else 1 for f in flips)
        hits += abs(A) >= abs(S) - tie
        if abs(B) != n:
            r1, r2 = (S - A) / (n - B), (S + A) / (n + B)
            lows.append(min(r1, r2))
            highs.append(max(r1, r2))
    nz = [F(v) for v in d if v != 0]
    if len(nz) <= 20:
        total = abs(sum(nz))
        exact_hits = sum(abs(sum(-v if (m >> j) & 1 else v for j, v in enumerate(nz))) >= total
                         for m in range(1 << len(nz)))
        p = F(exact_hits, 1 << len(nz))
    else:
        p = F(hits + 1, count + 1)
    if random_count is None:
        K = math.ceil(F(1, 20) * count)
    else:
        K = math.ceil(F(1, 20) * (count + 1)) - 1
    always = count - len(lows)  # every item the same sign: counts at every shift
    lows.sort()
    highs.sort(reverse=True)
    lo = -1.0 if K <= always else max(-1.0, float(lows[K - always - 1]))
    hi = 1.0 if K <= always else min(1.0, float(highs[K - always - 1]))
    return float(p), lo, hi


def connor_mde(n, psi):
    f = lambda delta: math.sqrt(n) * delta - Z975 * math.sqrt(psi) - Z80 * math.sqrt(max(0.0, psi - delta * delta))
    if psi <= 0 or f(psi) < 0:
        return None
    lo, hi = 0.0, psi
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return hi


def summarize(items):
    """items: {id: {"base": line, "adapter": line}} in the dataset's order."""
    rows = list(items.values())
    n = len(rows)
    base = [r["base"]["score"] for r in rows]
    adapter = [r["adapter"]["score"] for r in rows]
    d = [a - b for a, b in zip(adapter, base)]
    graded = any(r["base"]["type"] in GRADED for r in rows)
    only_base = sum(r["base"]["correct"] and not r["adapter"]["correct"] for r in rows)
    only_adapter = sum(r["adapter"]["correct"] and not r["base"]["correct"] for r in rows)
    out = {"n": n, "correct": (sum(r["base"]["correct"] for r in rows), sum(r["adapter"]["correct"] for r in rows)),
           "score": (sum(base) / n, sum(adapter) / n), "total": (sum(base), sum(adapter)),
           "delta": sum(d) / n, "only_base": only_base, "only_adapter": only_adapter}
    if graded:
        out["test"] = "sign_flip_permutation"
        out["p"], lo, hi = sign_flip(d)
        mean = sum(d) / n
        sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (n - 1)) if n > 1 else 0.0
        out["mde"] = (Z975 + Z80) * sd / math.sqrt(n) if sd > 0 else None
    else:
        out["test"] = "mcnemar_exact"
        out["p"] = mcnemar(only_base, only_adapter)
        lo, hi = tango(n, only_base, only_adapter)
        out["mde"] = connor_mde(n, (only_base + only_adapter) / n)
    out["ci"] = (lo, hi)
    return out


def holm(ps):
    order = sorted(range(len(ps)), key=lambda i: ps[i])
    adj, running = [0.0] * len(ps), 0.0
    for k, i in enumerate(order):
        running = max(running, min(1.0, (len(ps) - k) * ps[i]))
        adj[i] = running
    return adj


class Checker:
    def __init__(self):
        self.problems, self.checked = [], 0

    def same(self, what, got, want, tol):
        self.checked += 1
        if want is None or got is None:
            ok = want is None and got is None
        else:
            ok = abs(got - want) <= tol
        if not ok:
            self.problems.append(f"{what}: the report says {want}, the log gives {got}")


def dataset_order(path):
    """The item ids of a dataset file in its order (default ids: <stem>-<line>), or
    None when it cannot be read from here."""
    stem = os.path.splitext(os.path.basename(path))[0]
    try:
        with open(path, encoding="utf-8-sig") as f:
            lines = f.read().split("\n")
    except OSError:
        return None
    ids = []
    for no, line in enumerate(lines, 1):
        if line.strip():
            ids.append(json.loads(line).get("id") or f"{stem}-{no}")
    return ids


def in_dataset_order(path, items):
    """The log is in the order answers finished (one model's block after the
    other's); the statistics pair the items in the dataset's order."""
    ids = dataset_order(path)
    if ids is None:
        return items
    rank = {x: i for i, x in enumerate(ids)}
    return dict(sorted(items.items(), key=lambda kv: rank.get(kv[0], len(rank))))


def main(log_path, report_path):
    by_dataset = {}
    with open(log_path, encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            by_dataset.setdefault(e["dataset"], {}).setdefault(e["id"], {})[e["side"]] = e
    by_dataset = {p: in_dataset_order(p, items) for p, items in by_dataset.items()}
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    c = Checker()
    s = summarize(by_dataset[report["dataset"]])
    c.same("n", s["n"], report["n"], 0)
    c.same("base.correct", s["correct"][0], report["base"]["correct"], 0)
    c.same("adapter.correct", s["correct"][1], report["adapter"]["correct"], 0)
    c.same("base.score", s["score"][0], report["base"]["score"], 5e-5)
    c.same("adapter.score", s["score"][1], report["adapter"]["score"], 5e-5)
    c.same("delta", s["delta"], report["delta"], 5e-5)
    c.same("only_base", s["only_base"], report["discordant"]["only_base"], 0)
    c.same("only_adapter", s["only_adapter"], report["discordant"]["only_adapter"], 0)
    if s["test"] != report["test"]:
        c.problems.append(f"test: the report says {report['test']}, the log's types give {s['test']}")
    c.same("p", s["p"], report["p"], 5e-6 * max(s["p"], 1e-300))
    c.same("ci95[0]", s["ci"][0], report["ci95"][0], 5e-5 + 1e-9)
    c.same("ci95[1]", s["ci"][1], report["ci95"][1], 5e-5 + 1e-9)
    mde = None if s["mde"] is None else s["mde"] * 100
    c.same("power.mde", mde, report["power"]["mde"], 5e-3 + 1e-9)
    ood = [o for o in (report.get("out_of_domain") or []) if "skipped" not in o]
    others = {}
    for o in ood:
        path = next(p for p in by_dataset if p.startswith(f"adapters/{o['dataset_of']}/"))
        others[o["dataset_of"]] = summarize(by_dataset[path])
    adj = holm([others[o["dataset_of"]]["p"] for o in ood])
    drop = report.get("ood_max_drop", 5)
    for o, h in zip(ood, adj):
        r = others[o["dataset_of"]]
        c.same(f"{o['dataset_of']}.delta", r["delta"], o["delta"], 5e-5)
        c.same(f"{o['dataset_of']}.ci95[0]", r["ci"][0], o["ci95"][0], 5e-5 + 1e-9)
        c.same(f"{o['dataset_of']}.ci95[1]", r["ci"][1], o["ci95"][1], 5e-5 + 1e-9)
        c.same(f"{o['dataset_of']}.p", r["p"], o["p"], 5e-6 * r["p"])
        c.same(f"{o['dataset_of']}.holm_p", h, o["holm_p"], 5e-6 * h)
        regression = 100 * (r["total"][0] - r["total"][1]) > drop * r["n"]
        c.same(f"{o['dataset_of']}.regression", regression, o["regression"], 0)
    for p in c.problems:
        print("differs: " + p)
    if not c.problems:
        print(f"{c.checked} figures recomputed from the log: all agree")
    return 1 if c.problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: recompute_eval.py LOG.jsonl REPORT.json")
    sys.exit(main(sys.argv[1], sys.argv[2]))
