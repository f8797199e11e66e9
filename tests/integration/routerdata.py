"""What the router data checks share (test_router_data.py for the shipped
adapters, test_overlap_data.py for bench/overlap): running loco on a
registry, the word and n-gram forms overlap.c uses, and the readers of
router example files and eval datasets."""

import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib import check, hermetic_env  # noqa: E402

NGRAM = 13  # overlap.h: GPT-3's contamination rule
TOPIC = re.compile(r"[a-z0-9][a-z0-9-]{0,31}\Z")
NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}\Z")


def run_loco(loco, src, registry, *argv):
    """loco with --registry, in a hermetic environment: (rc, stdout, stderr)."""
    env = hermetic_env("/nonexistent", src)
    p = subprocess.run([loco, "--registry", registry] + list(argv), env=env,
                       capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def words(text):
    """overlap_normalize(): lower-case, split on white space, keep letters and
    digits of each word, drop empty words."""
    out = []
    for w in text.lower().split():
        w = "".join(c for c in w if c.isalnum())
        if w:
            out.append(w)
    return out


def grams(ws, n=NGRAM):
    return {" ".join(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def load_examples(path, shown, allowed):
    """The lines of a router file, each a JSON object with only the allowed
    keys, a non-blank question, a well-formed topic and, where "adapter" is
    allowed, an adapter name. A missing file is one failure. Messages name
    the file as shown."""
    items = []
    if not check(os.path.exists(path), f"{shown} exists"):
        return items
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{shown}:{no}"
            try:
                o = json.loads(line)
            except ValueError as e:
                check(False, f"{where}: not JSON: {e}")
                continue
            if not check(isinstance(o, dict), f"{where}: not an object"):
                continue
            check(set(o) <= allowed, f"{where}: keys {sorted(set(o) - allowed)} not allowed")
            q = o.get("question")
            if not check(isinstance(q, str) and q.strip() != "", f"{where}: question"):
                continue
            t = o.get("topic")
            check(t is None or (isinstance(t, str) and TOPIC.match(t)), f"{where}: topic {t!r}")
            a = o.get("adapter")
            if "adapter" in allowed:
                check(isinstance(a, str) and NAME.match(a), f"{where}: adapter {a!r}")
            items.append({"where": where, "q": q, "topic": t, "adapter": a, "ws": words(q)})
    return items


def eval_texts(path, shown):
    """(where, words) of each eval item: every string in it, joined; where
    names the file as shown."""
    out = []
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            if not line.strip():
                continue
            strings = []

            def walk(v):
                if isinstance(v, str):
                    strings.append(v)
                elif isinstance(v, dict):
                    for x in v.values():
                        walk(x)
                elif isinstance(v, list):
                    for x in v:
                        walk(x)

            walk(json.loads(line))
            out.append((f"{shown}:{no}", words(" ".join(strings))))
    return out
