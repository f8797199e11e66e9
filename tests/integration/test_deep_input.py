#!/usr/bin/env python3
"""Hostile nesting fails fast with a located error (issue 14 item 5): YAML
200,000 levels deep in a registry, a config file and a remote adapter index
(libyaml alone would take hours: its scanner is quadratic in the depth), and
JSON as deep in a dataset and a session file. Each must stop with the file,
line and column where the depth passed its cap, never hang or crash. The
subprocess timeout only keeps a regression from hanging the suite."""
import argparse
import http.server
import os
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib import check, finish, hermetic_env  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--loco", required=True)
ap.add_argument("--src", required=True)
args = ap.parse_args()
DEEP = 200000
HANG_GUARD = 600  # seconds; a pass takes milliseconds


def loco(home, *argv, extra=None):
    env = hermetic_env(home, args.src, extra)
    try:
        return subprocess.run([args.loco] + list(argv), env=env, capture_output=True, text=True,
                              timeout=HANG_GUARD)
    except subprocess.TimeoutExpired:
        check(False, f"loco {' '.join(argv)} did not finish")
        return None


def expect(p, code, text, what):
    if p is None:
        return
    check(p.returncode == code, f"{what}: exit {p.returncode}, expected {code}: {p.stderr}")
    check(text in p.stderr, f"{what}: expected {text!r} in {p.stderr!r}")


flow = "[" * DEEP + "]" * DEEP
registry = ('base_model: {ollama_name: "qwen3:4b"}\nadapters:\n'
            '  geo: {version: 1.0.0, type: system-prompt, system_prompt: "x"}\n'
            f"junk: {flow}\n")

with tempfile.TemporaryDirectory() as t:
    home = os.path.join(t, "home")
    os.makedirs(os.path.join(home, ".locollm", "sessions"))
    path = os.path.join(t, "deep.yaml")
    with open(path, "w") as f:
        f.write(registry)
    p = loco(home, "--registry", path, "route", "km")
    expect(p, 5, f"{path}:4:70: nested deeper than 64 lists or mappings", "flow registry")

    block = "".join(" " * i + f"k{i}:\n" for i in range(100))
    with open(path, "w") as f:
        f.write(block)
    p = loco(home, "--registry", path, "route", "km")
    expect(p, 5, f"{path}:65:", "block registry")
    check(p is None or "nested deeper than 64" in p.stderr, "block registry: says why")

    config = os.path.join(home, ".locollm", "config.yaml")
    with open(config, "w") as f:
        f.write(f"eval: {{jobs: {flow}}}\n")
    p = loco(home, "config", "list")
    expect(p, 5, "config.yaml:1:", "config")
    check(p is None or "nested deeper than 64" in p.stderr, "config: says why")

    class Index(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = registry.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Index)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/index.yaml"
    with open(config, "w") as f:
        f.write(f'index_url: "{url}"\n')
    p = loco(home, "adapters", "search", "geo")
    expect(p, 5, f"the adapter index is not a valid registry: {url}:4:70: nested deeper than 64",
           "index")
    server.shutdown()
    os.unlink(config)

    adapters = os.path.join(t, "adapters")
    os.makedirs(os.path.join(adapters, "math"))
    with open(os.path.join(adapters, "math", "eval.jsonl"), "w") as f:
        f.write('{"question": "q", "answer": 1}\n{"question": ' + flow + ', "answer": 1}\n')
    reg = os.path.join(adapters, "registry.yaml")
    with open(reg, "w") as f:
        f.write('base_model: {ollama_name: "qwen3:4b"}\nadapters:\n'
                '  math: {version: 1.0.0, type: system-prompt, system_prompt: "x",'
                ' eval_dataset: eval.jsonl, eval_type: numeric}\n')
    p = loco(home, "--registry", reg, "eval", "--plan", "math")
    expect(p, 5, "eval.jsonl:2: nested deeper than 64 lists or objects at byte column 77",
           "dataset")

    session = os.path.join(home, ".locollm", "sessions", "20260101-000000.json")
    with open(session, "w") as f:
        f.write('{"loco_session": 1, "messages": ' + flow + "}\n")
    p = loco(home, "chat", "--list")
    expect(p, 0, "20260101-000000.json:1:96: nested deeper than 64 lists or objects", "session")

finish("deep input")
