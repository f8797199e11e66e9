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
import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib import check, finish, hermetic_env  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--loco", required=True)
ap.add_argument("--src", required=True)
args = ap.parse_args()
args.loco = os.path.abspath(args.loco)

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
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


class Dom(html.parser.HTMLParser):
    """The elements of the rendered DOM that matter here."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.svgs = 0
        self.scripts = 0
        self.bars = []       # (attrs, title text)
        self.texts = []      # SVG <text> contents
        self.h2 = []
        self.desc = []
        self._cur = None     # what text is being collected for

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append(tag)
        if tag == "svg":
            self.svgs += 1
        elif tag == "script":
            self.scripts += 1
        elif tag == "rect" and a.get("class") == "bar":
            self.bars.append([a, ""])
        elif tag == "title" and len(self.stack) > 1 and self.stack[-2] == "rect" and self.bars:
            self._cur = ("bar", self.bars[-1])
        elif tag == "text":
            self.texts.append("")
            self._cur = ("text", None)
        elif tag == "h2":
            self.h2.append("")
            self._cur = ("h2", None)
        elif tag == "div" and a.get("class") == "desc":
            self.desc.append("")
            self._cur = ("desc", None)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop() == tag:
                break
        if tag in ("title", "text", "h2", "div"):
            self._cur = None

    def handle_data(self, data):
        if not self._cur:
            return
        kind, bar = self._cur
        if kind == "bar":
            bar[1] += data
        elif kind == "text":
            self.texts[-1] += data
        elif kind == "h2":
            self.h2[-1] += data
        elif kind == "desc":
            self.desc[-1] += data


def png_pixels(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB/RGBA, non-interlaced PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {ctype}, interlace {interlace})")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return w, h, rows


def chromium(t, *flags):
    cmd = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
           f"--user-data-dir={os.path.join(t, 'chromium-profile')}", *flags]
    env = dict(os.environ, HOME=t)
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180)


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
