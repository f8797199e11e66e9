#!/usr/bin/env python3
"""The keyword router's accuracy on the overlap benchmark: `loco route --json`
over every line of heldout.jsonl (default) with registry.yaml beside this
script and loco's default settings; the accuracy with its 95% Wilson
interval, recall per class and the most common confusions, or one JSON
object with --json (scripts/bench.sh reads it).
Usage: bench/overlap/keyword_accuracy.py --loco build/loco [--json] [--registry FILE] [SET]
bench/router/keyword_accuracy.py does the same for the shipped registry; both
stay until `loco eval --router --router-set` exists (issue 17 item 6)."""
import argparse
import collections
import json
import math
import os
import shutil
import subprocess
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--loco", required=True)
ap.add_argument("--registry", default=os.path.join(here, "registry.yaml"))
ap.add_argument("--json", action="store_true", help="one JSON object instead of tables")
ap.add_argument("set", nargs="?", default=os.path.join(here, "heldout.jsonl"))
args = ap.parse_args()

rows = [json.loads(line) for line in open(args.set, encoding="utf-8") if line.strip()]
confusion = collections.Counter()
home = tempfile.mkdtemp(prefix="loco-route-")  # no user config: the defaults
env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LC_ALL": "C",
       "LOCO_HOME": os.path.join(home, ".locollm")}
try:
    for r in rows:
        p = subprocess.run([args.loco, "--registry", args.registry, "route", "--json", "--",
                            r["question"]], capture_output=True, text=True, check=True, env=env)
        got = json.loads(p.stdout)["adapter"] or "base"
        confusion[(r["adapter"], got)] += 1
finally:
    shutil.rmtree(home, ignore_errors=True)  # the registry cache lives there

n = len(rows)
right = sum(v for (want, got), v in confusion.items() if want == got)
acc = right / n
z = 1.96  # Wilson interval, 95%
mid = (acc + z * z / (2 * n)) / (1 + z * z / n)
half = z * math.sqrt(acc * (1 - acc) / n + z * z / (4 * n * n)) / (1 + z * z / n)
labels = sorted({w for w, _ in confusion})
recall = {w: confusion[(w, w)] / sum(v for (a, _), v in confusion.items() if a == w)
          for w in labels}
misses = sorted(((v, w, g) for (w, g), v in confusion.items() if w != g), reverse=True)

if args.json:
    print(json.dumps({"n": n, "correct": right, "accuracy": acc,
                      "ci95": [mid - half, mid + half], "recall": recall,
                      "base_chosen": sum(v for (_, g), v in confusion.items() if g == "base")}))
    raise SystemExit(0)
print(f"accuracy {right}/{n} = {100 * acc:.1f}% (95% CI {100 * (mid - half):.1f}-"
      f"{100 * (mid + half):.1f}%)")
print(f"{'want':>12}  {'lines':>5}  recall")
for w in labels:
    total = sum(v for (a, _), v in confusion.items() if a == w)
    print(f"{w:>12}  {total:>5}  {100 * recall[w]:5.1f}%")
print("most common misroutes (want -> got: lines):")
for v, w, g in misses[:12]:
    print(f"  {w} -> {g}: {v}")
