#!/usr/bin/env python3
"""The shipped router examples and held-out set (docs/routing.md): enough of
them, every line in the documented format, specialist questions short, no
question repeated or near-copied anywhere, none taken from an eval dataset,
the held-out set apart from the training examples, no base topic claimed
by a shipped adapter, and `loco adapters check` agreeing."""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib import check, finish, shipped_adapters  # noqa: E402
from routerdata import NGRAM, eval_texts, grams, load_examples, run_loco, words  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--loco", required=True)
ap.add_argument("--src", required=True)
args = ap.parse_args()
adapters = shipped_adapters(args.src)
registry = os.path.join(adapters, "registry.yaml")
heldout_path = os.path.join(args.src, "bench", "router", "heldout.jsonl")

MIN_EXAMPLES, MIN_BASE, MIN_HELDOUT = 200, 300, 150
MIN_WORDS, MAX_WORDS = 6, 20


def loco(*argv):
    return run_loco(args.loco, args.src, registry, *argv)


def load(path, labelled):
    allowed = {"question", "topic"} | ({"adapter"} if labelled else set())
    return load_examples(path, os.path.relpath(path, args.src), allowed)


def eval_dataset(name):
    path = os.path.join(adapters, name, "eval_dataset.jsonl")
    return eval_texts(path, f"{name}/eval_dataset.jsonl")


# ---- the registry -----------------------------------------------------------

rc, out, err = loco("adapters", "list", "--json")
check(rc == 0, f"adapters list: {err}")
shipped = [a["name"] for a in json.loads(out)["adapters"]] if rc == 0 else []
check(len(shipped) >= 3, f"shipped adapters: {shipped}")
info = {}
for name in shipped:
    rc, out, err = loco("adapters", "show", name, "--json")
    check(rc == 0, f"adapters show {name}: {err}")
    info[name] = json.loads(out) if rc == 0 else {}

# ---- counts, formats, lengths -----------------------------------------------

examples = {}
for name in shipped:
    path = os.path.join(adapters, name, "router_examples.jsonl")
    if not check(os.path.exists(path), f"{name} has router_examples.jsonl"):
        continue
    examples[name] = load(path, False)
    n = len(examples[name])
    check(n >= MIN_EXAMPLES, f"{name}: {n} router examples, want {MIN_EXAMPLES}")
    for it in examples[name]:
        check(it["topic"] is None, f"{it['where']}: topic is for base examples")
        nw = len(it["q"].split())
        check(MIN_WORDS <= nw <= MAX_WORDS,
              f"{it['where']}: {nw} words, want {MIN_WORDS} to {MAX_WORDS}: {it['q']!r}")
        # Lower case, as users type; a flag such as gcc's -O2 may keep its capital.
        upper = sum(c.isupper() for c in it["q"])
        check(upper <= 2 and not it["q"][:1].isupper(), f"{it['where']}: lower case")

base = load(os.path.join(adapters, "base", "router_examples.jsonl"), False)
check(len(base) >= MIN_BASE, f"base: {len(base)} examples, want {MIN_BASE}")
check(all(it["topic"] for it in base), "every base example has a topic")
topics = {it["topic"] for it in base if it["topic"]}
check(len(topics) >= 15, f"base topics: {len(topics)}, want a spread of at least 15")

heldout = load(heldout_path, True)
check(len(heldout) >= MIN_HELDOUT, f"held-out: {len(heldout)} lines, want {MIN_HELDOUT}")
labels = {it["adapter"] for it in heldout}
check(labels == set(shipped) | {"base"}, f"held-out labels {sorted(labels)}")
for name in sorted(labels):
    n = sum(it["adapter"] == name for it in heldout)
    check(n >= 30, f"held-out: {n} lines for {name}, want at least 30")

# ---- no repeats, no near-copies ---------------------------------------------

everything = [it for name in examples for it in examples[name]] + base + heldout
seen = {}
for it in everything:
    key = " ".join(words(it["q"]))
    check(key not in seen, f"{it['where']}: the same question as {seen.get(key)}")
    seen.setdefault(key, it["where"])
gram_at = {}
for it in everything:
    for g in grams(words(it["q"])):
        check(g not in gram_at, f"{it['where']}: {NGRAM} words in common with {gram_at.get(g)}")
        gram_at.setdefault(g, it["where"])

# ---- nothing from an eval dataset -------------------------------------------

evals = [e for name in shipped for e in eval_dataset(name)]
eval_grams = {}
for where, ws in evals:
    for g in grams(ws):
        eval_grams.setdefault(g, where)
eval_joined = [(where, " " + " ".join(ws) + " ") for where, ws in evals]
for it in everything:
    ws = words(it["q"])
    leaked = [eval_grams[g] for g in grams(ws) if g in eval_grams]
    check(not leaked, f"{it['where']}: {NGRAM} words in common with {leaked[:1]}")
    # A short question copied out of a long item: all of its words in a row.
    if len(ws) >= 8:
        inside = [where for where, text in eval_joined if f" {' '.join(ws)} " in text]
        check(not inside, f"{it['where']}: the whole question is in {inside[:1]}")

# ---- base topics the shipped adapters would claim ---------------------------

for name, a in info.items():
    claims = set(a.get("router_topics") or []) | {a.get("domain") or name}
    claims |= {k for k in a.get("router_keywords", []) if " " not in k}
    claimed = sorted(topics & claims)
    check(not claimed, f"{name} claims base topics {claimed} (docs/routing.md)")

# ---- loco agrees ------------------------------------------------------------

rc, out, err = loco("adapters", "check", "--no-eval", "--all", "--json")
check(rc == 0, f"adapters check --all: exit {rc}: {out}{err}")
if out:
    for rep in json.loads(out)["adapters"]:
        got = [c["status"] for c in rep["checks"] if c["check"] == "router_examples"]
        check(got == ["pass"], f"adapters check {rep['adapter']}: router_examples {got}")

finish("router_data")
