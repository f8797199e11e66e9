#!/usr/bin/env python3
"""`cmake --install` puts loco, the registry and its datasets, the man page and
the shell completions under a prefix, and the installed loco finds that
registry from any folder."""
import argparse
import json
import os
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib import check, finish, hermetic_env  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--build", required=True)
ap.add_argument("--src", required=True)
args = ap.parse_args()


with tempfile.TemporaryDirectory(prefix="loco-install-") as t:
    prefix = os.path.join(t, "prefix")
    subprocess.run(["cmake", "--install", args.build, "--prefix", prefix], check=True,
                   stdout=subprocess.DEVNULL)
    loco = os.path.join(prefix, "bin", "loco")
    share = os.path.join(prefix, "share", "locollm", "adapters")
    check(os.access(loco, os.X_OK), "bin/loco installed")
    check(os.path.isfile(os.path.join(share, "registry.yaml")), "registry installed")
    for a in ("math", "code", "analysis"):
        check(os.path.isfile(os.path.join(share, a, "eval_dataset.jsonl")), f"{a} dataset installed")
    docs = {
        "share/man/man1/loco.1": "docs/loco.1",
        "share/bash-completion/completions/loco": "scripts/completions/loco.bash",
        "share/zsh/vendor-completions/_loco": "scripts/completions/loco.zsh",
        "share/fish/vendor_completions.d/loco.fish": "scripts/completions/loco.fish",
    }
    for installed, source in docs.items():
        path = os.path.join(prefix, installed)
        with open(os.path.join(args.src, source), "rb") as f:
            want = f.read()
        got = open(path, "rb").read() if os.path.isfile(path) else None
        check(got == want, f"{installed} installed from {source}")
    elsewhere = os.path.join(t, "elsewhere")
    os.makedirs(elsewhere)
    env = hermetic_env(t, args.src, {"LOCO_HOME": os.path.join(t, "home")})
    p = subprocess.run([loco, "-v", "adapters", "list", "--json"], cwd=elsewhere, env=env,
                       capture_output=True, text=True)
    check(p.returncode == 0, f"installed loco runs: {p.stderr}")
    check(f"registry {share}/registry.yaml (install prefix)" in p.stderr,
          f"installed registry found: {p.stderr}")
    data = json.loads(p.stdout)
    for a in data["adapters"]:
        check(a["eval_dataset"] == os.path.join(share, a["name"], "eval_dataset.jsonl"),
              f"dataset path of {a['name']}: {a['eval_dataset']}")
    p = subprocess.run([loco, "route", "solve 2+2"], cwd=elsewhere, env=env,
                       capture_output=True, text=True)
    check(p.stdout == "math\n", "installed loco routes")
    # The installed bash completion, found the way bash-completion (which
    # scripts/deps.sh installs) finds it for PREFIX=$HOME/.local: in
    # $XDG_DATA_HOME (default ~/.local/share)/bash-completion/completions.
    loader = "/usr/share/bash-completion/bash_completion"
    if os.path.isfile(loader):
        script = (f"source {loader}; _comp_load loco 2>/dev/null || __load_completion loco; "
                  "COMP_WORDS=(loco que); COMP_CWORD=1; COMP_LINE='loco que'; "
                  "COMP_POINT=${#COMP_LINE}; _loco; echo \"${COMPREPLY[*]}\"")
        env2 = dict(env, PATH=os.path.join(prefix, "bin") + os.pathsep + env["PATH"],
                    XDG_DATA_HOME=os.path.join(prefix, "share"), XDG_DATA_DIRS="/nonexistent")
        p = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], cwd=elsewhere,
                           env=env2, capture_output=True, text=True)
        check(p.stdout.split() == ["query"],
              f"bash-completion loads the installed completion: {p.stdout!r} {p.stderr!r}")
    else:
        print("skip: bash-completion is not installed (scripts/deps.sh installs it)")

finish("install")
