#!/usr/bin/env python3
"""A plain HTTP file server for loco's download tests (adapters install, the
adapter index), driven by a JSON scenario. Python standard library only.

    python3 tests/file_server.py --scenario FILE.json --record FILE.jsonl [--port 0]

Prints exactly one line `listening on 127.0.0.1:PORT` on stdout, then serves
until SIGTERM. Every request is appended to the record file as one JSON line:
{"seq", "method", "path", "range" (the Range header or null), "status"}.

Scenario (JSON; keys starting with "_" are ignored):

    {"files": {"/a/lora.gguf": {"text": "GGUF ...",          # or "base64": "...", or "file":
                                                             # a path read at each request
                                "cut_after": 10,             # close after 10 body bytes ...
                                "cut_times": 1,              # ... on the first 1 requests (default 1)
                                "stall_ms": 0,               # ... after holding the connection silent
                                "ignore_range": false,       # answer 200 with the whole file
                                "status": null}},            # answer this status instead (404, 500)
     "redirects": {"/old.gguf": "/a/lora.gguf"}}             # 302 to another path

A path not in the scenario is a 404 with the body `404 page not found`. A file
that is served honours `Range: bytes=N-` with 206 and Content-Range, and
answers 416 when N is past its end. The text "{SELF_PORT}" in a file's text is
replaced by the server's port (for an index that points back at this server).
"""
import argparse
import base64
import json
import re
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class State:
    def __init__(self, scenario, record):
        self.files = scenario.get("files", {})
        self.redirects = scenario.get("redirects", {})
        for k in scenario:
            if not k.startswith("_") and k not in ("files", "redirects"):
                raise SystemExit(f"file_server.py: unknown scenario key '{k}'")
        for path, f in self.files.items():
            for k in f:
                if not k.startswith("_") and k not in ("text", "base64", "file", "cut_after", "cut_times",
                                                       "stall_ms", "ignore_range", "status"):
                    raise SystemExit(f"file_server.py: {path}: unknown key '{k}'")
        self.record = record
        self.lock = threading.Lock()
        self.seq = 0
        self.served = {}  # path -> requests answered so far
        self.port = 0

    def body(self, f):
        if "base64" in f:
            return base64.b64decode(f["base64"])
        if "file" in f:
            with open(f["file"], "rb") as data:
                return data.read()
        return f.get("text", "").replace("{SELF_PORT}", str(self.port)).encode("utf-8")

    def log(self, entry):
        with self.lock:
            self.seq += 1
            entry = {"seq": self.seq, **entry}
            if self.record:
                with open(self.record, "a", encoding="utf-8") as out:
                    out.write(json.dumps(entry) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, fmt, *args):
        pass

    def answer(self, status, body=b"", headers=()):
        self.state.log({"method": self.command, "path": self.path,
                        "range": self.headers.get("Range"), "status": status})
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        st = self.state
        path = self.path.split("?", 1)[0]
        if path in st.redirects:
            self.answer(302, b"", [("Location", st.redirects[path])])
            return
        f = st.files.get(path)
        if f is None:
            self.answer(404, b"404 page not found", [("Content-Type", "text/plain")])
            return
        if f.get("status"):
            self.answer(f["status"], b"server error", [("Content-Type", "text/plain")])
            return
        data = st.body(f)
        with st.lock:
            n = st.served.get(path, 0)
            st.served[path] = n + 1
        start = 0
        rng = self.headers.get("Range")
        m = re.fullmatch(r"bytes=(\d+)-", rng or "")
        if m and not f.get("ignore_range"):
            start = int(m.group(1))
            if start >= len(data):
                self.answer(416, b"", [("Content-Range", f"bytes */{len(data)}")])
                return
        rest = data[start:]
        status = 206 if start else 200
        headers = [("Content-Type", "application/octet-stream"), ("Accept-Ranges", "bytes")]
        if start:
            headers.append(("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}"))
        cut = f.get("cut_after")
        if cut is not None and n < f.get("cut_times", 1) and cut < len(rest):
            # announce the whole length, send part of it, and close
            st.log({"method": "GET", "path": self.path, "range": rng, "status": status})
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(rest)))
            self.end_headers()
            self.wfile.write(rest[:cut])
            self.wfile.flush()
            if f.get("stall_ms"):
                time.sleep(f["stall_ms"] / 1000)
            self.close_connection = True
            return
        self.answer(status, rest, headers)

    do_HEAD = do_GET


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scenario")
    ap.add_argument("--record")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    scenario = {}
    if args.scenario:
        with open(args.scenario, encoding="utf-8") as f:
            scenario = json.load(f)
    state = State(scenario, args.record)
    Handler.state = state
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    print(f"listening on 127.0.0.1:{state.port}", flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass


if __name__ == "__main__":
    main()
