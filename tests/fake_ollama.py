#!/usr/bin/env python3
"""fake_ollama.py -- a strict, scriptable test double of the Ollama REST API.

It speaks the wire format of Ollama v0.33 (Go net/http + gin + encoding/json)
byte for byte where a client can observe it: status lines, which bodies are
Content-Length and which are chunked, NDJSON framing, c.JSON bodies without a
trailing newline, HTML-escaped JSON, Go decoder error texts, gin 404/405/301
quirks, the per-endpoint error texts of the reference, and the OpenAI-compatible
/v1 layer.  Each test scripts it with a scenario file, can inject faults, and
reads back every request from a JSONL record file.

    python3 tests/fake_ollama.py --scenario FILE.json --record FILE.jsonl \
        [--port 0] [--host 127.0.0.1] [--verbose]

Prints exactly one line "listening on HOST:PORT" on stdout, then serves until
SIGTERM/SIGINT and exits 0.  Scenario format: tests/scenarios/README.md.
Python 3 standard library only.
"""

import argparse
import calendar
import hashlib
import http
import ipaddress
import json
import math
import os
import random
import re
import select
import signal
import socket
import socketserver
import struct
import sys
import threading
import time
import urllib.parse
from decimal import Decimal
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STOP = threading.Event()          # set on SIGTERM/SIGINT: wakes every sleep
VERBOSE = False

DEFAULT_VERSION = "0.33.0"
BUSY_TEXT = "server busy, please try again.  maximum pending requests exceeded"
RUNNER_STOPPED = ("model runner has unexpectedly stopped, this may be due to resource "
                  "limitations or an internal error, check ollama server logs for details")
DEFAULT_REPLY = {"content": "The answer is 42."}
MAX_POST_HANDLER_READ = 256 << 10      # net/http maxPostHandlerReadBytes
GO_CHUNKING_THRESHOLD = 2048           # net/http bufferBeforeChunkingSize
THINK_LEVELS = ("high", "medium", "low", "max")
KEEP_ALIVE_FOREVER = (1 << 63) - 1
DIGEST_RE = re.compile(r"^sha256[:-][0-9a-fA-F]{64}$")


def log(msg):
    if VERBOSE:
        sys.stderr.write("fake_ollama: %s\n" % msg)
        sys.stderr.flush()


# ---------------------------------------------------------------------------
# Go encoding/json: Marshal (compact, HTML-escaped, struct field order)
# ---------------------------------------------------------------------------

class RawJSON:
    """A pre-encoded JSON fragment (json.RawMessage)."""

    def __init__(self, text):
        self.text = text


_GO_ESC_RE = re.compile('[\x00-\x1f"\\\\<>&\u2028\u2029\ud800-\udfff]')
_GO_SHORT = {'"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t',
             '\b': '\\b', '\f': '\\f'}


def _go_esc(m):
    c = m.group(0)
    r = _GO_SHORT.get(c)
    if r is not None:
        return r
    o = ord(c)
    if 0xD800 <= o <= 0xDFFF:
        return '\ufffd'                 # invalid UTF-8 -> U+FFFD, as Go does
    return '\\u%04x' % o


def go_str(s):
    return '"' + _GO_ESC_RE.sub(_go_esc, s) + '"'


def go_float(f):
    f = float(f)
    if math.isnan(f) or math.isinf(f):
        raise ValueError("json: unsupported value: %r" % f)
    if f == 0:
        return "-0" if math.copysign(1.0, f) < 0 else "0"
    a = abs(f)
    if a < 1e-6 or a >= 1e21:
        mant, exp = repr(f).split("e")
        sign, digits = exp[0], exp[1:].lstrip("0") or "0"
        if sign == "+" and len(digits) < 2:
            digits = digits.rjust(2, "0")
        return "%se%s%s" % (mant, sign, digits)     # Go trims e-07 to e-7
    if f == int(f):
        return str(int(f))
    s = format(Decimal(repr(f)), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def go_json(v):
    """json.Marshal(v) for dicts (insertion order = Go struct order), lists,
    strings, numbers, bools and None."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, str):
        return go_str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return go_float(v)
    if isinstance(v, dict):
        return "{" + ",".join(go_str(str(k)) + ":" + go_json(x) for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(go_json(x) for x in v) + "]"
    if isinstance(v, RawJSON):
        return v.text
    raise TypeError("cannot encode %r" % (v,))


def go_bytes(v):
    return go_json(v).encode("utf-8")


def gomap(d):
    """A Go map marshals with sorted keys."""
    return dict(sorted(d.items()))


def go_quote(s):
    """strconv.Quote (used by %q)."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == '\\':
            out.append('\\\\')
        elif 0xD800 <= o <= 0xDFFF:
            out.append('\ufffd')
        elif ch == ' ' or (ch.isprintable() and o != 0x7f):
            out.append(ch)
        elif ch in '\a\b\f\n\r\t\v':
            out.append({'\a': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r',
                        '\t': '\\t', '\v': '\\v'}[ch])
        elif o < 0x80:
            out.append('\\x%02x' % o)
        elif o < 0x10000:
            out.append('\\u%04x' % o)
        else:
            out.append('\\U%08x' % o)
    out.append('"')
    return "".join(out)


def go_sharp_v(v):
    """fmt %#v for values decoded from JSON (used by /api/show parameters)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return go_quote(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v == int(v) and abs(v) < 1e21:
            return str(int(v))
        return repr(v)
    return go_json(v)


# ---------------------------------------------------------------------------
# Go time formatting (RFC 3339 with trimmed nanoseconds)
# ---------------------------------------------------------------------------

def go_time(ns=None, local=False):
    if ns is None:
        ns = time.time_ns()
    secs, frac = divmod(int(ns), 1_000_000_000)
    if local:
        tm = time.localtime(secs)
        off = tm.tm_gmtoff or 0
    else:
        tm = time.gmtime(secs)
        off = 0
    s = time.strftime("%Y-%m-%dT%H:%M:%S", tm)
    if frac:
        s += "." + ("%09d" % frac).rstrip("0")
    if off == 0:
        return s + "Z"
    sign = "+" if off > 0 else "-"
    off = abs(off)
    return s + "%s%02d:%02d" % (sign, off // 3600, (off % 3600) // 60)


_RFC3339 = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?"
                      r"([Zz]|[+-]\d\d:\d\d)$")


def parse_rfc3339(s):
    m = _RFC3339.match(s)
    if not m:
        raise ValueError("not an RFC 3339 time: %r" % s)
    y, mo, d, h, mi, se = (int(m.group(i)) for i in range(1, 7))
    frac = int((m.group(7) or "").ljust(9, "0"))
    tz = m.group(8)
    off = 0
    if tz not in ("Z", "z"):
        off = (1 if tz[0] == "+" else -1) * (int(tz[1:3]) * 3600 + int(tz[4:6]) * 60)
    return (calendar.timegm((y, mo, d, h, mi, se, 0, 0, 0)) - off) * 1_000_000_000 + frac


# ---------------------------------------------------------------------------
# Go time.ParseDuration (keep_alive strings)
# ---------------------------------------------------------------------------

_DUR_UNITS = {"ns": 1, "us": 1000, "\u00b5s": 1000, "\u03bcs": 1000, "ms": 1_000_000,
              "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000}


def go_parse_duration(orig):
    s = orig
    neg = False
    if s and s[0] in "-+":
        neg = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if s == "":
        raise ValueError("time: invalid duration " + go_quote(orig))
    total = 0
    while s:
        if not (s[0] == "." or "0" <= s[0] <= "9"):
            raise ValueError("time: invalid duration " + go_quote(orig))
        m = re.match(r"[0-9]*", s)
        ip = m.group(0)
        s = s[len(ip):]
        fp = ""
        if s.startswith("."):
            s = s[1:]
            fp = re.match(r"[0-9]*", s).group(0)
            s = s[len(fp):]
        if ip == "" and fp == "":
            raise ValueError("time: invalid duration " + go_quote(orig))
        i = 0
        while i < len(s) and s[i] != "." and not ("0" <= s[i] <= "9"):
            i += 1
        if i == 0:
            raise ValueError("time: missing unit in duration " + go_quote(orig))
        u = s[:i]
        s = s[i:]
        if u not in _DUR_UNITS:
            raise ValueError("time: unknown unit " + go_quote(u) + " in duration " + go_quote(orig))
        unit = _DUR_UNITS[u]
        v = int(ip or "0") * unit
        if fp:
            v += int(Decimal("0." + fp) * unit)
        total += v
        if total > (1 << 63) - 1:
            raise ValueError("time: invalid duration " + go_quote(orig))
    return -total if neg else total


# ---------------------------------------------------------------------------
# Go encoding/json: Decoder.Decode (syntax errors, EOF, type errors)
# ---------------------------------------------------------------------------

class GoEOF(Exception):
    """Decoder returned io.EOF: the body was empty or whitespace."""


class GoErr(Exception):
    """A Go error; str(e) is its Error() text."""


class FloatLit(float):
    """A JSON number with a fraction/exponent; keeps the literal for Go's
    'cannot unmarshal number 1.5 into ... of type int' message."""

    def __new__(cls, s):
        o = float.__new__(cls, s)
        o.lit = s
        return o


def _reject_constant(name):
    raise ValueError("not JSON: " + name)


_WS = b" \t\r\n"


def _quote_char(c):
    if c == 0x27:
        return "'\\''"
    if c == 0x22:
        return "'\"'"
    q = go_quote(chr(c))
    return "'" + q[1:-1] + "'"


class _Scanner:
    """Port of encoding/json's scanner state machine (scanner.go)."""
    CONT, LIT, BOBJ, OKEY, OVAL, EOBJ, BARR, AVAL, EARR, SKIP, END, ERR = range(12)
    PK, PV, PA = range(3)

    def __init__(self):
        self.step = self.begin_value
        self.ps = []
        self.err = None

    def error(self, c, ctx):
        self.step = self.st_error
        self.err = "invalid character " + _quote_char(c) + " " + ctx
        return self.ERR

    def st_error(self, c):
        return self.ERR

    def begin_value_or_empty(self, c):
        if c in _WS:
            return self.SKIP
        if c == 0x5D:
            return self.end_value(c)
        return self.begin_value(c)

    def begin_value(self, c):
        if c in _WS:
            return self.SKIP
        if c == 0x7B:
            self.step = self.begin_string_or_empty
            self.ps.append(self.PK)
            return self.BOBJ
        if c == 0x5B:
            self.step = self.begin_value_or_empty
            self.ps.append(self.PA)
            return self.BARR
        if c == 0x22:
            self.step = self.in_string
            return self.LIT
        if c == 0x2D:
            self.step = self.neg
            return self.LIT
        if c == 0x30:
            self.step = self.s0
            return self.LIT
        if c == 0x74:
            self.step = self.lit("rue", "true")
            return self.LIT
        if c == 0x66:
            self.step = self.lit("alse", "false")
            return self.LIT
        if c == 0x6E:
            self.step = self.lit("ull", "null")
            return self.LIT
        if 0x31 <= c <= 0x39:
            self.step = self.s1
            return self.LIT
        return self.error(c, "looking for beginning of value")

    def begin_string_or_empty(self, c):
        if c in _WS:
            return self.SKIP
        if c == 0x7D:
            self.ps[-1] = self.PV
            return self.end_value(c)
        return self.begin_string(c)

    def begin_string(self, c):
        if c in _WS:
            return self.SKIP
        if c == 0x22:
            self.step = self.in_string
            return self.LIT
        return self.error(c, "looking for beginning of object key string")

    def end_value(self, c):
        if not self.ps:
            self.step = self.end_top
            return self.end_top(c)
        if c in _WS:
            self.step = self.end_value
            return self.SKIP
        p = self.ps[-1]
        if p == self.PK:
            if c == 0x3A:
                self.ps[-1] = self.PV
                self.step = self.begin_value
                return self.OKEY
            return self.error(c, "after object key")
        if p == self.PV:
            if c == 0x2C:
                self.ps[-1] = self.PK
                self.step = self.begin_string
                return self.OVAL
            if c == 0x7D:
                self.pop()
                return self.EOBJ
            return self.error(c, "after object key:value pair")
        if c == 0x2C:
            self.step = self.begin_value
            return self.AVAL
        if c == 0x5D:
            self.pop()
            return self.EARR
        return self.error(c, "after array element")

    def pop(self):
        self.ps.pop()
        self.step = self.end_top if not self.ps else self.end_value

    def end_top(self, c):
        if c not in _WS:
            self.error(c, "after top-level value")
        return self.END

    def in_string(self, c):
        if c == 0x22:
            self.step = self.end_value
            return self.CONT
        if c == 0x5C:
            self.step = self.in_string_esc
            return self.CONT
        if c < 0x20:
            return self.error(c, "in string literal")
        return self.CONT

    def in_string_esc(self, c):
        if c in b'bfnrt\\/"':
            self.step = self.in_string
            return self.CONT
        if c == 0x75:
            self.step = self.esc_u(4)
            return self.CONT
        return self.error(c, "in string escape code")

    def esc_u(self, left):
        def st(c):
            if c in b"0123456789abcdefABCDEF":
                self.step = self.in_string if left == 1 else self.esc_u(left - 1)
                return self.CONT
            return self.error(c, "in \\u hexadecimal character escape")
        return st

    def neg(self, c):
        if c == 0x30:
            self.step = self.s0
            return self.CONT
        if 0x31 <= c <= 0x39:
            self.step = self.s1
            return self.CONT
        return self.error(c, "in numeric literal")

    def s1(self, c):
        if 0x30 <= c <= 0x39:
            return self.CONT
        return self.s0(c)

    def s0(self, c):
        if c == 0x2E:
            self.step = self.dot
            return self.CONT
        if c in (0x65, 0x45):
            self.step = self.e
            return self.CONT
        return self.end_value(c)

    def dot(self, c):
        if 0x30 <= c <= 0x39:
            self.step = self.dot0
            return self.CONT
        return self.error(c, "after decimal point in numeric literal")

    def dot0(self, c):
        if 0x30 <= c <= 0x39:
            return self.CONT
        if c in (0x65, 0x45):
            self.step = self.e
            return self.CONT
        return self.end_value(c)

    def e(self, c):
        if c in (0x2B, 0x2D):
            self.step = self.esign
            return self.CONT
        return self.esign(c)

    def esign(self, c):
        if 0x30 <= c <= 0x39:
            self.step = self.e0
            return self.CONT
        return self.error(c, "in exponent of numeric literal")

    def e0(self, c):
        if 0x30 <= c <= 0x39:
            return self.CONT
        return self.end_value(c)

    def lit(self, rest, word):
        def st(c):
            if c == ord(rest[0]):
                self.step = self.lit(rest[1:], word) if len(rest) > 1 else self.end_value
                return self.CONT
            return self.error(c, "in literal %s (expecting %s)" % (word, _quote_char(ord(rest[0]))))
        return st


_STR_STOP = re.compile(rb'["\\\x00-\x1f]')


def go_scan_error(data):
    """Decoder.readValue: None if data starts with a complete JSON value,
    else the error text ('unexpected EOF' or a SyntaxError message)."""
    s = _Scanner()
    i, n = 0, len(data)
    while i < n:
        if s.step == s.in_string:
            m = _STR_STOP.search(data, i)
            if m is None:
                break
            i = m.start()
        r = s.step(data[i])
        i += 1
        if r == s.END:
            return None
        if r in (s.EOBJ, s.EARR) and not s.ps:
            return None
        if r == s.ERR:
            return s.err
    if s.step(0x20) == s.END:
        return None
    return "unexpected EOF"


def go_decode_value(data):
    i, n = 0, len(data)
    while i < n and data[i] in _WS:
        i += 1
    if i == n:
        raise GoEOF()
    text = data.decode("utf-8", "replace")
    try:
        dec = json.JSONDecoder(parse_float=FloatLit, parse_constant=_reject_constant)
        val, _ = dec.raw_decode(text, i)
        if isinstance(val, (dict, list)):
            return val
        # a top-level scalar: Python stops at "4" in "4E{" where Go's scanner
        # rejects the incomplete exponent, so let the scanner decide
        if go_scan_error(data) is None:
            return val
    except (ValueError, RecursionError):
        pass
    err = go_scan_error(data)
    if err is None:
        err = "exceeded max depth"
    raise GoErr(err)


class _TypeErr:
    def __init__(self, value, tname, struct=None, field=""):
        self.value, self.tname, self.struct, self.field = value, tname, struct, field

    def text(self):
        if self.struct or self.field:
            return "json: cannot unmarshal %s into Go struct field %s.%s of type %s" % (
                self.value, self.struct or "", self.field, self.tname)
        return "json: cannot unmarshal %s into Go value of type %s" % (self.value, self.tname)


class _PlainErr:
    def __init__(self, msg):
        self.msg = msg

    def text(self):
        return self.msg


class _DecodeAbort(Exception):
    def __init__(self, err):
        Exception.__init__(self)
        self.err = err


def _kind(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


class _Unmarshal:
    """Walks a decoded value against a Go type schema.  Type mismatches are
    saved (first wins, decoding continues) like decodeState.saveError; errors
    from UnmarshalJSON methods abort like they do in Go."""

    def __init__(self):
        self.saved = None

    def save_type(self, value, tname, sname, stack):
        if self.saved is None:
            self.saved = _TypeErr(value, tname, sname, ".".join(stack))

    def walk(self, v, sch, sname, stack):
        k = sch[0]
        if v is None or k in ("any", "raw"):
            return v
        if k == "custom":
            return sch[2](self, v, sname, stack)
        kind = _kind(v)
        if k == "string" and kind == "string":
            return v
        if k == "bool" and kind == "bool":
            return v
        if k == "int" and kind == "number":
            if isinstance(v, int) and -(1 << 63) <= v < (1 << 63):
                return v
            self.save_type("number " + getattr(v, "lit", str(v)), sch[1], sname, stack)
            return None
        if k == "float" and kind == "number":
            return v
        if k == "slice" and kind == "array":
            return [self.walk(e, sch[2], sname, stack) for e in v]
        if k == "map" and kind == "object":
            return {kk: self.walk(vv, sch[2], sname, stack) for kk, vv in v.items()}
        if k == "struct" and kind == "object":
            fields = sch[3]
            out = {}
            for key, val in v.items():
                f = key if key in fields else next(
                    (x for x in fields if x.lower() == key.lower()), None)
                if f is None:
                    continue                        # unknown fields are ignored
                out[f] = self.walk(val, fields[f], sch[2], stack + [f])
            return out
        self.save_type(kind, sch[1], sname, stack)
        return None


def T(kind, tname):
    return (kind, tname)


T_STR = ("string", "string")
T_BOOL = ("bool", "bool")
T_INT = ("int", "int")
T_F64 = ("float", "float64")
T_ANY = ("any", "interface {}")
T_RAW = ("raw", "json.RawMessage")
T_OPTIONS = ("map", "map[string]interface {}", T_ANY)


def _u_think(u, v, sname, stack):
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        if v in THINK_LEVELS:
            return v
        raise _DecodeAbort(_PlainErr(
            'invalid think value: %s (must be "high", "medium", "low", "max", true, or false)'
            % go_quote(v)))
    raise _DecodeAbort(_PlainErr(
        'think must be a boolean or string ("high", "medium", "low", "max", true, or false)'))


def _u_duration(u, v, sname, stack):
    if isinstance(v, bool):
        raise _DecodeAbort(_PlainErr("Unsupported type: 'bool'"))
    if isinstance(v, (int, float)):
        if v < 0:
            return KEEP_ALIVE_FOREVER
        return int(float(v) * 1e9)
    if isinstance(v, str):
        try:
            d = go_parse_duration(v)
        except ValueError as e:
            raise _DecodeAbort(_PlainErr(str(e)))
        return KEEP_ALIVE_FOREVER if d < 0 else d
    tname = "map[string]interface {}" if isinstance(v, dict) else "[]interface {}"
    raise _DecodeAbort(_PlainErr("Unsupported type: '%s'" % tname))


def go_b64_error(s):
    """base64.StdEncoding.Decode error text, or None."""
    src = s.encode("utf-8")
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    si, n = 0, len(src)
    while si < n:
        j = 0
        while j < 4:
            if si == n:
                if j == 0:
                    return None
                return "illegal base64 data at input byte %d" % (si - j)
            c = src[si]
            si += 1
            if c in alphabet:
                j += 1
                continue
            if c in (10, 13):
                continue
            if c != 0x3D:
                return "illegal base64 data at input byte %d" % (si - 1)
            if j in (0, 1):
                return "illegal base64 data at input byte %d" % (si - 1)
            if j == 2:
                while si < n and src[si] in (10, 13):
                    si += 1
                if si == n:
                    return "illegal base64 data at input byte %d" % n
                if src[si] != 0x3D:
                    return "illegal base64 data at input byte %d" % (si - 1)
                si += 1
            while si < n and src[si] in (10, 13):
                si += 1
            if si < n:
                return "illegal base64 data at input byte %d" % si
            return None
    return None


def _u_image(u, v, sname, stack):
    if not isinstance(v, str):
        u.save_type(_kind(v), "api.ImageData", sname, stack)
        return None
    err = go_b64_error(v)
    if err is not None and u.saved is None:
        u.saved = _PlainErr(err)
    return v


T_TOOLCALL = ("struct", "api.ToolCall", "ToolCall", {
    "id": T_STR,
    "function": ("struct", "api.ToolCallFunction", "ToolCallFunction", {
        "index": T_INT, "name": T_STR,
        "arguments": ("map", "api.ToolCallFunctionArguments", T_ANY)}),
})
T_TOOLS = ("slice", "api.Tools", ("struct", "api.Tool", "Tool", {
    "type": T_STR, "items": T_ANY,
    "function": ("struct", "api.ToolFunction", "ToolFunction", {
        "name": T_STR, "description": T_STR, "parameters": T_ANY}),
}))
_T_MESSAGE_ALIAS = ("struct", "api.Alias", "Alias", {
    "role": T_STR, "content": T_STR, "thinking": T_STR,
    "images": ("slice", "[]api.ImageData", ("custom", "api.ImageData", _u_image)),
    "tool_calls": ("slice", "[]api.ToolCall", T_TOOLCALL),
    "tool_name": T_STR, "tool_call_id": T_STR,
})


def _u_message(u, v, sname, stack):
    """api.Message.UnmarshalJSON: decode into an Alias type, lower-case role."""
    inner = _Unmarshal()
    out = inner.walk(v, _T_MESSAGE_ALIAS, None, [])
    e = inner.saved
    if e is not None:
        if isinstance(e, _TypeErr):
            e = _TypeErr(e.value, e.tname, sname, ".".join(stack + ([e.field] if e.field else [])))
        raise _DecodeAbort(e)
    if isinstance(out, dict) and isinstance(out.get("role"), str):
        out["role"] = out["role"].lower()
    return out


T_MESSAGES = ("slice", "[]api.Message", ("custom", "api.Message", _u_message))
T_THINK = ("custom", "api.ThinkValue", _u_think)
T_DURATION = ("custom", "api.Duration", _u_duration)

CHAT_REQUEST = ("struct", "api.ChatRequest", "ChatRequest", {
    "model": T_STR, "messages": T_MESSAGES, "stream": T_BOOL, "format": T_RAW,
    "keep_alive": T_DURATION, "tools": T_TOOLS, "options": T_OPTIONS, "think": T_THINK,
    "truncate": T_BOOL, "shift": T_BOOL, "logprobs": T_BOOL, "top_logprobs": T_INT,
    "_debug_render_only": T_BOOL,
})
GENERATE_REQUEST = ("struct", "api.GenerateRequest", "GenerateRequest", {
    "model": T_STR, "prompt": T_STR, "suffix": T_STR, "system": T_STR, "template": T_STR,
    "context": ("slice", "[]int", T_INT), "stream": T_BOOL, "raw": T_BOOL, "format": T_RAW,
    "keep_alive": T_DURATION,
    "images": ("slice", "[]api.ImageData", ("custom", "api.ImageData", _u_image)),
    "options": T_OPTIONS, "think": T_THINK, "truncate": T_BOOL, "shift": T_BOOL,
    "logprobs": T_BOOL, "top_logprobs": T_INT, "_debug_render_only": T_BOOL,
})
EMBED_REQUEST = ("struct", "api.EmbedRequest", "EmbedRequest", {
    "model": T_STR, "input": T_ANY, "keep_alive": T_DURATION, "truncate": T_BOOL,
    "dimensions": T_INT, "options": T_OPTIONS,
})
OPENAI_EMBED_REQUEST = ("struct", "openai.EmbedRequest", "EmbedRequest", {
    "input": T_ANY, "model": T_STR, "dimensions": T_INT, "encoding_format": T_STR,
})
SHOW_REQUEST = ("struct", "api.ShowRequest", "ShowRequest", {
    "model": T_STR, "system": T_STR, "template": T_STR, "verbose": T_BOOL,
    "options": T_OPTIONS, "name": T_STR,
})
PULL_REQUEST = ("struct", "api.PullRequest", "PullRequest", {
    "model": T_STR, "insecure": T_BOOL, "username": T_STR, "password": T_STR,
    "stream": T_BOOL, "name": T_STR,
})
DELETE_REQUEST = ("struct", "api.DeleteRequest", "DeleteRequest", {"model": T_STR, "name": T_STR})
COPY_REQUEST = ("struct", "api.CopyRequest", "CopyRequest", {"source": T_STR, "destination": T_STR})
T_FILEMAP = ("map", "map[string]string", T_STR)
CREATE_REQUEST = ("struct", "api.CreateRequest", "CreateRequest", {
    "model": T_STR, "stream": T_BOOL, "quantize": T_STR, "from": T_STR,
    "remote_host": T_STR, "files": T_FILEMAP, "adapters": T_FILEMAP, "template": T_STR,
    "license": T_ANY, "system": T_STR, "parameters": T_OPTIONS, "messages": T_MESSAGES,
    "renderer": T_STR, "parser": T_STR, "requires": T_STR, "info": T_OPTIONS,
    "name": T_STR, "quantization": T_STR, "draft_files": T_FILEMAP, "draft_quantize": T_STR,
})
_T_OAI_TOOLCALL = ("struct", "openai.ToolCall", "ToolCall", {
    "id": T_STR, "index": T_INT, "type": T_STR,
    "function": ("struct", 'struct { Name string "json:\\"name\\""; Arguments string '
                 '"json:\\"arguments\\"" }', "", {"name": T_STR, "arguments": T_STR}),
})
OPENAI_CHAT_REQUEST = ("struct", "openai.ChatCompletionRequest", "ChatCompletionRequest", {
    "model": T_STR,
    "messages": ("slice", "[]openai.Message", ("struct", "openai.Message", "Message", {
        "role": T_STR, "content": T_ANY, "reasoning": T_STR,
        "tool_calls": ("slice", "[]openai.ToolCall", _T_OAI_TOOLCALL),
        "name": T_STR, "tool_call_id": T_STR})),
    "stream": T_BOOL,
    "stream_options": ("struct", "openai.StreamOptions", "StreamOptions", {"include_usage": T_BOOL}),
    "max_tokens": T_INT, "seed": T_INT, "stop": T_ANY, "temperature": T_F64,
    "frequency_penalty": T_F64, "presence_penalty": T_F64, "top_p": T_F64,
    "response_format": ("struct", "openai.ResponseFormat", "ResponseFormat", {
        "type": T_STR,
        "json_schema": ("struct", "openai.JsonSchema", "JsonSchema", {"schema": T_RAW})}),
    "tools": ("slice", "[]api.Tool", T_TOOLS[2]),
    "reasoning": ("struct", "openai.Reasoning", "Reasoning", {"effort": T_STR}),
    "reasoning_effort": T_STR, "_debug_render_only": T_BOOL,
    # Logprobs *bool, TopLogprobs int (openai/openai.go ChatCompletionRequest)
    "logprobs": T_BOOL, "top_logprobs": T_INT,
})


def go_unmarshal(body, schema):
    """json.NewDecoder(body).Decode(&req): returns the decoded fields (a dict,
    {} for a JSON null), raises GoEOF for an empty body, GoErr otherwise."""
    val = go_decode_value(body)
    u = _Unmarshal()
    try:
        out = u.walk(val, schema, None, [])
    except _DecodeAbort as e:
        raise GoErr(e.err.text())
    if u.saved is not None:
        raise GoErr(u.saved.text())
    return out if isinstance(out, dict) else {}


# ---------------------------------------------------------------------------
# Model names (types/model/name.go, internal/modelref)
# ---------------------------------------------------------------------------

_MISSING = "!MISSING!"
DEFAULT_HOST, DEFAULT_NS, DEFAULT_TAG = "registry.ollama.ai", "library", "latest"


def _cut_last(s, sep):
    i = s.rfind(sep)
    if i >= 0:
        return s[:i], s[i + len(sep):], True
    return s, "", False


def _cut_promised(s, sep):
    b, a, ok = _cut_last(s, sep)
    if not ok:
        return b, a, False
    return (b or _MISSING), (a or _MISSING), True


def parse_name(s):
    """ParseName: (host, namespace, model, tag) with defaults merged, or None
    when the name is not valid."""
    host = ns = model = tag = ""
    if s.rfind(":") > s.rfind("/"):
        s, tag, _ = _cut_promised(s, ":")
    s, model, ok = _cut_promised(s, "/")
    if not ok:
        model = s
    else:
        s, ns, ok = _cut_promised(s, "/")
        if not ok:
            ns = s
        else:
            scheme, sep, rest = s.partition("://")
            host = rest if sep else scheme
    parts = (host or DEFAULT_HOST, ns or DEFAULT_NS, model, tag or DEFAULT_TAG)
    for kind, p in enumerate(parts):
        if not _valid_part(kind, p):
            return None
    return parts


def _valid_part(kind, s):
    if not s or len(s) > (350 if kind == 0 else 80):
        return False
    for i, ch in enumerate(s):
        if i == 0:
            if not (ch.isascii() and (ch.isalnum() or ch == "_")):
                return False
            continue
        if ch in "_-":
            continue
        if ch == ".":
            if kind == 1:
                return False
            continue
        if ch == ":":
            if kind != 0:
                return False
            continue
        if not (ch.isascii() and (ch.isalnum() or ch == "_")):
            return False
    return True


def display_shortest(parts):
    host, ns, model, tag = parts
    if host.lower() != DEFAULT_HOST:
        return "%s/%s/%s:%s" % (host, ns, model, tag)
    if ns.lower() != DEFAULT_NS:
        return "%s/%s:%s" % (ns, model, tag)
    return "%s:%s" % (model, tag)


def full_name(parts):
    return "%s/%s/%s:%s" % parts


def fold_parts(parts):
    return tuple(p.lower() for p in parts)


class RefError(Exception):
    def __init__(self, kind, msg):
        Exception.__init__(self, msg)
        self.kind = kind                   # "required" | "conflict" | "invalid"
        self.msg = msg


def _source_suffix(raw):
    idx = raw.rfind(":")
    if idx >= 0:
        sraw = raw[idx + 1:].strip()
        sfx = sraw.lower()
        if sfx == "cloud":
            return raw[:idx], "cloud", True
        if sfx == "local":
            return raw[:idx], "local", True
        if "/" not in sraw and sfx.endswith("-cloud"):
            return raw[:idx + 1] + sraw[:-len("-cloud")], "cloud", True
    return raw, "", False


def parse_model_ref(raw):
    """parseAndValidateModelRef: returns (base, parts, source)."""
    raw = raw.strip()
    if raw == "":
        raise RefError("required", "model is required")
    base, source, explicit = _source_suffix(raw)
    if explicit and _source_suffix(base)[2]:
        raise RefError("conflict", "use either :local or :cloud, not both: " + go_quote(raw))
    parts = parse_name(base)
    if parts is None:
        raise RefError("invalid", "invalid model name")
    return base, parts, source


# ---------------------------------------------------------------------------
# Options (api.Options.FromMap)
# ---------------------------------------------------------------------------

OPT_INT = {"num_keep", "seed", "num_predict", "top_k", "repeat_last_n", "num_ctx",
           "num_batch", "num_gpu", "main_gpu", "num_thread", "draft_num_predict"}
OPT_FLOAT = {"top_p", "min_p", "typical_p", "temperature", "repeat_penalty",
             "presence_penalty", "frequency_penalty"}
OPT_BOOL = {"use_mmap"}
OPT_SLICE = {"stop"}


def check_options(opts):
    """Returns the error text of Options.FromMap, or None."""
    for k, v in (opts or {}).items():
        if v is None:
            continue
        isnum = isinstance(v, (int, float)) and not isinstance(v, bool)
        if k in OPT_INT and not isnum:
            return "option %s must be of type integer" % go_quote(k)
        if k in OPT_FLOAT and not isnum:
            return "option %s must be of type float32" % go_quote(k)
        if k in OPT_BOOL and not isinstance(v, bool):
            return "option %s must be of type boolean" % go_quote(k)
        if k in OPT_SLICE:
            if not isinstance(v, list):
                return "option %s must be of type array" % go_quote(k)
            if any(not isinstance(x, str) for x in v):
                return "option %s must be of an array of strings" % go_quote(k)
    return None


# ---------------------------------------------------------------------------
# Scenario
# ---------------------------------------------------------------------------

class ScenarioError(Exception):
    pass


TOP_KEYS = {"version", "legacy_errors", "models", "replies", "replies_by_model", "api_key",
            "pull", "create", "blobs", "host_check", "openai_style", "models_dir",
            "default_reply", "delete", "scheduler", "v1_models", "single_model",
            "lora_adapters", "lora_modules"}
MODEL_KEYS = {"name", "thinking", "tools", "vision", "insert", "embedding", "capabilities",
              "embed", "embed_dim",
              "family", "families", "parameter_size", "quantization_level", "format",
              "parent_model", "size", "digest", "modified_at", "system", "template",
              "parameters", "license", "messages", "context_length", "model_info",
              "steps", "fault", "from", "adapters"}
SCHEDULER_KEYS = {"load_ms", "max_loaded", "num_parallel"}
REPLY_KEYS = {"content", "thinking", "split", "thinking_split", "wire_split", "seed",
              "wire_delay_ms", "final_content", "final_thinking", "done_reason",
              "prompt_eval_count", "eval_count", "eval_duration", "total_duration",
              "load_duration", "prompt_eval_duration", "delay_first_ms", "delay_ms",
              "fault", "match", "context", "tool_calls", "logprobs"}
STREAM_KEYS = {"delay_first_ms", "delay_ms", "fault", "wire_split", "seed", "wire_delay_ms"}
PULL_KEYS = STREAM_KEYS | {"available", "steps"}
CREATE_KEYS = STREAM_KEYS | {"statuses", "details"}
DELETE_KEYS = {"faults"}
DELETE_FAULT_KEYS = {"status", "error"}
FAULT_KEYS = {
    "status": {"status", "error", "body", "content_type", "via"},
    "error_mid_stream": {"after", "error", "status"},
    "cut": {"after", "partial_bytes", "mid_chunk", "reset"},
    "no_done": {"after"},
    "garbage": {"after", "line"},
    "stall": {"after", "ms"},
    "huge_line": {"bytes", "after", "char"},
    "single_object": set(),
}
MATCH_KEYS = {"seed", "contains", "model", "think", "last_role"}


def _public(d):
    return {k: v for k, v in d.items() if not k.startswith("_")}


def _check_keys(d, allowed, where):
    if not isinstance(d, dict):
        raise ScenarioError("%s must be an object" % where)
    bad = sorted(set(_public(d)) - allowed)
    if bad:
        raise ScenarioError("%s: unknown key(s) %s (allowed: %s)"
                            % (where, ", ".join(bad), ", ".join(sorted(allowed))))


def _check_split(v, where):
    if v is None or v in ("words", "chars"):
        return
    if isinstance(v, int) and not isinstance(v, bool) and v > 0:
        return
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return
    raise ScenarioError('%s: must be "words", "chars", a positive integer or a list of strings'
                        % where)


def _check_stream_cfg(d, where):
    if "wire_split" in d:
        w = d["wire_split"]
        if not (w is None or w == "random" or (isinstance(w, int) and not isinstance(w, bool)
                                                 and w > 0)):
            raise ScenarioError('%s.wire_split: null, "random" or a positive integer' % where)
    for k in ("delay_first_ms", "delay_ms", "wire_delay_ms", "seed"):
        if k in d and d[k] is not None and (not isinstance(d[k], (int, float))
                                            or isinstance(d[k], bool)):
            raise ScenarioError("%s.%s must be a number" % (where, k))
    if d.get("fault") is not None:
        f = d["fault"]
        if not isinstance(f, dict) or f.get("kind") not in FAULT_KEYS:
            raise ScenarioError("%s.fault.kind must be one of %s"
                                % (where, ", ".join(sorted(FAULT_KEYS))))
        _check_keys(f, FAULT_KEYS[f["kind"]] | {"kind"}, where + ".fault")
        if f["kind"] == "status":
            st = f.get("status")
            if not isinstance(st, int) or not 100 <= st <= 999:
                raise ScenarioError("%s.fault.status must be an HTTP status code" % where)
            if f.get("via") not in (None, "handler", "stream"):
                raise ScenarioError('%s.fault.via must be "handler" or "stream"' % where)


def check_reply(r, where):
    _check_keys(r, REPLY_KEYS, where)
    _check_split(r.get("split"), where + ".split")
    _check_split(r.get("thinking_split"), where + ".thinking_split")
    _check_stream_cfg(r, where)
    for k in ("content", "thinking", "final_content", "final_thinking"):
        if k in r and r[k] is not None and not isinstance(r[k], str):
            raise ScenarioError("%s.%s must be a string" % (where, k))
    lp = r.get("logprobs")
    if lp is not None and (not isinstance(lp, list) or not lp or not all(
            isinstance(x, (int, float)) and not isinstance(x, bool) and x <= 0 for x in lp)):
        raise ScenarioError("%s.logprobs must be a list of numbers of at most 0" % where)
    if r.get("match") is not None:
        _check_keys(r["match"], MATCH_KEYS, where + ".match")
    for i, tc in enumerate(r.get("tool_calls") or []):
        if not isinstance(tc, dict) or not isinstance(tc.get("name"), str) or \
                not isinstance(tc.get("arguments", {}), dict):
            raise ScenarioError("%s.tool_calls[%d] needs a name and an object of arguments"
                                % (where, i))
    return r


class Model:
    def __init__(self, spec, index=0, now_ns=None, where="model"):
        if isinstance(spec, str):
            spec = {"name": spec}
        _check_keys(spec, MODEL_KEYS, where)
        name = spec.get("name")
        if not isinstance(name, str):
            raise ScenarioError("%s.name is required" % where)
        parts = parse_name(name.strip())
        if parts is None:
            raise ScenarioError("%s.name %r is not a valid Ollama model name" % (where, name))
        self.spec = spec
        self.parts = parts
        self.display = display_shortest(parts)
        self.thinking = bool(spec.get("thinking", False))
        if "capabilities" in spec:
            self.caps = list(spec["capabilities"])
        elif spec.get("embedding"):
            self.caps = ["embedding"]
        else:
            self.caps = ["completion"]
            for flag in ("tools", "insert", "vision"):
                if spec.get(flag):
                    self.caps.append(flag)
            if self.thinking:
                self.caps.append("thinking")
        if self.thinking and "thinking" not in self.caps:
            self.caps.append("thinking")
        m = re.match(r"[A-Za-z]+[0-9]*", parts[2])
        self.family = spec.get("family", m.group(0).lower() if m else "llama")
        self.families = spec["families"] if "families" in spec else [self.family]
        self.parameter_size = spec.get("parameter_size", "4.0B")
        self.quantization_level = spec.get("quantization_level", "Q4_K_M")
        self.format = spec.get("format", "gguf")
        self.parent_model = spec.get("parent_model", "")
        self.digest = spec.get("digest") or hashlib.sha256(
            ("fake_ollama:" + self.display).encode()).hexdigest()
        self.size = spec.get("size", 1_000_000_000 + int(self.digest[:8], 16) % 4_000_000_000)
        if "modified_at" in spec:
            self.modified_ns = parse_rfc3339(spec["modified_at"])
        elif now_ns is not None:
            self.modified_ns = now_ns
        else:   # deterministic, newest first in the order given
            self.modified_ns = 1767268800_123456789 - index * 3_600_000_000_000
        self.system = spec.get("system", "")
        self.template = spec.get("template", "{{ if .System }}<|im_start|>system\n"
                                             "{{ .System }}<|im_end|>\n{{ end }}{{ .Prompt }}")
        self.parameters = dict(spec.get("parameters") or {})
        lic = spec.get("license") or []
        self.license = [lic] if isinstance(lic, str) else list(lic)
        self.messages = list(spec.get("messages") or [])
        self.context_length = spec.get("context_length", 40960)
        self.model_info = dict(spec.get("model_info") or {})
        self.adapters = [str(a) for a in spec.get("adapters") or []]
        # /api/embed: "embed": false makes the model refuse as a model
        # without pooling_type does (Ollama's llama-server runner starts it
        # without --embedding, llm/llama_server.go appendBatchArgs); older
        # runners embedded with generative models too, the fake's default.
        self.embed = bool(spec.get("embed", True))
        self.embed_dim = int(spec.get("embed_dim", 256))
        self.base = spec.get("from")          # shares that model's weights (FROM base)
        self.blob = self.layers()[0][1]       # the weights; State resolves "from"
        self.pull_steps = spec.get("steps")
        self.pull_fault = spec.get("fault")
        if self.pull_fault is not None:
            _check_stream_cfg({"fault": self.pull_fault}, where)

    def key(self):
        return fold_parts(self.parts)

    def layers(self):
        """[(status-kind, hex, size)] of the manifest; the model weights first."""
        out = []
        rest = 0
        for kind, text in (("template", self.template), ("system", self.system),
                           ("params", go_json(gomap(self.parameters)) + "\n"
                            if self.parameters else "")):
            if text:
                b = text.encode()
                out.append((kind, hashlib.sha256(b).hexdigest(), len(b)))
                rest += len(b)
        for lic in self.license:
            b = lic.encode()
            out.append(("license", hashlib.sha256(b).hexdigest(), len(b)))
            rest += len(b)
        weights = hashlib.sha256(("weights:" + self.digest).encode()).hexdigest()
        return [("model", weights, max(1, self.size - rest))] + out

    def details(self):
        return {"parent_model": self.parent_model, "format": self.format,
                "family": self.family, "families": self.families,
                "parameter_size": self.parameter_size,
                "quantization_level": self.quantization_level}


class State:
    def __init__(self, sc):
        sc = _public(sc or {})
        _check_keys(sc, TOP_KEYS, "scenario")
        self.lock = threading.RLock()
        self.version = str(sc.get("version", DEFAULT_VERSION))
        self.legacy = bool(sc.get("legacy_errors", False))
        self.api_key = sc.get("api_key")
        self.host_check = bool(sc.get("host_check", True))
        self.openai_style = sc.get("openai_style", "ollama")
        if self.openai_style not in ("ollama", "openai"):
            raise ScenarioError('scenario.openai_style must be "ollama" or "openai"')
        self.models_dir = sc.get("models_dir", "/usr/share/ollama/.ollama/models")
        self.models = []
        for i, spec in enumerate(sc.get("models") or []):
            self.add_model(Model(spec, i, where="models[%d]" % i))
        self.default_reply = check_reply(sc.get("default_reply", DEFAULT_REPLY), "default_reply")
        self.replies = [check_reply(r, "replies[%d]" % i)
                        for i, r in enumerate(sc.get("replies") or [])]
        self.replies_by_model = {}
        for name, lst in (sc.get("replies_by_model") or {}).items():
            if not isinstance(lst, list):
                lst = [lst]
            self.replies_by_model[name] = [check_reply(r, "replies_by_model[%r][%d]" % (name, i))
                                           for i, r in enumerate(lst)]
        self.cursors = {}
        self.pull = dict(sc.get("pull") or {})
        _check_keys(self.pull, PULL_KEYS, "pull")
        _check_stream_cfg(self.pull, "pull")
        self.registry = {}
        for i, spec in enumerate(self.pull.get("available") or []):
            m = Model(spec, i, where="pull.available[%d]" % i)
            self.registry[m.key()] = m
        self.create = dict(sc.get("create") or {})
        _check_keys(self.create, CREATE_KEYS, "create")
        _check_stream_cfg(self.create, "create")
        delete = dict(sc.get("delete") or {})
        _check_keys(delete, DELETE_KEYS, "delete")
        self.delete_faults = {}               # folded name parts -> {"status", "error"}
        for name, fault in (delete.get("faults") or {}).items():
            where = "delete.faults[%r]" % name
            if not isinstance(fault, dict):
                raise ScenarioError("%s must be an object" % where)
            _check_keys(fault, DELETE_FAULT_KEYS, where)
            st = fault.get("status", 500)
            if not isinstance(st, int) or not 400 <= st <= 599:
                raise ScenarioError("%s.status must be an HTTP error status" % where)
            parts = parse_name(name)
            if parts is None:
                raise ScenarioError("%s: invalid model name" % where)
            self.delete_faults[fold_parts(parts)] = {"status": st,
                                                     "error": str(fault.get("error", "boom"))}
        self.blobs = {}                       # "sha256:<hex>" -> {"size", "magic"}
        for d in sc.get("blobs") or []:
            if not isinstance(d, str) or not DIGEST_RE.match(d):
                raise ScenarioError("blobs: %r is not a sha256:<64 hex> digest" % (d,))
            self.blobs["sha256:" + d[7:]] = {"size": 0, "magic": b"GGUF"}
        self.layer_digests = set()
        for m in self.models:
            self.layer_digests.update(h for _, h, _ in m.layers())
        for i, m in enumerate(self.models):
            if m.base is not None:
                b = self.find_model(parse_name(str(m.base).strip()) or ("", "", "", ""))
                if b is None or b is m:
                    raise ScenarioError("models[%d].from %r names no other model of the "
                                        "scenario" % (i, m.base))
        for m in self.models:                 # FROM chains end at a model of its own
            b, seen = m, set()
            while b.base is not None and id(b) not in seen:
                seen.add(id(b))
                b = self.find_model(parse_name(str(b.base).strip()))
            m.blob = b.blob
        sched = dict(sc.get("scheduler") or {})
        _check_keys(sched, SCHEDULER_KEYS, "scheduler")
        for k in SCHEDULER_KEYS:
            if k in sched and (not isinstance(sched[k], int) or sched[k] < 0):
                raise ScenarioError("scheduler.%s must be a whole number >= 0" % k)
        self.sched = Scheduler(sched.get("load_ms", 0), sched.get("max_loaded", 3),
                               sched.get("num_parallel", 0))
        # Not Ollama: llama.cpp's llama-server. "v1_models" is its /v1/models
        # data verbatim (entries with "aliases", from --alias a,b); with
        # "single_model" set, /v1/chat/completions serves that model whatever
        # the request names, as llama-server with one -m does.
        v1m = sc.get("v1_models")
        if v1m is not None and (not isinstance(v1m, list) or
                                not all(isinstance(x, dict) and isinstance(x.get("id"), str)
                                        for x in v1m)):
            raise ScenarioError('scenario.v1_models must be a list of objects with an "id"')
        self.v1_models = v1m
        self.single_model = sc.get("single_model")
        if self.single_model is not None and (
                not isinstance(self.single_model, str) or
                self.find_model(parse_name(self.single_model)) is None):
            raise ScenarioError("scenario.single_model must name a model of the scenario")
        # llama.cpp's llama-server with --lora FILE ...: "lora_adapters" is
        # what GET /lora-adapters lists ([{"id", "path", "scale"}], the
        # server's root, issue 22); an entry's "model" (the fake's own key,
        # not listed) names the replies_by_model list that answers while that
        # adapter is the one at a scale above 0. A request's "lora" field
        # sets every scale for that request; adapters it does not name get 0.
        la = sc.get("lora_adapters")
        if la is not None and (not isinstance(la, list) or not all(
                isinstance(x, dict) and isinstance(x.get("id"), int) and
                isinstance(x.get("path"), str) for x in la)):
            raise ScenarioError('scenario.lora_adapters must be a list of {"id", "path"}')
        self.lora_adapters = la
        # vLLM with --enable-lora --lora-modules NAME=PATH ...: each NAME is a
        # model of /v1/models (parent: the base) and a request's "model";
        # replies_by_model[NAME] answers it. The base is the first model.
        lm = sc.get("lora_modules")
        if lm is not None and (not isinstance(lm, dict) or not all(
                isinstance(v, str) for v in lm.values()) or not self.models):
            raise ScenarioError("scenario.lora_modules must map names to paths, with a model")
        self.lora_modules = lm

    # -- models ------------------------------------------------------------
    def add_model(self, m):
        with self.lock:
            self.models = [x for x in self.models if x.key() != m.key()]
            self.models.append(m)

    def find_model(self, parts):
        k = fold_parts(parts)
        with self.lock:
            for m in self.models:
                if m.key() == k:
                    return m
        return None

    def remove_model(self, m):
        with self.lock:
            self.models = [x for x in self.models if x is not m]
        self.sched.unload(m, only_its_own=True)

    def sorted_models(self):
        with self.lock:
            ms = list(self.models)
        # Go sorts by Unix seconds (ties in map order); break ties newest first
        return sorted(ms, key=lambda m: -m.modified_ns)

    # -- replies -----------------------------------------------------------
    def pick_reply(self, sent_name, seed, last_user, think_on, last_role=None):
        with self.lock:
            key, lst = "*", self.replies
            if sent_name in self.replies_by_model:
                key, lst = sent_name, self.replies_by_model[sent_name]
            else:
                want = parse_name(sent_name.strip())
                for k, v in self.replies_by_model.items():
                    p = parse_name(k.strip())
                    if want is not None and p is not None and fold_parts(p) == fold_parts(want):
                        key, lst = k, v
                        break
            for r in lst:
                mt = r.get("match")
                if mt and self._matches(mt, sent_name, seed, last_user, think_on, last_role):
                    return r
            seq = [r for r in lst if not r.get("match")]
            if not seq:
                return self.default_reply
            i = self.cursors.get(key, 0)
            self.cursors[key] = i + 1
            return seq[min(i, len(seq) - 1)]

    @staticmethod
    def _matches(mt, sent_name, seed, last_user, think_on, last_role=None):
        if "seed" in mt and mt["seed"] != seed:
            return False
        if "last_role" in mt and mt["last_role"] != last_role:
            return False
        if "contains" in mt and mt["contains"] not in (last_user or ""):
            return False
        if "think" in mt and bool(mt["think"]) != bool(think_on):
            return False
        if "model" in mt:
            a, b = parse_name(str(mt["model"])), parse_name(sent_name.strip())
            if a is None or b is None or fold_parts(a) != fold_parts(b):
                return False
        return True


# ---------------------------------------------------------------------------
# The scheduler: one runner per model blob, as in Ollama's server/sched.go
# ---------------------------------------------------------------------------
# schedulerModelKey() keys runners by the model's GGUF path, so a LoRA model
# (FROM base + ADAPTER) and a system-prompt model (FROM base + SYSTEM) share
# their base's runner. needsReload() reloads it when the adapter paths or the
# runner options (api.Runner: num_ctx, num_batch, num_gpu, ...) differ from
# the loaded ones. getRunner() hands out a loaded runner that fits at once;
# every other request goes to pendingReqCh, which processPending() serves one
# at a time in arrival order: the head waits until the runner it must replace
# is idle (refCount 0), then loads, and the requests behind it wait too.
# OLLAMA_MAX_LOADED_MODELS (default 3 per GPU, defaultModelsPerGPU) limits the
# runners; at the limit the idle one used longest ago is unloaded.

RUNNER_OPTIONS = ("num_ctx", "num_batch", "num_gpu", "main_gpu", "use_mmap", "num_thread")


class Runner:
    def __init__(self, model, options):
        self.model = model
        self.blob = model.blob
        self.adapters = list(model.adapters)
        self.options = options
        self.refs = 0
        self.busy = 0                         # requests decoding (num_parallel slots)
        self.expiring = False                 # a pending request replaces it
        self.expires_ns = 0
        self.used = 0


class Scheduler:
    def __init__(self, load_ms, max_loaded, num_parallel=0):
        self.load_ms = load_ms
        self.max_loaded = max_loaded
        # OLLAMA_NUM_PARALLEL: each runner decodes at most numParallel requests
        # at once (server/sched.go hands numParallel to the runner; llm/server.go
        # holds a semaphore of that many slots around each completion), and
        # the others wait for a slot. 0: no limit (the fake's default).
        self.num_parallel = num_parallel
        self.cv = threading.Condition()
        self.pending = []                     # tickets in arrival order
        self.runners = {}                     # blob -> Runner
        self.loads = []                       # every load, in order
        self.loads_file = None
        self.tick = 0

    @staticmethod
    def runner_options(model, request_options):
        """The api.Runner part of the options: the model's PARAMETERs, then
        the request's; an option not given is "auto" (None)."""
        merged = dict(model.parameters)
        merged.update(request_options or {})
        return {k: merged.get(k) for k in RUNNER_OPTIONS}

    @staticmethod
    def _fits(r, model, options):
        return r.adapters == list(model.adapters) and r.options == options

    def acquire(self, model, options, keep_ns, gone=None):
        """(runner, ns waited in the pending queue or None for the fast path).
        gone() true means the client hung up while its request waited: like
        Ollama's processPending (server/sched.go: `if pending.ctx.Err() !=
        nil { ... skipping scheduling }`), such a request loads nothing and
        Hangup ends it."""
        with self.cv:
            r = self.runners.get(model.blob)
            if r is not None and not r.expiring and not self.pending and \
                    self._fits(r, model, options):
                return self._grant(r, keep_ns), None
            t0 = time.monotonic_ns()
            ticket = object()
            self.pending.append(ticket)
            try:
                while True:
                    if STOP.is_set():
                        raise Hangup()
                    if self.pending[0] is not ticket:
                        self.cv.wait(0.2)
                        continue
                    if gone is not None and gone():
                        raise Hangup()
                    r = self.runners.get(model.blob)
                    if r is not None and self._fits(r, model, options):
                        return self._grant(r, keep_ns), time.monotonic_ns() - t0
                    victim = r
                    if victim is None and len(self.runners) >= max(1, self.max_loaded):
                        idle = [x for x in self.runners.values() if x.refs == 0]
                        victim = min(idle or self.runners.values(), key=lambda x: x.used)
                    if victim is not None:
                        victim.expiring = True
                        if victim.refs > 0:
                            self.cv.wait(0.2)
                            continue
                        del self.runners[victim.blob]
                    why = ("first load" if r is None and victim is None else
                           "evicted %s" % victim.model.display if r is None else
                           "adapters changed" if r.adapters != list(model.adapters) else
                           "runner options changed")
                    self.cv.release()
                    try:
                        sleep_ms(self.load_ms)
                    finally:
                        self.cv.acquire()
                    r = Runner(model, options)
                    self.runners[model.blob] = r
                    self._record_load(r, why)
                    return self._grant(r, keep_ns), max(1, time.monotonic_ns() - t0)
            finally:
                self.pending.remove(ticket)
                self.cv.notify_all()

    def _grant(self, r, keep_ns):
        r.refs += 1
        self.tick += 1
        r.used = self.tick
        now = time.time_ns()
        r.expires_ns = KEEP_ALIVE_FOREVER if keep_ns == KEEP_ALIVE_FOREVER else min(
            now + (keep_ns if keep_ns is not None else 300_000_000_000),
            now + 292 * 365 * 86400 * 10**9)
        return r

    def release(self, r):
        with self.cv:
            r.refs -= 1
            self.cv.notify_all()

    def take_slot(self, r):
        """Waits for one of the runner's num_parallel slots."""
        with self.cv:
            while self.num_parallel and r.busy >= self.num_parallel:
                if STOP.is_set():
                    raise Hangup()
                self.cv.wait(0.2)
            r.busy += 1

    def give_slot(self, r):
        with self.cv:
            r.busy -= 1
            self.cv.notify_all()

    def _record_load(self, r, why):
        rec = {"n": len(self.loads) + 1, "model": r.model.display, "blob": r.blob,
               "adapters": r.adapters, "options": {k: v for k, v in r.options.items()
                                                   if v is not None}, "reason": why}
        self.loads.append(rec)
        if self.loads_file:
            self.loads_file.write(json.dumps(rec) + "\n")
            self.loads_file.flush()

    def unload(self, model, only_its_own=False):
        """keep_alive 0 (expireRunner: the runner of the model's blob), or the
        model deleted (only a runner it loaded)."""
        with self.cv:
            r = self.runners.get(model.blob)
            if r is not None and (r.model is model or not only_its_own):
                del self.runners[model.blob]
            self.cv.notify_all()

    def loaded(self):
        with self.cv:
            return [(r.model, r.expires_ns) for r in self.runners.values()]


# ---------------------------------------------------------------------------
# Streams: events -> faults -> wire plan
# ---------------------------------------------------------------------------
# An event is one of
#   ("obj", dict, "chunk"|"final")    a JSON object the server emits
#   ("error", text, status-or-None)   an error sent through the handler's channel
#   ("raw", text)                      a garbage line
#   ("sleep", ms)
#   ("cut", next_event_or_None, fault) connection dropped


def split_text(text, how):
    if not text:
        return []
    if how is None or how == "words":
        parts = re.findall(r"\s*\S+\s*", text)
        return parts if "".join(parts) == text else [text]
    if how == "chars":
        return list(text)
    if isinstance(how, int):
        return [text[i:i + how] for i in range(0, len(text), how)]
    return [text]


def apply_fault(events, fault, delay_first=0, delay=0):
    """Applies a stream fault ("status" and "single_object" are handled by the
    caller) and inserts the scripted delays."""
    body = [e for e in events if not (e[0] == "obj" and e[2] == "final")]
    final = [e for e in events if e[0] == "obj" and e[2] == "final"]
    kind = (fault or {}).get("kind")
    if kind in ("error_mid_stream", "cut", "garbage", "stall"):
        a = fault.get("after", 1)
        a = len(body) if a is None else max(0, min(int(a), len(body)))
    if kind == "error_mid_stream":
        st = fault.get("status")
        out = body[:a] + [("error", fault.get("error", "an error was encountered while "
                                              "running the model"), st)]
    elif kind == "cut":
        nxt = (body + final)[a] if a < len(body + final) else None
        out = body[:a] + [("cut", nxt, fault)]
    elif kind == "no_done":
        a = fault.get("after")
        a = len(body) if a is None else max(0, min(int(a), len(body)))
        out = body[:a]
    elif kind == "garbage":
        out = body[:a] + [("raw", fault.get("line", "<html>oops"))] + body[a:] + final
    elif kind == "stall":
        out = body[:a] + [("sleep", fault.get("ms", 5000))] + body[a:] + final
    else:
        out = body + final
    res = []
    if delay_first:
        res.append(("sleep", delay_first))
    first = True
    for e in out:
        if e[0] in ("obj", "error", "raw") and not first and delay:
            res.append(("sleep", delay))
        if e[0] in ("obj", "error", "raw"):
            first = False
        res.append(e)
    return res


def wire_pieces(data, how, rng):
    if how is None or not data:
        return [data]
    if isinstance(how, int):
        return [data[i:i + how] for i in range(0, len(data), how)]
    n = len(data)
    cuts = set()
    for m in re.finditer(rb"[\xc0-\xf7][\x80-\xbf]+", data):
        ln = m.end() - m.start()
        cuts.add(m.start() + rng.randint(1, ln - 1))
    for m in re.finditer(rb"\\u[0-9a-fA-F]{4}", data):
        cuts.add(m.start() + rng.randint(1, 5))
    pos = 0
    while True:
        pos += rng.randint(1, 48)
        if pos >= n:
            break
        cuts.add(pos)
    cuts = sorted(c for c in cuts if 0 < c < n)
    return [data[a:b] for a, b in zip([0] + cuts, cuts + [n])]


class Hangup(Exception):
    """The connection is gone (client hung up, cut fault, or shutdown)."""


def sleep_ms(ms):
    if ms and ms > 0:
        if STOP.wait(ms / 1000.0):
            raise Hangup()


# ---------------------------------------------------------------------------
# HTTP layer
# ---------------------------------------------------------------------------

ROUTES = [
    ("HEAD", "/", "root"), ("GET", "/", "root"),
    ("HEAD", "/api/version", "version"), ("GET", "/api/version", "version"),
    ("GET", "/api/status", None),
    ("POST", "/api/pull", "pull"), ("POST", "/api/push", None),
    ("HEAD", "/api/tags", "tags"), ("GET", "/api/tags", "tags"),
    ("POST", "/api/show", "show"), ("DELETE", "/api/delete", "delete"),
    ("POST", "/api/me", None), ("POST", "/api/signout", None),
    ("DELETE", "/api/user/keys/:encodedKey", None),
    ("POST", "/api/create", "create"),
    ("POST", "/api/blobs/:digest", "blob_post"), ("HEAD", "/api/blobs/:digest", "blob_head"),
    ("POST", "/api/copy", "copy"),
    ("POST", "/api/experimental/web_search", None), ("POST", "/api/experimental/web_fetch", None),
    ("GET", "/api/ps", "ps"),
    ("POST", "/api/generate", "generate"), ("POST", "/api/chat", "chat"),
    ("POST", "/api/embed", "embed"), ("POST", "/api/embeddings", None),
    ("POST", "/v1/chat/completions", "v1_chat"), ("POST", "/v1/completions", None),
    ("POST", "/v1/embeddings", "v1_embed"), ("GET", "/v1/models", "v1_models"),
    ("GET", "/v1/models/:model", "v1_model"), ("POST", "/v1/responses", None),
    ("POST", "/v1/messages", None), ("GET", "/lora-adapters", "lora_adapters"),
    ("GET", "/props", "props"),
]
METHOD_TREE_ORDER = ["HEAD", "GET", "POST", "DELETE"]


def match_route(method, path):
    segs = path.split("/")
    for m, pat, name in ROUTES:
        if m != method:
            continue
        psegs = pat.split("/")
        if len(psegs) != len(segs):
            continue
        params = {}
        for p, s in zip(psegs, segs):
            if p.startswith(":"):
                if not s:
                    break
                params[p[1:]] = s
            elif p != s:
                break
        else:
            return (name or "not_emulated"), params
    return None, None


def go_path_clean(p):
    rooted = p.startswith("/")
    parts = []
    for seg in p.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(seg)
    out = "/".join(parts)
    if rooted:
        out = "/" + out
    return out or ("/" if rooted else ".")


def mux_clean_path(p):
    if p == "":
        return "/"
    if p[0] != "/":
        p = "/" + p
    np = go_path_clean(p)
    if p.endswith("/") and np != "/":
        np += "/"
    return np


def status_line(code):
    try:
        phrase = http.HTTPStatus(code).phrase
    except ValueError:
        phrase = ""
    return "HTTP/1.1 %d %s\r\n" % (code, phrase or ("status code %d" % code))


def chunk_frame(data):
    return b"%x\r\n" % len(data) + data + b"\r\n"


def _go_ip_ok(h):
    try:
        ip = ipaddress.ip_address(h)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback or ip.is_unspecified:
        return True
    if isinstance(ip, ipaddress.IPv4Address):
        return any(ip in ipaddress.ip_network(n) for n in
                   ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
    return ip in ipaddress.ip_network("fc00::/7")


def _go_split_host_port(hostport):
    """net.SplitHostPort; None when Go would return an error."""
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0 or not hostport[end + 1:].startswith(":"):
            return None
        return hostport[1:end]
    if hostport.count(":") != 1:
        return None
    return hostport.split(":", 1)[0]


class GenCtx:
    pass


def v1_tool_calls(calls):
    """ToToolCalls (openai/openai.go): id, index, type, function with the
    arguments marshalled to a string."""
    return [{"id": c.get("id", ""), "index": c["function"]["index"], "type": "function",
             "function": {"name": c["function"]["name"],
                          "arguments": json.dumps(c["function"]["arguments"],
                                                  separators=(",", ":"))}}
            for c in calls]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake_ollama"

    # -- plumbing ----------------------------------------------------------
    def setup(self):
        BaseHTTPRequestHandler.setup(self)
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def log_message(self, fmt, *args):
        if VERBOSE:
            BaseHTTPRequestHandler.log_message(self, fmt, *args)

    def handle_expect_100(self):
        return True           # like Go: 100 Continue only once the handler reads

    def handle_one_request(self):
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.requestline = self.request_version = self.command = ""
                self.send_error(414)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            self._begin()
            try:
                self.dispatch()
            except (Hangup, ConnectionError, BrokenPipeError, socket.timeout):
                self.close_connection = True
            except Exception as e:           # a bug in the fake: say so loudly
                import traceback
                traceback.print_exc()
                self.close_connection = True
                if not self._sent:
                    try:
                        self.send_full(500, [("Content-Type", "text/plain; charset=utf-8")],
                                       ("fake_ollama internal error: %r" % e).encode())
                    except Exception:
                        pass
            finally:
                if not self._recorded:
                    self._record(None)
        except (ConnectionError, BrokenPipeError, socket.timeout, OSError):
            self.close_connection = True

    def _begin(self):
        srv = self.server
        self.st = srv.state
        self._seq = srv.recorder.next_seq()
        self._sent = False
        self._recorded = False
        self._pending_head = None
        self._chunked = False
        self._body = None
        self._body_read = False
        self._body_len = None
        self._body_sha = None
        self._is_blob = False
        self._continue_sent = False
        # http.server collapses a leading "//" in self.path: use the raw target
        words = self.requestline.split()
        target = words[1] if len(words) >= 2 else self.path
        raw_path, _, self._query = target.partition("?")
        self._raw_path = raw_path
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        self._req_chunked = "chunked" in te
        cl = self.headers.get("Content-Length")
        try:
            self._req_len = int(cl) if cl is not None else 0
        except ValueError:
            self._req_len = 0
        if self.request_version == "HTTP/1.0":
            self.close_connection = not (
                (self.headers.get("Connection") or "").lower() == "keep-alive")

    # -- request bodies ------------------------------------------------------
    def _has_body(self):
        return self._req_chunked or self._req_len > 0

    def _expect_continue(self):
        return (self.headers.get("Expect") or "").lower() == "100-continue" \
            and self.request_version >= "HTTP/1.1"

    def _send_continue(self):
        if self._has_body() and self._expect_continue() and not self._continue_sent:
            self._continue_sent = True
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def _read_body_into(self, sink, limit=None):
        """Reads the request body, feeding sink(bytes).  Returns False if more
        than limit bytes remain (nothing more is read then)."""
        self._send_continue()
        total = 0
        if self._req_chunked:
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise Hangup()
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    raise Hangup()
                if size == 0:
                    while True:
                        t = self.rfile.readline(65537)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    break
                if limit is not None and total + size > limit:
                    return False
                data = self.rfile.read(size)
                if len(data) < size:
                    raise Hangup()
                total += size
                sink(data)
                self.rfile.readline()
        else:
            left = self._req_len
            if limit is not None and left > limit:
                return False
            while left > 0:
                data = self.rfile.read(min(left, 1 << 16))
                if not data:
                    raise Hangup()
                left -= len(data)
                sink(data)
        self._body_read = True
        return True

    def read_body(self):
        if self._body is None:
            parts = []
            self._read_body_into(parts.append)
            self._body = b"".join(parts)
            self._body_len = len(self._body)
        return self._body

    def _decide_close(self):
        """What Go's net/http does with an unread body when it writes the
        header; returns True when the reply must say Connection: close."""
        if self.close_connection:
            return self.request_version != "HTTP/1.0"
        if self._has_body() and not self._body_read:
            if self._expect_continue() and not self._continue_sent:
                self.close_connection = True
                return True
            try:
                ok = self._read_body_into(lambda b: None, MAX_POST_HANDLER_READ)
            except Hangup:
                ok = False
            if not ok:
                self.close_connection = True
                return True
        return False

    # -- recording -------------------------------------------------------------
    def _record(self, status):
        if self._recorded:
            return
        self._recorded = True
        hdrs = {}
        for k, v in self.headers.items():
            k = k.lower()
            hdrs[k] = hdrs[k] + ", " + v if k in hdrs else v
        rec = {"seq": self._seq, "method": self.command, "path": self._raw_path,
               "query": self._query, "headers": hdrs, "body": None, "raw": None,
               "status": status}
        if self._is_blob:
            rec["body_bytes"] = self._body_len
            rec["body_sha256"] = self._body_sha
        elif self._body:
            rec["body_bytes"] = len(self._body)
            text = self._body.decode("utf-8", "replace")
            try:
                rec["body"] = json.loads(text, parse_constant=_reject_constant)
            except ValueError:
                rec["raw"] = text
        else:
            rec["body_bytes"] = 0
        self.server.recorder.write(rec)

    # -- responses ---------------------------------------------------------------
    def _head_bytes(self, status, headers, length=None, chunked=False):
        close = self._decide_close()
        out = [status_line(status)]
        for k, v in sorted(headers, key=lambda kv: kv[0]):
            out.append("%s: %s\r\n" % (k, v))
        out.append("Date: %s\r\n" % formatdate(usegmt=True))
        if length is not None:
            out.append("Content-Length: %d\r\n" % length)
        if close:
            out.append("Connection: close\r\n")
        if chunked:
            out.append("Transfer-Encoding: chunked\r\n")
        out.append("\r\n")
        self._sent = True
        self._record(status)
        return "".join(out).encode("latin-1")

    def send_full(self, status, headers, body, pieces=None, wire_delay=0):
        """A complete (non-streamed) response, framed like net/http frames a
        body written in one go by a handler: Content-Length up to 2048 bytes,
        chunked above (the bytes of HEAD replies are counted, not sent)."""
        if self.command == "HEAD":
            length = len(body) if 0 < len(body) <= GO_CHUNKING_THRESHOLD else None
            self.wfile.write(self._head_bytes(status, headers, length))
            return
        if len(body) > GO_CHUNKING_THRESHOLD and self.request_version >= "HTTP/1.1":
            head = self._head_bytes(status, headers, chunked=True)
            pieces = pieces or [body]
            for i, p in enumerate(pieces):
                if i and wire_delay:
                    sleep_ms(wire_delay)
                self.wfile.write((head if i == 0 else b"") + chunk_frame(p))
            self.wfile.write(b"0\r\n\r\n")
            return
        head = self._head_bytes(status, headers, len(body))
        if not pieces or len(pieces) <= 1:
            self.wfile.write(head + body)
            return
        for i, p in enumerate(pieces):
            if i and wire_delay:
                sleep_ms(wire_delay)
            self.wfile.write((head if i == 0 else b"") + p)

    def send_json(self, status, obj, ctype="application/json; charset=utf-8", newline=False):
        self.send_full(status, [("Content-Type", ctype)], go_bytes(obj) + (b"\n" if newline else b""))

    def send_err(self, status, msg, ctype="application/json; charset=utf-8"):
        self.send_json(status, {"error": msg}, ctype)

    def send_text(self, status, text, ctype="text/plain"):
        self.send_full(status, [("Content-Type", ctype)], text.encode())

    def send_empty(self, status):
        self.send_full(status, [], b"")

    def redirect(self, code, location):
        hdrs = [("Location", location)]
        body = b""
        if self.command in ("GET", "HEAD"):
            hdrs.append(("Content-Type", "text/html; charset=utf-8"))
        if self.command == "GET":
            body = ('<a href="%s">%s</a>.\n\n' % (
                location.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace('"', "&#34;").replace("'", "&#39;"),
                http.HTTPStatus(code).phrase)).encode()
        self.send_full(code, hdrs, body)

    # streamed bodies
    def stream_begin(self, status, ctype):
        self._stream_status = status
        self._stream_headers = [("Content-Type", ctype)]
        self._pending_head = True
        self._chunked = self.request_version >= "HTTP/1.1"
        if not self._chunked:
            self.close_connection = True

    def stream_write(self, data):
        frame = chunk_frame(data) if self._chunked else data
        if self._pending_head:
            self._pending_head = False
            frame = self._head_bytes(self._stream_status, self._stream_headers,
                                     chunked=self._chunked) + frame
        self.wfile.write(frame)

    def stream_end(self):
        tail = b"0\r\n\r\n" if self._chunked else b""
        if self._pending_head:
            self._pending_head = False
            tail = self._head_bytes(self._stream_status, self._stream_headers,
                                    chunked=self._chunked) + tail
        if tail:
            self.wfile.write(tail)

    def cut(self, partial, fault):
        try:
            if partial:
                if fault.get("mid_chunk") and self._chunked:
                    frame = b"%x\r\n" % (len(partial) + 64) + partial
                    if self._pending_head:
                        self._pending_head = False
                        frame = self._head_bytes(self._stream_status, self._stream_headers,
                                                 chunked=True) + frame
                    self.wfile.write(frame)
                else:
                    self.stream_write(partial)
            if fault.get("reset"):
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
            else:
                self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True
        if fault.get("reset"):
            try:
                self.connection.close()
            except OSError:
                pass
        raise Hangup()

    def run_plan(self, plan, cfg):
        """plan: [("data", bytes) | ("sleep", ms) | ("cut", bytes, fault)];
        cfg carries wire_split / seed / wire_delay_ms."""
        how = cfg.get("wire_split")
        rng = random.Random(cfg.get("seed", 0))
        wire_delay = cfg.get("wire_delay_ms", 0) or 0
        merged = []
        for item in plan:
            if item[0] == "data" and how is not None:
                data = item[1]() if callable(item[1]) else item[1]
                if merged and merged[-1][0] == "data":
                    merged[-1] = ("data", merged[-1][1] + data)
                else:
                    merged.append(("data", data))
            else:
                merged.append(item)
        for item in merged:
            if item[0] == "sleep":
                self._watch_sleep(item[1])
            elif item[0] == "data":
                data = item[1]() if callable(item[1]) else item[1]   # rendered when sent
                for i, p in enumerate(wire_pieces(data, how, rng)):
                    if i and wire_delay:
                        sleep_ms(wire_delay)
                    self.stream_write(p)
            elif item[0] == "cut":
                self.cut(item[1]() if callable(item[1]) else item[1], item[2])
        self.stream_end()

    # -- dispatch ----------------------------------------------------------------
    def dispatch(self):
        if self.request_version >= "HTTP/1.1" and self.headers.get("Host") is None:
            self.close_connection = True
            return self.send_full(400, [("Content-Type", "text/plain; charset=utf-8")],
                                  b"400 Bad Request: missing required Host header")
        raw = self._raw_path
        if raw.startswith("http://") or raw.startswith("https://"):
            raw = "/" + raw.split("://", 1)[1].partition("/")[2]
        path = urllib.parse.unquote(raw)
        clean = mux_clean_path(path)
        if clean != path:                    # net/http ServeMux: 301 to the clean path
            loc = urllib.parse.quote(clean, safe="/:@!$&'()*+,;=-._~")
            return self.redirect(301, loc + ("?" + self._query if self._query else ""))
        name, params = match_route(self.command, path)
        if name is None:
            if path != "/" and path.endswith("/") and match_route(self.command, path[:-1])[0]:
                code = 301 if self.command == "GET" else 307
                return self.redirect(code, path[:-1] + ("?" + self._query if self._query else ""))
            allowed = [m for m in METHOD_TREE_ORDER
                       if m != self.command and match_route(m, path)[0]]
            if not self.host_ok():
                return self.send_empty(403)
            if allowed:
                return self.send_full(405, [("Allow", ", ".join(allowed)),
                                            ("Content-Type", "text/plain")],
                                      b"405 method not allowed")
            return self.send_text(404, "404 page not found")
        if not self.host_ok():
            return self.send_empty(403)
        if path.startswith("/v1/") and self.st.api_key and not self.api_key_ok():
            return
        self.params = params
        getattr(self, "h_" + name)()

    def api_key_ok(self):
        """Not an Ollama feature: a hosted OpenAI-compatible server's key check
        (scenario "api_key"), answered with OpenAI's error shape."""
        auth = self.headers.get("Authorization") or ""
        if auth.startswith("Bearer ") and auth[7:].strip() == self.st.api_key:
            return True
        self.read_body()
        if not auth.startswith("Bearer ") or not auth[7:].strip():
            msg, code = ("You didn't provide an API key. You need to provide your API key in an "
                         "Authorization header using Bearer auth (i.e. Authorization: Bearer "
                         "YOUR_KEY)."), None
        else:
            msg, code = "Incorrect API key provided.", "invalid_api_key"
        self.send_json(401, {"error": {"message": msg, "type": "invalid_request_error",
                                       "param": None, "code": code}}, newline=True)
        return False

    def host_ok(self):
        if not self.st.host_check:
            return True
        try:
            bound = ipaddress.ip_address(self.server.server_address[0])
            if not bound.is_loopback:
                return True
        except ValueError:
            return True
        hostport = self.headers.get("Host") or ""
        host = _go_split_host_port(hostport)
        if host is None:
            host = hostport
        if _go_ip_ok(host):
            return True
        h = host.lower()
        if h in ("", "localhost") or h == socket.gethostname().lower():
            return True
        return any(h.endswith("." + t) for t in ("localhost", "local", "internal"))

    def h_not_emulated(self):
        self.read_body()
        self.send_err(501, "fake_ollama: %s %s is not emulated" % (self.command, self._raw_path))

    # -- simple endpoints --------------------------------------------------------
    def h_root(self):
        self.send_full(200, [("Content-Type", "text/plain; charset=utf-8")], b"Ollama is running")

    def h_version(self):
        self.send_json(200, {"version": self.st.version})

    def _list_entry(self, m):
        e = {"name": m.display, "model": m.display,
             "modified_at": go_time(m.modified_ns, local=True), "size": m.size,
             "digest": m.digest, "details": m.details()}
        if m.caps:
            e["capabilities"] = list(m.caps)
        return e

    def h_tags(self):
        self.send_json(200, {"models": [self._list_entry(m) for m in self.st.sorted_models()]})

    def h_ps(self):
        now = time.time_ns()
        out = []
        items = self.st.sched.loaded()
        for m, exp in sorted(items, key=lambda x: -x[1]):
            if exp < now:
                continue
            out.append({"name": m.display, "model": m.display, "size": m.size,
                        "digest": m.digest, "details": m.details(),
                        "expires_at": go_time(exp, local=True), "size_vram": m.size,
                        "context_length": min(4096, m.context_length)})
        self.send_json(200, {"models": out})

    def decode(self, schema):
        """ShouldBindJSON with the native handlers' error replies; None means
        a reply was already sent."""
        body = self.read_body()
        try:
            return go_unmarshal(body, schema)
        except GoEOF:
            self.send_err(400, "missing request body")
        except GoErr as e:
            self.send_err(400, str(e))
        return None

    def h_show(self):
        req = self.decode(SHOW_REQUEST)
        if req is None:
            return
        name = req.get("model") or req.get("name") or ""
        if not name:
            return self.send_err(400, "model is required")
        try:
            base, parts, _ = parse_model_ref(name)
        except RefError as e:
            return self.send_err(400, e.msg)
        m = self.st.find_model(parts)
        if m is None:
            return self.send_err(404, "model '%s' not found" % display_shortest(parts))
        resp = {}
        if m.license:
            resp["license"] = "\n".join(m.license)
        resp["modelfile"] = self._modelfile(m)
        params = self._parameters_text(m)
        if params:
            resp["parameters"] = params
        if m.template:
            resp["template"] = m.template
        system = req.get("system") or m.system
        if system:
            resp["system"] = system
        resp["details"] = m.details()
        if m.messages:
            resp["messages"] = [{"role": x.get("role", ""), "content": x.get("content", "")}
                                for x in m.messages]
        info = {"general.architecture": m.family, "general.file_type": 15,
                "general.parameter_count": self._param_count(m),
                "general.quantization_version": 2,
                "%s.context_length" % m.family: m.context_length,
                "%s.embedding_length" % m.family: 2560}
        info.update(m.model_info)
        resp["model_info"] = gomap(info)
        resp["capabilities"] = list(m.caps)
        resp["modified_at"] = go_time(m.modified_ns, local=True)
        self.send_json(200, resp)

    @staticmethod
    def _param_count(m):
        mt = re.match(r"^([0-9.]+)([KMBT])$", str(m.parameter_size))
        if not mt:
            return 0
        return int(float(mt.group(1)) * {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}[mt.group(2)])

    def _parameters_text(self, m):
        lines = []
        for k, v in sorted(m.parameters.items()):
            for x in (v if isinstance(v, list) else [v]):
                lines.append("%-30s %s" % (k, go_sharp_v(x)))
        return "\n".join(lines)

    def _modelfile(self, m):
        blob = lambda h: "%s/blobs/sha256-%s" % (self.st.models_dir, h)
        out = ['# Modelfile generated by "ollama show"',
               "# To build a new Modelfile based on this, replace FROM with:",
               "# FROM %s" % m.display, "",
               "FROM %s" % blob(m.layers()[0][1])]
        if m.template:
            out.append('TEMPLATE """%s"""' % m.template)
        if m.system:
            out.append('SYSTEM """%s"""' % m.system)
        for d in m.adapters:
            out.append("ADAPTER %s" % blob(d[7:]))
        for k, v in sorted(m.parameters.items()):
            for x in (v if isinstance(v, list) else [v]):
                out.append("PARAMETER %s %s" % (k, x if not isinstance(x, bool)
                                                else str(x).lower()))
        for lic in m.license:
            out.append('LICENSE """%s"""' % lic)
        for msg in m.messages:
            out.append("MESSAGE %s %s" % (msg.get("role", ""), msg.get("content", "")))
        return "\n".join(out) + "\n"

    def h_delete(self):
        req = self.decode(DELETE_REQUEST)
        if req is None:
            return
        raw = req.get("model") or req.get("name") or ""
        try:
            _, parts, _ = parse_model_ref(raw)
        except RefError as e:
            if e.kind == "invalid":
                return self.send_err(400, "name %s is invalid" % go_quote(raw))
            return self.send_err(400, e.msg)
        fault = self.st.delete_faults.get(fold_parts(parts))
        if fault is not None:
            return self.send_err(fault["status"], fault["error"])
        m = self.st.find_model(parts)
        if m is None:
            return self.send_err(404, "model '%s' not found" % raw)
        self.st.remove_model(m)
        self.send_empty(200)

    def h_copy(self):
        req = self.decode(COPY_REQUEST)
        if req is None:
            return
        src, dst = req.get("source") or "", req.get("destination") or ""
        sp = parse_name(src)
        if sp is None:
            return self.send_err(400, "source %s is invalid" % go_quote(src))
        dp = parse_name(dst)
        if dp is None:
            return self.send_err(400, "destination %s is invalid" % go_quote(dst))
        m = self.st.find_model(sp)
        if m is None:
            return self.send_err(404, "model %s not found" % go_quote(src))
        spec = dict(m.spec)
        spec["name"] = display_shortest(dp)
        spec.pop("modified_at", None)
        spec["digest"] = m.digest
        c = Model(spec, now_ns=time.time_ns())
        c.adapters = list(m.adapters)
        c.blob = m.blob
        self.st.add_model(c)
        self.send_empty(200)

    # -- blobs ----------------------------------------------------------------
    def h_blob_head(self):
        d = urllib.parse.unquote(self.params["digest"])
        if not DIGEST_RE.match(d):
            return self.send_err(400, "invalid digest format")
        if "sha256:" + d[7:] not in self.st.blobs:
            return self.send_err(404, "blob %s not found" % go_quote(d))
        self.send_empty(200)

    def h_blob_post(self):
        self._is_blob = True
        d = urllib.parse.unquote(self.params["digest"])
        if not DIGEST_RE.match(d):
            return self.send_err(400, "invalid digest format")
        if "sha256:" + d[7:] in self.st.blobs:
            return self.send_empty(200)        # exists: the body is not read
        h = hashlib.sha256()
        info = {"size": 0, "magic": b""}

        def sink(b):
            h.update(b)
            if len(info["magic"]) < 4:
                info["magic"] = (info["magic"] + b)[:4]
            info["size"] += len(b)
        self._read_body_into(sink)
        got = "sha256:" + h.hexdigest()
        self._body_len, self._body_sha = info["size"], h.hexdigest()
        with self.st.lock:
            self.st.blobs[got] = info
        if got != d:
            return self.send_err(400, "digest mismatch, expected %s, got %s"
                                 % (go_quote(d), go_quote(got)))
        self.send_empty(201)

    # -- generation --------------------------------------------------------------
    def h_chat(self):
        self._generation("chat")

    def h_generate(self):
        self._generation("generate")

    def h_v1_chat(self):
        self._generation("v1")

    # -- embeddings (server/routes.go EmbedHandler) ------------------------------
    @staticmethod
    def embed_vector(text, dim):
        """A deterministic bag of words: each lower-cased word (a run of
        letters and digits) adds +-1 at a place its SHA-256 picks; the sum is
        scaled to length 1, as Ollama normalises every embedding. Texts that
        share words point the same way, which is all a router test needs: it
        is not a language model."""
        v = [0.0] * dim
        for w in re.findall(r"[a-z0-9]+", text.lower()):
            h = hashlib.sha256(w.encode()).digest()
            v[int.from_bytes(h[:4], "big") % dim] += 1.0 if h[4] & 1 else -1.0
        n = math.sqrt(sum(x * x for x in v))
        if not n:
            v[0], n = 1.0, 1.0
        return [float("%.6g" % (x / n)) for x in v]

    def _embed_inputs(self, raw, err):
        if raw is None or raw == "" or raw == []:
            return []
        if isinstance(raw, str):
            return [raw]
        if isinstance(raw, list) and all(isinstance(x, str) for x in raw):
            return list(raw)
        err(400, "invalid input type")
        return None

    def _embed_model(self, raw_model, err):
        try:
            _, parts, _ = parse_model_ref(raw_model)
        except RefError:
            err(404, "model '%s' not found" % raw_model)
            return None
        m = self.st.find_model(parts)
        if m is None:
            err(404, "model %s not found, try pulling it first" % go_quote(raw_model))
        return m

    def _embed_vectors(self, m, inputs, options, keep):
        """(vectors, status, message): schedules the runner with the
        request's runner options, as a chat does, then embeds."""
        runner, _ = self.st.sched.acquire(m, Scheduler.runner_options(m, options), keep)
        try:
            if not m.embed:
                # llama.cpp's server without --embeddings: 501, passed on by
                # normalizeEmbeddingError and the handler's StatusError case
                return None, 501, ("This server does not support embeddings. "
                                   "Start it with `--embeddings`")
            return [self.embed_vector(t, m.embed_dim) for t in inputs], 200, None
        finally:
            self.st.sched.release(runner)

    def h_embed(self):
        req = self.decode(EMBED_REQUEST)
        if req is None:
            return
        raw_model = req.get("model") or ""
        inputs = self._embed_inputs(req.get("input"), self.send_err)
        if inputs is None:
            return
        m = self._embed_model(raw_model, self.send_err)
        if m is None:
            return
        opt_err = check_options(m.parameters) or check_options(req.get("options"))
        if opt_err:
            return self.send_err(500, opt_err)
        if not inputs:
            return self.send_json(200, {"model": raw_model, "embeddings": []})
        vecs, status, msg = self._embed_vectors(m, inputs, req.get("options"),
                                                req.get("keep_alive"))
        if vecs is None:
            return self.send_err(status, msg)
        self.send_json(200, {"model": raw_model, "embeddings": vecs,
                             "total_duration": 14143917, "load_duration": 1019500,
                             "prompt_eval_count": sum(len(t.split()) for t in inputs)})

    def h_v1_embed(self):
        body = self.read_body()
        try:
            req = go_unmarshal(body, OPENAI_EMBED_REQUEST)
        except GoEOF:
            return self.v1_error(400, "EOF", charset=True, newline=False)
        except GoErr as e:
            return self.v1_error(400, str(e), charset=True, newline=False)
        err = lambda code, msg: self.v1_error(code, msg)
        if req.get("input") in (None, "", []):
            return err(400, "invalid input")
        inputs = self._embed_inputs(req.get("input"), err)
        if inputs is None:
            return
        raw_model = req.get("model") or ""
        if self.st.single_model:
            raw_model = self.st.single_model
        m = self._embed_model(raw_model, err)
        if m is None:
            return
        vecs, status, msg = self._embed_vectors(m, inputs, None, None)
        if vecs is None:
            return err(status, msg)
        n = sum(len(t.split()) for t in inputs)
        self.send_json(200, {"object": "list", "data": [
            {"object": "embedding", "embedding": v, "index": i} for i, v in enumerate(vecs)],
            "model": raw_model, "usage": {"prompt_tokens": n, "total_tokens": n}})

    def v1_error(self, status, msg, charset=False, newline=True):
        etype = {400: "invalid_request_error", 404: "not_found_error"}.get(status, "api_error")
        body = {"error": {"message": msg, "type": etype, "param": None, "code": None}}
        self.send_json(status, body, "application/json; charset=utf-8" if charset
                       else "application/json", newline=newline)

    def _v1_request(self):
        """ChatMiddleware: returns the converted api.ChatRequest dict or None."""
        body = self.read_body()
        try:
            req = go_unmarshal(body, OPENAI_CHAT_REQUEST)
        except GoEOF:
            self.v1_error(400, "EOF", charset=True, newline=False)
            return None
        except GoErr as e:
            self.v1_error(400, str(e), charset=True, newline=False)
            return None
        msgs = req.get("messages") or []
        if not msgs:
            self.v1_error(400, "[] is too short - 'messages'", charset=True, newline=False)
            return None
        out = []
        for msg in msgs:
            msg = msg or {}
            content = msg.get("content")
            if isinstance(content, str):
                for tc in msg.get("tool_calls") or []:
                    try:
                        json.loads(((tc or {}).get("function") or {}).get("arguments") or "")
                    except ValueError:
                        self.v1_error(400, "invalid tool call arguments", charset=True,
                                      newline=False)
                        return None
                out.append({"role": msg.get("role") or "", "content": content})
            elif isinstance(content, list):
                for part in content:
                    err = None
                    if not isinstance(part, dict):
                        err = "invalid message format"
                    elif part.get("type") == "text":
                        if not isinstance(part.get("text"), str):
                            err = "invalid message format"
                        else:
                            out.append({"role": msg.get("role") or "", "content": part["text"]})
                    elif part.get("type") == "image_url":
                        iu = part.get("image_url")
                        url = iu.get("url") if isinstance(iu, dict) else iu
                        if not isinstance(url, str):
                            err = "invalid message format"
                        else:
                            pref = [p for p in ["data:;base64,"] + [
                                "data:image/%s;base64," % t for t in ("jpeg", "jpg", "png", "webp")]
                                if url.startswith(p)]
                            if not pref:
                                err = "invalid image input"
                            elif go_b64_error(url[len(pref[0]):]) is not None:
                                err = "invalid message format"
                            else:
                                out.append({"role": msg.get("role") or "", "content": "",
                                            "images": [url[len(pref[0]):]]})
                    else:
                        err = "invalid message format"
                    if err:
                        self.v1_error(400, err, charset=True, newline=False)
                        return None
            else:
                if msg.get("tool_calls") is None:
                    tname = {type(None): "<nil>", bool: "bool", int: "float64",
                             float: "float64", FloatLit: "float64",
                             dict: "map[string]interface {}"}.get(type(content), "float64")
                    self.v1_error(400, "invalid message content type: %s" % tname,
                                  charset=True, newline=False)
                    return None
                out.append({"role": msg.get("role") or "", "content": ""})
        stop = req.get("stop")
        options = {}
        if isinstance(stop, str):
            options["stop"] = [stop]
        elif isinstance(stop, list):
            for s in stop:
                if not isinstance(s, str):
                    self.v1_error(400, "invalid type for 'stop' field: %s" % {
                        bool: "bool", dict: "map[string]interface {}", list: "[]interface {}",
                        type(None): "<nil>"}.get(type(s), "float64"), charset=True, newline=False)
                    return None
            options["stop"] = list(stop)
        if req.get("max_tokens") is not None:
            options["num_predict"] = req["max_tokens"]
        options["temperature"] = req["temperature"] if req.get("temperature") is not None else 1.0
        if req.get("seed") is not None:
            options["seed"] = req["seed"]
        for k in ("frequency_penalty", "presence_penalty"):
            if req.get(k) is not None:
                options[k] = req[k]
        options["top_p"] = req["top_p"] if req.get("top_p") is not None else 1.0
        think = None
        effort = (req.get("reasoning") or {}).get("effort") if req.get("reasoning") is not None \
            else req.get("reasoning_effort")
        if effort:
            if effort not in ("high", "medium", "low", "max", "minimal", "none"):
                self.v1_error(400, "invalid reasoning value: '%s' (must be \"high\", \"medium\", "
                                   "\"low\", or \"none\")" % effort, charset=True, newline=False)
                return None
            think = False if effort == "none" else ("low" if effort == "minimal" else effort)
        fmt = None
        rf = req.get("response_format")
        if rf:
            t = (rf.get("type") or "").strip().lower()
            if t == "json_object":
                fmt = "json"
            elif t == "json_schema" and rf.get("json_schema"):
                fmt = (rf["json_schema"] or {}).get("schema")
        so = req.get("stream_options") or {}
        try:
            raw = json.loads(body)
        except ValueError:
            raw = {}
        lora = raw.get("lora") if isinstance(raw, dict) else None
        return {"_lora": lora, "_has_lora": isinstance(raw, dict) and "lora" in raw,
                "model": req.get("model") or "", "messages": out, "options": options,
                "stream": bool(req.get("stream")), "tools": req.get("tools"), "think": think,
                "format": fmt, "_include_usage": bool(so.get("include_usage")),
                "_seed": req.get("seed"), "logprobs": req.get("logprobs") is True}

    def _generation(self, kind):
        st = self.st
        v1 = kind == "v1"
        if v1:
            req = self._v1_request()
            if req is None:
                return
            err = lambda code, msg: self.v1_error(code, msg)
        else:
            req = self.decode(CHAT_REQUEST if kind == "chat" else GENERATE_REQUEST)
            if req is None:
                return
            err = self.send_err
        tl = req.get("top_logprobs") or 0
        if not 0 <= tl <= 20:
            return err(400, "top_logprobs must be between 0 and 20")
        raw_model = req.get("model") or ""
        reply_name = None
        if v1 and st.lora_modules and raw_model in st.lora_modules:
            reply_name = raw_model            # vLLM: a LoRA module, served by the base
            raw_model = st.models[0].spec["name"]
        if v1 and st.single_model:
            raw_model = st.single_model       # llama-server -m: the request's name is ignored
        if v1 and st.lora_adapters is not None:
            active, why = self._lora_active(req)
            if why:
                return err(400, why)
            reply_name = active
        try:
            base, parts, source = parse_model_ref(raw_model)
        except RefError as e:
            if kind == "generate" and e.kind == "required":
                return err(404, "model '%s' not found" % raw_model)
            return err(400, e.msg)
        m = st.find_model(parts) if source != "cloud" else None
        if m is None:
            return err(404, "model '%s' not found" % raw_model)
        keep = req.get("keep_alive")
        empty = not req.get("messages") if kind != "generate" else not req.get("prompt")
        if empty and keep == 0:
            st.sched.unload(m)
            return self.send_json(200, self._load_obj(kind, raw_model, "unload"))
        if kind == "generate" and req.get("raw") and (
                req.get("template") or req.get("system") or req.get("context")):
            return err(400, "raw mode does not support template, system, or context")
        caps = ["completion"]
        if kind != "generate" and req.get("tools"):
            caps.append("tools")
        if kind == "generate" and req.get("suffix"):
            caps.append("insert")
        think = req.get("think")
        if "thinking" in m.caps:
            if think is None:
                think = True
        elif think is not None and think is not False:
            return err(400, "%s does not support thinking" % go_quote(raw_model))
        missing = [c for c in caps if c not in m.caps]
        if missing == ["completion"] or "completion" in missing:
            return err(400, "%s does not support %s" % (
                go_quote(raw_model), "generate" if kind == "generate" else "chat"))
        if missing:
            return err(400, "%s does not support %s" % (full_name(m.parts), "\n".join(missing)))
        opt_err = check_options(m.parameters) or check_options(req.get("options"))
        if opt_err:
            return err(500, opt_err)
        runner_opts = Scheduler.runner_options(m, None if v1 else req.get("options"))
        if empty:
            runner, _ = st.sched.acquire(m, runner_opts, keep)
            st.sched.release(runner)
            return self.send_json(200, self._load_obj(kind, raw_model, "load"))
        fmt = req.get("format")
        if fmt is not None and not v1:
            raw_fmt = json.dumps(fmt, ensure_ascii=False, separators=(",", ":"))
            if fmt not in ("", "json") and not isinstance(fmt, dict):
                msg = 'invalid format: %s; expected "json" or a valid JSON Schema object' \
                      % go_quote(raw_fmt)
                return self._respond_events(kind, req, raw_model, m, None,
                                            [("error", msg, None)], {})
        think_on = think is True or think in THINK_LEVELS
        if kind == "generate":
            last_user = req.get("prompt") or ""
        else:
            last_user = next((x.get("content") or "" for x in reversed(req.get("messages") or [])
                              if isinstance(x, dict) and x.get("role") == "user"), "")
        seed = req.get("_seed") if v1 else (req.get("options") or {}).get("seed")
        msgs = [x for x in (req.get("messages") or []) if isinstance(x, dict)]
        last_role = msgs[-1].get("role") if msgs and kind != "generate" else None
        reply = st.pick_reply(reply_name or raw_model, seed, last_user, think_on, last_role)
        g = GenCtx()
        g.tools = bool(req.get("tools")) and kind != "generate"
        g.kind, g.model, g.echo, g.think_on, g.reply = kind, m, raw_model, think_on, reply
        g.stream = req.get("stream") is not False if not v1 else req["stream"]
        g.include_usage = req.get("_include_usage", False)
        g.logprobs = req.get("logprobs") is True
        g.created = int(time.time())
        g.id = "chatcmpl-%d" % random.randrange(999)
        fault = reply.get("fault") or {}
        if fault.get("kind") == "status" and fault.get("status") in (429, 503):
            sleep_ms(reply.get("delay_first_ms", 0))
            return self._status_fault(g, fault)   # ErrMaxQueue: refused before scheduling
        runner, g.waited_ns = st.sched.acquire(m, runner_opts, keep, self._client_gone)
        try:
            st.sched.take_slot(runner)
            try:
                self._generate(kind, req, raw_model, m, g, reply, fault)
            finally:
                st.sched.give_slot(runner)
        finally:
            st.sched.release(runner)

    def _client_gone(self):
        """Whether the client has closed its end: readable with nothing to read."""
        try:
            r, _, _ = select.select([self.connection], [], [], 0)
            return bool(r) and self.connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            return True

    def _watch_sleep(self, ms):
        """sleep_ms() that notices the client hanging up meanwhile, as Ollama
        does: ChatHandler/GenerateHandler run the completion under
        c.Request.Context() (server/routes.go: `ctx, cancel :=
        context.WithCancel(c.Request.Context())`, then `r.Completion(ctx, ...)`),
        which net/http cancels when the client's connection closes, and the
        runner's loop returns on `<-ctx.Done()` (llm/llama_server.go)."""
        end = time.monotonic() + (ms or 0) / 1000.0
        while True:
            if self._client_gone():
                self._outcome = "cancelled"
                raise Hangup()
            left = end - time.monotonic()
            if left <= 0:
                return
            if STOP.wait(min(left, 0.02)):
                if self._client_gone():
                    self._outcome = "cancelled"
                raise Hangup()

    def _generate(self, kind, req, raw_model, m, g, reply, fault):
        """One generation; with --generations, a line says how it ended:
        done (the final chunk went out), cancelled (the client hung up
        first) or fault (the reply's fault was played)."""
        self._outcome = None
        try:
            self._watch_sleep(reply.get("delay_first_ms", 0))
            if fault.get("kind") == "status":
                self._outcome = "fault"
                return self._status_fault(g, fault)
            events = self._reply_events(g)
            events = apply_fault(events, fault, 0, reply.get("delay_ms", 0))
            if fault.get("kind") == "single_object" and g.stream:
                g.stream = False
                g.single = True
            self._respond_events(kind, req, raw_model, m, g, events, reply)
            self._outcome = "fault" if fault else "done"
        except (ConnectionError, BrokenPipeError):
            self._outcome = "cancelled"
            raise
        finally:
            if self._outcome:
                opts = req.get("options") if kind != "v1" else None
                seed = req.get("_seed") if kind == "v1" else (opts or {}).get("seed")
                self.server.generations.write({"seq": self._seq, "model": raw_model,
                                               "seed": seed, "outcome": self._outcome})

    def _load_obj(self, kind, model, reason):
        if kind == "generate":
            return {"model": model, "created_at": go_time(), "response": "", "done": True,
                    "done_reason": reason}
        return {"model": model, "created_at": go_time(),
                "message": {"role": "assistant", "content": ""}, "done": True,
                "done_reason": reason}

    def _status_fault(self, g, fault):
        status = fault["status"]
        if "body" in fault:
            return self.send_full(status, [("Content-Type", fault.get("content_type",
                                                                      "text/plain"))],
                                  str(fault["body"]).encode())
        default = {503: BUSY_TEXT, 500: RUNNER_STOPPED, 499: "request canceled",
                   404: "model '%s' not found" % g.echo}
        text = fault.get("error", default.get(status, ""))
        if not text:
            try:
                text = http.HTTPStatus(status).phrase.lower()
            except ValueError:
                text = "status code %d" % status
        via = fault.get("via") or ("stream" if status == 500 else "handler")
        if via == "handler":
            if g.kind == "v1":
                return self.v1_error(status, text)
            return self.send_err(status, text, fault.get("content_type",
                                                         "application/json; charset=utf-8"))
        ev = [("error", text, None if status == 500 else status)]
        self._respond_events(g.kind, None, g.echo, g.model, g, ev, g.reply)

    def _reply_events(self, g):
        r = g.reply
        split = r.get("split", "words")
        if isinstance(split, list):
            c_chunks = list(split)
        else:
            c_chunks = split_text(r.get("content") or "", split)
        t_text = (r.get("thinking") or "") if g.think_on else ""
        t_split = r.get("thinking_split", "words" if isinstance(split, list) else split)
        t_chunks = split_text(t_text, t_split)
        items = [("t", x) for x in t_chunks] + [("c", x) for x in c_chunks]
        fault = r.get("fault") or {}
        if fault.get("kind") == "huge_line":
            nbytes = int(fault.get("bytes", 3_000_000))
            ch = fault.get("char", "x") or "x"
            big = (ch * (nbytes // max(1, len(ch.encode())) + 1)).encode()[:nbytes]
            big = big.decode("utf-8", "ignore")
            pos = fault.get("after", len(t_chunks))
            items.insert(max(0, min(int(pos), len(items))), ("c", big))
        n_content = sum(1 for k, _ in items if k == "c")
        events = []
        lps = r.get("logprobs") or [-0.5]
        for i, (k, x) in enumerate(items):
            o = self._chunk_obj(g, x if k == "c" else "", x if k == "t" else "")
            if getattr(g, "logprobs", False) and x:
                # each streamed ChatResponse carries its tokens' logprobs
                # (ChatHandler, server/routes.go: Logprobs: toAPILogprobs(r.Logprobs));
                # a chunk here is one token, its value from the reply's list
                o["logprobs"] = [{"token": x, "logprob": lps[i % len(lps)],
                                  "bytes": list(x.encode("utf-8"))}]
            events.append(("obj", o, "chunk"))
        if r.get("tool_calls") and getattr(g, "tools", False):
            # ChatHandler (server/routes.go): once the tool parser has a call,
            # the chunk carries message.tool_calls (ids from toolCallId():
            # "call_" + 8 of [a-z0-9]) and an empty content. A request
            # without tools never has its text parsed, so it gets none.
            calls = [{"id": "call_" + "".join(random.choice("abcdefghijklmnopqrstuvwxyz0123456789")
                                              for _ in range(8)),
                      "function": {"index": i, "name": tc["name"],
                                   "arguments": tc.get("arguments", {})}}
                     for i, tc in enumerate(r["tool_calls"])]
            o = self._chunk_obj(g, "", "")
            o["message"]["tool_calls"] = calls
            events.append(("obj", o, "chunk"))
        fin = self._chunk_obj(g, r.get("final_content") or "",
                              (r.get("final_thinking") or "") if g.think_on else "")
        fin["done"] = True
        dr = r.get("done_reason", "stop")
        if dr:
            fin["done_reason"] = dr
        if g.kind == "generate":
            ctx = r.get("context")
            if ctx is None:
                ctx = list(range(100, 100 + r.get("prompt_eval_count", 26) + n_content))
            if ctx:
                fin["context"] = ctx

        def met(name, default):
            return r[name] if name in r else default
        ec = met("eval_count", n_content)
        waited = getattr(g, "waited_ns", None)  # time in the pending queue, loads included
        if waited is None or not self.st.sched.load_ms:
            waited = 61_219_125
        load = met("load_duration", waited)
        ped = met("prompt_eval_duration", 128_459_333)
        ed = met("eval_duration", max(1, ec or 0) * 20_000_000)
        total = met("total_duration", (load or 0) + (ped or 0) + (ed or 0) + 1_500_000)
        for k, v in (("total_duration", total), ("load_duration", load),
                     ("prompt_eval_count", met("prompt_eval_count", 26)),
                     ("prompt_eval_duration", ped), ("eval_count", ec), ("eval_duration", ed)):
            if v:
                fin[k] = v
        events.append(("obj", fin, "final"))
        return events

    def _chunk_obj(self, g, content, thinking):
        if g.kind == "generate":
            o = {"model": g.echo, "created_at": None, "response": content}
            if thinking:
                o["thinking"] = thinking
            o["done"] = False
            return o
        msg = {"role": "assistant", "content": content}
        if thinking:
            msg["thinking"] = thinking
        return {"model": g.echo, "created_at": None, "message": msg, "done": False}

    # rendering ------------------------------------------------------------------
    def _aggregate(self, g, objs):
        """The non-streaming handlers: concatenate content/thinking of all
        chunks into the last object."""
        if not objs:
            base = self._chunk_obj(g, "", "")
        else:
            base = json.loads(json.dumps(objs[-1]))
        if g.kind == "generate":
            base["response"] = "".join(o.get("response", "") for o in objs)
            th = "".join(o.get("thinking", "") for o in objs)
            rest = {k: v for k, v in base.items() if k not in ("thinking",)}
            out = {}
            for k, v in rest.items():
                out[k] = v
                if k == "response" and th:
                    out["thinking"] = th
            return out
        content = "".join(o["message"].get("content", "") for o in objs)
        th = "".join(o["message"].get("thinking", "") for o in objs)
        calls = [c for o in objs for c in o["message"].get("tool_calls", [])]
        lps = [x for o in objs for x in o.get("logprobs", [])]
        if lps:   # non-streamed: every chunk's, joined (server/routes.go allLogprobs)
            base["logprobs"] = lps
        base["message"] = {"role": "assistant", "content": content}
        if th:
            base["message"]["thinking"] = th
        if calls:
            base["message"]["tool_calls"] = calls
        return base

    def _respond_events(self, kind, req, echo, model, g, events, cfg):
        if g is None:
            g = GenCtx()
            g.kind, g.echo, g.model, g.stream = kind, echo, model, (req or {}).get("stream") is not False
            g.include_usage, g.created = False, int(time.time())
            g.id = "chatcmpl-%d" % random.randrange(999)
            if kind == "v1":
                g.stream = bool((req or {}).get("stream"))
        if kind == "v1":
            return self._respond_v1(g, events, cfg)
        if not g.stream:
            return self._respond_collect(g, events, cfg, native=True)
        self._respond_ndjson(events, cfg)

    def _respond_ndjson(self, events, cfg, first_error_ctype="application/json"):
        """streamResponse(): NDJSON lines; an error before the first line gets
        a real status (unless legacy_errors)."""
        legacy = self.st.legacy
        i = 0
        while i < len(events) and events[i][0] == "sleep":
            sleep_ms(events[i][1])
            i += 1
        events = events[i:]
        if events and events[0][0] == "error" and not legacy:
            return self.send_err(events[0][2] or 500, events[0][1], first_error_ctype)
        plan = []

        def line(ev):
            if ev[0] == "obj":
                o = ev[1]
                if "created_at" in o:
                    o["created_at"] = go_time()
                return go_bytes(o) + b"\n"
            if ev[0] == "error":
                e = {"error": ev[1]}
                if legacy and ev[2] is not None:
                    e["status"] = ev[2]
                return go_bytes(e) + b"\n"
            return ev[1].encode("utf-8") + b"\n"
        for ev in events:
            if ev[0] == "sleep":
                plan.append(ev)
            elif ev[0] == "cut":
                n = int(ev[2].get("partial_bytes", 0) or 0)
                nxt = ev[1]
                plan.append(("cut", lambda: line(nxt)[:n] if nxt is not None and n else b"",
                             ev[2]))
                break
            else:
                plan.append(("data", lambda ev=ev: line(ev)))
        self.stream_begin(200, "application/x-ndjson")
        self.run_plan(plan, cfg)

    def _respond_collect(self, g, events, cfg, native):
        objs = []
        for ev in events:
            if ev[0] == "sleep":
                sleep_ms(ev[1])
            elif ev[0] == "obj":
                if "created_at" in ev[1]:
                    ev[1]["created_at"] = go_time()
                objs.append(ev[1])
            elif ev[0] == "error":
                if native:
                    return self.send_err(ev[2] or 500, ev[1])
                return self.v1_error(ev[2] or 500, ev[1])
            elif ev[0] == "raw":
                return self.send_full(200, [("Content-Type", "application/json; charset=utf-8")],
                                      ev[1].encode("utf-8"))
            elif ev[0] == "cut":
                self.cut(b"", ev[2])
        agg = self._aggregate(g, objs)
        if native:
            body = go_bytes(agg)
            ctype = "application/json; charset=utf-8"
        else:
            body = go_bytes(self._v1_completion(g, agg)) + b"\n"
            ctype = "application/json"
        how = cfg.get("wire_split")
        pieces = wire_pieces(body, how, random.Random(cfg.get("seed", 0))) if how else None
        self.send_full(200, [("Content-Type", ctype)], body, pieces, cfg.get("wire_delay_ms", 0))

    # /v1 -------------------------------------------------------------------------
    def _v1_usage(self, o):
        p, c = o.get("prompt_eval_count", 0), o.get("eval_count", 0)
        return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}

    def _v1_completion(self, g, o):
        msg = {"role": "assistant", "content": o["message"].get("content", "")}
        if o["message"].get("thinking"):
            msg["reasoning"] = o["message"]["thinking"]
        if o["message"].get("tool_calls"):
            msg["tool_calls"] = v1_tool_calls(o["message"]["tool_calls"])
            if o.get("done_reason") == "stop":   # ToChatCompletion (openai/openai.go)
                o = dict(o, done_reason="tool_calls")
        created = int(parse_rfc3339(o["created_at"]) // 1_000_000_000) if o.get("created_at") \
            else g.created
        return {"id": g.id, "object": "chat.completion", "created": created,
                "model": o["model"], "system_fingerprint": "fp_ollama",
                "choices": [{"index": 0, "message": msg,
                             "finish_reason": o.get("done_reason") or None}],
                "usage": self._v1_usage(o)}

    def _v1_chunk(self, g, model, content, reasoning, finish, first):
        if self.st.openai_style == "openai":
            delta = {}
            if first:
                delta["role"] = "assistant"
            if content or (first and not reasoning and not finish):
                delta["content"] = content
            if reasoning:
                delta["reasoning"] = reasoning
        else:
            delta = {"role": "assistant", "content": content}
            if reasoning:
                delta["reasoning"] = reasoning
        return {"id": g.id, "object": "chat.completion.chunk", "created": g.created,
                "model": model, "system_fingerprint": "fp_ollama",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish or None}]}

    def _v1_sse(self, g, ev, state):
        o = ev[1]
        msg = o["message"]
        content, reasoning = msg.get("content", ""), msg.get("thinking", "")
        finish = o.get("done_reason", "") if o["done"] else ""
        if msg.get("tool_calls"):
            # toChunk (openai/openai.go): the calls in the delta, arguments as
            # a JSON string; the finish then says tool_calls (FinishChunk).
            state["tool_call_sent"] = True
            c = self._v1_chunk(g, o["model"], "", "", "", state["first"])
            c["choices"][0]["delta"]["tool_calls"] = v1_tool_calls(msg["tool_calls"])
            state["first"] = False
            return b"data: " + go_bytes(c) + b"\n\n"
        if finish == "stop" and state.get("tool_call_sent"):
            finish = "tool_calls"
        if self.st.openai_style == "openai" and o["done"]:
            chunks = []
            if content or reasoning:
                chunks.append(self._v1_chunk(g, o["model"], content, reasoning, "",
                                             state["first"]))
                state["first"] = False
            chunks.append({"id": g.id, "object": "chat.completion.chunk", "created": g.created,
                           "model": o["model"], "system_fingerprint": "fp_ollama",
                           "choices": [{"index": 0, "delta": {},
                                        "finish_reason": finish or None}]})
        elif reasoning and content:           # openai.ToChunks splits mixed chunks
            chunks = [self._v1_chunk(g, o["model"], "", reasoning, "", state["first"]),
                      self._v1_chunk(g, o["model"], content, "", finish, False)]
        else:
            chunks = [self._v1_chunk(g, o["model"], content, reasoning, finish, state["first"])]
        if o.get("logprobs"):   # ChoiceLogprobs (openai/openai.go), omitted when empty
            chunks[0]["choices"][0]["logprobs"] = {"content": o["logprobs"]}
        state["first"] = False
        data = b"".join(b"data: " + go_bytes(c) + b"\n\n" for c in chunks)
        if o["done"]:
            if g.include_usage:
                u = dict(chunks[-1])
                u["choices"] = []
                u["usage"] = self._v1_usage(o)
                data += b"data: " + go_bytes(u) + b"\n\n"
            data += b"data: [DONE]\n\n"
        return data

    def _respond_v1(self, g, events, cfg):
        if not g.stream and not getattr(g, "single", False):
            return self._respond_collect(g, events, cfg, native=False)
        legacy = self.st.legacy
        i = 0
        while i < len(events) and events[i][0] == "sleep":
            sleep_ms(events[i][1])
            i += 1
        events = events[i:]
        if events and events[0][0] == "error" and not legacy:
            return self.v1_error(events[0][2] or 500, events[0][1])
        state = {"first": True}
        if getattr(g, "single", False):
            # c.JSON through ChatWriter: SSE events in one Content-Length body
            objs = [e[1] for e in events if e[0] == "obj"]
            agg = self._aggregate(g, objs)
            return self.send_full(200, [("Content-Type", "text/event-stream")],
                                  self._v1_sse(g, ("obj", agg, "final"), state))
        plan = []

        def render(ev):
            if ev[0] == "obj":
                return self._v1_sse(g, ev, state)
            if ev[0] == "error":
                if self.st.openai_style == "openai":
                    e = {"error": {"message": ev[1], "type": "api_error", "param": None,
                                   "code": None}}
                    return b"data: " + go_bytes(e) + b"\n\n"
                return b"data: " + go_bytes(self._v1_chunk(g, "", "", "", "", False)) + b"\n\n"
            return ev[1].encode("utf-8") + b"\n\n"
        for ev in events:
            if ev[0] == "sleep":
                plan.append(ev)
            elif ev[0] == "cut":
                n = int(ev[2].get("partial_bytes", 0) or 0)
                nxt = ev[1]
                plan.append(("cut", lambda: render(nxt)[:n] if nxt is not None and n else b"",
                             ev[2]))
                break
            else:
                plan.append(("data", lambda ev=ev: render(ev)))
        self.stream_begin(200, "text/event-stream")
        self.run_plan(plan, cfg)

    def _lora_active(self, req):
        """llama-server's parse_lora_request (tools/server/server.cpp of older
        builds): every loaded adapter's scale set to 0, then the request's
        [{"id", "scale"}] over them, an id it has not loaded refused with
        "invalid adapter id"; without the field the global scales apply. The
        fake answers as the one adapter above scale 0 (its "model"), as the
        base when none is, and refuses two at once (it cannot blend)."""
        scales = {a["id"]: float(a.get("scale", 0)) for a in self.st.lora_adapters}
        if req.get("_has_lora"):
            lora = req.get("_lora")
            if not isinstance(lora, list):
                return None, "lora must be an array"
            scales = {k: 0.0 for k in scales}
            for e in lora:
                if not isinstance(e, dict) or not isinstance(e.get("id"), int) or \
                        not isinstance(e.get("scale"), (int, float)):
                    return None, "lora entries need an integer id and a number scale"
                if e["id"] not in scales:
                    return None, "invalid adapter id"
                scales[e["id"]] = float(e["scale"])
        on = [a for a in self.st.lora_adapters if scales[a["id"]] != 0]
        if len(on) > 1:
            return None, "the fake serves one LoRA adapter at a time"
        return (on[0].get("model") or on[0]["path"]) if on else None, None

    def h_props(self):
        """llama-server's GET /props (with lora_adapters: a llama-server);
        loco reads only its build_info."""
        if self.st.lora_adapters is None:
            return self.send_text(404, "404 page not found")
        self.send_json(200, {"build_info": "b1-fake", "total_slots": 4},
                       "application/json", newline=True)

    def h_lora_adapters(self):
        if self.st.lora_adapters is None:   # Ollama has no such route
            return self.send_text(404, "404 page not found")
        data = [{"id": a["id"], "path": a["path"], "scale": a.get("scale", 0.0)}
                for a in self.st.lora_adapters]
        self.send_json(200, data, "application/json", newline=True)

    def h_v1_models(self):
        if self.st.lora_modules is not None and self.st.v1_models is None:
            base = self.st.models[0].spec["name"]    # vLLM lists it as served
            data = [{"id": base, "object": "model", "owned_by": "vllm", "root": base,
                     "parent": None}]
            data += [{"id": k, "object": "model", "owned_by": "vllm", "root": v,
                      "parent": base} for k, v in self.st.lora_modules.items()]
            return self.send_json(200, {"object": "list", "data": data},
                                  "application/json", newline=True)
        if self.st.v1_models is not None:
            return self.send_json(200, {"object": "list", "data": self.st.v1_models},
                                  "application/json", newline=True)
        data = None
        for m in self.st.sorted_models():
            data = data or []
            data.append({"id": m.display, "object": "model",
                         "created": m.modified_ns // 1_000_000_000, "owned_by": m.parts[1]})
        self.send_json(200, {"object": "list", "data": data}, "application/json", newline=True)

    def h_v1_model(self):
        name = urllib.parse.unquote(self.params["model"])
        parts = parse_name(name.strip())
        if parts is None:
            return self.v1_error(400, "invalid model name")
        m = self.st.find_model(parts)
        if m is None:
            return self.v1_error(404, "model '%s' not found" % display_shortest(parts))
        self.send_json(200, {"id": name, "object": "model",
                             "created": m.modified_ns // 1_000_000_000, "owned_by": parts[1]},
                       "application/json", newline=True)

    # -- pull ------------------------------------------------------------------------
    def _progress_stream(self, events, stream, cfg, on_success=None):
        """PullHandler/CreateHandler: streamResponse, or waitForStream when
        stream is false."""
        fault = cfg.get("fault") or {}
        sleep_ms(cfg.get("delay_first_ms", 0))
        if fault.get("kind") == "status":
            status = fault["status"]
            if "body" in fault:
                return self.send_full(status, [("Content-Type", fault.get("content_type",
                                                                          "text/plain"))],
                                      str(fault["body"]).encode())
            text = fault.get("error") or {503: BUSY_TEXT}.get(status, "an error occurred")
            events = [("error", text, None if status == 500 else status)]
        else:
            events = apply_fault(events, fault, 0, cfg.get("delay_ms", 0))
        done = any(e[0] == "obj" and e[2] == "final" for e in events)
        if done and on_success and not any(e[0] in ("cut", "error") for e in events):
            on_success()
        if stream:
            return self._respond_ndjson(events, cfg)
        latest = {"status": ""}
        for ev in events:
            if ev[0] == "sleep":
                sleep_ms(ev[1])
            elif ev[0] == "obj":
                latest = ev[1]
            elif ev[0] == "error":
                return self.send_err(ev[2] or 500, ev[1], "application/json")
            elif ev[0] == "raw":
                return self.send_full(200, [("Content-Type", "application/json")],
                                      ev[1].encode("utf-8"))
            elif ev[0] == "cut":
                self.cut(b"", ev[2])
        self.send_json(200, latest, "application/json")

    def _pull_events(self, parts, steps=None):
        """Progress objects of PullModel; returns (events, model-or-None)."""
        events = [("obj", {"status": "pulling manifest"}, "chunk")]
        k = fold_parts(parts)
        with self.st.lock:
            src = self.st.registry.get(k) or next((m for m in self.st.models if m.key() == k),
                                                  None)
        if src is None:
            events.append(("error", "pull model manifest: file does not exist", None))
            return events, None
        steps = steps or src.pull_steps or self.st.pull.get("steps", 2)
        for _, hx, size in src.layers():
            short = hx[:12]
            base = {"status": "pulling %s" % short, "digest": "sha256:" + hx, "total": size}
            if hx in self.st.layer_digests:
                events.append(("obj", dict(base, completed=size), "chunk"))
                continue
            events.append(("obj", dict(base), "chunk"))
            for i in range(1, int(steps) + 1):
                events.append(("obj", dict(base, completed=size * i // int(steps)), "chunk"))
        events += [("obj", {"status": "verifying sha256 digest"}, "chunk"),
                   ("obj", {"status": "writing manifest"}, "chunk"),
                   ("obj", {"status": "success"}, "final")]
        return events, src

    def h_pull(self):
        req = self.decode(PULL_REQUEST)
        if req is None:
            return
        raw = req.get("model") or req.get("name") or ""
        try:
            _, parts, source = parse_model_ref(raw)
        except RefError as e:
            return self.send_err(400, e.msg if e.kind == "conflict" else "invalid model name")
        events, src = self._pull_events(parts)
        cfg = dict(self.st.pull)
        if src is not None and src.pull_fault is not None:
            cfg["fault"] = src.pull_fault

        def installed():
            self._install_pulled(src, parts)
        self._progress_stream(events, req.get("stream") is not False, cfg,
                              installed if src is not None else None)

    def _install_pulled(self, src, parts):
        spec = dict(src.spec)
        spec["name"] = display_shortest(parts)
        spec.pop("modified_at", None)
        spec.pop("fault", None)
        spec.pop("steps", None)
        spec["digest"] = src.digest
        m = Model(spec, now_ns=time.time_ns())
        with self.st.lock:
            self.st.layer_digests.update(h for _, h, _ in m.layers())
            self.st.add_model(m)

    # -- create ------------------------------------------------------------------------
    def h_create(self):
        st = self.st
        req = self.decode(CREATE_REQUEST)
        if req is None:
            return
        for field in ("files", "adapters"):
            for path, digest in (req.get(field) or {}).items():
                if not _fs_valid_path(path):
                    return self.send_err(400, "file path must be relative")
                if not digest or not DIGEST_RE.match(digest):
                    return self.send_err(400, "invalid digest format")
        raw = req.get("model") or req.get("name") or ""
        parts = parse_name(raw)
        if parts is None:
            return self.send_err(400, "invalid model name")
        stream = req.get("stream") is not False
        cfg = dict(st.create)
        ev = []
        ok = True

        def fail(msg, status=None):
            ev.append(("error", msg, status))
            return False

        def blob_path(d):
            return "%s/blobs/sha256-%s" % (st.models_dir, d[7:])
        base = None
        if req.get("from"):
            try:
                _, fparts, _ = parse_model_ref(req["from"])
            except RefError:
                ok = fail("invalid model name", 400)
            if ok:
                base = st.find_model(fparts)
                if base is None:
                    pev, src = self._pull_events(fparts)
                    # PullModel emits its own "success" inside the create stream
                    ev += [(e[0], e[1], "chunk") if e[0] == "obj" else e for e in pev]
                    if src is None:
                        ok = False
                    else:
                        self._install_pulled(src, fparts)
                        base = st.find_model(fparts)
        elif req.get("files") is not None:
            files = req["files"]
            if not files:
                ok = fail("unknown type", 400)
            for name in sorted(files):
                if not ok:
                    break
                d = "sha256:" + files[name][7:]
                if name.endswith(".safetensors"):
                    ev.append(("obj", {"status": "converting model"}, "chunk"))
                    continue
                ev.append(("obj", {"status": "parsing GGUF"}, "chunk"))
                b = st.blobs.get(d)
                if b is None:
                    ok = fail("open %s: no such file or directory" % blob_path(d))
                elif b["magic"] not in (b"GGUF", b"FUGG"):
                    ok = fail("supplied file was not in GGUF format", 400)
        else:
            ok = fail("neither 'from' or 'files' was specified", 400)
        adapter_digests = []
        if ok and req.get("adapters"):
            ads = req["adapters"]
            if any(n.endswith(".safetensors") for n in ads):
                ev.append(("obj", {"status": "converting adapter"}, "chunk"))
                fam = base.family if base else ""
                if "adapter_config.json" not in ads:
                    ok = fail("open adapter_config.json: file does not exist", 400)
                elif fam not in ("llama", "gemma2"):
                    ok = fail("unsupported architecture", 400)
                else:
                    adapter_digests = ["sha256:" + hashlib.sha256(
                        ("converted:" + ",".join(sorted(ads.values()))).encode()).hexdigest()]
            elif len(ads) > 1:
                ok = fail("only one adapter is currently supported", 400)
            else:
                name, dg = next(iter(ads.items()))
                d = "sha256:" + dg[7:]
                ev.append(("obj", {"status": "parsing GGUF"}, "chunk"))
                b = st.blobs.get(d)
                if b is None:
                    ok = fail("open %s: no such file or directory" % blob_path(d), 400)
                elif b["magic"] not in (b"GGUF", b"FUGG"):
                    ok = fail("supplied file was not in GGUF format", 400)
                else:
                    adapter_digests = [d]
        quant = req.get("quantize") or req.get("quantization")
        new_quant = None
        if ok and quant:
            qt = quant.upper()
            src_q = (base.quantization_level if base else "F16").upper()
            if src_q not in ("F16", "BF16", "F32"):
                ok = fail("quantization is only supported for F16, BF16 and F32 models")
            elif qt not in ("Q4_K_M", "Q4_K_S", "Q8_0", "Q4_0", "Q5_K_M", "Q6_K"):
                ok = fail("unsupported quantization type %s" % qt)
            else:
                total = base.size if base else 1_000_000_000
                for i in range(1, 4):
                    ev.append(("obj", {"status": "quantizing %s model to %s" % (src_q, qt),
                                       "digest": "0000000000000000000", "total": total,
                                       "completed": total * i // 3}, "chunk"))
                new_quant = qt
        created = None
        if ok:
            spec = dict(base.spec) if base else {"family": (cfg.get("details") or {}).get(
                "family", "llama")}
            for k in ("modified_at", "fault", "steps", "digest", "size"):
                spec.pop(k, None)
            spec.update({k: v for k, v in (cfg.get("details") or {}).items()
                         if k in MODEL_KEYS and k != "name"} if not base else {})
            spec["name"] = display_shortest(parts)
            params = dict(base.parameters) if base else {}
            params.update(req.get("parameters") or {})
            spec["parameters"] = params
            if req.get("system"):
                spec["system"] = req["system"]
            if req.get("template"):
                spec["template"] = req["template"]
            lic = req.get("license")
            if lic:
                spec["license"] = (list(base.license) if base else []) + (
                    [lic] if isinstance(lic, str) else [str(x) for x in lic])
            if req.get("messages"):
                spec["messages"] = req["messages"]
            if new_quant:
                spec["quantization_level"] = new_quant
            if base:
                spec["parent_model"] = base.display
            size = (base.size if base else 0) + sum(
                (st.blobs.get(d) or {}).get("size", 0) for d in adapter_digests) + sum(
                (st.blobs.get("sha256:" + d[7:]) or {}).get("size", 0)
                for d in (req.get("files") or {}).values())
            spec["size"] = size or 1
            spec["digest"] = hashlib.sha256(go_bytes([spec.get("name"), params, spec.get(
                "system", ""), adapter_digests, base.digest if base else "",
                sorted((req.get("files") or {}).values())])).hexdigest()
            created = Model(spec, now_ns=time.time_ns())
            created.adapters = adapter_digests
            if base:
                created.blob = base.blob          # FROM a local model: its weights
            statuses = cfg.get("statuses")
            if statuses is None:
                statuses = self._layer_statuses(base, created, req, adapter_digests, new_quant)
            for s in statuses:
                ev.append(("obj", {"status": s}, "chunk"))
            ev.append(("obj", {"status": "success"}, "final"))

        def installed():
            with st.lock:
                st.layer_digests.update(h for _, h, _ in created.layers())
                st.layer_digests.update(d[7:] for d in adapter_digests)
            st.add_model(created)
        self._progress_stream(ev, stream, cfg, installed if created is not None else None)

    def _layer_statuses(self, base, new, req, adapters, new_quant):
        known = self.st.layer_digests
        out = []
        seen = set()

        def layer(hx, existing):
            word = "using existing" if existing or hx in known or hx in seen else "creating new"
            seen.add(hx)
            out.append("%s layer sha256:%s" % (word, hx))
        if base:
            for kind, hx, _ in base.layers():
                if kind == "template" and req.get("template"):
                    continue
                if kind == "system" and req.get("system"):
                    continue
                if kind == "params" and req.get("parameters"):
                    continue
                if kind == "model" and new_quant:
                    layer(hashlib.sha256((hx + new_quant).encode()).hexdigest(), False)
                    continue
                layer(hx, True)
        for d in sorted((req.get("files") or {}).values()):
            layer(d[7:], True)
        for d in adapters:
            layer(d[7:], True)
        if req.get("template"):
            layer(hashlib.sha256(req["template"].encode()).hexdigest(), False)
        if req.get("system"):
            layer(hashlib.sha256(req["system"].encode()).hexdigest(), False)
        lic = req.get("license")
        for l_ in ([lic] if isinstance(lic, str) else (lic or [])):
            layer(hashlib.sha256(str(l_).encode()).hexdigest(), False)
        if req.get("parameters"):
            layer(hashlib.sha256((go_json(gomap(new.parameters)) + "\n").encode()).hexdigest(),
                  False)
        if req.get("messages"):
            layer(hashlib.sha256((go_json([{"role": x.get("role", ""),
                                            "content": x.get("content", "")}
                                           for x in req["messages"] if isinstance(x, dict)])
                                  + "\n").encode()).hexdigest(), False)
        out.append("writing manifest")
        return out


def _fs_valid_path(p):
    """io/fs.ValidPath."""
    if p == ".":
        return True
    if not p or p.startswith("/") or p.endswith("/"):
        return False
    return all(seg not in ("", ".", "..") for seg in p.split("/"))


# ---------------------------------------------------------------------------
# Server
# ---------------------------------------------------------------------------

class Recorder:
    def __init__(self, path):
        self.f = open(path, "a", encoding="utf-8") if path else None
        self.lock = threading.Lock()
        self.seq = 0

    def next_seq(self):
        with self.lock:
            self.seq += 1
            return self.seq

    def write(self, rec):
        if self.f is None:
            return
        line = json.dumps(rec, separators=(",", ":")) + "\n"
        with self.lock:
            self.f.write(line)
            self.f.flush()

    def close(self):
        with self.lock:
            if self.f is not None:
                self.f.close()
                self.f = None


class FakeOllamaServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True

    def __init__(self, addr, state, recorder, generations=None):
        if ":" in addr[0]:
            self.address_family = socket.AF_INET6
        self.active = 0  # request threads still running
        self.idle = threading.Condition()
        self.state = state
        self.recorder = recorder
        self.generations = generations or Recorder(None)
        ThreadingHTTPServer.__init__(self, addr, Handler)

    def process_request_thread(self, request, client_address):
        with self.idle:
            self.active += 1
        try:
            ThreadingHTTPServer.process_request_thread(self, request, client_address)
        finally:
            with self.idle:
                self.active -= 1
                self.idle.notify_all()

    def wait_idle(self, timeout):
        """Until every request thread has ended (each records how its
        generation ended, e.g. cancelled), at most timeout seconds."""
        with self.idle:
            self.idle.wait_for(lambda: self.active == 0, timeout)

    def server_bind(self):
        # HTTPServer's own looks the address up in DNS (socket.getfqdn) to
        # name itself, which nothing here reads: a start without it.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        if VERBOSE:
            ThreadingHTTPServer.handle_error(self, request, client_address)


def load_scenario(path):
    if not path:
        return {}
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # full-line // comments are allowed
    text = "\n".join("" if ln.lstrip().startswith("//") else ln for ln in text.split("\n"))
    try:
        return json.loads(text)
    except ValueError as e:
        raise ScenarioError("%s: %s" % (path, e))


def main(argv=None):
    global VERBOSE
    ap = argparse.ArgumentParser(description="Strict fake Ollama server for loco's tests.")
    ap.add_argument("--scenario", help="scenario JSON file (default: no models)")
    ap.add_argument("--record", help="append every request as a JSON line to this file")
    ap.add_argument("--port", type=int, default=0, help="port (0 = a free port)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--loads", help="append every runner load as a JSON line to this file")
    ap.add_argument("--generations",
                    help="append how each generation ended (done, cancelled, fault) to this file")
    ap.add_argument("--verbose", action="store_true", help="log requests to stderr")
    args = ap.parse_args(argv)
    VERBOSE = args.verbose
    try:
        state = State(load_scenario(args.scenario))
    except (ScenarioError, OSError, ValueError) as e:
        sys.stderr.write("fake_ollama: bad scenario: %s\n" % e)
        return 2
    recorder = Recorder(args.record)
    if args.loads:
        state.sched.loads_file = open(args.loads, "a", encoding="utf-8")
    generations = Recorder(args.generations)
    srv = FakeOllamaServer((args.host, args.port), state, recorder, generations)
    host, port = srv.server_address[:2]
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    # The accept loop notices shutdown() within poll_interval: a test waits
    # that long for the server to exit, so it is short.
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    t.start()
    sys.stdout.write("listening on %s:%d\n" % ("[%s]" % host if ":" in host else host, port))
    sys.stdout.flush()
    while not stop.wait(0.2):
        pass
    STOP.set()
    srv.shutdown()
    srv.wait_idle(1.0)
    srv.server_close()
    recorder.close()
    generations.close()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
