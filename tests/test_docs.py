#!/usr/bin/env python3
"""The docs are tested, so they cannot rot (STYLE lesson 10):

  groff    docs/loco.1 renders without a single warning (groff -ww, man --warnings)
  examples every `loco ...` line of README.md's code blocks and of the man page's
           EXAMPLES runs against the real binary and a fake Ollama server, and
           exits 0; the lines of one code block (README fence, man page .EX) run
           in order in one hermetic LOCO_HOME and working folder, so a block can
           save a conversation and then resume it
  options  for every command and subcommand that `loco help` lists, the long
           (and short) options of its --help and of its man page entry are the
           same, both ways; the same for the global options; every environment
           variable the overview names has an ENVIRONMENT entry; .TH carries the
           version
  config   docs/configuration.md has a row for every key `loco config list`
           prints (and no other), with the default it prints
  arch     docs/architecture.md's module table has a row for every src/ file and
           names every header, and every file it names exists

Commands are read from the binary, never listed here, so a newly merged command
is checked as soon as it is in `loco help`. A man page subsection holding a
`.\\" TODO-SYNC` comment documents a SPEC command this binary does not have yet:
it is exempt from the options check, and its examples are skipped, only while
the command is absent.

Usage: test_docs.py --loco BUILD/loco --src SOURCE_DIR
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import check, finish, hermetic_env, shipped_adapters  # noqa: E402


# ---- loco's help text --------------------------------------------------------

def help_section(text, header):
    """The lines of one section ("commands:", "options:", "global options:")."""
    out, on = [], False
    for line in text.split("\n"):
        if line == header:
            on = True
        elif on and not line.strip():
            break
        elif on:
            out.append(line)
    return out


OPT_LINE = re.compile(r"^\s+(?:-(\w), )?--([a-z0-9][a-z0-9-]*)(?: ([A-Z]+))?(?:\s|$)")


def help_options(lines):
    """{"--long": "-s" or None} of an options section."""
    opts = {}
    for line in lines:
        m = OPT_LINE.match(line)
        if m:
            opts["--" + m.group(2)] = "-" + m.group(1) if m.group(1) else None
    return opts


def help_commands(lines):
    return [line.split()[0] for line in lines if line.strip()]


class Loco:
    def __init__(self, path, env):
        self.path, self.env = path, env

    def run(self, *argv):
        p = subprocess.run([self.path, *argv], env=self.env, capture_output=True, text=True,
                           timeout=60)
        return p

    def help(self, *argv):
        p = self.run(*argv, "--help")
        if p.returncode != 0:
            raise SystemExit(f"'loco {' '.join(argv)} --help' exited {p.returncode}: {p.stderr}")
        return p.stdout

    def tree(self):
        """{"cmd" or "cmd sub": {"opts": {...}, "subs": [...]}} for every command."""
        out = {}
        for cmd in help_commands(help_section(self.help(), "commands:")):
            text = self.help(cmd)
            subs = help_commands(help_section(text, "commands:"))
            out[cmd] = {"opts": help_options(help_section(text, "options:")), "subs": subs}
            for sub in subs:
                st = self.help(cmd, sub)
                out[f"{cmd} {sub}"] = {"opts": help_options(help_section(st, "options:")),
                                       "subs": []}
        return out


# ---- the man page --------------------------------------------------------------

def unroff(s):
    for a, b in (("\\-", "-"), ("\\(dq", '"'), ("\\(lq", '"'), ("\\(rq", '"'),
                 ("\\e", "\\"), ("\\&", ""), ("\\fB", ""), ("\\fI", ""), ("\\fR", ""),
                 ("\\fP", "")):
        s = s.replace(a, b)
    return s


def unquote(s):
    s = s.strip()
    return s[1:-1] if len(s) >= 2 and s[0] == s[-1] == '"' else s


class ManPage:
    """Sections (.SH) and the subsections (.SS) of COMMANDS, with their lines."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.lines = f.read().split("\n")
        self.sections, self.subsections = {}, {}
        sh = ss = None
        for line in self.lines:
            if line.startswith(".SH "):
                sh, ss = unquote(line[4:]), None
                self.sections[sh] = []
            elif line.startswith(".SS ") and sh == "COMMANDS":
                ss = unquote(line[4:])
                self.subsections[ss] = []
            elif ss is not None:
                self.subsections[ss].append(line)
            elif sh is not None:
                self.sections[sh].append(line)

    def todo_sync(self, name):
        return any(l.startswith('.\\" TODO-SYNC') for l in self.subsections.get(name, []))

    @staticmethod
    def tags(lines):
        """The tag line of every .TP, unescaped."""
        return [unroff(lines[i + 1]) for i, l in enumerate(lines[:-1]) if l.strip() == ".TP"]

    @classmethod
    def options(cls, lines):
        """{"--long": "-s" or None} from the .TP tags of a section."""
        opts = {}
        for tag in cls.tags(lines):
            longs = re.findall(r"(?<![\w-])(--[a-z0-9][a-z0-9-]*)", tag)
            shorts = re.findall(r"(?<![\w-])(-[A-Za-z])(?![\w-])", tag)
            for lo in longs:
                opts[lo] = shorts[0] if len(longs) == 1 and shorts else None
        return opts

    def examples(self):
        """The lines of each .EX ... .EE block, one list per block."""
        blocks, on = [], False
        for line in self.sections.get("EXAMPLES", []):
            if line.startswith(".EX"):
                on = True
                blocks.append([])
            elif line.startswith(".EE"):
                on = False
            elif on and line.strip() and not line.startswith(".\\\""):
                blocks[-1].append(unroff(line))
        return [b for b in blocks if b]


# ---- checks ----------------------------------------------------------------------

def check_groff(man_path):
    env = dict(os.environ, LC_ALL="C.UTF-8", MANWIDTH="80")
    if not check(shutil.which("groff") and shutil.which("man"),
                 "groff and man are installed (groff-base, man-db: scripts/deps.sh)"):
        return
    p = subprocess.run(["groff", "-ww", "-z", "-man", man_path], capture_output=True, text=True,
                       env=env)
    check(p.returncode == 0 and not p.stdout and not p.stderr,
          f"groff -ww -z -man docs/loco.1 is silent:\n{p.stdout}{p.stderr}")
    p = subprocess.run(["man", "--warnings", "-l", man_path], capture_output=True, text=True,
                       env=env)
    check(p.returncode == 0 and not p.stderr, f"man --warnings -l docs/loco.1:\n{p.stderr}")
    check("loco" in p.stdout and "EXAMPLES" in p.stdout, "the man page renders")


def compare_options(where, helped, manned):
    for o in sorted(set(helped) - set(manned)):
        check(False, f"{where}: {o} is in --help but not in the man page")
    for o in sorted(set(manned) - set(helped)):
        check(False, f"{where}: the man page has {o}, which --help does not")
    for o in sorted(set(helped) & set(manned)):
        check(helped[o] == manned[o],
              f"{where}: {o}: short option {helped[o]} in --help, {manned[o]} in the man page")


def check_options(loco, tree, man):
    for name, info in tree.items():
        if not check(name in man.subsections, f"'loco {name}' has no .SS \"{name}\" in COMMANDS"):
            continue
        check(not man.todo_sync(name),
              f"'loco {name}' is in the binary now: reconcile its man entry with --help and "
              f"remove the TODO-SYNC marker")
        compare_options(f"loco {name}", info["opts"], man.options(man.subsections[name]))
    for name in man.subsections:
        if name not in tree:
            check(man.todo_sync(name),
                  f"the man page documents 'loco {name}', which the binary does not have "
                  f"(mark it TODO-SYNC if it is still to be merged)")
    overview = loco.help()
    compare_options("global options", help_options(help_section(overview, "global options:")),
                    man.options(man.sections.get("GLOBAL OPTIONS", [])))
    m = re.search(r"environment: (.*?)\. ", overview.replace("\n", " "))
    env_tags = man.tags(man.sections.get("ENVIRONMENT", []))
    if check(m, "the overview names the environment variables"):
        for var in re.findall(r"[A-Z_]+", m.group(1)):
            check(any(var in t.split() for t in env_tags), f"ENVIRONMENT has no entry for {var}")
    th = next((l for l in man.lines if l.startswith(".TH ")), "")
    version = loco.run("--version").stdout.strip()
    check(f'"{version}"' in th, f".TH names '{version}': {th}")


def check_config_doc(loco, src):
    with open(os.path.join(src, "docs", "configuration.md"), encoding="utf-8") as f:
        rows = {}
        for line in f:
            m = re.match(r"\|\s*`([a-z_.]+)`\s*\|(.*)", line)
            if m:
                rows[m.group(1)] = [c.strip() for c in m.group(2).split("|")]
    p = loco.run("--no-config", "config", "list")
    check(p.returncode == 0, f"loco config list: {p.stderr}")
    listed = {}
    for line in p.stdout.splitlines():
        k, _, v = line.partition(" = ")
        listed[k] = v
    check(len(listed) > 20, f"config list prints the keys: {p.stdout[:200]}")
    for k in listed:
        check(k in rows, f"configuration.md has no row for '{k}'")
    for k in rows:
        check(k in listed, f"configuration.md documents '{k}', which 'loco config list' lacks")
    for k, v in listed.items():
        if k not in rows or k == "semester":
            continue
        cells = " ".join(rows[k][:2])  # type, default
        want = "(empty)" if v == "" else f"`{v}`"
        check(want in cells, f"configuration.md: '{k}' defaults to {want}, row says: {cells}")


def check_architecture(src):
    with open(os.path.join(src, "docs", "architecture.md"), encoding="utf-8") as f:
        text = f.read()
    rows = set(re.findall(r"^\| `(src/[^`]+\.c)` \|", text, re.M))
    on_disk, headers = set(), {}
    for d, _, names in os.walk(os.path.join(src, "src")):
        rel = os.path.relpath(d, src)
        on_disk |= {f"{rel}/{n}" for n in names if n.endswith(".c")}
        headers.update({n: f"{rel}/{n}" for n in names if n.endswith(".h")})
    for path in sorted(on_disk - rows):
        check(False, f"architecture.md: the module table has no row for {path}")
    for path in sorted(rows - on_disk):
        check(False, f"architecture.md: the module table names {path}, which does not exist")
    named = set(re.findall(r"`([a-z_]+\.h)`", text))
    named_paths = set(re.findall(r"`src/[a-z_/]+/([a-z_]+\.h)`", text))
    for h in sorted(set(headers) - named - named_paths):
        check(False, f"architecture.md does not name {headers[h]}")
    for h in sorted(named - set(headers)):
        check(False, f"architecture.md names {h}, which is not in src/")
    for path in re.findall(r"`((?:src|include|tests|scripts|docs|fuzz)/[^`* ]+)`", text):
        if re.search(r"[A-Z]{3,}", path):
            continue  # a placeholder such as src/cmd/NAME.c
        check(os.path.exists(os.path.join(src, path.rstrip("/"))),
              f"architecture.md names {path}, which does not exist")
    check(len(rows) >= 30, f"architecture.md has its module table ({len(rows)} rows)")


# ---- examples ----------------------------------------------------------------------

def readme_examples(src):
    """The `loco` lines of each fenced code block, one list per block."""
    blocks, fenced = [], False
    with open(os.path.join(src, "README.md"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.lstrip().startswith("```"):
                fenced = not fenced
                if fenced:
                    blocks.append([])
                continue
            if fenced:
                cmd = line.strip()
                cmd = cmd[2:] if cmd.startswith("$ ") else cmd
                if re.match(r"(.*\|\s*)?loco\s", cmd) and not cmd.startswith("#"):
                    blocks[-1].append(cmd)
    return [b for b in blocks if b]


GLOBAL_WITH_VALUE = {"--registry", "--host", "--config", "--color"}


def resolve(typed, names):
    if typed in names:
        return typed
    hits = [n for n in names if n.startswith(typed)]
    return hits[0] if len(hits) == 1 else None


def example_command(line, tree, man):
    """("cmd [sub]", None) for an example, or (None, why) when it must be skipped
    (a TODO-SYNC command) or (None, "bad: ...") when it names nothing."""
    words = shlex.split(line, comments=True)
    if "loco" not in words:
        return None, "bad: no loco command"
    words = words[words.index("loco") + 1:]
    words = words[:next((i for i, w in enumerate(words) if w in ("|", ";", "&&")), len(words))]
    rest = iter(words)
    names = []
    for w in rest:
        if w in GLOBAL_WITH_VALUE:
            next(rest, None)
        elif not w.startswith("-"):
            names.append(w)
            if len(names) == 2:
                break
    top = sorted(n for n in tree if " " not in n)
    if not names:
        return None, "bad: no command"
    cmd = resolve(names[0], top)
    todo = [n for n in man.subsections if man.todo_sync(n)]
    if cmd is None:
        if resolve(names[0], [n for n in todo if " " not in n]):
            return None, f"'{names[0]}' is TODO-SYNC (not in this binary)"
        return None, f"bad: unknown command '{names[0]}'"
    subs = tree[cmd]["subs"]
    if not subs or len(names) < 2:
        return cmd, None
    sub = resolve(names[1], subs)
    if sub is None:
        if resolve(names[1], [n.split()[1] for n in todo if n.startswith(cmd + " ")]):
            return None, f"'{cmd} {names[1]}' is TODO-SYNC (not in this binary)"
        return None, f"bad: unknown subcommand '{cmd} {names[1]}'"
    return f"{cmd} {sub}", None


def scenario(src):
    """Every model of the shipped registry; locollm-math answers each math item
    right (so `eval math --gate` ships), the base model says 42; every model can
    take tools, so the README's --tools example runs."""
    replies = []
    with open(os.path.join(shipped_adapters(src), "math", "eval_dataset.jsonl"),
              encoding="utf-8") as f:
        for line in f:
            if line.strip():
                item = json.loads(line)
                replies.append({"match": {"contains": item["question"]},
                                "content": f"Let me work it out. The answer is {item['answer']}."})
    models = [{"name": n, "tools": True} for n in ("qwen3:4b", "locollm-math", "locollm-code", "locollm-analysis")]
    return {"models": models, "replies_by_model": {"locollm-math": replies},
            "default_reply": {"content": "The answer is 42."}}


def start_server(src, t):
    path = os.path.join(t, "scenario.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(scenario(src), f)
    proc = subprocess.Popen([sys.executable, os.path.join(src, "tests", "fake_ollama.py"),
                             "--scenario", path, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    m = re.match(r"listening on 127\.0\.0\.1:(\d+)", proc.stdout.readline())
    if not m:
        proc.kill()
        raise SystemExit(f"fake_ollama.py did not start: {proc.stderr.read()}")
    return proc, m.group(1)


def example_home(t, loco_path, src, port):
    """A hermetic LOCO_HOME and working folder (a copy of the shipped
    adapters/ and bench/router/, as in a checkout) in t."""
    home, work, bindir = (os.path.join(t, d) for d in ("home", "work", "bin"))
    os.makedirs(os.path.join(home, ".locollm"))
    os.makedirs(bindir)
    os.symlink(os.path.abspath(loco_path), os.path.join(bindir, "loco"))
    shutil.copytree(shipped_adapters(src), os.path.join(work, "adapters"))
    # the held-out router set, which examples score a router on
    shutil.copytree(os.path.join(src, "bench", "router"), os.path.join(work, "bench", "router"))
    env = hermetic_env(home, src, {"OLLAMA_HOST": f"http://127.0.0.1:{port}"})
    env["PATH"] = bindir + os.pathsep + env["PATH"]
    return work, env


def run_block(block, loco_path, src, port, origin):
    """The lines of one code block, in order, in one home: what a reader who
    types them one after the other sees. Returns (ok, what) per line, for the
    caller to check in order."""
    results = []
    with tempfile.TemporaryDirectory(prefix="loco-docs-") as t:
        work, env = example_home(t, loco_path, src, port)
        for line in block:
            # A hang fails; the limit is generous, as blocks run side by side
            # (an eval --gate under ASan on a busy machine took minutes).
            try:
                p = subprocess.run(["sh", "-c", line], cwd=work, env=env,
                                   stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                   timeout=600)
            except subprocess.TimeoutExpired:
                results.append((False, f"{origin}: '{line}' still ran after 600 s"))
                break
            results.append((p.returncode == 0,
                            f"{origin}: '{line}' exited {p.returncode}:\n{p.stderr[-2000:]}"))
    return results


def check_examples(loco_path, src, tree, man, jobs):
    blocks = [(b, "README.md") for b in readme_examples(src)]
    blocks += [(b, "docs/loco.1 EXAMPLES") for b in man.examples()]
    count = sum(len(b) for b, _ in blocks)
    check(count >= 20, f"found the examples ({count})")
    runnable = []
    for block, origin in blocks:
        lines = []
        for line in block:
            cmd, why = example_command(line, tree, man)
            if why and why.startswith("bad:"):
                check(False, f"{origin}: '{line}': {why[5:]}")
            elif why:
                print(f"skip {origin}: '{line}': {why}")
            else:
                lines.append(line)
        if lines:
            runnable.append((lines, origin))
    with tempfile.TemporaryDirectory(prefix="loco-docs-srv-") as t:
        server, port = start_server(src, t)
        try:
            # Blocks are independent (a home each; the fake answers by prompt,
            # not in sequence), so they run at once; most of an example's time
            # is spent waiting (the sandbox, the server), not computing.
            with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
                done = pool.map(lambda b: run_block(b[0], loco_path, src, port, b[1]), runnable)
                for results in done:
                    for ok, what in results:
                        check(ok, what)
        finally:
            server.terminate()
            server.wait(timeout=10)


def hermetic_loco(loco_path, src, t):
    return Loco(loco_path, hermetic_env(t, src))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loco", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--only", choices=["groff", "options", "config", "arch", "examples"])
    ap.add_argument("-j", "--jobs", type=int, default=2 * (os.cpu_count() or 1),
                    help="example blocks run at once (default: twice the CPUs)")
    args = ap.parse_args()
    man_path = os.path.join(args.src, "docs", "loco.1")
    man = ManPage(man_path)
    with tempfile.TemporaryDirectory(prefix="loco-docs-home-") as t:
        loco = hermetic_loco(args.loco, args.src, t)
        tree = loco.tree()
        if args.only in (None, "groff"):
            check_groff(man_path)
        if args.only in (None, "options"):
            check_options(loco, tree, man)
        if args.only in (None, "config"):
            check_config_doc(loco, args.src)
        if args.only in (None, "arch"):
            check_architecture(args.src)
        if args.only in (None, "examples"):
            check_examples(args.loco, args.src, tree, man, args.jobs)
    finish("docs")


if __name__ == "__main__":
    main()
