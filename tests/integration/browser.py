"""What the HTML page tests share: headless Chromium, the DOM it dumped parsed
into the parts the charts are checked by, and the pixels of its screenshot
(test_leaderboard_html.py, test_bench_html.py). Python standard library only."""
import html.parser
import os
import shutil
import struct
import subprocess
import zlib

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)


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
