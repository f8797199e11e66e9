#!/usr/bin/env python3
"""Integration runner: executes the real loco binary per scenario, in a
hermetic environment, and checks exit code, stdout, stderr and files.

A case file holds scenarios like this (see tests/integration/cases/*.t):

    === route sends the SPEC example to math
    $ loco route "solve 2+2"
    exit 0
    --- stdout
    math

Directives after the `$` line:
    exit N               expected exit status (default 0)
    env NAME=VALUE       extra environment (VALUE may use $T, $SRC, $LOCO_HOME)
    unset NAME           remove a variable of the hermetic environment
    stdout /dev/full     send stdout there; `stdout closed` gives a pipe with no reader
    cwd DIR              run in $T/DIR instead of $T/work
    interrupt MS         send SIGINT to loco MS milliseconds after it starts
    interrupt on stdout "TEXT"   send SIGINT once stdout holds TEXT (a JSON
                         string), or on stderr; `interrupt on request N` once
                         the fake server has recorded N requests. A condition
                         is what to prefer: on a busy machine a time is a guess
Sections (text up to the next `---` or `===` line, trailing blank lines dropped):
    --- file PATH        write PATH (relative to $T) before running
    --- stdin            feed this on stdin (default: empty, not a terminal)
    --- stdout / --- stderr           must equal this exactly (absent = empty)
    --- stdout re / --- stderr re     must fully match this regex (DOTALL)
    --- stdout json      must parse to the same JSON value ("<any>" matches any
                         value, "<SHA>" any 64-hex digest; keys must be exactly equal)
    --- after PATH       PATH must hold exactly this after the run
    --- server           start tests/fake_ollama.py with this scenario (JSON, see
                         tests/scenarios/README.md) and point OLLAMA_HOST at it;
                         $PORT is its port in later sections and env values
    --- requests         the requests loco made, in order, as a JSON list; each
                         expected object is matched as a subset of the recorded one
                         ({"method", "path", "body"}); "<absent>" asserts a key is
                         missing, "<any>" accepts any value
    --- requests any-order  the same, for requests sent at once (votes): each
                         expected object must match a different recorded request
    --- loads            the runner loads the fake's scheduler made, in order, as
                         a JSON list of objects each matched as a subset of the
                         recorded load ({"model", "adapters", "options", "reason"})
    --- generations      how each generation ended at the fake (any order): a JSON
                         list of objects each matched as a subset of the recorded
                         {"seq", "model", "seed", "outcome"}; outcome is done (the
                         final chunk went out), cancelled (loco hung up first) or
                         fault
    --- server2 / --- requests2 [any-order] / --- loads2   a second fake server
                         ($PORT2), what it received and loaded
    --- files-server     start tests/file_server.py (plain HTTP downloads: Range
                         resume, cuts, 404s, redirects) with this scenario (JSON,
                         see its docstring); $FPORT is its port in later sections
    --- files-requests   the requests it received, in order, as a JSON list of
                         {"method", "path", "range", "status"} objects, each matched
                         as a subset ("range": null when no Range header was sent)

The command may also be `sh -c '...'` with $LOCO for the binary, to run loco
twice in one scenario (a cache filled, then used).

Every scenario gets a fresh temporary folder $T with HOME=$T/home,
LOCO_HOME=$T/home/.locollm, TZ=UTC, LC_ALL=C, no user config and an
OLLAMA_HOST that points at a closed port, so nothing reaches a real server.
$SRC/adapters and the built-in registry are the shipped adapters/, whatever
was changed in the checkout (tests/lib.py).
"""
import argparse
import atexit
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import lib  # noqa: E402


class Case:
    def __init__(self, name, origin):
        self.name = name
        self.origin = origin
        self.cmd = None
        self.exit = 0
        self.env = {}
        self.unset = []
        self.stdout_target = None
        self.cwd = "work"
        self.files = []
        self.stdin = ""
        self.expect = {}  # (stream, mode) -> text
        self.after = []
        self.server = None
        self.requests = None
        self.requests_any_order = False
        self.server2 = None
        self.requests2 = None
        self.requests2_any_order = False
        self.loads = None
        self.loads2 = None
        self.generations = None
        self.files_server = None
        self.files_requests = None
        self.interrupt_ms = None
        self.interrupt_on = None  # ("stdout" | "stderr", text) or ("request", n)


def parse(path):
    cases, case, section = [], None, None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()

    def close_section():
        if case is not None and section is not None:
            kind, arg, body = section
            while body and body[-1] == "":
                body.pop()  # blank lines before the next case separate, they are not content
            text = "\n".join(body) + ("\n" if body else "")
            if kind == "file":
                case.files.append((arg, text))
            elif kind == "stdin":
                case.stdin = text
            elif kind == "after":
                case.after.append((arg, text))
            elif kind == "server":
                case.server = text
            elif kind == "server2":
                case.server2 = text
            elif kind == "files-server":
                case.files_server = text
            elif kind == "files-requests":
                case.files_requests = text
            elif kind == "requests":
                case.requests = text
                case.requests_any_order = arg == "any-order"
            elif kind in ("loads", "loads2", "generations"):
                setattr(case, kind, text)
            elif kind == "requests2":
                case.requests2 = text
                case.requests2_any_order = arg == "any-order"
            else:
                case.expect[(kind, arg or "exact")] = text

    for no, line in enumerate(lines, 1):
        if line.startswith("=== "):
            close_section()
            section = None
            case = Case(line[4:].strip(), f"{path}:{no}")
            cases.append(case)
        elif case is None:
            continue
        elif line.startswith("--- "):
            close_section()
            words = line[4:].split(None, 1)
            section = (words[0], words[1] if len(words) > 1 else None, [])
        elif section is not None:
            section[2].append(line)
        elif line.startswith("$ "):
            case.cmd = line[2:]
        elif line.startswith("exit "):
            case.exit = int(line[5:])
        elif line.startswith("env "):
            k, v = line[4:].split("=", 1)
            case.env[k] = v
        elif line.startswith("unset "):
            case.unset.append(line[6:].strip())
        elif line.startswith("stdout "):
            case.stdout_target = line[7:].strip()
        elif line.startswith("cwd "):
            case.cwd = line[4:].strip()
        elif line.startswith("interrupt on "):
            what, _, arg = line[13:].partition(" ")
            if what in ("stdout", "stderr"):
                case.interrupt_on = (what, json.loads(arg))
            elif what == "request":
                case.interrupt_on = (what, int(arg))
            else:
                raise SystemExit(f"{path}:{no}: interrupt on stdout, stderr or request")
        elif line.startswith("interrupt "):
            case.interrupt_ms = int(line[10:])
        elif line.strip() and not line.startswith("#"):
            raise SystemExit(f"{path}:{no}: cannot parse '{line}'")
    close_section()
    return cases


def expand(text, subst):
    for k in sorted(subst, key=len, reverse=True):  # $PORT2 before $PORT
        text = text.replace(k, subst[k])
    return text


def json_match(want, got):
    """Equal JSON, except that "<any>" (or "<SHA>", a 64-hex digest) in want
    matches any value; objects must have exactly the same keys."""
    if want == "<any>":
        return True
    if want == "<SHA>":
        return isinstance(got, str) and re.fullmatch(r"[0-9a-f]{64}", got) is not None
    if isinstance(want, dict):
        return isinstance(got, dict) and want.keys() == got.keys() and all(
            json_match(v, got[k]) for k, v in want.items())
    if isinstance(want, list):
        return isinstance(got, list) and len(want) == len(got) and all(
            json_match(w, g) for w, g in zip(want, got))
    return want == got and type(want) is type(got) or (
        isinstance(want, (int, float)) and isinstance(got, (int, float)) and not isinstance(got, bool)
        and want == got)


def check_text(label, got, want, mode, subst):
    want = expand(want, subst)
    if mode == "exact":
        if got == want:
            return None
        return f"{label} differs:\n--- want\n{want}--- got\n{got}---"
    if mode == "re":
        if re.fullmatch(want.rstrip("\n"), got.rstrip("\n"), re.S):
            return None
        return f"{label} does not match /{want.rstrip()}/:\n{got}"
    if mode == "json":
        try:
            if json_match(json.loads(want), json.loads(got)):
                return None
        except ValueError as e:
            return f"{label} is not JSON ({e}):\n{got}"
        return f"{label} JSON differs:\n--- want\n{want}--- got\n{got}"
    return f"unknown mode {mode}"


def subset(want, got, where="body"):
    """None when want matches got (dicts by subset, lists element-wise)."""
    if want == "<any>":
        return None
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return f"{where}: want an object, got {json.dumps(got)}"
        for k, v in want.items():
            if v == "<absent>":
                if k in got:
                    return f"{where}.{k}: should be absent, got {json.dumps(got[k])}"
                continue
            if k not in got:
                return f"{where}.{k}: missing"
            problem = subset(v, got[k], f"{where}.{k}")
            if problem:
                return problem
        return None
    if isinstance(want, list):
        if not isinstance(got, list) or len(want) != len(got):
            return f"{where}: want {json.dumps(want)}, got {json.dumps(got)}"
        for i, (w, g) in enumerate(zip(want, got)):
            problem = subset(w, g, f"{where}[{i}]")
            if problem:
                return problem
        return None
    if want != got:
        return f"{where}: want {json.dumps(want)}, got {json.dumps(got)}"
    return None


# The servers are standard-library Python: -S skips site-packages and its .pth
# hooks, and importing the module (rather than running the file as a script)
# reuses its cached bytecode, which halves a server's start.
LAUNCH = ("import sys; sys.argv[0] = {path!r}; sys.path.insert(0, {dir!r}); "
          "import {name}; sys.exit({name}.main())")


def server_argv(src, program):
    """The command that starts tests/PROGRAM (fake_ollama.py, file_server.py)."""
    d = os.path.join(src, "tests")
    name = program[:-3]
    return [sys.executable, "-S", "-c",
            LAUNCH.format(path=os.path.join(d, program), dir=d, name=name)]


def start_server(t, scenario, src, name="server", program="fake_ollama.py"):
    path = os.path.join(t, f"{name}.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(scenario)
    record = os.path.join(t, f"{name}-requests.jsonl")
    extra = ["--loads", os.path.join(t, f"{name}-loads.jsonl"),
             "--generations", os.path.join(t, f"{name}-generations.jsonl")] \
        if program == "fake_ollama.py" else []
    proc = subprocess.Popen(server_argv(src, program) +
                            ["--scenario", path, "--record", record, "--port", "0"] + extra,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.match(r"listening on 127\.0\.0\.1:(\d+)", line)
    if not m:
        proc.kill()
        raise CaseError(f"{program} did not start: {line}{proc.stderr.read()}")
    return proc, m.group(1), record


def check_requests(want_text, any_order, record, subst):
    try:
        with open(record, encoding="utf-8") as f:
            got = [json.loads(l) for l in f if l.strip()]
    except OSError:
        got = []
    want = json.loads(expand(want_text, subst))
    if len(want) != len(got):
        return (f"loco made {len(got)} requests, want {len(want)}:\n" +
                "\n".join(f"  {r['method']} {r['path']} {json.dumps(r.get('body', r.get('range')))[:300]}"
                          for r in got))
    if any_order:
        left = list(range(len(got)))
        for i, w in enumerate(want):
            hit = next((j for j in left if subset(w, got[j]) is None), None)
            if hit is None:
                return f"request[{i}] {json.dumps(w)} matches none of the requests left"
            left.remove(hit)
        return None
    for i, (w, g) in enumerate(zip(want, got)):
        problem = subset(w, g, f"request[{i}]")
        if problem:
            return problem
    return None


def check_loads(want_text, path, subst):
    try:
        with open(path, encoding="utf-8") as f:
            got = [json.loads(l) for l in f if l.strip()]
    except OSError:
        got = []
    want = json.loads(expand(want_text, subst))
    if len(want) != len(got):
        return (f"{len(got)} runner loads, want {len(want)}:\n" +
                "\n".join(f"  {g['model']} ({g['reason']})" for g in got))
    for i, (w, g) in enumerate(zip(want, got)):
        problem = subset(w, g, f"load[{i}]")
        if problem:
            return problem
    return None


def check_generations(want_text, path, subst):
    """How each generation ended, in any order (they run at once)."""
    try:
        with open(path, encoding="utf-8") as f:
            got = [json.loads(l) for l in f if l.strip()]
    except OSError:
        got = []
    want = json.loads(expand(want_text, subst))
    listing = "\n".join(f"  {g['model']} seed {g['seed']}: {g['outcome']}" for g in got)
    if len(want) != len(got):
        return f"{len(got)} generations, want {len(want)}:\n{listing}"
    left = list(range(len(got)))
    for i, w in enumerate(want):
        hit = next((j for j in left if subset(w, got[j]) is None), None)
        if hit is None:
            return f"generation[{i}] {json.dumps(w)} matches none of those left:\n{listing}"
        left.remove(hit)
    return None


# A hung scenario fails after this long. Generous: on a shared machine under
# load a scenario that takes 5 s alone (the router's cross-validation) has
# taken a minute.
CASE_TIMEOUT = 300


class CaseError(Exception):
    """A scenario that cannot run (a server that did not start): it fails."""


def stop_servers(servers):
    """SIGTERM every server first, then wait for each: they stop at once."""
    for srv in servers:
        srv.terminate()
    for srv in servers:
        try:
            srv.wait(timeout=10)
        except subprocess.TimeoutExpired:
            srv.kill()
            srv.wait()
        srv.stdout.close()
        srv.stderr.close()


def communicate_until(p, stdin, cond, record):
    """p.communicate(), sending SIGINT once when cond holds: ("stdout" or
    "stderr", text) when that stream holds text, ("request", n) when the fake
    server's record has n requests."""
    bufs = {"stdout": bytearray(), "stderr": bytearray()}
    sent = threading.Event()
    lock = threading.Lock()

    def interrupt():
        if not sent.is_set():
            sent.set()
            p.send_signal(signal.SIGINT)

    def reader(name, f):
        while True:
            chunk = os.read(f.fileno(), 65536)
            if not chunk:
                return
            with lock:
                bufs[name] += chunk
                hit = cond[0] == name and cond[1].encode() in bufs[name]
            if hit:
                interrupt()

    def writer():
        try:
            p.stdin.write(stdin)
            p.stdin.close()
        except BrokenPipeError:
            pass

    threads = [threading.Thread(target=reader, args=(name, f))
               for name, f in (("stdout", p.stdout), ("stderr", p.stderr)) if f is not None]
    threads.append(threading.Thread(target=writer))
    for t in threads:
        t.start()
    deadline = time.monotonic() + CASE_TIMEOUT
    killed = False
    while p.poll() is None:
        if cond[0] == "request" and not sent.is_set():
            try:
                with open(record, encoding="utf-8") as f:
                    if sum(1 for line in f if line.strip()) >= cond[1]:
                        interrupt()
            except (OSError, TypeError):
                pass  # no request recorded yet (or no server: never)
        if time.monotonic() > deadline:
            p.kill()
            killed = True
            break
        time.sleep(0.005)
    p.wait()
    for t in threads:
        t.join()
    if killed:
        raise CaseError(f"loco still ran after {CASE_TIMEOUT} s")
    return bytes(bufs["stdout"]), bytes(bufs["stderr"])


def run_case(case, loco, src, path_dir):
    with tempfile.TemporaryDirectory(prefix="loco-it-") as t:
        servers = []
        try:
            return run_in(case, loco, src, path_dir, t, servers)
        except CaseError as e:
            return [str(e)]
        finally:
            stop_servers(servers)


def run_in(case, loco, src, path_dir, t, servers):
    home = os.path.join(t, "home")
    loco_home = os.path.join(home, ".locollm")
    os.makedirs(os.path.join(t, "work"))
    os.makedirs(loco_home)
    subst = {"$LOCO_HOME": loco_home, "$SRC": src, "$T": t, "$LOCO": loco,
             "$SRC/adapters": lib.shipped_adapters(src)}
    server = record = record2 = frecord = None
    if case.server is not None:
        server, port, record = start_server(t, expand(case.server, subst), src)
        servers.append(server)
        subst["$PORT"] = port
    if case.server2 is not None:
        server2, port2, record2 = start_server(t, expand(case.server2, subst), src, "server2")
        servers.append(server2)
        subst["$PORT2"] = port2
    if case.files_server is not None:
        fserver, fport, frecord = start_server(t, expand(case.files_server, subst), src,
                                               "files", "file_server.py")
        servers.append(fserver)
        subst["$FPORT"] = fport
    for rel, text in case.files:
        p = os.path.join(t, expand(rel, subst))
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(expand(text, subst))
    env = lib.hermetic_env(home, src, {
        "OLLAMA_HOST": f"http://127.0.0.1:{subst['$PORT']}" if server else "http://127.0.0.1:9",
    })
    if path_dir:
        env["PATH"] = path_dir + os.pathsep + env["PATH"]
    for k, v in case.env.items():
        env[k] = expand(v, subst)
    for k in case.unset:
        env.pop(k, None)
    argv = shlex.split(case.cmd)
    if argv[0] == "loco":
        argv[0] = loco
    argv = [expand(a, subst) for a in argv]
    stdout = subprocess.PIPE
    closed = timer = None
    if case.stdout_target == "closed":
        r, w = os.pipe()
        os.close(r)
        stdout = closed = w
    elif case.stdout_target:
        stdout = open(case.stdout_target, "w")
    try:
        p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=stdout,
                             stderr=subprocess.PIPE, env=env, cwd=os.path.join(t, case.cwd))
        if case.interrupt_ms is not None:
            timer = threading.Timer(case.interrupt_ms / 1000, lambda: p.send_signal(signal.SIGINT))
            timer.start()
        try:
            if case.interrupt_on:
                out_bytes, err_bytes = communicate_until(p, case.stdin.encode(),
                                                         case.interrupt_on, record)
            else:
                out_bytes, err_bytes = p.communicate(case.stdin.encode(), timeout=CASE_TIMEOUT)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            raise CaseError(f"loco still ran after {CASE_TIMEOUT} s: {case.cmd}")
    finally:
        if timer is not None:
            timer.cancel()
        if closed is not None:
            os.close(closed)
        elif case.stdout_target:
            stdout.close()
        stop_servers(servers)
        servers.clear()
    out = (out_bytes or b"").decode("utf-8", "replace")
    err = err_bytes.decode("utf-8", "replace")
    problems = []
    if p.returncode != case.exit:
        problems.append(f"exit {p.returncode}, want {case.exit}\nstderr:\n{err}")
    for stream, got in (("stdout", out), ("stderr", err)):
        modes = [m for (s, m) in case.expect if s == stream]
        if not modes and stream == "stdout" and case.stdout_target:
            continue
        if not modes:
            modes, want = ["exact"], ""
            problem = check_text(stream, got, want, "exact", subst)
        else:
            problem = check_text(stream, got, case.expect[(stream, modes[0])], modes[0], subst)
        if problem:
            problems.append(problem)
    if case.requests is not None:
        problem = check_requests(case.requests, case.requests_any_order, record, subst)
        if problem:
            problems.append(problem)
    if case.requests2 is not None:
        problem = check_requests(case.requests2, case.requests2_any_order, record2, subst)
        if problem:
            problems.append("second server: " + problem)
    for want, name in ((case.loads, "server"), (case.loads2, "server2")):
        if want is not None:
            problem = check_loads(want, os.path.join(t, f"{name}-loads.jsonl"), subst)
            if problem:
                problems.append(f"{name}: {problem}")
    if case.generations is not None:
        problem = check_generations(case.generations,
                                    os.path.join(t, "server-generations.jsonl"), subst)
        if problem:
            problems.append("server: " + problem)
    if case.files_requests is not None:
        problem = check_requests(case.files_requests, False, frecord, subst)
        if problem:
            problems.append("file server: " + problem)
    for rel, text in case.after:
        path = os.path.join(t, expand(rel, subst))
        try:
            with open(path, encoding="utf-8") as f:
                got = f.read()
        except OSError as e:
            got = f"(unreadable: {e})"
        problem = check_text(f"file {rel}", got, text, "exact", subst)
        if problem:
            problems.append(problem)
    return problems


def python_dir():
    """A folder whose python3 is the interpreter running this file, put first
    in the scenarios' PATH: the same Python, without a version manager's
    wrapper script (pyenv's shim takes ~0.4 s a start). None when PATH's
    python3 already is a binary."""
    found = shutil.which("python3")
    if found:
        with open(found, "rb") as f:
            if f.read(2) != b"#!":
                return None
    d = tempfile.mkdtemp(prefix="loco-it-py-")
    atexit.register(shutil.rmtree, d, True)
    os.symlink(sys.executable, os.path.join(d, "python3"))
    return d


def sandbox_sweeps():
    """True when loco's sandbox, run as root, would get no PID namespace and so
    kill every process of its uid started during a run (src/sandbox/sandbox.c
    sweep_leftovers), including the code of a scenario running beside it."""
    if os.geteuid() != 0:
        return False
    try:
        return subprocess.run(["unshare", "--pid", "--net", "--mount", "--fork", "true"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=30).returncode != 0
    except (OSError, subprocess.TimeoutExpired):
        return True


def default_jobs():
    return int(os.environ.get("LOCO_IT_JOBS") or 2 * (os.cpu_count() or 1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--loco", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("-j", "--jobs", type=int, default=default_jobs(),
                    help="scenarios run at once (default $LOCO_IT_JOBS or twice the CPUs)")
    ap.add_argument("--times", action="store_true",
                    help="print each scenario's wall time, and the slowest at the end")
    ap.add_argument("paths", nargs="+", help="case files or folders of *.t files")
    args = ap.parse_args()
    files = []
    for p in args.paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".t"))
        else:
            files.append(p)
    cases = [case for path in files for case in parse(path)]
    for case in cases:
        if case.cmd is None:
            raise SystemExit(f"{case.origin}: no '$ loco ...' line")
    loco, src = os.path.abspath(args.loco), os.path.abspath(args.src)
    lib.shipped_adapters(src)  # made once, before the threads share it
    path_dir = python_dir()
    jobs = max(1, args.jobs)
    if jobs > 1 and sandbox_sweeps():
        print("note: no PID namespace for the sandbox here; one scenario at a time")
        jobs = 1

    def timed(case):
        t0 = time.monotonic()
        problems = run_case(case, loco, src, path_dir)
        return problems, time.monotonic() - t0

    passed = failed = 0
    times = []
    t0 = time.monotonic()
    # Scenarios are independent (each has its own folder, HOME, servers on
    # ports of their own); the results print in file order.
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for case, (problems, took) in zip(cases, pool.map(timed, cases)):
            times.append((took, case.origin))
            if problems:
                failed += 1
                print(f"FAIL {case.origin}: {case.name}")
                for pr in problems:
                    print("  " + pr.replace("\n", "\n  "))
            else:
                passed += 1
                print(f"ok   {case.name}" + (f"  ({took:.2f} s)" if args.times else ""),
                      flush=True)
    if args.times:
        print(f"{len(cases)} scenarios in {time.monotonic() - t0:.1f} s with {jobs} at once; "
              f"the slowest:")
        for took, origin in sorted(times, reverse=True)[:15]:
            print(f"  {took:6.2f} s  {origin}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
