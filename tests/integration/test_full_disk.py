#!/usr/bin/env python3
"""A full disk and a read-only LOCO_HOME never lose data silently (issue 14,
item 8). LOCO_HOME is a 64 KiB tmpfs filled to the last byte, or mounted
read-only; the fake Ollama answers. Needs root (or CAP_SYS_ADMIN) for
mount(8); without it the test is skipped (exit 77), not passed.

  eval     exits 1 after its report, naming the first cache file and the
           archive it could not write, with the reason, once each
  chat     a scripted chat exits 1, says once that the conversation was not
           saved, and leaves no empty session file behind (so a later
           `chat --list` has nothing to warn about)
  config   `config set` exits 5 and leaves the file and its folder as they were
           (full or read-only)
  room     once there is room again the same eval exits 0, and what it wrote
           is private: cache entries and the archive 0600 in 0700 folders

Usage: test_full_disk.py --loco BUILD/loco --src SOURCE_DIR
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib import check, counts, hermetic_env  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--loco", required=True)
ap.add_argument("--src", required=True)
args = ap.parse_args()
loco = os.path.abspath(args.loco)


def mount(point, options):
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", point],
                       capture_output=True, text=True)
    return p.returncode == 0


def umount(point):
    subprocess.run(["umount", point], capture_output=True)


def fill(folder):
    """Writes a file until the tmpfs has no byte left."""
    with open(os.path.join(folder, "filler"), "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"x" * 512)
        except OSError:
            pass


def start_server(t):
    scenario = os.path.join(t, "scenario.json")
    with open(scenario, "w") as f:
        json.dump({"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
                   "default_reply": {"content": "The answer is 4."}}, f)
    p = subprocess.Popen([sys.executable, os.path.join(args.src, "tests", "fake_ollama.py"),
                          "--scenario", scenario], stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    return p, line.strip().rsplit(":", 1)[1]


def run(argv, env, cwd, stdin=""):
    return subprocess.run([loco] + argv, input=stdin, capture_output=True, text=True, env=env,
                          cwd=cwd)


def files_under(folder):
    out = []
    for d, dirs, files in os.walk(folder):
        out += [os.path.join(d, x) for x in dirs + files]
    return sorted(out)


def mode(path):
    return os.stat(path).st_mode & 0o777


def test_full(env, work, home):
    fill(home)
    p = run(["-q", "eval", "math"], env, work)
    check(p.returncode == 1, f"eval on a full disk exits 1, not {p.returncode}: {p.stderr}")
    check("verdict:" in p.stdout, f"the report is still printed: {p.stdout}")
    errors = [l for l in p.stderr.splitlines() if l.startswith("loco: error:")]
    cache = re.escape(home) + r"/cache/chat/[0-9a-f]{2}/[0-9a-f]{64}\.json"
    check(len(errors) == 2, f"two errors, once each: {p.stderr}")
    check(any(re.fullmatch(r"loco: error: 6 answers could not be cached \(first: cannot write '"
                           + cache + r"': No space left on device\); a rerun asks the server "
                           r"for them again", l) for l in errors),
          f"the cache failure is named with path and reason: {p.stderr}")
    check(any(re.fullmatch(r"loco: error: could not archive the result: cannot write '"
                           + re.escape(home) + r"/results/math/\d{8}T\d{6}Z\.json': No space "
                           r"left on device; the leaderboard and 'adapters list' will not "
                           r"show this run", l) for l in errors),
          f"the archive failure is named with path and reason: {p.stderr}")
    left = [f for f in files_under(home) if os.path.isfile(f) and not f.endswith("filler")]
    check(left == [], f"no half-written or empty files: {left}")

    p = run(["chat", "-q", "--adapter", "none"], env, work, "hello\nagain\n")
    check(p.returncode == 1, f"a scripted chat that could not save exits 1: {p.returncode}")
    warnings = [l for l in p.stderr.splitlines() if "not saved" in l]
    check(len(warnings) == 1 and re.fullmatch(
        r"loco: warning: the conversation was not saved: cannot write '" + re.escape(home)
        + r"/sessions/\d{8}-\d{6}\.json': No space left on device", warnings[0]),
        f"said once, with path and reason: {p.stderr}")
    sessions = os.path.join(home, "sessions")
    check(os.listdir(sessions) == [], f"no empty session file: {os.listdir(sessions)}")
    p = run(["chat", "--list"], env, work)
    check(p.returncode == 0 and "warning" not in p.stderr,
          f"chat --list has nothing to warn about: {p.stderr}")

    config = os.path.join(home, "config.yaml")
    p = run(["config", "set", "eval.jobs", "3"], env, work)
    check(p.returncode == 5 and "No space left on device" in p.stderr,
          f"config set on a full disk exits 5 with the reason: {p.returncode} {p.stderr}")
    check(not os.path.exists(config), "no config.yaml was made")
    check(not [f for f in os.listdir(home) if ".tmp." in f], "no temporary file is left")

    os.unlink(os.path.join(home, "filler"))
    p = run(["-q", "eval", "math"], env, work)
    check(p.returncode == 0 and not p.stderr.strip(),
          f"with room again the eval exits 0 quietly: {p.returncode} {p.stderr}")
    made = files_under(os.path.join(home, "cache")) + files_under(os.path.join(home, "results"))
    check(len([f for f in made if os.path.isfile(f)]) == 7, f"6 answers and 1 archive: {made}")
    bad = [f"{oct(mode(f))} {f}" for f in made
           if mode(f) != (0o700 if os.path.isdir(f) else 0o600)]
    check(not bad, f"private: files 0600, folders 0700: {bad}")
    check(mode(os.path.join(home, "cache")) == 0o700 and
          mode(os.path.join(home, "results")) == 0o700, "cache/ and results/ are 0700")


def test_read_only(env, work, home):
    p = run(["-q", "eval", "math"], env, work)
    check(p.returncode == 1, f"eval on a read-only home exits 1: {p.returncode} {p.stderr}")
    check("6 answers could not be cached (first: cannot create folder '" + home +
          "/cache': Read-only file system)" in p.stderr, f"the reason is named: {p.stderr}")
    check("could not archive the result: cannot create folder '" + home +
          "/results': Read-only file system" in p.stderr, f"and for the archive: {p.stderr}")
    p = run(["config", "set", "eval.jobs", "3"], env, work)
    check(p.returncode == 5 and p.stderr == f"loco: error: cannot write '{home}/config.yaml': "
          f"cannot make its lock '{home}/config.yaml.lock': Read-only file system; "
          f"{home}/config.yaml is unchanged\n", f"config set on a read-only home: {p.stderr}")


def main():
    if os.geteuid() != 0:
        print("full_disk: skipped: mounting a tmpfs needs root")
        return 77
    with tempfile.TemporaryDirectory(prefix="loco-disk-") as t:
        home = os.path.join(t, "home")
        work = os.path.join(t, "work")
        os.makedirs(home)
        os.makedirs(os.path.join(work, "adapters", "math"))
        with open(os.path.join(work, "adapters", "registry.yaml"), "w") as f:
            f.write('base_model: {ollama_name: "qwen3:4b"}\nadapters:\n  math: {version: 0.1.0, '
                    'type: system-prompt, active: true, system_prompt: "Be exact.", '
                    'eval_dataset: eval.jsonl, eval_type: numeric}\n')
        with open(os.path.join(work, "adapters", "math", "eval.jsonl"), "w") as f:
            for i in range(1, 4):
                f.write(json.dumps({"question": f"What is {i} + {i}?", "answer": 2 * i}) + "\n")
        if not mount(home, "size=64k"):
            print("full_disk: skipped: mount -t tmpfs failed")
            return 77
        server, port = start_server(t)
        env = hermetic_env(t, args.src, {"LOCO_HOME": home,
                                         "OLLAMA_HOST": f"http://127.0.0.1:{port}"})
        try:
            test_full(env, work, home)
            umount(home)
            if check(mount(home, "size=64k,ro"), "a read-only tmpfs"):
                test_read_only(env, work, home)
        finally:
            umount(home)
            server.terminate()
            server.wait()
    passed, failed = counts()
    print(f"full_disk: {passed} passed, {failed} failed")
    return 1 if failed else 0


sys.exit(main())
