#!/usr/bin/env python3
"""`loco bench --html` renders in a real browser: the real binary runs a small grid
against the fake Ollama server, and headless Chromium loads the page it wrote. The
DOM must hold both SVG charts: one bar per (cell, domain or composite) of the right
height, an interval whisker on every bar but the baseline's, one dot per cell on the
latency chart, the axis labels and the legend, every registry string as text (no
<script> element); the screenshot must show the bars in their colours.

The figures (the scenario of tests/integration/cases/bench.t, two cells of it):
base right on g4 only (math 0/4, geo 1/4, composite 12.5%); oracle+re2 right on all
8 (100% everywhere). Exits 77 (CTest's skip code) only when no chromium is
installed; any other problem fails. Python standard library only."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import check, finish, hermetic_env  # noqa: E402
from browser import CHROMIUM, Dom, chromium, png_pixels  # noqa: E402

HOSTILE_DOMAIN = "g<script>&o"
REGISTRY = f"""base_model: {{ollama_name: "qwen3:4b"}}
adapters:
  math: {{version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}}
  geo: {{version: 1.0.0, domain: "{HOSTILE_DOMAIN}", type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}}
"""
DATASETS = {
    "math": [("m1", "sum one", "gamma"), ("m2", "sum two", "gamma"),
             ("m3", "what capital three", "gamma"), ("m4", "plain four", "beta")],
    "geo": [("g1", "capital one", "delta"), ("g2", "capital two", "delta"),
            ("g3", "plain three", "delta"), ("g4", "capital four", "alpha")],
}
RE2 = {"contains": "Read the question again"}
SCENARIO = {
    "models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-geo"}],
    "replies_by_model": {
        "qwen3:4b": [{"match": RE2, "content": "alpha beta"}, {"match": {}, "content": "alpha"}],
        "locollm-math": [{"match": RE2, "content": "alpha beta gamma"},
                         {"match": {}, "content": "alpha gamma"}],
        "locollm-geo": [{"match": RE2, "content": "alpha beta delta"},
                        {"match": {}, "content": "alpha delta"}]}}
CELLS = ["base", "oracle+re2"]
# title of each bar -> its score
BARS = {"base, math": 0.0, f"base, {HOSTILE_DOMAIN}": 0.25, "base, composite": 0.125,
        "oracle+re2, math": 1.0, f"oracle+re2, {HOSTILE_DOMAIN}": 1.0,
        "oracle+re2, composite": 1.0}
PLOT_H = 200  # src/eval/bench_html.c: the plot's height in SVG units
PALETTE = [(0x00, 0x72, 0xB2), (0xE6, 0x9F, 0x00)]  # its first two cell colours

ap = argparse.ArgumentParser()
ap.add_argument("--loco", required=True)
ap.add_argument("--src", required=True)
args = ap.parse_args()
args.loco = os.path.abspath(args.loco)

if not CHROMIUM:
    print("SKIP: chromium is not installed (scripts/deps.sh installs it)")
    sys.exit(77)


def start_fake(t):
    path = os.path.join(t, "scenario.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(SCENARIO, f)
    p = subprocess.Popen([sys.executable, os.path.join(args.src, "tests", "fake_ollama.py"),
                          "--scenario", path, "--port", "0"], stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline().strip()
    check(line.startswith("listening on "), f"the fake server starts ({line!r})")
    return p, line.split()[-1]


with tempfile.TemporaryDirectory(prefix="loco-bench-html-") as t:
    work = os.path.join(t, "work")
    os.makedirs(os.path.join(work, "adapters"))
    with open(os.path.join(work, "adapters", "registry.yaml"), "w", encoding="utf-8") as f:
        f.write(REGISTRY)
    for owner, items in DATASETS.items():
        os.makedirs(os.path.join(work, "adapters", owner))
        with open(os.path.join(work, "adapters", owner, "eval.jsonl"), "w", encoding="utf-8") as f:
            for i, q, a in items:
                f.write(json.dumps({"id": i, "instruction": q, "expected_output": a}) + "\n")
    fake, addr = start_fake(t)
    try:
        env = hermetic_env(os.path.join(t, "home"), args.src, {"OLLAMA_HOST": addr})
        page = os.path.join(t, "bench.html")
        p = subprocess.run([args.loco, "-q", "bench", "--cells", ",".join(CELLS), "--html", page],
                           cwd=work, env=env, capture_output=True, text=True)
    finally:
        fake.terminate()
        fake.wait()
    check(p.returncode == 0 and p.stderr == "", f"loco bench --html exits 0 quietly "
          f"(exit {p.returncode}, stderr {p.stderr!r})")
    with open(page, encoding="utf-8") as f:
        source = f.read()
    check("<script" not in source and "http://" not in source.replace('xmlns="http://www.w3.org/2000/svg"', "")
          and "https://" not in source, "the page has no scripts and no external references")

    r = chromium(t, "--dump-dom", "file://" + page)
    check(r.returncode == 0 and "<svg" in r.stdout,
          f"chromium --dump-dom renders the page (exit {r.returncode}): {r.stderr[-600:]}")
    dom = Dom()
    dom.feed(r.stdout)
    check(dom.svgs == 2, f"two SVG charts, scores and latency (got {dom.svgs})")
    check(dom.scripts == 0, f"no <script> element in the rendered DOM (got {dom.scripts})")
    titles = {title.strip(): a for a, title in dom.bars}
    check(set(titles) == {f"{k}: {100 * v:.1f}%" for k, v in BARS.items()},
          f"one bar per cell and domain, and the composite, with its title: {sorted(titles)}")
    for key, score in BARS.items():
        a = titles.get(f"{key}: {100 * score:.1f}%")
        if a:
            check(abs(float(a["height"]) - PLOT_H * score) < 0.11,
                  f"bar '{key}' is {PLOT_H * score} units high (got {a['height']})")
    whiskers = r.stdout.count('class="ci"')
    check(whiskers == 3, f"an interval on each of oracle+re2's 3 bars, none on base's (got {whiskers})")
    dots = r.stdout.count('class="dot"')
    check(dots == len(CELLS), f"one dot per cell on the latency chart (got {dots})")
    for label in ("0%", "50%", "100%", "score (%)", "domain (one bar per cell)", "latency p50 (s)",
                  "math", HOSTILE_DOMAIN, "composite", *CELLS):
        check(label in [x.strip() for x in dom.texts], f"the charts show the label '{label}'")

    shot = os.path.join(t, "bench.png")
    r = chromium(t, f"--screenshot={shot}", "--window-size=1000,1400", "--hide-scrollbars",
                 "file://" + page)
    check(r.returncode == 0 and os.path.exists(shot), f"chromium --screenshot (exit {r.returncode}): "
          f"{r.stderr[-600:]}")
    if os.path.exists(shot):
        w, h, rows = png_pixels(shot)
        counts = {}
        for row in rows:
            for px in row:
                counts[px] = counts.get(px, 0) + 1
        # base's bars are 0, 50 and 25 units high (18 wide); oracle's three are 200
        check(counts.get(PALETTE[0], 0) > 18 * 60, f"the screenshot shows base's blue bars "
              f"({counts.get(PALETTE[0], 0)} pixels of {w}x{h})")
        check(counts.get(PALETTE[1], 0) > 3 * 18 * 180, f"the screenshot shows oracle+re2's orange "
              f"bars ({counts.get(PALETTE[1], 0)} pixels)")

finish("bench html")
