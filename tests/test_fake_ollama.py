#!/usr/bin/env python3
"""Tests of tests/fake_ollama.py (unittest + raw sockets; standard library only).

    python3 tests/test_fake_ollama.py [-v] [TestClass[.test_name] ...]

The last line of output is "N passed, N failed"; the exit status is 1 on any
failure.  Every test talks to a real fake_ollama.py subprocess over TCP and
checks the exact bytes on the wire.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "fake_ollama.py")
TS_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

class Server:
    """A fake_ollama.py subprocess with its own scenario and record file."""

    def __init__(self, scenario=None, args=()):
        self.dir = tempfile.mkdtemp(prefix="fake_ollama_test_")
        self.record = os.path.join(self.dir, "record.jsonl")
        cmd = [sys.executable, FAKE, "--record", self.record, "--port", "0"]
        if scenario is not None:
            self.scenario = os.path.join(self.dir, "scenario.json")
            with open(self.scenario, "w", encoding="utf-8") as f:
                json.dump(scenario, f)
            cmd += ["--scenario", self.scenario]
        cmd += list(args)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.first_line = self.proc.stdout.readline().decode()
        m = re.match(r"^listening on 127\.0\.0\.1:(\d+)\n$", self.first_line)
        if not m:
            err = self.proc.stderr.read().decode()
            raise RuntimeError("server did not start: %r %s" % (self.first_line, err))
        self.port = int(m.group(1))

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        return rc

    def records(self):
        with open(self.record, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]


class Resp:
    status = None
    body = b""
    chunks = None
    terminated = None
    closed = False

    def header(self, name):
        vals = [v for k, v in self.headers if k == name.lower()]
        return vals[0] if vals else None

    def lines(self):
        assert self.body.endswith(b"\n"), self.body[-200:]
        return self.body.split(b"\n")[:-1]

    def objs(self):
        return [json.loads(x) for x in self.lines()]

    def json(self):
        return json.loads(self.body)


class Conn:
    def __init__(self, port, timeout=10):
        self.port = port
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""
        self.closed = False
        self.reset = False

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        try:
            d = self.sock.recv(1 << 16)
        except ConnectionResetError:
            self.reset = True
            d = b""
        if not d:
            self.closed = True
            return False
        self.buf += d
        return True

    def read_until(self, sep):
        while sep not in self.buf:
            if not self._fill():
                raise EOFError
        i = self.buf.index(sep) + len(sep)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def read_n(self, n):
        while len(self.buf) < n:
            if not self._fill():
                raise EOFError
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def wait_closed(self):
        while self._fill():
            pass
        return self.closed

    def read_response(self, method="GET"):
        r = Resp()
        r.t_start = time.monotonic()
        head = self.read_until(b"\r\n\r\n")
        r.t_head = time.monotonic()
        lines = head[:-4].split(b"\r\n")
        r.status_line = lines[0].decode()
        r.status = int(lines[0].split()[1])
        r.raw_headers = lines[1:]
        r.headers = []
        for ln in lines[1:]:
            k, v = ln.decode("latin-1").split(":", 1)
            r.headers.append((k.strip().lower(), v.strip()))
        if r.status < 200 or method == "HEAD" or r.status in (204, 304):
            return r
        te, cl = r.header("transfer-encoding"), r.header("content-length")
        if te == "chunked":
            r.chunks, r.chunk_times = [], []
            try:
                while True:
                    size = int(self.read_until(b"\r\n").split(b";")[0], 16)
                    if size == 0:
                        self.read_until(b"\r\n")
                        r.terminated = True
                        break
                    r.chunks.append(self.read_n(size))
                    r.chunk_times.append(time.monotonic())
                    self.read_n(2)
            except EOFError:
                r.terminated = False
                r.leftover = self.buf
            r.body = b"".join(r.chunks)
        elif cl is not None:
            r.body = self.read_n(int(cl))
        else:
            while self._fill():
                pass
            r.body, self.buf = self.buf, b""
        r.closed = self.closed
        return r

    def close(self):
        self.sock.close()


def request(port, method, path, body=None, headers=(), conn=None, timeout=10):
    c = conn or Conn(port, timeout)
    if isinstance(body, (dict, list)):
        data = json.dumps(body).encode()
    elif isinstance(body, str):
        data = body.encode()
    else:
        data = body
    h = [("Host", "127.0.0.1:%d" % port)] + list(headers)
    if data is not None and not any(k.lower() in ("content-length", "transfer-encoding")
                                    for k, _ in h):
        h.append(("Content-Length", str(len(data))))
    head = "%s %s HTTP/1.1\r\n" % (method, path) + "".join("%s: %s\r\n" % kv for kv in h)
    c.send(head.encode() + b"\r\n" + (data or b""))
    r = c.read_response(method)
    r.conn = c
    return r


def chat(port, model, content="hi", **kw):
    body = {"model": model, "messages": [{"role": "user", "content": content}]}
    body.update(kw)
    return request(port, "POST", "/api/chat", body)


def cuts_inside(chunks, pattern):
    """True if some boundary between chunks falls strictly inside a match."""
    joined = b"".join(chunks)
    bounds, pos = set(), 0
    for c in chunks[:-1]:
        pos += len(c)
        bounds.add(pos)
    return any(any(m.start() < b < m.end() for b in bounds) for m in re.finditer(pattern, joined))


class ServerCase(unittest.TestCase):
    scenario = None
    args = ()

    @classmethod
    def setUpClass(cls):
        cls.srv = Server(cls.scenario, cls.args)
        cls.port = cls.srv.port

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def assertError(self, r, status, text, ctype="application/json; charset=utf-8"):
        self.assertEqual(r.status, status, r.body)
        self.assertEqual(r.header("content-type"), ctype)
        self.assertEqual(r.body, json.dumps({"error": text}, separators=(",", ":"))
                         .replace("<", "\\u003c").replace(">", "\\u003e")
                         .replace("&", "\\u0026").encode())


QWEN = {"name": "qwen3:4b", "thinking": True, "family": "qwen3", "system": "Be brief."}
LLAMA = {"name": "llama3.2", "family": "llama"}


# ---------------------------------------------------------------------------
# framing
# ---------------------------------------------------------------------------

class TestFraming(ServerCase):
    scenario = {
        "models": [QWEN, LLAMA],
        "replies": [{"content": "The answer is 42.", "thinking": "Let me add 15 and 27."}],
        "replies_by_model": {
            "llama3.2": [{"content": "<think>a & b</think> caf\u00e9 \u2028 \u4e16\u754c"}],
        },
    }

    def test_root_get_and_head_keepalive(self):
        r = request(self.port, "GET", "/")
        self.assertEqual(r.status_line, "HTTP/1.1 200 OK")
        self.assertEqual(r.body, b"Ollama is running")
        self.assertEqual(r.header("content-type"), "text/plain; charset=utf-8")
        self.assertEqual(r.header("content-length"), "17")
        h = request(self.port, "HEAD", "/", conn=r.conn)       # same connection
        self.assertEqual(h.status, 200)
        self.assertEqual(h.header("content-length"), "17")
        g = request(self.port, "GET", "/api/version", conn=r.conn)
        self.assertEqual(g.body, b'{"version":"0.33.0"}')
        self.assertEqual(g.conn.buf, b"")                       # no body bytes after HEAD

    def test_version_exact_bytes(self):
        r = request(self.port, "GET", "/api/version")
        self.assertEqual(r.body, b'{"version":"0.33.0"}')
        self.assertEqual(r.header("content-type"), "application/json; charset=utf-8")
        self.assertIsNone(r.header("transfer-encoding"))
        self.assertIsNone(r.header("server"))
        self.assertIsNotNone(r.header("date"))

    def test_tags(self):
        r = request(self.port, "GET", "/api/tags")
        self.assertFalse(r.body.endswith(b"\n"))
        ms = r.json()["models"]
        self.assertEqual([m["name"] for m in ms], ["qwen3:4b", "llama3.2:latest"])
        for m in ms:
            self.assertEqual(m["name"], m["model"])
            self.assertRegex(m["digest"], r"^[0-9a-f]{64}$")
            self.assertNotIn("expires_at", m)
            self.assertEqual(list(m)[:7], ["name", "model", "modified_at", "size", "digest",
                                           "details", "capabilities"])
        self.assertIn("thinking", ms[0]["capabilities"])
        self.assertEqual(list(ms[0]["details"]), ["parent_model", "format", "family", "families",
                                                  "parameter_size", "quantization_level"])
        h = request(self.port, "HEAD", "/api/tags")
        self.assertEqual(h.header("content-length"), str(len(r.body)))

    def test_stream_ndjson_framing(self):
        r = chat(self.port, "qwen3:4b")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("content-type"), "application/x-ndjson")
        self.assertEqual(r.header("transfer-encoding"), "chunked")
        self.assertIsNone(r.header("content-length"))
        self.assertTrue(r.terminated)
        for c in r.chunks:                      # one object + "\n" per HTTP chunk
            self.assertTrue(c.endswith(b"\n") and c.count(b"\n") == 1, c)
        objs = r.objs()
        think = [o["message"]["thinking"] for o in objs if "thinking" in o["message"]]
        content = [o["message"]["content"] for o in objs if not o["done"]]
        self.assertEqual("".join(think), "Let me add 15 and 27.")
        self.assertEqual("".join(content), "The answer is 42.")
        self.assertEqual(think, ["Let ", "me ", "add ", "15 ", "and ", "27."])
        first_content = next(i for i, o in enumerate(objs) if o["message"]["content"])
        self.assertTrue(all("thinking" in o["message"] for o in objs[:first_content]))
        self.assertEqual(list(objs[0]), ["model", "created_at", "message", "done"])
        self.assertEqual(list(objs[0]["message"]), ["role", "content", "thinking"])
        fin = objs[-1]
        self.assertEqual(list(fin), ["model", "created_at", "message", "done", "done_reason",
                                     "total_duration", "load_duration", "prompt_eval_count",
                                     "prompt_eval_duration", "eval_count", "eval_duration"])
        self.assertEqual(fin["message"], {"role": "assistant", "content": ""})
        self.assertEqual(fin["eval_count"], 4)
        for o in objs:
            self.assertRegex(o["created_at"], TS_RE)
            self.assertEqual(o["model"], "qwen3:4b")
        self.assertFalse(any(o["done"] for o in objs[:-1]))

    def test_escaping_and_raw_utf8(self):
        r = chat(self.port, "llama3.2", stream=False)
        self.assertIn(b"\\u003cthink\\u003ea \\u0026 b\\u003c/think\\u003e", r.body)
        self.assertIn("caf\u00e9".encode(), r.body)               # raw UTF-8
        self.assertIn("\u4e16\u754c".encode(), r.body)
        self.assertIn(b"\\u2028", r.body)
        self.assertNotIn(b"<", r.body)
        self.assertEqual(r.json()["message"]["content"],
                         "<think>a & b</think> caf\u00e9 \u2028 \u4e16\u754c")

    def test_non_stream_single_object(self):
        r = chat(self.port, "qwen3:4b", stream=False)
        self.assertEqual(r.header("content-type"), "application/json; charset=utf-8")
        self.assertIsNotNone(r.header("content-length"))
        self.assertFalse(r.body.endswith(b"\n"))
        o = r.json()
        self.assertEqual(o["message"], {"role": "assistant", "content": "The answer is 42.",
                                        "thinking": "Let me add 15 and 27."})
        self.assertTrue(o["done"])
        self.assertEqual(o["done_reason"], "stop")

    def test_think_false_and_non_thinking_model(self):
        objs = chat(self.port, "qwen3:4b", think=False).objs()
        self.assertFalse(any("thinking" in o["message"] for o in objs))
        objs = chat(self.port, "qwen3:4b", think="high").objs()
        self.assertTrue(any("thinking" in o["message"] for o in objs))
        objs = chat(self.port, "llama3.2").objs()
        self.assertFalse(any("thinking" in o["message"] for o in objs))

    def test_model_echoed_as_sent(self):
        objs = chat(self.port, "Qwen3:4B").objs()            # lookups are case-insensitive
        self.assertEqual(objs[-1]["model"], "Qwen3:4B")

    def test_connection_reused_after_chunked_stream(self):
        r = chat(self.port, "qwen3:4b")
        self.assertTrue(r.terminated)
        r2 = request(self.port, "POST", "/api/generate", {"model": "qwen3:4b", "prompt": "x",
                                                          "stream": False}, conn=r.conn)
        o = r2.json()
        self.assertEqual((o["response"], o["thinking"]), ("The answer is 42.",
                                                          "Let me add 15 and 27."))
        self.assertEqual(list(o)[:5], ["model", "created_at", "response", "thinking", "done"])

    def test_generate_stream(self):
        r = request(self.port, "POST", "/api/generate", {"model": "qwen3:4b", "prompt": "x",
                                                         "think": False})
        objs = r.objs()
        self.assertEqual(list(objs[0]), ["model", "created_at", "response", "done"])
        self.assertEqual("".join(o["response"] for o in objs), "The answer is 42.")
        self.assertIn("context", objs[-1])
        self.assertEqual(list(objs[-1])[:6], ["model", "created_at", "response", "done",
                                              "done_reason", "context"])


class TestReplyScripting(ServerCase):
    scenario = {
        "models": [QWEN, LLAMA, {"name": "locollm-math"}, {"name": "big"}],
        "replies": [{"content": "one"}, {"content": "two"}, {"content": "three"}],
        "replies_by_model": {
            "locollm-math:latest": [
                {"content": "seeded", "match": {"seed": 7}},
                {"content": "m1"}, {"content": "m2"}],
            "llama3.2": [{"content": "abcdef", "split": "chars"},
                         {"content": "abcdefg", "split": 3},
                         {"split": ["x", "yz"], "final_content": "!", "eval_count": None,
                          "done_reason": None, "load_duration": None},
                         {"content": "Gr\u00fc\u00dfe \u4e16\u754c \U0001f389 <ok> & more text "
                                     "to cut into many pieces", "wire_split": "random", "seed": 7},
                         {"content": "0123456789abcdef", "split": ["0123456789abcdef"],
                          "wire_split": 5}],
            "big": [{"content": "x" * 3000}],
        },
    }

    def content(self, r):
        return "".join(o["message"]["content"] for o in r.objs())

    def test_sequence_then_last_repeats(self):
        got = [self.content(chat(self.port, "qwen3:4b", think=False)) for _ in range(4)]
        self.assertEqual(got, ["one", "two", "three", "three"])

    def test_by_model_latest_and_match(self):
        self.assertEqual(self.content(chat(self.port, "locollm-math")), "m1")
        self.assertEqual(self.content(chat(self.port, "locollm-math", options={"seed": 7})),
                         "seeded")
        self.assertEqual(self.content(chat(self.port, "locollm-math:latest")), "m2")

    def test_split_modes_metrics_wire(self):
        r = chat(self.port, "llama3.2")
        self.assertEqual([o["message"]["content"] for o in r.objs()[:-1]], list("abcdef"))
        r = chat(self.port, "llama3.2")
        self.assertEqual([o["message"]["content"] for o in r.objs()[:-1]], ["abc", "def", "g"])
        r = chat(self.port, "llama3.2")
        objs = r.objs()
        self.assertEqual([o["message"]["content"] for o in objs], ["x", "yz", "!"])
        fin = objs[-1]
        for k in ("eval_count", "done_reason", "load_duration"):
            self.assertNotIn(k, fin)
        self.assertIn("prompt_eval_count", fin)
        # wire_split random: HTTP chunks cut inside UTF-8 sequences and \u escapes
        r = chat(self.port, "llama3.2")
        self.assertTrue(r.terminated)
        self.assertGreater(len(r.chunks), 10)
        self.assertTrue(cuts_inside(r.chunks, rb"[\xc0-\xf7][\x80-\xbf]+"))
        self.assertTrue(cuts_inside(r.chunks, rb"\\u[0-9a-f]{4}"))
        self.assertTrue(any(b"\n" in c[:-1] for c in r.chunks))   # writes span lines
        self.assertEqual(self.content(r), "Gr\u00fc\u00dfe \u4e16\u754c \U0001f389 <ok> & more "
                                          "text to cut into many pieces")
        # wire_split n: every piece at most n bytes
        r = chat(self.port, "llama3.2")
        self.assertTrue(all(len(c) <= 5 for c in r.chunks))
        self.assertEqual(self.content(r), "0123456789abcdef")

    def test_big_non_stream_body_is_chunked_like_go(self):
        r = chat(self.port, "big", stream=False)
        self.assertEqual(r.header("transfer-encoding"), "chunked")
        self.assertIsNone(r.header("content-length"))
        self.assertEqual(r.json()["message"]["content"], "x" * 3000)


# ---------------------------------------------------------------------------
# always-on behaviour
# ---------------------------------------------------------------------------

class TestValidation(ServerCase):
    scenario = {"models": [QWEN, LLAMA]}

    def post(self, path, body, headers=()):
        return request(self.port, "POST", path, body, headers)

    def test_model_not_found(self):
        self.assertError(chat(self.port, "qwen3:9b"), 404, "model 'qwen3:9b' not found")
        self.assertError(self.post("/api/show", {"model": "nosuch"}), 404,
                         "model 'nosuch:latest' not found")
        self.assertError(self.post("/api/generate", {"model": "", "prompt": "x"}), 404,
                         "model '' not found")

    def test_model_required_and_invalid(self):
        self.assertError(self.post("/api/chat", {"messages": []}), 400, "model is required")
        self.assertError(self.post("/api/chat", {"model": "  "}), 400, "model is required")
        self.assertError(self.post("/api/chat", "null"), 400, "model is required")
        self.assertError(self.post("/api/chat", {"model": "a b"}), 400, "invalid model name")
        self.assertError(self.post("/api/chat", {"model": "x:"}), 400, "invalid model name")
        self.assertError(self.post("/api/chat", {"model": "m:cloud:local"}), 400,
                         'use either :local or :cloud, not both: "m:cloud:local"')
        self.assertError(self.post("/api/show", {}), 400, "model is required")

    def test_missing_body_and_bad_json(self):
        self.assertError(self.post("/api/chat", b""), 400, "missing request body")
        self.assertError(self.post("/api/chat", b" \n\t "), 400, "missing request body")
        self.assertError(self.post("/api/chat", b'{"model":'), 400, "unexpected EOF")
        self.assertError(self.post("/api/chat", b"{bad}"), 400,
                         "invalid character 'b' looking for beginning of object key string")
        self.assertError(self.post("/api/chat", b'{"model" "x"}'), 400,
                         "invalid character '\"' after object key")
        self.assertError(self.post("/api/chat", b'{"model":"x",}'), 400,
                         "invalid character '}' looking for beginning of object key string")
        self.assertError(self.post("/api/chat", b'{"a":tru}'), 400,
                         "invalid character '}' in literal true (expecting 'e')")
        self.assertError(self.post("/api/chat", b'{"a":NaN}'), 400,
                         "invalid character 'N' looking for beginning of value")
        self.assertError(self.post("/api/chat", b'{"model":5}'), 400,
                         "json: cannot unmarshal number into Go struct field ChatRequest.model "
                         "of type string")
        self.assertError(self.post("/api/chat", {"model": "x", "messages": [{"content": 1}]}), 400,
                         "json: cannot unmarshal number into Go struct field "
                         "ChatRequest.messages.content of type string")
        self.assertError(self.post("/api/chat", {"model": "x", "stream": "yes"}), 400,
                         "json: cannot unmarshal string into Go struct field ChatRequest.stream "
                         "of type bool")
        self.assertError(self.post("/api/chat", b"[]"), 400,
                         "json: cannot unmarshal array into Go value of type api.ChatRequest")
        # only the first JSON value is decoded; trailing bytes are ignored
        r = self.post("/api/chat", b'{"model":"llama3.2"} trailing garbage')
        self.assertEqual(r.json()["done_reason"], "load")

    def test_load_and_unload(self):
        r = self.post("/api/chat", {"model": "llama3.2", "messages": [], "stream": True})
        self.assertEqual(r.header("content-type"), "application/json; charset=utf-8")
        self.assertFalse(r.body.endswith(b"\n"))
        o = r.json()
        self.assertEqual(list(o), ["model", "created_at", "message", "done", "done_reason"])
        self.assertEqual(o["message"], {"role": "assistant", "content": ""})
        self.assertEqual(o["done_reason"], "load")
        o = self.post("/api/chat", {"model": "llama3.2", "keep_alive": 0}).json()
        self.assertEqual(o["done_reason"], "unload")
        o = self.post("/api/generate", {"model": "llama3.2"}).json()
        self.assertEqual(list(o), ["model", "created_at", "response", "done", "done_reason"])

    def test_think_validation(self):
        self.assertError(chat(self.port, "llama3.2", think=True), 400,
                         '"llama3.2" does not support thinking')
        self.assertError(chat(self.port, "llama3.2", think="low"), 400,
                         '"llama3.2" does not support thinking')
        self.assertEqual(chat(self.port, "llama3.2", think=False).status, 200)
        self.assertError(chat(self.port, "qwen3:4b", think="x"), 400,
                         'invalid think value: "x" (must be "high", "medium", "low", "max", '
                         'true, or false)')
        self.assertError(chat(self.port, "qwen3:4b", think=1), 400,
                         'think must be a boolean or string ("high", "medium", "low", "max", '
                         'true, or false)')

    def test_options_types_are_500(self):
        self.assertError(chat(self.port, "llama3.2", options={"stop": "x"}), 500,
                         'option "stop" must be of type array')
        self.assertError(chat(self.port, "llama3.2", options={"temperature": "0.5"}), 500,
                         'option "temperature" must be of type float32')
        self.assertError(chat(self.port, "llama3.2", options={"stop": [1]}), 500,
                         'option "stop" must be of an array of strings')
        self.assertError(chat(self.port, "llama3.2", options={"num_ctx": "8k"}), 500,
                         'option "num_ctx" must be of type integer')
        r = chat(self.port, "llama3.2", options={"temperature": 0, "seed": 1, "stop": ["\n"],
                                                 "bogus": "ignored", "num_ctx": None})
        self.assertEqual(r.status, 200)

    def test_keep_alive_and_format_errors(self):
        self.assertError(chat(self.port, "llama3.2", keep_alive="10"), 400,
                         'time: missing unit in duration "10"')
        self.assertError(chat(self.port, "llama3.2", keep_alive=True), 400,
                         "Unsupported type: 'bool'")
        self.assertEqual(chat(self.port, "llama3.2", keep_alive="5m").status, 200)
        r = chat(self.port, "llama3.2", format="yaml")
        self.assertError(r, 500, 'invalid format: "\\"yaml\\""; expected "json" or a valid '
                                 'JSON Schema object', "application/json")
        r = chat(self.port, "llama3.2", format="yaml", stream=False)
        self.assertEqual(r.header("content-type"), "application/json; charset=utf-8")

    def test_tools_capability(self):
        self.assertError(chat(self.port, "llama3.2", tools=[{"type": "function", "function": {
            "name": "f"}}]), 400, "registry.ollama.ai/library/llama3.2:latest does not support "
                                  "tools")

    def test_request_framing_accepted(self):
        # Content-Type is not checked; unknown fields are ignored
        r = self.post("/api/chat", {"model": "llama3.2", "zzz": 1, "messages": [
            {"role": "USER", "content": "hi", "extra": True}]},
            [("Content-Type", "application/x-www-form-urlencoded")])
        self.assertEqual(r.status, 200)
        # chunked request body
        body = json.dumps({"model": "llama3.2", "stream": False,
                           "messages": [{"role": "user", "content": "hi"}]}).encode()
        parts = [body[:7], body[7:20], body[20:]]
        raw = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"
        c = Conn(self.port)
        c.send(b"POST /api/chat HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
               + raw)
        r = c.read_response("POST")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["message"]["content"], "The answer is 42.")

    def test_expect_100_continue(self):
        body = json.dumps({"model": "llama3.2", "stream": False,
                           "messages": [{"role": "user", "content": "hi"}]}).encode()
        c = Conn(self.port, timeout=2)
        c.send(b"POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n"
               b"Expect: 100-continue\r\n\r\n" % len(body))
        t0 = time.monotonic()
        r1 = c.read_response("POST")
        self.assertEqual(r1.status_line, "HTTP/1.1 100 Continue")
        self.assertLess(time.monotonic() - t0, 0.5)
        c.send(body)
        r2 = c.read_response("POST")
        self.assertEqual(r2.status, 200)
        self.assertTrue(r2.json()["done"])

    def test_unknown_path_wrong_method_redirects(self):
        r = request(self.port, "GET", "/api/nope")
        self.assertEqual((r.status, r.body, r.header("content-type")),
                         (404, b"404 page not found", "text/plain"))
        r = request(self.port, "GET", "/api/chat")
        self.assertEqual((r.status, r.body, r.header("content-type"), r.header("allow")),
                         (405, b"405 method not allowed", "text/plain", "POST"))
        r = request(self.port, "PUT", "/api/tags", b"")
        self.assertEqual((r.status, r.header("allow")), (405, "HEAD, GET"))
        r = request(self.port, "GET", "//api/tags?x=1")
        self.assertEqual((r.status, r.header("location")), (301, "/api/tags?x=1"))
        self.assertEqual(r.body, b'<a href="/api/tags?x=1">Moved Permanently</a>.\n\n')
        r = request(self.port, "POST", "/api//chat", {"model": "llama3.2"})
        self.assertEqual((r.status, r.header("location"), r.body), (301, "/api/chat", b""))
        r = request(self.port, "POST", "/api/chat/", {"model": "llama3.2"})
        self.assertEqual((r.status, r.header("location")), (307, "/api/chat"))
        r = request(self.port, "GET", "/api/tags/")
        self.assertEqual((r.status, r.header("location")), (301, "/api/tags"))

    def test_host_check(self):
        c = Conn(self.port)
        c.send(b"GET /api/tags HTTP/1.1\r\nHost: evil.example.com\r\n\r\n")
        r = c.read_response()
        self.assertEqual((r.status, r.body, r.header("content-length")), (403, b"", "0"))
        for host in (b"localhost:11434", b"10.1.2.3", b"box.local", b"[::1]:80"):
            c = Conn(self.port)
            c.send(b"GET /api/version HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
            self.assertEqual(c.read_response().status, 200, host)


# ---------------------------------------------------------------------------
# faults
# ---------------------------------------------------------------------------

FAULT_REPLY = {"content": "one two three four five"}


def fault_model(name, fault, **extra):
    r = dict(FAULT_REPLY, fault=fault)
    r.update(extra)
    return name, [r]


class TestFaults(ServerCase):
    scenario = {
        "models": [{"name": n} for n in (
            "f-500", "f-503", "f-404raw", "f-429", "f-mid", "f-cut", "f-cut-partial", "f-reset",
            "f-cut0",
            "f-nodone", "f-garbage", "f-stall", "f-huge", "f-single", "f-delay", "f-html")],
        "replies_by_model": dict([
            fault_model("f-500", {"kind": "status", "status": 500, "error": "boom"}),
            fault_model("f-503", {"kind": "status", "status": 503}),
            fault_model("f-404raw", {"kind": "status", "status": 404, "body": "404 page not found",
                                     "content_type": "text/plain"}),
            fault_model("f-429", {"kind": "status", "status": 429, "error": "slow down"}),
            fault_model("f-mid", {"kind": "error_mid_stream", "after": 2,
                                  "error": "an error was encountered while running the model"}),
            fault_model("f-cut", {"kind": "cut", "after": 2}),
            fault_model("f-cut-partial", {"kind": "cut", "after": 1, "partial_bytes": 10}),
            fault_model("f-reset", {"kind": "cut", "after": 1, "reset": True}),
            fault_model("f-cut0", {"kind": "cut", "after": 0}),
            fault_model("f-nodone", {"kind": "no_done"}),
            fault_model("f-garbage", {"kind": "garbage", "after": 1, "line": "<html>oops"}),
            fault_model("f-stall", {"kind": "stall", "after": 1, "ms": 600}),
            fault_model("f-huge", {"kind": "huge_line", "bytes": 3000000}),
            fault_model("f-single", {"kind": "single_object"}),
            ("f-delay", [dict(FAULT_REPLY, delay_first_ms=400, delay_ms=50)]),
            fault_model("f-html", {"kind": "status", "status": 502,
                                   "body": "<html><body>Bad Gateway</body></html>",
                                   "content_type": "text/html"}),
        ]),
    }

    def test_status_500_before_stream(self):
        r = chat(self.port, "f-500")
        self.assertError(r, 500, "boom", "application/json")
        r = chat(self.port, "f-500", stream=False)
        self.assertError(r, 500, "boom")

    def test_status_503_default_text(self):
        self.assertError(chat(self.port, "f-503"), 503,
                         "server busy, please try again.  maximum pending requests exceeded")
        self.assertError(chat(self.port, "f-429"), 429, "slow down")

    def test_status_raw_bodies(self):
        r = chat(self.port, "f-404raw")
        self.assertEqual((r.status, r.body, r.header("content-type")),
                         (404, b"404 page not found", "text/plain"))
        r = chat(self.port, "f-html")
        self.assertEqual((r.status, r.header("content-type")), (502, "text/html"))
        self.assertTrue(r.body.startswith(b"<html>"))

    def test_error_mid_stream(self):
        r = chat(self.port, "f-mid")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.terminated)
        lines = r.lines()
        self.assertEqual(len(lines), 3)
        self.assertEqual(lines[2], b'{"error":"an error was encountered while running the model"}')
        self.assertFalse(any(json.loads(x).get("done") for x in lines))
        r = chat(self.port, "f-mid", stream=False)
        self.assertError(r, 500, "an error was encountered while running the model")

    def test_cut(self):
        r = chat(self.port, "f-cut")
        self.assertEqual(r.status, 200)
        self.assertFalse(r.terminated)
        self.assertEqual(len(r.chunks), 2)
        self.assertTrue(r.conn.closed)
        r = chat(self.port, "f-cut-partial")
        self.assertFalse(r.terminated)
        self.assertEqual(len(r.chunks), 2)
        self.assertEqual(len(r.chunks[1]), 10)
        self.assertFalse(r.chunks[1].endswith(b"\n"))
        r = chat(self.port, "f-reset")
        self.assertFalse(r.terminated)
        self.assertEqual(len(r.chunks), 1)
        c = Conn(self.port)                          # after 0: not even a status line
        body = json.dumps({"model": "f-cut0", "messages": [{"role": "user", "content": "x"}]})
        c.send(b"POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n"
               % len(body) + body.encode())
        self.assertTrue(c.wait_closed())
        self.assertEqual(c.buf, b"")
        c = Conn(self.port)                          # stream:false + cut: no response at all
        body = json.dumps({"model": "f-cut", "stream": False,
                           "messages": [{"role": "user", "content": "x"}]}).encode()
        c.send(b"POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n"
               % len(body) + body)
        self.assertTrue(c.wait_closed())
        self.assertEqual(c.buf, b"")

    def test_no_done(self):
        r = chat(self.port, "f-nodone")
        self.assertTrue(r.terminated)
        objs = r.objs()
        self.assertEqual(len(objs), 5)
        self.assertFalse(any(o["done"] for o in objs))

    def test_garbage(self):
        r = chat(self.port, "f-garbage")
        lines = r.lines()
        self.assertEqual(lines[1], b"<html>oops")
        self.assertTrue(json.loads(lines[-1])["done"])
        self.assertEqual(len(lines), 7)

    def test_stall(self):
        r = chat(self.port, "f-stall")
        self.assertTrue(r.terminated)
        gaps = [b - a for a, b in zip(r.chunk_times, r.chunk_times[1:])]
        self.assertGreaterEqual(gaps[0], 0.55)
        self.assertLess(max(gaps[1:]), 0.3)

    def test_huge_line(self):
        r = chat(self.port, "f-huge")
        lines = r.lines()
        big = max(lines, key=len)
        self.assertGreaterEqual(len(big), 3000000)
        self.assertEqual(len(json.loads(big)["message"]["content"]), 3000000)
        self.assertTrue(json.loads(lines[-1])["done"])

    def test_single_object(self):
        r = chat(self.port, "f-single")
        self.assertEqual(r.header("content-type"), "application/json; charset=utf-8")
        self.assertFalse(r.body.endswith(b"\n"))
        o = r.json()
        self.assertEqual(o["message"]["content"], "one two three four five")
        self.assertTrue(o["done"])

    def test_delay_first_byte(self):
        c = Conn(self.port)
        body = json.dumps({"model": "f-delay", "messages": [{"role": "user", "content": "x"}]})
        c.send(b"POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n"
               % len(body) + body.encode())
        c.sock.settimeout(0.3)
        with self.assertRaises(socket.timeout):      # not even the status line yet
            c.sock.recv(1)
        c.sock.settimeout(5)
        r = c.read_response("POST")
        self.assertEqual(r.status, 200)
        self.assertEqual(len(r.objs()), 6)


# ---------------------------------------------------------------------------
# legacy (< v0.12.6) errors
# ---------------------------------------------------------------------------

class TestLegacy(ServerCase):
    scenario = {
        "legacy_errors": True,
        "models": [{"name": "m500"}, {"name": "m400"}, {"name": "m503"}],
        "replies_by_model": {
            "m500": [{"content": "x", "fault": {"kind": "status", "status": 500, "error": "boom"}}],
            "m400": [{"content": "x", "fault": {"kind": "status", "status": 400, "via": "stream",
                                                "error": "bad"}}],
            "m503": [{"content": "x", "fault": {"kind": "status", "status": 503}}],
        },
    }

    def test_first_line_errors_come_with_200(self):
        r = chat(self.port, "m500")
        self.assertEqual((r.status, r.header("content-type")), (200, "application/x-ndjson"))
        self.assertEqual(r.body, b'{"error":"boom"}\n')
        r = chat(self.port, "m400")
        self.assertEqual(r.body, b'{"error":"bad","status":400}\n')
        # handler-level errors keep their real status
        self.assertEqual(chat(self.port, "m503").status, 503)
        self.assertEqual(chat(self.port, "nosuch").status, 404)

    def test_legacy_create_body(self):
        r = request(self.port, "POST", "/api/create",
                    {"name": "x", "modelfile": "FROM llama3\nSYSTEM hi"})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, b'{"error":"neither \'from\' or \'files\' was specified",'
                                 b'"status":400}\n')


# ---------------------------------------------------------------------------
# pull / create / blobs / delete / show / copy / ps
# ---------------------------------------------------------------------------

GGUF_BYTES = b"GGUF\x03\x00\x00\x00" + b"\x00" * 56
GGUF_DIGEST = "sha256:" + __import__("hashlib").sha256(GGUF_BYTES).hexdigest()


class TestModelManagement(ServerCase):
    scenario = {
        "models": [QWEN, {"name": "doomed:1b"}, {"name": "f16base", "quantization_level": "F16"}],
        "pull": {"available": [{"name": "llama3.2:1b", "family": "llama", "size": 1321098329},
                               {"name": "mistral:7b", "family": "llama"},
                               {"name": "flaky:1b", "fault": {"kind": "cut", "after": 2}}],
                 "steps": 2},
        "replies_by_model": {"locollm-math": [{"content": "math!"}]},
        "delete": {"faults": {"stuck:1b": {"status": 500, "error": "boom"}}},
    }

    def post(self, path, body, **kw):
        return request(self.port, "POST", path, body, **kw)

    def test_pull_unknown(self):
        r = self.post("/api/pull", {"model": "nosuch:1b"})
        self.assertEqual((r.status, r.header("content-type")), (200, "application/x-ndjson"))
        self.assertEqual(r.body, b'{"status":"pulling manifest"}\n'
                                 b'{"error":"pull model manifest: file does not exist"}\n')
        r = self.post("/api/pull", {"model": "nosuch:1b", "stream": False})
        self.assertError(r, 500, "pull model manifest: file does not exist", "application/json")
        self.assertError(self.post("/api/pull", {"model": ""}), 400, "invalid model name")
        self.assertError(self.post("/api/pull", {}), 400, "invalid model name")

    def test_pull_available_then_listed(self):
        r = self.post("/api/pull", {"model": "mistral:7b"})
        objs = r.objs()
        self.assertEqual(objs[0], {"status": "pulling manifest"})
        self.assertEqual(objs[-1], {"status": "success"})
        self.assertEqual([o["status"] for o in objs[-3:-1]],
                         ["verifying sha256 digest", "writing manifest"])
        layer = [o for o in objs if "digest" in o]
        self.assertEqual(list(layer[0]), ["status", "digest", "total"])
        self.assertEqual(list(layer[1]), ["status", "digest", "total", "completed"])
        self.assertEqual(layer[0]["status"], "pulling " + layer[0]["digest"][7:19])
        names = [m["name"] for m in request(self.port, "GET", "/api/tags").json()["models"]]
        self.assertEqual(names[0], "mistral:7b")
        r = self.post("/api/pull", {"model": "mistral:7b", "stream": False})
        self.assertEqual((r.status, r.body, r.header("content-type")),
                         (200, b'{"status":"success"}', "application/json"))
        objs = self.post("/api/pull", {"name": "mistral:7b"}).objs()   # cached layers
        layer = [o for o in objs if "digest" in o]
        self.assertTrue(all(o["completed"] == o["total"] for o in layer))

    def test_pull_fault_from_registry_entry(self):
        r = self.post("/api/pull", {"model": "flaky:1b"})
        self.assertFalse(r.terminated)
        names = [m["name"] for m in request(self.port, "GET", "/api/tags").json()["models"]]
        self.assertNotIn("flaky:1b", names)

    def test_blobs(self):
        bad = request(self.port, "HEAD", "/api/blobs/sha256:xyz")
        self.assertEqual((bad.status, bad.header("content-type")),
                         (400, "application/json; charset=utf-8"))
        r = self.post("/api/blobs/sha256:xyz", b"abc")
        self.assertError(r, 400, "invalid digest format")
        other = "sha256:" + "0" * 64
        r = request(self.port, "HEAD", "/api/blobs/" + other)
        self.assertEqual((r.status, r.body), (404, b""))
        hello = "sha256:" + __import__("hashlib").sha256(b"hello").hexdigest()
        r = self.post("/api/blobs/" + other, b"hello")
        self.assertError(r, 400, 'digest mismatch, expected "%s", got "%s"' % (other, hello))
        # like Go's manifest.NewLayer, the bytes were stored under their real digest
        self.assertEqual(request(self.port, "HEAD", "/api/blobs/" + hello).status, 200)
        r = self.post("/api/blobs/" + "sha256-" + hello[7:], b"hello")   # exists: not read
        self.assertEqual(r.status, 200)
        r = self.post("/api/blobs/" + GGUF_DIGEST, GGUF_BYTES,
                      headers=[("Content-Type", "application/octet-stream")])
        self.assertEqual((r.status, r.body, r.header("content-length")), (201, b"", "0"))
        self.assertEqual(request(self.port, "HEAD", "/api/blobs/" + GGUF_DIGEST).status, 200)
        # exists: 200 without reading the body (no 100 Continue, connection closed)
        c = Conn(self.port, timeout=3)
        c.send(b"POST /api/blobs/%s HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5000000\r\n"
               b"Expect: 100-continue\r\n\r\n" % GGUF_DIGEST.encode())
        r = c.read_response("POST")
        self.assertEqual((r.status, r.header("connection")), (200, "close"))
        self.assertTrue(c.wait_closed())
        rec = [x for x in self.srv.records() if x["path"].startswith("/api/blobs/" + GGUF_DIGEST)
               and x["method"] == "POST"]
        self.assertEqual(rec[0]["body_sha256"], GGUF_DIGEST[7:])
        self.assertEqual(rec[0]["body_bytes"], len(GGUF_BYTES))

    def test_create_with_adapter_then_chat(self):
        self.post("/api/blobs/" + GGUF_DIGEST, GGUF_BYTES)
        body = {"model": "locollm-math", "from": "qwen3:4b",
                "adapters": {"math-lora.gguf": GGUF_DIGEST},
                "system": "You are a careful math tutor.",
                "parameters": {"temperature": 0.2, "num_ctx": 8192, "stop": ["<|im_end|>"]}}
        r = self.post("/api/create", body)
        self.assertEqual((r.status, r.header("content-type")), (200, "application/x-ndjson"))
        st = [o["status"] for o in r.objs()]
        self.assertEqual(st[0], "parsing GGUF")
        self.assertEqual(st[-2:], ["writing manifest", "success"])
        self.assertIn("using existing layer " + GGUF_DIGEST, st)
        self.assertTrue(any(s.startswith("creating new layer sha256:") for s in st))
        tags = request(self.port, "GET", "/api/tags").json()["models"]
        self.assertEqual(tags[0]["name"], "locollm-math:latest")
        self.assertEqual(tags[0]["details"]["family"], "qwen3")
        o = chat(self.port, "locollm-math", think=False, stream=False).json()
        self.assertEqual(o["message"]["content"], "math!")
        show = self.post("/api/show", {"model": "locollm-math"}).json()
        self.assertEqual(show["system"], "You are a careful math tutor.")
        self.assertIn("ADAPTER ", show["modelfile"])
        self.assertIn("temperature", show["parameters"])
        self.assertIn("thinking", show["capabilities"])
        # same request again: every layer now exists
        st = [o["status"] for o in self.post("/api/create", body).objs()]
        self.assertFalse(any(s.startswith("creating new layer") for s in st), st)

    def test_create_errors(self):
        # errors sent through the create goroutine: streamResponse sets application/json
        self.assertError(self.post("/api/create", {"name": "x", "modelfile": "FROM llama3"}),
                         400, "neither 'from' or 'files' was specified", "application/json")
        self.assertError(self.post("/api/create", {"model": "", "from": "qwen3:4b"}), 400,
                         "invalid model name")
        self.assertError(self.post("/api/create", {"model": "x", "from": "qwen3:4b",
                                                   "adapters": {"../a.gguf": GGUF_DIGEST}}),
                         400, "file path must be relative")
        self.assertError(self.post("/api/create", {"model": "x", "from": "qwen3:4b",
                                                   "adapters": {"a.gguf": ""}}),
                         400, "invalid digest format")
        two = {"a.gguf": GGUF_DIGEST, "b.gguf": "sha256:" + "1" * 64}
        self.assertError(self.post("/api/create", {"model": "x", "from": "qwen3:4b",
                                                   "adapters": two}),
                         400, "only one adapter is currently supported", "application/json")
        self.assertError(self.post("/api/create", {"model": "x", "from": "qwen3:4b",
                                                   "quantize": "q4_K_M"}),
                         500, "quantization is only supported for F16, BF16 and F32 models",
                         "application/json")
        r = self.post("/api/create", {"model": "x", "from": "f16base", "quantize": "q4_K_M"})
        objs = r.objs()
        self.assertTrue(objs[0]["status"].startswith("quantizing F16 model to Q4_K_M"))
        self.assertEqual(objs[-1], {"status": "success"})
        # adapter blob never uploaded: the GGUF parse fails inside the stream
        r = self.post("/api/create", {"model": "y", "from": "qwen3:4b",
                                      "adapters": {"a.gguf": "sha256:" + "2" * 64}})
        self.assertEqual(r.status, 200)
        lines = r.lines()
        self.assertEqual(lines[0], b'{"status":"parsing GGUF"}')
        self.assertIn(b"no such file or directory", lines[1])
        # from a model that is not local: a pull inside the create stream
        r = self.post("/api/create", {"model": "z", "from": "nosuch:7b"})
        self.assertEqual(r.body, b'{"status":"pulling manifest"}\n'
                                 b'{"error":"pull model manifest: file does not exist"}\n')
        r = self.post("/api/create", {"model": "z", "from": "llama3.2:1b", "stream": False})
        self.assertEqual((r.status, r.body), (200, b'{"status":"success"}'))

    def test_delete_copy_show_ps(self):
        self.assertError(request(self.port, "DELETE", "/api/delete", {}), 400, "model is required")
        r = request(self.port, "DELETE", "/api/delete", {"model": "doomed:1b"})
        self.assertEqual((r.status, r.body, r.header("content-length")), (200, b"", "0"))
        self.assertError(request(self.port, "DELETE", "/api/delete", {"model": "doomed:1b"}), 404,
                         "model 'doomed:1b' not found")
        # delete.faults: that model's DELETE fails (any spelling of the name), nothing else's
        self.assertError(request(self.port, "DELETE", "/api/delete", {"model": "Stuck:1b"}), 500,
                         "boom")
        self.assertError(self.post("/api/copy", {"source": "nosuch", "destination": "b"}), 404,
                         'model "nosuch" not found')
        r = self.post("/api/copy", {"source": "qwen3:4b", "destination": "qwen3-backup"})
        self.assertEqual((r.status, r.body), (200, b""))
        show = self.post("/api/show", {"model": "qwen3:4b"}).json()
        self.assertEqual(show["details"]["family"], "qwen3")
        self.assertEqual(show["system"], "Be brief.")
        self.assertIn("qwen3.context_length", show["model_info"])
        chat(self.port, "qwen3:4b", think=False)
        ps = request(self.port, "GET", "/api/ps").json()["models"]
        self.assertIn("qwen3:4b", [m["name"] for m in ps])


# ---------------------------------------------------------------------------
# OpenAI-compatible /v1
# ---------------------------------------------------------------------------

class TestOpenAI(ServerCase):
    scenario = {
        "models": [QWEN, LLAMA, {"name": "broken"}],
        "api_key": "sk-test",
        "replies": [{"content": "The answer is 42.", "thinking": "Add them."}],
        "replies_by_model": {"broken": [{"content": "a b c d", "fault": {
            "kind": "error_mid_stream", "after": 2, "error": "runner died"}}]},
    }
    AUTH = [("Authorization", "Bearer sk-test")]

    def v1(self, body, auth=True):
        return request(self.port, "POST", "/v1/chat/completions", body,
                       self.AUTH if auth else [])

    def events(self, r):
        self.assertEqual(r.header("content-type"), "text/event-stream")
        text = r.body.decode()
        self.assertTrue(text.endswith("\n\n"))
        evs = text[:-2].split("\n\n")
        for e in evs:
            self.assertTrue(e.startswith("data: "), e)
        return [e[6:] for e in evs]

    def test_non_stream_default(self):
        r = self.v1({"model": "qwen3:4b", "messages": [{"role": "user", "content": "hi"}]})
        self.assertEqual(r.header("content-type"), "application/json")
        self.assertTrue(r.body.endswith(b"}\n"))
        o = r.json()
        self.assertEqual(list(o), ["id", "object", "created", "model", "system_fingerprint",
                                   "choices", "usage"])
        self.assertRegex(o["id"], r"^chatcmpl-\d{1,3}$")
        self.assertEqual(o["object"], "chat.completion")
        self.assertEqual(o["choices"][0], {"index": 0, "message": {
            "role": "assistant", "content": "The answer is 42.", "reasoning": "Add them."},
            "finish_reason": "stop"})
        self.assertEqual(o["usage"], {"prompt_tokens": 26, "completion_tokens": 4,
                                      "total_tokens": 30})

    def test_stream_sse(self):
        r = self.v1({"model": "qwen3:4b", "stream": True,
                     "stream_options": {"include_usage": True},
                     "messages": [{"role": "user", "content": "hi"}]})
        self.assertEqual(r.header("transfer-encoding"), "chunked")
        evs = self.events(r)
        self.assertEqual(evs[-1], "[DONE]")
        chunks = [json.loads(e) for e in evs[:-1]]
        self.assertEqual(chunks[0]["choices"][0]["delta"]["role"], "assistant")
        self.assertEqual(chunks[0]["choices"][0]["delta"]["reasoning"], "Add ")
        self.assertEqual("".join(c["choices"][0]["delta"].get("content", "")
                                 for c in chunks if c["choices"]), "The answer is 42.")
        fin = chunks[-2]
        self.assertEqual(fin["choices"][0]["finish_reason"], "stop")
        self.assertEqual(fin["choices"][0]["delta"].get("content", ""), "")
        usage = chunks[-1]
        self.assertEqual(usage["choices"], [])
        self.assertEqual(usage["usage"]["total_tokens"], 30)
        self.assertTrue(all(c["object"] == "chat.completion.chunk" for c in chunks))
        self.assertEqual(len({c["id"] for c in chunks}), 1)

    def test_mid_stream_error_no_done(self):
        r = self.v1({"model": "broken", "stream": True,
                     "messages": [{"role": "user", "content": "hi"}]})
        evs = self.events(r)
        self.assertNotIn("[DONE]", evs)
        last = json.loads(evs[-1])
        self.assertEqual(last["model"], "")
        self.assertEqual(last["choices"][0]["delta"], {"role": "assistant", "content": ""})
        r = self.v1({"model": "broken", "messages": [{"role": "user", "content": "hi"}]})
        self.assertEqual(r.status, 500)
        self.assertEqual(r.json()["error"]["message"], "runner died")

    def test_errors_nested(self):
        r = self.v1({"model": "nosuch", "messages": [{"role": "user", "content": "hi"}]})
        self.assertEqual(r.status, 404)
        self.assertEqual(r.body, b'{"error":{"message":"model \'nosuch\' not found",'
                                 b'"type":"not_found_error","param":null,"code":null}}\n')
        r = self.v1({"model": "qwen3:4b", "messages": []})
        self.assertEqual(r.status, 400)
        self.assertEqual(r.json()["error"], {"message": "[] is too short - 'messages'",
                                             "type": "invalid_request_error", "param": None,
                                             "code": None})
        r = self.v1(b"{oops")
        self.assertEqual(r.json()["error"]["type"], "invalid_request_error")
        r = self.v1({"model": "llama3.2", "reasoning_effort": "high",
                     "messages": [{"role": "user", "content": "hi"}]})
        self.assertEqual(r.json()["error"]["message"], '"llama3.2" does not support thinking')
        r = self.v1({"model": "qwen3:4b", "messages": [{"role": "user", "content": "hi"}]},
                    auth=False)
        self.assertEqual(r.status, 401)
        self.assertEqual(r.json()["error"]["type"], "invalid_request_error")
        r = request(self.port, "POST", "/v1/chat/completions", {"model": "qwen3:4b"},
                    [("Authorization", "Bearer wrong")])
        self.assertEqual((r.status, r.json()["error"]["code"]), (401, "invalid_api_key"))
        # the native API never checks keys
        self.assertEqual(request(self.port, "GET", "/api/tags").status, 200)

    def test_models(self):
        self.assertEqual(request(self.port, "GET", "/v1/models").status, 401)
        r = request(self.port, "GET", "/v1/models", headers=self.AUTH)
        self.assertEqual(r.header("content-type"), "application/json")
        o = r.json()
        self.assertEqual(o["object"], "list")
        self.assertEqual([m["id"] for m in o["data"]], ["qwen3:4b", "llama3.2:latest",
                                                        "broken:latest"])
        self.assertEqual(o["data"][0]["owned_by"], "library")


class TestOpenAIStyle(ServerCase):
    scenario = {"openai_style": "openai", "models": [QWEN],
                "replies": [{"content": "Hi there", "thinking": "Greet."}]}

    def test_vllm_style_deltas(self):
        r = request(self.port, "POST", "/v1/chat/completions", {
            "model": "qwen3:4b", "stream": True, "messages": [{"role": "user", "content": "x"}]})
        evs = r.body.decode()[:-2].split("\n\n")
        self.assertEqual(evs[-1], "data: [DONE]")
        deltas = [json.loads(e[6:])["choices"][0] for e in evs[:-1]]
        self.assertEqual(deltas[0]["delta"], {"role": "assistant", "reasoning": "Greet."})
        self.assertTrue(all("role" not in d["delta"] for d in deltas[1:]))
        self.assertEqual("".join(d["delta"].get("content", "") for d in deltas), "Hi there")
        self.assertEqual(deltas[-1], {"index": 0, "delta": {}, "finish_reason": "stop"})


class TestLlamaServer(ServerCase):
    """Not Ollama: llama.cpp's llama-server, as loco's OpenAI tests need it
    (a /v1/models list with aliases, one model that serves any name)."""
    scenario = {"models": [{"name": "tiny-base"}], "single_model": "tiny-base",
                "v1_models": [{"id": "tiny-base", "aliases": ["tiny-base", "qwen3:4b"]}],
                "replies": [{"content": "Hi."}]}

    def test_v1_models_verbatim(self):
        r = request(self.port, "GET", "/v1/models")
        self.assertEqual(r.json(), {"object": "list", "data": [
            {"id": "tiny-base", "aliases": ["tiny-base", "qwen3:4b"]}]})

    def test_single_model_serves_any_name(self):
        body = {"model": "nonexistent:1b", "messages": [{"role": "user", "content": "x"}]}
        r = request(self.port, "POST", "/v1/chat/completions", body)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["choices"][0]["message"]["content"], "Hi.")
        # the native API still knows only the models it has
        self.assertEqual(chat(self.port, "nonexistent:1b").status, 404)

    def test_bad_keys_are_refused(self):
        for sc in ({"single_model": "missing"}, {"v1_models": [{"name": "x"}]}):
            p = subprocess.run([sys.executable, FAKE, "--scenario", "/dev/stdin"],
                               input=json.dumps(sc).encode(), capture_output=True, timeout=10)
            self.assertEqual(p.returncode, 2, sc)


class TestLlamaServerLora(ServerCase):
    """llama-server with --lora files (issue 22): /lora-adapters at the root,
    and answers that follow the request's "lora" scales."""
    scenario = {"models": [{"name": "qwen3:4b"}],
                "lora_adapters": [{"id": 0, "path": "/m/a.gguf", "model": "a"},
                                  {"id": 1, "path": "/m/b.gguf", "scale": 1.0, "model": "b"}],
                "replies_by_model": {"a": [{"content": "from a"}], "b": [{"content": "from b"}],
                                     "qwen3:4b": [{"content": "from base"}]}}

    def ask(self, **extra):
        body = {"model": "qwen3:4b", "messages": [{"role": "user", "content": "x"}]}
        body.update(extra)
        return request(self.port, "POST", "/v1/chat/completions", body)

    def test_list(self):
        r = request(self.port, "GET", "/lora-adapters")
        self.assertEqual(r.json(), [{"id": 0, "path": "/m/a.gguf", "scale": 0.0},
                                    {"id": 1, "path": "/m/b.gguf", "scale": 1.0}])

    def test_answers_follow_the_scales(self):
        def said(r):
            self.assertEqual(r.status, 200, r.body)
            return r.json()["choices"][0]["message"]["content"]
        self.assertEqual(said(self.ask()), "from b")          # the global scales
        self.assertEqual(said(self.ask(lora=[{"id": 0, "scale": 1}])), "from a")
        self.assertEqual(said(self.ask(lora=[])), "from base")  # not named: scale 0
        self.assertEqual(said(self.ask(lora=[{"id": 0, "scale": 0}, {"id": 1, "scale": 0}])),
                         "from base")

    def test_unknown_id_is_refused(self):
        self.assertEqual(self.ask(lora=[{"id": 7, "scale": 1}]).status, 400)

    def test_ollama_has_no_lora_route(self):
        p = subprocess.run([sys.executable, FAKE, "--scenario", "/dev/stdin"],
                           input=json.dumps({"lora_adapters": [{"id": "x"}]}).encode(),
                           capture_output=True, timeout=10)
        self.assertEqual(p.returncode, 2)


class TestVllmLoraModules(ServerCase):
    """vLLM with --lora-modules NAME=PATH: each NAME a model of /v1/models."""
    scenario = {"models": [{"name": "Qwen/Qwen3-4B"}], "lora_modules": {"locollm-a": "/p/a"},
                "replies_by_model": {"locollm-a": [{"content": "from a"}],
                                     "Qwen/Qwen3-4B": [{"content": "from base"}]}}

    def test_models_and_answers(self):
        ids = [m["id"] for m in request(self.port, "GET", "/v1/models").json()["data"]]
        self.assertEqual(ids, ["Qwen/Qwen3-4B", "locollm-a"])
        body = {"model": "locollm-a", "messages": [{"role": "user", "content": "x"}]}
        r = request(self.port, "POST", "/v1/chat/completions", body)
        self.assertEqual(r.json()["choices"][0]["message"]["content"], "from a")


class TestNoScenario(ServerCase):
    scenario = None

    def test_empty_lists(self):
        r = request(self.port, "GET", "/api/tags")
        self.assertEqual(r.body, b'{"models":[]}')
        r = request(self.port, "GET", "/v1/models")
        self.assertEqual(r.body, b'{"object":"list","data":null}\n')
        self.assertError(chat(self.port, "qwen3:4b"), 404, "model 'qwen3:4b' not found")


# ---------------------------------------------------------------------------
# concurrency, record file, shutdown
# ---------------------------------------------------------------------------

class TestConcurrency(ServerCase):
    scenario = {"models": [LLAMA],
                "replies": [{"content": "a b c d e", "delay_ms": 150}]}

    def test_five_simultaneous_chats(self):
        results = [None] * 5

        def worker(i):
            results[i] = chat(self.port, "llama3.2", options={"seed": i})
        t0 = time.monotonic()
        ts = [threading.Thread(target=worker, args=(i,)) for i in range(5)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        elapsed = time.monotonic() - t0
        self.assertLess(elapsed, 2.0)           # serially this takes about 4.5 s
        for r in results:
            self.assertEqual(r.status, 200)
            self.assertTrue(r.objs()[-1]["done"])
        recs = [x for x in self.srv.records() if x["path"] == "/api/chat"]
        self.assertEqual(sorted(x["body"]["options"]["seed"] for x in recs), [0, 1, 2, 3, 4])
        self.assertEqual(len({x["seq"] for x in recs}), 5)


class TestEmbed(ServerCase):
    """/api/embed and /v1/embeddings (server/routes.go EmbedHandler, the
    OpenAI middleware): bag-of-words vectors of length 1, a model that
    refuses as one without pooling_type does."""
    scenario = {"models": [{"name": "qwen3:4b", "embed_dim": 8},
                           {"name": "noembed:1b", "embed": False}]}

    def post(self, path, body):
        return request(self.port, "POST", path, body)

    def test_vectors(self):
        r = self.post("/api/embed", {"model": "qwen3:4b", "input": ["Hello there", "hello"],
                                     "options": {"num_ctx": 8192}})
        self.assertEqual(r.status, 200, r.body)
        got = r.json()
        self.assertEqual(got["model"], "qwen3:4b")
        a, b = got["embeddings"]
        self.assertEqual(len(a), 8)
        self.assertAlmostEqual(sum(x * x for x in a), 1, places=5)
        # "hello" alone points along one axis; "Hello there" shares it (cosine 1/sqrt 2)
        self.assertEqual(sorted(abs(x) for x in b)[-1], 1.0)
        self.assertGreater(abs(sum(x * y for x, y in zip(a, b))), 0.7)
        one = self.post("/api/embed", {"model": "qwen3:4b", "input": "hello"}).json()
        self.assertEqual(one["embeddings"], [b])       # a string is one input

    def test_errors(self):
        self.assertError(self.post("/api/embed", {"model": "noembed:1b", "input": "hi"}), 501,
                         "This server does not support embeddings. Start it with `--embeddings`")
        self.assertError(self.post("/api/embed", {"model": "nosuch", "input": "hi"}), 404,
                         'model "nosuch" not found, try pulling it first')
        self.assertError(self.post("/api/embed", {"model": "qwen3:4b", "input": [1]}), 400,
                         "invalid input type")
        r = self.post("/api/embed", {"model": "qwen3:4b", "input": []})
        self.assertEqual(r.json(), {"model": "qwen3:4b", "embeddings": []})

    def test_openai(self):
        r = self.post("/v1/embeddings", {"model": "qwen3:4b", "input": ["a b", "c"]})
        self.assertEqual(r.status, 200, r.body)
        got = r.json()
        self.assertEqual([d["index"] for d in got["data"]], [0, 1])
        self.assertEqual(got["object"], "list")
        ollama = self.post("/api/embed", {"model": "qwen3:4b", "input": ["a b", "c"]}).json()
        self.assertEqual([d["embedding"] for d in got["data"]], ollama["embeddings"])
        r = self.post("/v1/embeddings", {"model": "noembed:1b", "input": "hi"})
        self.assertEqual(r.status, 501)
        self.assertIn("does not support embeddings", r.json()["error"]["message"])


class TestScheduler(unittest.TestCase):
    """Runners per blob (server/sched.go): loads are counted, never timed."""
    MODELS = [{"name": "qwen3:4b"},
              {"name": "locollm-math", "from": "qwen3:4b", "adapters": ["math.gguf"]},
              {"name": "locollm-tutor", "from": "qwen3:4b", "system": "Be a tutor."},
              {"name": "merged:1b"}, {"name": "other:1b"}]

    def start(self, **sched):
        fd, self.loads_path = tempfile.mkstemp(prefix="fake_loads_", suffix=".jsonl")
        os.close(fd)
        self.addCleanup(os.unlink, self.loads_path)
        self.srv = Server({"models": self.MODELS, "scheduler": sched},
                          ("--loads", self.loads_path))
        self.addCleanup(self.srv.stop)

    def loads(self):
        with open(self.loads_path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def ask(self, model, **options):
        r = chat(self.srv.port, model, options=options)
        self.assertEqual(r.status, 200, r.body)
        return r.objs()[-1]

    def test_adapter_models_share_the_base_runner(self):
        self.start()
        for m in ("qwen3:4b", "locollm-tutor", "qwen3:4b", "locollm-math", "locollm-math",
                  "qwen3:4b", "merged:1b", "qwen3:4b"):
            self.ask(m, num_ctx=8192)
        got = [(x["model"], x["reason"]) for x in self.loads()]
        # the system-prompt model reuses the base's runner; the LoRA one reloads it
        # (and back); the merged GGUF is a runner of its own beside the base
        self.assertEqual(got, [("qwen3:4b", "first load"),
                               ("locollm-math:latest", "adapters changed"),
                               ("qwen3:4b", "adapters changed"),
                               ("merged:1b", "first load")])
        self.assertEqual(self.loads()[1]["adapters"], ["math.gguf"])
        ps = request(self.srv.port, "GET", "/api/ps").json()["models"]
        self.assertEqual(sorted(m["name"] for m in ps), ["merged:1b", "qwen3:4b"])

    def test_changed_runner_options_reload(self):
        self.start()
        self.ask("qwen3:4b", num_ctx=8192, temperature=0)
        self.ask("qwen3:4b", num_ctx=8192, temperature=1, seed=3)   # not runner options
        self.ask("qwen3:4b", num_ctx=16384)
        self.ask("qwen3:4b")                                           # auto context
        got = [(x["reason"], x["options"]) for x in self.loads()]
        self.assertEqual(got, [("first load", {"num_ctx": 8192}),
                               ("runner options changed", {"num_ctx": 16384}),
                               ("runner options changed", {})])

    def test_embed_with_the_chat_options_shares_the_runner(self):
        self.start()
        self.ask("qwen3:4b", num_ctx=8192)
        r = request(self.srv.port, "POST", "/api/embed",
                    {"model": "qwen3:4b", "input": "hi", "options": {"num_ctx": 8192}})
        self.assertEqual(r.status, 200, r.body)
        request(self.srv.port, "POST", "/api/embed", {"model": "qwen3:4b", "input": "hi"})
        got = [(x["reason"], x["options"]) for x in self.loads()]
        self.assertEqual(got, [("first load", {"num_ctx": 8192}),
                               ("runner options changed", {})])

    def test_max_loaded_evicts_the_idle_runner_used_longest_ago(self):
        self.start(max_loaded=2)
        for m in ("qwen3:4b", "merged:1b", "qwen3:4b", "other:1b", "merged:1b"):
            self.ask(m)
            # The fake releases a runner just after the last byte is sent, so
            # the client can ask again while it is still busy, and a busy
            # runner is never the one evicted (as in findRunnerToUnload). A
            # pause lets the release happen first; nothing is timed.
            time.sleep(0.2)
        got = [(x["model"], x["reason"]) for x in self.loads()]
        self.assertEqual(got, [("qwen3:4b", "first load"), ("merged:1b", "first load"),
                               ("other:1b", "evicted merged:1b"),
                               ("merged:1b", "evicted qwen3:4b")])

    def test_interleaved_configurations_reload_per_switch(self):
        """Base and LoRA requests sent side by side, as eval used to: the
        pending queue serves them in order, so every switch is a load, and a
        load waits for the runner's requests to finish."""
        self.start(load_ms=50)
        order = []
        lock = threading.Lock()

        def worker(model, i):
            o = self.ask(model, seed=i)
            with lock:
                order.append(model)
            self.assertGreater(o["load_duration"], 0)
        ts = []
        for i, m in enumerate(["qwen3:4b", "locollm-math:latest"] * 3):
            t = threading.Thread(target=worker, args=(m, i))
            t.start()
            ts.append(t)
            time.sleep(0.02)          # arrival order, not timing, is what is tested
        for t in ts:
            t.join()
        self.assertEqual(len(order), 6)
        self.assertEqual([x["model"] for x in self.loads()],
                         ["qwen3:4b", "locollm-math:latest"] * 3)

    def test_blocks_of_one_configuration_load_once_each(self):
        self.start(load_ms=50)
        ts = [threading.Thread(target=self.ask, args=(m,), kwargs={"seed": i})
              for m in ("locollm-math", "qwen3:4b") for i in range(4)]
        for t in ts[:4]:
            t.start()
        for t in ts[:4]:
            t.join()
        for t in ts[4:]:
            t.start()
        for t in ts[4:]:
            t.join()
        self.assertEqual([x["model"] for x in self.loads()], ["locollm-math:latest", "qwen3:4b"])

    def test_bad_scheduler_keys_are_rejected(self):
        for sc in ({"scheduler": {"load_msec": 1}}, {"scheduler": {"max_loaded": -1}},
                   {"models": [{"name": "a", "from": "nosuch"}]}):
            with self.assertRaises(RuntimeError):
                Server(sc).stop()


class TestToolCalls(ServerCase):
    """message.tool_calls as ChatHandler (server/routes.go) streams them, and
    the /v1 form of openai/openai.go (arguments a string, finish tool_calls)."""
    scenario = {
        "models": [{"name": "qwen3:4b", "tools": True}, "plain:1b"],
        "replies": [
            {"content": "The answer is 434.0.", "match": {"last_role": "tool"}},
            {"content": "", "tool_calls": [{"name": "python",
                                            "arguments": {"code": "print(2480 * 0.175)"}}]},
        ],
    }
    TOOLS = [{"type": "function", "function": {"name": "python", "parameters": {}}}]

    def test_stream_carries_the_call(self):
        r = chat(self.port, "qwen3:4b", "17.5% of 2480?", tools=self.TOOLS)
        objs = r.objs()
        calls = [o["message"]["tool_calls"] for o in objs if "tool_calls" in o["message"]]
        self.assertEqual(len(calls), 1)
        c = calls[0][0]
        self.assertRegex(c["id"], r"^call_[a-z0-9]{8}$")
        self.assertEqual(c["function"], {"index": 0, "name": "python",
                                         "arguments": {"code": "print(2480 * 0.175)"}})
        self.assertTrue(objs[-1]["done"])

    def test_tool_result_gets_the_answer(self):
        body = {"model": "qwen3:4b", "tools": self.TOOLS, "stream": False, "messages": [
            {"role": "user", "content": "17.5% of 2480?"},
            {"role": "assistant", "content": "", "tool_calls": [
                {"function": {"name": "python", "arguments": {"code": "print(1)"}}}]},
            {"role": "tool", "tool_name": "python", "content": "434.0\n"}]}
        r = request(self.port, "POST", "/api/chat", body)
        self.assertEqual(r.json()["message"]["content"], "The answer is 434.0.")

    def test_no_tools_no_calls(self):
        r = chat(self.port, "qwen3:4b", "17.5% of 2480?")
        self.assertFalse(any("tool_calls" in o["message"] for o in r.objs()))

    def test_model_without_the_capability(self):
        r = chat(self.port, "plain:1b", "x", tools=self.TOOLS)
        self.assertEqual(r.status, 400)
        self.assertIn("does not support tools", r.body.decode())

    def test_v1_stream_and_whole(self):
        body = {"model": "qwen3:4b", "tools": self.TOOLS, "stream": True,
                "messages": [{"role": "user", "content": "17.5% of 2480?"}]}
        r = request(self.port, "POST", "/v1/chat/completions", body)
        events = [json.loads(x[6:]) for x in r.body.decode().split("\n\n")
                  if x.startswith("data: {")]
        deltas = [e["choices"][0]["delta"] for e in events if e["choices"]]
        tc = [d["tool_calls"] for d in deltas if "tool_calls" in d][0][0]
        self.assertEqual(tc["type"], "function")
        self.assertEqual(json.loads(tc["function"]["arguments"]), {"code": "print(2480 * 0.175)"})
        self.assertEqual(events[-1]["choices"][0]["finish_reason"], "tool_calls")
        body["stream"] = False
        whole = request(self.port, "POST", "/v1/chat/completions", body).json()
        self.assertEqual(whole["choices"][0]["finish_reason"], "tool_calls")
        self.assertEqual(whole["choices"][0]["message"]["tool_calls"][0]["function"]["name"],
                         "python")


class TestRecord(ServerCase):
    scenario = {"models": [LLAMA]}

    def test_record_lines(self):
        body = {"model": "llama3.2", "messages": [{"role": "user", "content": "h\u00e9 <x>"}],
                "stream": False, "options": {"temperature": 0.7}}
        request(self.port, "POST", "/api/chat", body, [("X-Custom", "v1"), ("X-Custom", "v2")])
        request(self.port, "POST", "/api/chat?debug=1", b"{not json")
        request(self.port, "GET", "/api/tags")
        recs = self.srv.records()
        self.assertEqual([r["seq"] for r in recs], [1, 2, 3])
        a, b, c = recs
        self.assertEqual(list(a)[:8], ["seq", "method", "path", "query", "headers", "body", "raw",
                                       "status"])
        self.assertEqual((a["method"], a["path"], a["query"], a["status"]),
                         ("POST", "/api/chat", "", 200))
        self.assertEqual(a["body"], body)
        self.assertIsNone(a["raw"])
        self.assertEqual(a["headers"]["x-custom"], "v1, v2")
        self.assertEqual(a["headers"]["content-length"], str(len(json.dumps(body))))
        self.assertEqual((b["query"], b["body"], b["raw"], b["status"]),
                         ("debug=1", None, "{not json", 400))
        self.assertEqual((c["method"], c["body"], c["raw"], c["status"]), ("GET", None, None, 200))


class TestGenerations(unittest.TestCase):
    """--generations: how each generation ended. A client that hangs up while
    the answer is being made cancels it (Ollama runs the completion under the
    request's context, server/routes.go)."""

    def test_done_and_cancelled(self):
        fd, path = tempfile.mkstemp(prefix="fake_gen_", suffix=".jsonl")
        os.close(fd)
        self.addCleanup(os.unlink, path)
        srv = Server({"models": [LLAMA], "replies": [
            {"match": {"seed": 1}, "content": "quick"},
            {"match": {"seed": 2}, "content": "slow", "delay_first_ms": 30000}]},
            ("--generations", path))
        self.addCleanup(srv.stop)
        r = chat(srv.port, "llama3.2", options={"seed": 1})
        self.assertEqual(r.status, 200, r.body)
        c = Conn(srv.port)
        body = json.dumps({"model": "llama3.2", "options": {"seed": 2},
                           "messages": [{"role": "user", "content": "x"}]})
        c.send(b"POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n"
               % len(body) + body.encode())
        c.sock.close()
        t0 = time.monotonic()
        got = []
        while len(got) < 2 and time.monotonic() - t0 < 5:
            time.sleep(0.05)
            with open(path, encoding="utf-8") as f:
                got = [json.loads(line) for line in f if line.strip()]
        self.assertEqual(sorted((g["seed"], g["outcome"]) for g in got),
                         [(1, "done"), (2, "cancelled")])


class TestShutdownAndCli(unittest.TestCase):
    def test_sigterm_with_stalled_stream(self):
        srv = Server({"models": [LLAMA], "replies": [
            {"content": "a b c", "fault": {"kind": "stall", "after": 1, "ms": 30000}}]})
        c = Conn(srv.port)
        body = json.dumps({"model": "llama3.2", "messages": [{"role": "user", "content": "x"}]})
        c.send(b"POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n"
               % len(body) + body.encode())
        c.read_until(b"\r\n\r\n")
        t0 = time.monotonic()
        rc = srv.stop(signal.SIGTERM)
        self.assertEqual(rc, 0)
        self.assertLess(time.monotonic() - t0, 2.0)
        c.close()

    def test_sigint_idle(self):
        srv = Server()
        t0 = time.monotonic()
        self.assertEqual(srv.stop(signal.SIGINT), 0)
        self.assertLess(time.monotonic() - t0, 2.0)

    def test_bad_scenario_is_rejected(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d, True)
        p = os.path.join(d, "s.json")
        with open(p, "w") as f:
            json.dump({"replies": [{"content": "x", "fault": {"kind": "explode"}}]}, f)
        proc = subprocess.run([sys.executable, FAKE, "--scenario", p], capture_output=True,
                              timeout=10)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(b"fault.kind", proc.stderr)
        with open(p, "w") as f:
            json.dump({"modles": []}, f)
        proc = subprocess.run([sys.executable, FAKE, "--scenario", p], capture_output=True,
                              timeout=10)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(b"modles", proc.stderr)


# ---------------------------------------------------------------------------
# runner
# ---------------------------------------------------------------------------

class CountingResult(unittest.TextTestResult):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


def main():
    argv = sys.argv[1:]
    verbosity = 2 if "-v" in argv else 1
    names = [a for a in argv if not a.startswith("-")]
    loader = unittest.TestLoader()
    mod = sys.modules[__name__]
    suite = loader.loadTestsFromNames(names, mod) if names else loader.loadTestsFromModule(mod)
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=verbosity,
                                     resultclass=CountingResult)
    result = runner.run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    sys.stdout.flush()
    print("%d passed, %d failed" % (result.passed, failed))
    sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
