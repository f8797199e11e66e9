#!/usr/bin/env python3
"""The 12-adapter overlap benchmark (bench/overlap/README.md): the registry
loads and every adapter passes `loco adapters check`, each adapter has its
eval dataset (at least 50 items) and router examples (at least 120, short,
lower case), the held-out set covers every adapter (at least 25 lines each)
and the base model (at least 60), and no question is repeated or nearly
repeated anywhere: not across the overlap files, not against the shipped
router files (adapters/*/router_examples.jsonl, bench/router/heldout.jsonl)
a router may also train on, and not out of an eval dataset."""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib import check, finish, shipped_adapters  # noqa: E402
from routerdata import NGRAM, eval_texts, grams, load_examples, run_loco  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--loco", required=True)
ap.add_argument("--src", required=True)
args = ap.parse_args()
bench = os.path.join(args.src, "bench", "overlap")
registry = os.path.join(bench, "registry.yaml")
shipped = shipped_adapters(args.src)

ADAPTERS = 12
MIN_EVAL, MIN_EXAMPLES, MIN_HELDOUT, MIN_BASE = 50, 120, 25, 60
MIN_WORDS, MAX_WORDS = 6, 16
NEAR = 0.8  # Jaccard similarity of two questions' word sets
# The one base topic this registry claims on purpose (docs/routing.md, "When
# an adapter claims a base topic"): the writing adapter's domain.
CLAIMED = {"writing": ["writing"]}


def loco(*argv):
    return run_loco(args.loco, args.src, registry, *argv)


def template(text):
    """The question with every run of digits made one '#', keeping its
    operators and dropping quotes and end punctuation: "whats 15% of 80" and
    "what's 20% of 50" are one question to a router, "solve 3x + 5 = 20" and
    "solve 4(x - 2) = 3x + 5" are two."""
    t = re.sub(r"[0-9]+", "#", text.lower())
    t = re.sub(r"['\u2019?!,]", "", t)
    return " ".join(t.split())


def rel(path):
    return os.path.relpath(path, args.src)


def load(path, allowed):
    return load_examples(path, rel(path), allowed)


def short_and_lower(it):
    nw = len(it["q"].split())
    check(MIN_WORDS <= nw <= MAX_WORDS,
          f"{it['where']}: {nw} words, want {MIN_WORDS} to {MAX_WORDS}: {it['q']!r}")
    upper = sum(c.isupper() for c in it["q"])
    check(upper <= 2 and not it["q"][:1].isupper(), f"{it['where']}: lower case")


# ---- the registry, as loco reads it -----------------------------------------

rc, out, err = loco("adapters", "list", "--json")
check(rc == 0, f"adapters list: {err}")
names = [a["name"] for a in json.loads(out)["adapters"]] if rc == 0 else []
check(len(names) == ADAPTERS, f"{len(names)} adapters, want {ADAPTERS}: {names}")
info = {}
for name in names:
    rc, out, err = loco("adapters", "show", name, "--json")
    check(rc == 0, f"adapters show {name}: {err}")
    info[name] = json.loads(out) if rc == 0 else {}
    check(info[name].get("active") is True, f"{name} is active")

rc, out, err = loco("adapters", "check", "--no-eval", "--all", "--json")
check(rc == 0, f"adapters check --all: exit {rc}: {out}{err}")
if rc == 0:
    for rep in json.loads(out)["adapters"]:
        bad = [c for c in rep["checks"] if c["status"] == "fail"]
        check(not bad, f"adapters check {rep['adapter']}: {bad}")
        got = [c["status"] for c in rep["checks"] if c["check"] == "router_examples"]
        check(got == ["pass"], f"adapters check {rep['adapter']}: router_examples {got}")

# ---- eval datasets and router examples --------------------------------------

evals, examples = [], {}
for name in names:
    path = os.path.join(bench, name, "eval_dataset.jsonl")
    if check(os.path.exists(path), f"{rel(path)} exists"):
        items = eval_texts(path, rel(path))
        check(len(items) >= MIN_EVAL, f"{name}: {len(items)} eval items, want {MIN_EVAL}")
        evals += items
    examples[name] = load(os.path.join(bench, name, "router_examples.jsonl"), {"question"})
    n = len(examples[name])
    check(n >= MIN_EXAMPLES, f"{name}: {n} router examples, want {MIN_EXAMPLES}")
    for it in examples[name]:
        short_and_lower(it)

# ---- the held-out set --------------------------------------------------------

base = load(os.path.join(shipped, "base", "router_examples.jsonl"), {"question", "topic"})
base_topics = {it["topic"] for it in base}
heldout = load(os.path.join(bench, "heldout.jsonl"), {"question", "adapter", "topic"})
labels = {it["adapter"] for it in heldout}
check(labels == set(names) | {"base"}, f"held-out labels {sorted(labels)}, want the "
      f"registry's adapters and base")
for label in sorted(labels):
    n = sum(it["adapter"] == label for it in heldout)
    want = MIN_BASE if label == "base" else MIN_HELDOUT
    check(n >= want, f"held-out: {n} lines for {label}, want at least {want}")
for it in heldout:
    if it["adapter"] == "base":
        t = it["topic"]
        check(t in base_topics, f"{it['where']}: topic {t!r} is not one of the base set's")
        check(t not in CLAIMED, f"{it['where']}: topic {t!r} is claimed by {CLAIMED.get(t)}")
    else:
        check(it["topic"] is None, f"{it['where']}: topic is for base lines")
        short_and_lower(it)

# The topics the registry claims (docs/routing.md): exactly CLAIMED.
claims = {}
for name, a in info.items():
    mine = set(a.get("router_topics") or []) | {a.get("domain") or name}
    mine |= {k for k in a.get("router_keywords", []) if " " not in k}
    for t in sorted(base_topics & mine):
        claims.setdefault(t, []).append(name)
check(claims == CLAIMED, f"claimed base topics {claims}, want {CLAIMED}")

# ---- no repeats, no near-copies ---------------------------------------------

# Everything a router might train on: the overlap examples, the shipped base
# set and the shipped adapters' examples and held-out set (a router for this
# registry may borrow them; none of them may hold a held-out question).
train = [it for name in names for it in examples[name]] + base
for name in sorted(os.listdir(shipped)):
    path = os.path.join(shipped, name, "router_examples.jsonl")
    if name != "base" and os.path.exists(path):
        train += load(path, {"question"})
others = load(os.path.join(args.src, "bench", "router", "heldout.jsonl"),
              {"question", "adapter", "topic"})
everything = train + others + heldout

seen, gram_at = {}, {}
for it in everything:
    key = " ".join(it["ws"])
    check(key not in seen, f"{it['where']}: the same question as {seen.get(key)}")
    seen.setdefault(key, it["where"])
    for g in grams(it["ws"]):
        check(g not in gram_at, f"{it['where']}: {NGRAM} words in common with {gram_at.get(g)}")
        gram_at.setdefault(g, it["where"])

# Near copies: the same question with other numbers in it, or word sets that
# are mostly the same. A held-out line against everything else; an overlap
# example against the other adapters' examples (one question, two labels).
# Two examples of one adapter may be close ("area of a triangle", "area of a
# trapezium"): that teaches the router nothing wrong.
mine = [it for name in names for it in examples[name]]
for it in everything:
    it["set"] = frozenset(it["ws"])
    it["n"] = len(it["set"])


def near(a, b):
    """Most of the words in common (Jaccard at least NEAR)."""
    if a["n"] < NEAR * b["n"] or b["n"] < NEAR * a["n"]:
        return False
    inter = len(a["set"] & b["set"])
    return inter > 0 and inter >= NEAR * (a["n"] + b["n"] - inter)


def compare(a, pool, why_same):
    for b in pool:
        if near(a, b):
            check(False, f"{a['where']}: nearly the same words as {b['where']}: "
                  f"{a['q']!r} / {b['q']!r}")
    shape = template(a["q"])
    for b in why_same.get(shape, []):
        check(False, f"{a['where']}: the same question but for its numbers as "
              f"{b['where']}: {a['q']!r} / {b['q']!r}")


def by_shape(items):
    out = {}
    for it in items:
        out.setdefault(template(it["q"]), []).append(it)
    return out


pool = train + others
shapes = by_shape(pool)
for k, a in enumerate(heldout):
    compare(a, pool + heldout[:k], shapes)
    shapes.setdefault(template(a["q"]), []).append(a)
for name in names:
    later = [it for other in names[names.index(name) + 1:] for it in examples[other]]
    shapes = by_shape(later)
    for a in examples[name]:
        compare(a, later, shapes)

# ---- nothing from an eval dataset -------------------------------------------

eval_grams = {}
for where, ws in evals:
    for g in grams(ws):
        eval_grams.setdefault(g, where)
eval_joined = [(where, " " + " ".join(ws) + " ") for where, ws in evals]
for it in mine + heldout:
    leaked = [eval_grams[g] for g in grams(it["ws"]) if g in eval_grams]
    check(not leaked, f"{it['where']}: {NGRAM} words in common with {leaked[:1]}")
    if len(it["ws"]) >= 8:
        inside = [w for w, text in eval_joined if f" {' '.join(it['ws'])} " in text]
        check(not inside, f"{it['where']}: the whole question is in {inside[:1]}")

finish("overlap_data")
