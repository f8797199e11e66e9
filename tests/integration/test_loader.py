#!/usr/bin/env python3
"""Commands that never touch the network must not load libcurl or libcrypto,
nor libsqlite3 unless they read the answer log
(SPEC section 11). The dynamic loader's own trace (LD_DEBUG=libs) shows every
library a process loads; `loco version -v` is the positive control that loads
both on demand. `leaderboard` hashes datasets, so it may load libcrypto (only
when there are archived runs to compare), never libcurl."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib import check, finish, hermetic_env, shipped_adapters  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--loco", required=True)
ap.add_argument("--src", required=True)
args = ap.parse_args()
NET_LIBS = ("libcurl.so", "libcrypto.so", "libssl.so", "libsqlite3.so")


def loaded(argv, home="/nonexistent/.locollm"):
    env = hermetic_env("/nonexistent", args.src, {"LOCO_HOME": home, "LD_DEBUG": "libs"})
    p = subprocess.run([args.loco] + argv, env=env, capture_output=True, text=True, cwd="/")
    return p.returncode, [lib for lib in NET_LIBS if lib in p.stderr]


registry = os.path.join(shipped_adapters(args.src), "registry.yaml")
for argv in (["route", "solve 2+2"], ["route", "--explain", "--registry", registry, "x"],
             ["adapters", "list"], ["adapters", "show", "math"], ["adapters", "search", "math"],
             ["config", "list"],
             ["help"], ["--help"], ["version"], ["leaderboard", "--registry", registry]):
    rc, libs = loaded(argv)
    check(rc == 0, f"loco {' '.join(argv)} exits 0")
    check(not libs, f"loco {' '.join(argv)} loaded {libs}")

with tempfile.TemporaryDirectory(prefix="loco-loader-") as home:
    os.makedirs(os.path.join(home, "results", "math"))
    with open(os.path.join(home, "results", "math", "20260301T090000Z.json"), "w") as f:
        json.dump({"adapter_name": "math", "dataset_sha256": "0" * 64, "n": 1,
                   "base": {"score": 0}, "adapter": {"score": 1}, "delta": 1,
                   "verdict": "not significant", "semester": "2026-S1",
                   "timestamp": "20260301T090000Z", "base_only": False}, f)
    rc, libs = loaded(["leaderboard", "--registry", registry], home)
    check(rc == 0 and libs == ["libcrypto.so"],
          f"leaderboard with an archived run loads libcrypto to hash the dataset, not libcurl (got {libs})")

rc, libs = loaded(["version", "-v"])
check(rc == 0 and "libcurl.so" in libs and "libcrypto.so" in libs,
      f"version -v loads libcurl and libcrypto on demand (got {libs})")

# libsqlite3 is loaded by what reads or writes the answer log, and only then.
with tempfile.TemporaryDirectory(prefix="loco-loader-") as home:
    rc, libs = loaded(["logs"], home)
    check(rc == 0 and not libs, f"logs with no logs.db loads nothing (got {libs})")
    import sqlite3
    sqlite3.connect(os.path.join(home, "logs.db")).close()
    rc, libs = loaded(["logs"], home)
    check(rc == 0 and libs == ["libsqlite3.so"], f"logs loads libsqlite3, not the network (got {libs})")

# The binary must not even list them as dependencies.
readelf = shutil.which("readelf")
if readelf:
    out = subprocess.run([readelf, "-d", args.loco], capture_output=True, text=True).stdout
    needed = [l for l in out.splitlines() if "(NEEDED)" in l]
    check(needed and not any(lib in l for l in needed for lib in NET_LIBS),
          f"no libcurl/libcrypto in NEEDED: {needed}")

finish("loader")
