#!/usr/bin/env python3
"""Messages and help that fit an 80-column terminal (issue 21 item 6).

  help     `loco --help`, and `loco CMD [SUB] --help` and `loco help CMD [SUB]`
           for every command and subcommand the binary lists: no line over
           80 columns
  output   the stdout of commands whose reports run long: `router train`
           and `eval --router` (with and without --router-set) on the shipped
           registry, `setup --dry-run` against the fake Ollama and with
           backend.kind llamacpp and vllm: no line over 80 columns (the
           temporary folder counted as $T, as the cases write it)
  messages every line of an exact `--- stderr` section of the integration
           cases (what loco says in those scenarios, errors and hint: lines):
           none over 80 columns, except the ones listed in
           tests/width_known.txt, which may only shrink: a listed line that
           no case expects any more is an error too, so a message made short
           is taken off the list in the same commit.

A long message becomes a short error and `hint:` lines (loco_hint(), git's
style). Lines are measured in code points, after the runner's $T, $SRC and
$LOCO_HOME substitutions would have made them longer or shorter: as written.

Usage: test_width.py --loco BUILD/loco --src SOURCE_DIR
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import check, finish, hermetic_env  # noqa: E402
from test_docs import (Loco, example_home, help_commands, help_section,  # noqa: E402
                       start_server)

COLUMNS = 80


def long_lines(text):
    return [line for line in text.split("\n") if len(line) > COLUMNS]


def check_help(loco):
    overview = loco.help()
    check(not long_lines(overview), f"loco --help fits: {long_lines(overview)}")
    for cmd in help_commands(help_section(overview, "commands:")):
        text = loco.help(cmd)
        check(not long_lines(text), f"loco {cmd} --help fits: {long_lines(text)}")
        p = loco.run("help", cmd)
        check(p.returncode == 0 and not long_lines(p.stdout),
              f"loco help {cmd} fits: {long_lines(p.stdout)}")
        for sub in help_commands(help_section(text, "commands:")):
            sub_text = loco.help(cmd, sub)
            check(not long_lines(sub_text),
                  f"loco {cmd} {sub} --help fits: {long_lines(sub_text)}")


# (what, config.yaml or None, command): run in one home, in order (eval
# --router scores the classifier that router train wrote)
OUTPUT_RUNS = [
    ("router train", None, "loco router train"),
    ("eval --router", None, "loco eval --router"),
    ("eval --router --router-set", None,
     "loco eval --router --router-set bench/router/heldout.jsonl"),
    ("setup --dry-run (ollama)", None, "loco setup --dry-run"),
    ("setup --dry-run (llamacpp)",
     "backend: {kind: llamacpp, base_url: \"http://127.0.0.1:8080/v1\"}\n",
     "loco setup --dry-run"),
    ("setup --dry-run (vllm)",
     "backend: {kind: vllm, base_url: \"http://127.0.0.1:8000/v1\"}\n",
     "loco setup --dry-run"),
]


def check_output(loco_path, src):
    with tempfile.TemporaryDirectory(prefix="loco-width-out-") as t:
        server, port = start_server(src, t)
        try:
            work, env = example_home(t, loco_path, src, port)
            config = os.path.join(env["LOCO_HOME"], "config.yaml")
            for what, yaml, cmd in OUTPUT_RUNS:
                if yaml:
                    with open(config, "w", encoding="utf-8") as f:
                        f.write(yaml)
                elif os.path.exists(config):
                    os.remove(config)
                p = subprocess.run(["sh", "-c", cmd], cwd=work, env=env,
                                   stdin=subprocess.DEVNULL, capture_output=True,
                                   text=True, timeout=600)
                out = p.stdout.replace(t, "$T")
                check(p.returncode == 0 and len(out.split("\n")) > 3,
                      f"'{cmd}' ({what}) ran: exit {p.returncode}, "
                      f"{len(out)} bytes\n{p.stderr[-1000:]}")
                check(not long_lines(out), f"{what}: stdout fits: {long_lines(out)}")
                err = p.stderr.replace(t, "$T")
                check(not long_lines(err), f"{what}: stderr fits: {long_lines(err)}")
        finally:
            server.terminate()
            server.wait(timeout=10)


def expected_stderr_lines(src):
    """(file:line, text) of every line of an exact --- stderr section."""
    out = []
    for path in sorted(glob.glob(os.path.join(src, "tests/integration/cases/*.t"))):
        section = None
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if line.startswith(("=== ", "$ ")):
                    section = None
                elif line.startswith("--- "):
                    section = line[4:].strip()
                elif section == "stderr":
                    out.append((f"{os.path.basename(path)}:{n}", line))
    return out


def check_messages(src):
    with open(os.path.join(src, "tests/width_known.txt"), encoding="utf-8") as f:
        known = {line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")}
    lines = expected_stderr_lines(src)
    seen = set()
    for where, text in lines:
        if len(text) <= COLUMNS:
            continue
        if text in known:
            seen.add(text)
            continue
        check(False, f"{where}: {len(text)} columns; make it a short error and hint: lines "
                     f"(loco_hint()):\n  {text}")
    for text in sorted(known - seen):
        check(False, f"tests/width_known.txt lists a line no case expects any more; "
                     f"take it off the list:\n  {text}")
    check(len(lines) > 100, f"read the cases' stderr ({len(lines)} lines)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loco", required=True)
    ap.add_argument("--src", required=True)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="loco-width-") as t:
        check_help(Loco(args.loco, hermetic_env(t, args.src)))
    check_output(args.loco, args.src)
    check_messages(args.src)
    finish("width")


if __name__ == "__main__":
    main()
