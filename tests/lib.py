"""Helpers shared by the Python test scripts (git's test-lib.sh, in small).

check()        count a passed or failed check, print FAIL lines
finish(name)   print the tally and exit 1 when anything failed
hermetic_env() the environment every loco run gets: a temporary HOME and
               LOCO_HOME, TZ=UTC, LC_ALL=C, no user config, the sanitizer
               options passed through, the built-in registry pinned
shipped_adapters()  a copy of adapters/ as the project ships it

The suite must not depend on what a user did in the checkout (the README
tour's `loco adapters add geo` edits adapters/registry.yaml there). So tests
read the shipped adapters from shipped_adapters(): adapters/ as committed when
the working copy differs from git's HEAD (with a note on stderr), else the
files as they are (also outside a git checkout, e.g. a release tarball). The
binary's built-in registry is compiled from the working copy, so when that
differs hermetic_env() points LOCO_TEST_BUILTIN_REGISTRY at the snapshot's
registry; otherwise the compiled-in copy is the one tested.
"""
import os
import shutil
import subprocess
import sys
import tempfile

_counts = {"passed": 0, "failed": 0}


def check(cond, what):
    if cond:
        _counts["passed"] += 1
    else:
        _counts["failed"] += 1
        print("FAIL", what)
    return cond


def counts():
    return _counts["passed"], _counts["failed"]


def finish(name):
    """Print "NAME: P passed, F failed" and exit 1 when anything failed."""
    passed, failed = counts()
    print(f"{name}: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


_snapshot = {}


def _git(src, *argv):
    return subprocess.run(["git", "-C", src] + list(argv), capture_output=True)


def shipped_adapters(src):
    """The folder holding the shipped registry.yaml and datasets (made once
    per process, removed at exit)."""
    return _shipped(src)[0]


def _shipped(src):
    """(folder, whether it is a snapshot of the committed adapters/)."""
    if src in _snapshot:
        return _snapshot[src]
    here = os.path.join(src, "adapters")
    inside = _git(src, "rev-parse", "--is-inside-work-tree")
    dirty = None
    if inside.returncode == 0 and inside.stdout.strip() == b"true":
        status = _git(src, "status", "--porcelain", "--untracked-files=all", "--", "adapters")
        if status.returncode == 0 and status.stdout.strip():
            dirty = status.stdout.decode(errors="replace").splitlines()
    if dirty is None:
        _snapshot[src] = (here, False)
        return _snapshot[src]
    t = tempfile.mkdtemp(prefix="loco-shipped-")
    import atexit
    atexit.register(shutil.rmtree, t, True)
    archive = subprocess.run(["git", "-C", src, "archive", "HEAD", "adapters"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", t], input=archive, check=True)
    print(f"note: adapters/ differs from the last commit ({len(dirty)} paths, e.g. "
          f"{dirty[0].strip()}); testing the committed adapters/", file=sys.stderr)
    _snapshot[src] = (os.path.join(t, "adapters"), True)
    return _snapshot[src]


def hermetic_env(home, src, extra=None):
    """The environment of one loco run with LOCO_HOME=home/.locollm."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
           "LOCO_HOME": os.path.join(home, ".locollm"), "TZ": "UTC", "LC_ALL": "C"}
    folder, snapshot = _shipped(src)
    if snapshot:
        env["LOCO_TEST_BUILTIN_REGISTRY"] = os.path.join(folder, "registry.yaml")
    for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if k in os.environ:
            env[k] = os.environ[k]
    env.update(extra or {})
    return env
