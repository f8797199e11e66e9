#!/usr/bin/env python3
"""The shipped adapters' eval datasets: each loads with the registry, has at
least 60 well-formed items with a spread of difficulties, every code item's
reference solution passes its own tests, and loco's router sends every item
to its own adapter (the keyword lists and the datasets must agree)."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib import check, counts, hermetic_env, shipped_adapters  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--loco", required=True)
ap.add_argument("--src", required=True)
args = ap.parse_args()
adapters = shipped_adapters(args.src)
registry = os.path.join(adapters, "registry.yaml")
MIN_ITEMS = 60


def loco(*argv, stdin=None):
    env = hermetic_env("/nonexistent", args.src)
    p = subprocess.run([args.loco, "--registry", registry] + list(argv), input=stdin, env=env,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"loco {' '.join(argv)} failed: {p.stderr}")
    return p.stdout


def is_str(v):
    return isinstance(v, str) and v.strip() != ""


def check_math(where, item):
    check(is_str(item.get("question")), f"{where}: question")
    a = item.get("answer")
    check(isinstance(a, (int, float)) and not isinstance(a, bool), f"{where}: numeric answer")
    return item.get("question", "")


def check_code(where, item, solutions):
    check(is_str(item.get("instruction")), f"{where}: instruction")
    check(isinstance(item.get("input"), str), f"{where}: input is a string")
    check(item.get("evaluation_type") == "code_execution", f"{where}: evaluation_type")
    cfg = item.get("evaluation_config") or {}
    fn = cfg.get("function_name")
    check(is_str(fn), f"{where}: function_name")
    cases, tests = cfg.get("test_cases"), cfg.get("tests")
    check((cases is None) != (tests is None), f"{where}: exactly one of test_cases and tests")
    n = len(cases or tests or [])
    check(4 <= n <= 8, f"{where}: 4 to 8 tests, has {n}")
    for c in cases or []:
        check(isinstance(c.get("input"), list) and "expected_output" in c,
              f"{where}: test case shape {c}")
    for t in tests or []:
        check(is_str(t) and t.lstrip().startswith("assert"), f"{where}: assert statement")
    kw = item.get("answer_keywords")
    check(isinstance(kw, list) and kw and all(is_str(k) for k in kw), f"{where}: answer_keywords")
    check(is_str(item.get("reference_solution")), f"{where}: reference_solution")
    solutions.append((where, item))
    return item["instruction"] + ("\n\n" + item["input"] if item.get("input") else "")


def check_analysis(where, item):
    check(is_str(item.get("instruction")), f"{where}: instruction")
    check(is_str(item.get("input")), f"{where}: input")
    exp = item.get("expected_output")
    check(is_str(exp) and len(exp.split()) <= 3, f"{where}: short expected_output")
    if item.get("difficulty") in ("easy", "medium") and is_str(exp):
        check(exp.lower() in item["input"].lower(), f"{where}: answer stated in the passage")
    return item["instruction"] + "\n\n" + item["input"]


# Runs every reference solution against its tests in one Python process.
RUNNER = r"""
import json, sys
failures = []
for where, item in json.load(sys.stdin):
    cfg = item["evaluation_config"]
    ns = {}
    try:
        exec(item["reference_solution"], ns)
        fn = ns[cfg["function_name"]]
        for c in cfg.get("test_cases") or []:
            got = fn(*c["input"])
            if got != c["expected_output"]:
                failures.append(f"{where}: {cfg['function_name']}{tuple(c['input'])} = {got!r}, want {c['expected_output']!r}")
        for t in cfg.get("tests") or []:
            exec(t, ns)
    except Exception as e:
        failures.append(f"{where}: {type(e).__name__}: {e}")
print(json.dumps(failures))
"""


def run_solutions(solutions):
    with tempfile.TemporaryDirectory() as t:
        p = subprocess.run([sys.executable, "-I", "-c", RUNNER], input=json.dumps(solutions),
                           capture_output=True, text=True, cwd=t, timeout=120)
    check(p.returncode == 0, f"solution runner: {p.stderr}")
    for f in json.loads(p.stdout or "[]"):
        check(False, f"reference solution: {f}")
    check(True, f"{len(solutions)} reference solutions pass their tests")


def main():
    reg = json.loads(loco("adapters", "list", "--json"))
    names = [a["name"] for a in reg["adapters"]]
    check(names == ["math", "code", "analysis"], f"shipped adapters {names}")
    solutions, prompts = [], []
    for a in reg["adapters"]:
        path = a["eval_dataset"]
        if not check(path and os.path.isfile(path), f"{a['name']}: dataset {path} exists"):
            continue
        ids, diffs = set(), {}
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        items = 0
        for no, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"adapters/{os.path.relpath(path, adapters)}:{no}"
            try:
                item = json.loads(line)
            except ValueError as e:
                check(False, f"{where}: not JSON: {e}")
                continue
            items += 1
            check(isinstance(item, dict), f"{where}: an object")
            iid = item.get("id")
            check(is_str(iid) and iid.startswith(a["name"] + "-") and iid not in ids,
                  f"{where}: unique id '{iid}'")
            ids.add(iid)
            d = item.get("difficulty")
            check(d in ("easy", "medium", "hard"), f"{where}: difficulty '{d}'")
            diffs[d] = diffs.get(d, 0) + 1
            kind = a["eval_type"]
            if kind == "numeric":
                prompt = check_math(where, item)
            elif kind == "code_execution":
                prompt = check_code(where, item, solutions)
            else:
                prompt = check_analysis(where, item)
            prompts.append((where, a["name"], prompt))
        check(items >= MIN_ITEMS, f"{a['name']}: {items} items, want at least {MIN_ITEMS}")
        for d in ("easy", "medium", "hard"):
            check(diffs.get(d, 0) >= 10, f"{a['name']}: at least 10 {d} items, has {diffs.get(d, 0)}")
        print(f"{a['name']}: {items} items ({', '.join(f'{k} {v}' for k, v in sorted(diffs.items()))})")
    run_solutions(solutions)
    right = 0
    for where, want, prompt in prompts:
        got = json.loads(loco("route", "--json", "-", stdin=prompt))["adapter"]
        right += got == want
        check(got == want, f"{where}: routes to {got}, want {want}")
    print(f"routing: {right}/{len(prompts)} items go to their own adapter")
    passed, failed = counts()
    print(f"datasets: {passed} passed, {failed} failed")
    return 1 if failed else 0


sys.exit(main())
