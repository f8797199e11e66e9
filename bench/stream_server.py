#!/usr/bin/env python3
"""A minimal Ollama stand-in for scripts/bench.sh: answers /api/tags and
streams a chat answer of TOKENS tokens as NDJSON (chunked). Like Ollama, it
makes each object when it sends it (json.dumps per token) and flushes every
BATCH objects (Ollama flushes every object: BATCH 1). Prints "listening on
127.0.0.1:PORT" and serves until killed. Not a test double: tests use
tests/fake_ollama.py, which is strict; this one is only fast."""
import http.server
import json
import sys

TOKENS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
BATCH = int(sys.argv[2]) if len(sys.argv) > 2 else 64


def line(i):
    return json.dumps({"model": "qwen3:4b", "created_at": "2026-11-23T10:00:00.%06dZ" % (i % 1000000),
                       "message": {"role": "assistant", "content": "tok%d " % (i % 100)}, "done": False},
                      separators=(",", ":")) + "\n"


DONE = ('{"model":"qwen3:4b","created_at":"2026-11-23T10:00:01Z","message":{"role":"assistant","content":""},'
        '"done":true,"done_reason":"stop","eval_count":%d,"eval_duration":1000000000}\n' % TOKENS).encode()
TAGS = json.dumps({"models": [{"name": "qwen3:4b", "model": "qwen3:4b", "digest": "0" * 64}]}).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(TAGS)))
        self.end_headers()
        self.wfile.write(TAGS)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(n)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        w = self.wfile
        for start in range(0, TOKENS, BATCH):
            b = "".join(line(i) for i in range(start, min(start + BATCH, TOKENS))).encode()
            w.write(b"%x\r\n%s\r\n" % (len(b), b))
            w.flush()
        w.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(DONE), DONE))
        w.flush()


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"listening on 127.0.0.1:{srv.server_address[1]}", flush=True)
srv.serve_forever()
