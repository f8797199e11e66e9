#!/usr/bin/env python3
"""Accuracy of `loco route --json` on a labelled set (default: heldout.jsonl
beside this script), with a per-class table and where the misses went.
Usage: bench/router/keyword_accuracy.py --loco build/loco [--registry FILE] [SET]
Until `loco eval --router --router-set` exists (issue 17 item 6)."""
import argparse
import collections
import json
import math
import os
import subprocess
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--loco", required=True)
ap.add_argument("--registry", default=os.path.join(here, "..", "..", "adapters", "registry.yaml"))
ap.add_argument("set", nargs="?", default=os.path.join(here, "heldout.jsonl"))
args = ap.parse_args()

rows = [json.loads(line) for line in open(args.set, encoding="utf-8") if line.strip()]
confusion = collections.Counter()
home = tempfile.mkdtemp(prefix="loco-route-")  # no user config: the defaults
env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LC_ALL": "C",
       "LOCO_HOME": os.path.join(home, ".locollm")}
for r in rows:
    p = subprocess.run([args.loco, "--registry", args.registry, "route", "--json", "--",
                        r["question"]], capture_output=True, text=True, check=True, env=env)
    got = json.loads(p.stdout)["adapter"] or "base"
    confusion[(r["adapter"], got)] += 1

os.rmdir(home)
n = len(rows)
right = sum(v for (want, got), v in confusion.items() if want == got)
acc = right / n
z = 1.96  # Wilson interval, 95%
mid = (acc + z * z / (2 * n)) / (1 + z * z / n)
half = z * math.sqrt(acc * (1 - acc) / n + z * z / (4 * n * n)) / (1 + z * z / n)
print(f"accuracy {right}/{n} = {100 * acc:.1f}% (95% CI {100 * (mid - half):.1f}-"
      f"{100 * (mid + half):.1f}%)")
labels = sorted({w for w, _ in confusion} | {g for _, g in confusion})
print("want \\ got  " + " ".join(f"{g:>9}" for g in labels) + "   recall")
for w in labels:
    row = [confusion[(w, g)] for g in labels]
    total = sum(row)
    rec = f"{100 * confusion[(w, w)] / total:5.1f}%" if total else "    -"
    print(f"{w:>11}  " + " ".join(f"{c:>9}" for c in row) + f"   {rec}")
