#!/usr/bin/env python3
"""`loco leaderboard --html` renders in a real browser: headless Chromium loads the
page the real binary wrote, and the DOM it builds must hold the SVG chart with one
bar per (adapter, semester) of the right height, the axis labels and the legend,
every string from the registry and the archive as text (no <script> element), and
the screenshot must show the bars in their colours.

Exits 77 (CTest's skip code) only when no chromium is installed; any other problem
fails. Python standard library only."""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib import check, finish, hermetic_env  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import CHROMIUM, Dom, chromium, png_pixels  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--loco", required=True)
ap.add_argument("--src", required=True)
args = ap.parse_args()
args.loco = os.path.abspath(args.loco)

if not CHROMIUM:
    print("SKIP: chromium is not installed (scripts/deps.sh installs it)")
    sys.exit(77)



HOSTILE_DOMAIN = "a<script>&b"
HOSTILE_DESC = "<script>alert(1)</script> & co"
REGISTRY = f"""base_model: {{ollama_name: "qwen3:4b"}}
adapters:
  math: {{version: 0.2.0, active: true, type: system-prompt, description: "word problems", eval_dataset: eval.jsonl, eval_type: numeric}}
  math-v2: {{version: 0.3.0, domain: math, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}}
  tutor: {{version: 1.0.0, active: true, domain: "{HOSTILE_DOMAIN}", type: system-prompt, description: "{HOSTILE_DESC}", eval_dataset: eval.jsonl, eval_type: numeric}}
"""
DATASETS = {
    "math": '{"question": "What is 6 x 7?", "answer": 42}\n{"question": "What is 50 - 8?", "answer": 42}\n',
    "tutor": '{"question": "What is 40 + 2?", "answer": 42}\n',
}
# (adapter, dataset owner, semester, stamp, base correct, adapter correct, verdict) of 40 items
RUNS = [
    ("math", "math", "2026-S1", "20260301T090000Z", 22, 26, "not significant"),
    ("math", "math", "2026-S2", "20260901T090000Z", 22, 29, "ships"),
    ("math-v2", "math", "2026-S2", "20260902T090000Z", 22, 32, "ships"),
    ("tutor", "tutor", "2026-S1", "20260303T090000Z", 20, 18, "not significant"),
]
# The bars the chart must draw: title -> score (latest run of each adapter and semester).
BARS = {"math, 2026-S1": 0.65, "math, 2026-S2": 0.725, "math-v2, 2026-S2": 0.8,
        "tutor, 2026-S1": 0.45}
PLOT_H = 200  # src/eval/board_report.c: the plot's height in SVG units


def archive(t, adapter, owner, semester, stamp, bc, ac, verdict):
    sha = hashlib.sha256(DATASETS[owner].encode()).hexdigest()
    n = 40
    b, a = round(bc / n, 4), round(ac / n, 4)
    run = {"adapter_name": adapter, "base_model": "qwen3:4b", "adapter_model": f"locollm-{adapter}",
           "dataset": f"adapters/{owner}/eval.jsonl", "dataset_sha256": sha, "n": n,
           "eval_type": "numeric", "base": {"correct": bc, "total": n, "score": b},
           "adapter": {"correct": ac, "total": n, "score": a}, "delta": round(a - b, 4),
           "ci95": [round(a - b - 0.1, 4), round(a - b + 0.1, 4)], "mcnemar_p": 0.05,
           "verdict": verdict,
           "settings": {"reread": True, "votes": 1, "temperature": 0, "seed": 42},
           "semester": semester, "timestamp": stamp, "base_only": False, "by_difficulty": {}}
    path = os.path.join(t, "home", ".locollm", "results", adapter, f"{stamp}.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(run, f, indent="\t")


with tempfile.TemporaryDirectory(prefix="loco-lb-html-") as t:
    work = os.path.join(t, "work")
    os.makedirs(os.path.join(work, "adapters"))
    with open(os.path.join(work, "adapters", "registry.yaml"), "w", encoding="utf-8") as f:
        f.write(REGISTRY)
    for owner, text in DATASETS.items():
        os.makedirs(os.path.join(work, "adapters", owner))
        with open(os.path.join(work, "adapters", owner, "eval.jsonl"), "w", encoding="utf-8") as f:
            f.write(text)
    for r in RUNS:
        archive(t, *r)
    env = hermetic_env(os.path.join(t, "home"), args.src, {"OLLAMA_HOST": "http://127.0.0.1:9"})
    page = os.path.join(t, "leaderboard.html")
    p = subprocess.run([args.loco, "-q", "leaderboard", "--html", page], cwd=work, env=env,
                       capture_output=True, text=True)
    check(p.returncode == 0 and p.stderr == "", f"loco leaderboard --html exits 0 quietly "
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
    check(dom.svgs == 2, f"one SVG chart per domain with ranked adapters (got {dom.svgs})")
    check(dom.scripts == 0, f"no <script> element in the rendered DOM (got {dom.scripts})")
    titles = {title.strip(): a for a, title in dom.bars}
    check(set(titles) == {f"{k}: {100 * v:.1f}%" for k, v in BARS.items()},
          f"one bar per adapter and semester with its title: {sorted(titles)}")
    for key, score in BARS.items():
        a = titles.get(f"{key}: {100 * score:.1f}%")
        if a:
            check(abs(float(a["height"]) - PLOT_H * score) < 0.11,
                  f"bar '{key}' is {PLOT_H * score} units high (got {a['height']})")
    for label in ("0%", "50%", "100%", "score (%)", "adapter (one bar per semester)",
                  "2026-S1", "2026-S2", "base model (latest run)", "math", "math-v2", "tutor",
                  "72.5", "80.0"):
        check(label in [x.strip() for x in dom.texts], f"the chart shows the label '{label}'")
    check(HOSTILE_DOMAIN in dom.h2, f"the domain '{HOSTILE_DOMAIN}' is a heading's text: {dom.h2}")
    check(HOSTILE_DESC in dom.desc, f"the description is text, not markup: {dom.desc}")

    shot = os.path.join(t, "leaderboard.png")
    r = chromium(t, f"--screenshot={shot}", "--window-size=1000,1600", "--hide-scrollbars",
                 "file://" + page)
    check(r.returncode == 0 and os.path.exists(shot), f"chromium --screenshot (exit {r.returncode}): "
          f"{r.stderr[-600:]}")
    if os.path.exists(shot):
        w, h, rows = png_pixels(shot)
        counts = {}
        for row in rows:
            for px in row:
                counts[px] = counts.get(px, 0) + 1
        # The first two semester colours (src/eval/board_report.c's palette); a bar is
        # 22 units wide and 90 to 160 high, a legend swatch 12 x 12.
        for name, rgb in (("2026-S1 blue", (0x00, 0x72, 0xB2)), ("2026-S2 orange", (0xE6, 0x9F, 0x00))):
            check(counts.get(rgb, 0) > 2 * 22 * 80, f"the screenshot shows the {name} bars "
                  f"({counts.get(rgb, 0)} pixels of {w}x{h})")
        check(len(counts) > 20, f"the screenshot is not blank ({len(counts)} colours)")

finish("leaderboard html")
