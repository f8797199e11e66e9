#!/usr/bin/env python3
"""Shell completion works against the real binary.

bash: sources scripts/completions/loco.bash in `bash --norc`, sets COMP_WORDS
and COMP_CWORD, calls _loco and reads COMPREPLY. What must come back is read
from the binary itself (`loco help`, `loco CMD --help`, `loco config list`) or
from the test registry, so the test follows newly merged commands.
zsh and fish (when installed; skipped otherwise): the files parse (`zsh -n`,
`fish -n`); fish's own `complete -C` and zsh's _loco with the completion
builtins stubbed give the same answers for a few lines.

Usage: test_completion.py --loco BUILD/loco --src SOURCE_DIR
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import check, finish, hermetic_env  # noqa: E402
from test_docs import help_commands, help_options, help_section  # noqa: E402

REGISTRY = """base_model: {ollama_name: "qwen3:4b"}
adapters:
  algebra: {version: 1.0.0, type: system-prompt, router_keywords: [solve]}
  poetry-v2: {version: 1.0.0, type: system-prompt, router_keywords: [poem]}
  zoology: {version: 1.0.0, type: system-prompt, router_keywords: [animal]}
"""
OTHER_REGISTRY = """base_model: {ollama_name: "qwen3:4b"}
adapters:
  onlyhere: {version: 1.0.0, type: system-prompt}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loco", required=True)
    ap.add_argument("--src", required=True)
    args = ap.parse_args()
    comp = os.path.join(os.path.abspath(args.src), "scripts", "completions")
    with tempfile.TemporaryDirectory(prefix="loco-comp-") as t:
        bindir = os.path.join(t, "bin")
        os.makedirs(bindir)
        os.symlink(os.path.abspath(args.loco), os.path.join(bindir, "loco"))
        for name, text in (("registry.yaml", REGISTRY), ("other.yaml", OTHER_REGISTRY)):
            with open(os.path.join(t, name), "w", encoding="utf-8") as f:
                f.write(text)
        os.makedirs(os.path.join(t, "work", "data"))
        open(os.path.join(t, "work", "data", "set.jsonl"), "w").close()
        # saved chats: 'loco chat --resume' completes their ids
        sessions = ["20261123-134501", "sums"]
        os.makedirs(os.path.join(t, ".locollm", "sessions"))
        for sid in sessions:
            open(os.path.join(t, ".locollm", "sessions", sid + ".json"), "w").close()
        env = hermetic_env(t, args.src, {"LOCO_REGISTRY": os.path.join(t, "registry.yaml")})
        env["PATH"] = bindir + os.pathsep + env["PATH"]
        cwd = os.path.join(t, "work")

        def loco(*argv):
            return subprocess.run(["loco", *argv], env=env, capture_output=True, text=True,
                                  check=True).stdout

        overview = loco("--help")
        commands = help_commands(help_section(overview, "commands:"))
        globals_ = set(help_options(help_section(overview, "global options:")))
        keys = [l.split(" = ")[0] for l in loco("config", "list").splitlines()]
        adapters = ["algebra", "poetry-v2", "zoology"]
        check(len(commands) >= 5 and len(globals_) >= 8 and len(keys) >= 20,
              f"the binary describes itself: {commands} {globals_} {len(keys)} keys")

        def bash(*words):
            script = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); '
                      'COMPREPLY=(); _loco; printf "%s\\n" "${COMPREPLY[@]}"')
            p = subprocess.run(["bash", "--norc", "--noprofile", "-c", script, "bash",
                                os.path.join(comp, "loco.bash"), *words],
                               env=env, cwd=cwd, capture_output=True, text=True, timeout=60)
            check(p.returncode == 0 and not p.stderr, f"bash {words}: {p.stderr}")
            return sorted(w for w in p.stdout.split("\n") if w)

        def expect(words, want, how="equal"):
            got = bash(*words)
            want = sorted(want)
            ok = got == want if how == "equal" else set(want) <= set(got)
            check(ok, f"bash completes {' '.join(words)!r} to {want}, got {got}")

        p = subprocess.run(["bash", "--norc", "-c", f'source "{comp}/loco.bash"; complete -p loco'],
                           env=env, capture_output=True, text=True)
        check("-F _loco" in p.stdout, f"complete -p loco: {p.stdout}{p.stderr}")

        expect(["loco", ""], commands)
        expect(["loco", "--"], globals_)
        expect(["loco", "--color", ""], ["auto", "always", "never"])
        expect(["loco", "--color", "=", "al"], ["always"])
        expect(["loco", "--registry", "../"], [], how="subset")
        # every command and subcommand: its options and the global ones
        def short(cmd):
            """The shortest unique prefix of cmd, or cmd itself (route is
            a prefix of router: only its exact name is unique)."""
            for n in range(3, len(cmd)):
                if sum(c.startswith(cmd[:n]) for c in commands) == 1:
                    return cmd[:n]
            return cmd

        for cmd in commands:
            text = loco(cmd, "--help")
            subs = help_commands(help_section(text, "commands:"))
            expect(["loco", short(cmd) if cmd != "help" else cmd, "--"],
                   set(help_options(help_section(text, "options:"))) | globals_)
            if subs:
                expect(["loco", cmd, ""], subs)
                expect(["loco", "help", cmd, ""], subs)
            for sub in subs:
                st = loco(cmd, sub, "--help")
                expect(["loco", cmd, sub, "--"],
                       set(help_options(help_section(st, "options:"))) | globals_)
        expect(["loco", "help", ""], commands)
        expect(["loco", "-q", "qu"], ["query"])
        # adapter names, from the registry in force or the one on the line
        expect(["loco", "query", "--adapter", ""], adapters)
        expect(["loco", "query", "-a", "po"], ["poetry-v2"])
        expect(["loco", "query", "--adapter", "="], adapters)  # bash splits --adapter=
        expect(["loco", "adapters", "show", ""], adapters)
        # install, update and remove take several names (the registry in force's;
        # the index's would need the network)
        expect(["loco", "adapters", "install", ""], adapters)
        expect(["loco", "adapters", "install", "--no-create", "algebra", "z"], ["zoology"])
        expect(["loco", "adapters", "inst", "-f", "po"], ["poetry-v2"])
        expect(["loco", "adapters", "update", "--check", ""], adapters)
        expect(["loco", "adapters", "remove", "algebra", ""], adapters)
        expect(["loco", "adapters", "search", ""], [])
        expect(["loco", "promote", "z"], ["zoology"])
        expect(["loco", "eval", "--jobs", "4", ""], adapters)
        expect(["loco", "eval", "--jobs", ""], [])
        # chat --resume [ID]: session ids, or options (the value is optional)
        expect(["loco", "chat", "--resume", ""], sessions)
        expect(["loco", "chat", "-r", "s"], ["sums"])
        expect(["loco", "chat", "--resume", "="], sessions)
        expect(["loco", "chat", "--resume", "--l"], ["--list"])
        expect(["loco", "chat", "--resume", "sums", ""], [])
        expect(["loco", "--registry", os.path.join(t, "other.yaml"), "promote", ""], ["onlyhere"])
        # files for path values
        expect(["loco", "eval", "--dataset", "data/"], ["data/set.jsonl"])
        expect(["loco", "bench", "--markdown", "data/"], ["data/set.jsonl"])
        expect(["loco", "bench", "--cells", "routed"], ["routed+re2", "routed+re2+votes5"])
        expect(["loco", "bench", "--ref"], ["--reference"])
        expect(["loco", "adapters", "add", "--type", ""], ["system-prompt", "merged-gguf", "lora"])
        # config keys and values
        expect(["loco", "config", "get", ""], keys)
        expect(["loco", "config", "set", ""], keys)
        expect(["loco", "config", "set", "eval.cache", ""], ["true", "false"])
        expect(["loco", "config", "set", "backend.kind", ""], ["ollama", "openai"])
        expect(["loco", "config", "set", "bench.reference.kind", ""], ["ollama", "openai"])
        expect(["loco", "config", "get", "eval.jobs", ""], [])

        if shutil.which("zsh"):
            zsh_checks(comp, env, cwd, commands, adapters, sessions)
        else:
            print("skip zsh: not installed")
        if shutil.which("fish"):
            fish_checks(comp, env, cwd, commands, adapters, sessions)
        else:
            print("skip fish: not installed")
    finish("completion")


ZSH_STUBS = r"""
compadd() { if [[ $1 == -a ]]; then print -rl -- "${(P@)2}"; else shift; print -rl -- "$@"; fi }
_describe() { local s; for s in "${(P@)4}"; do print -r -- "${s%%:*}"; done }
_files() { print -r -- "<files>" }
compset() { PREFIX=${PREFIX#*=} }
compdef() { : }
source "$1"; shift
words=("$@"); CURRENT=$#words; PREFIX=${words[-1]}
_loco
"""


def zsh_checks(comp, env, cwd, commands, adapters, sessions):
    path = os.path.join(comp, "loco.zsh")
    p = subprocess.run(["zsh", "-n", path], capture_output=True, text=True)
    check(p.returncode == 0, f"zsh -n loco.zsh: {p.stderr}")
    with open(path, encoding="utf-8") as f:
        check(f.readline().strip() == "#compdef loco", "loco.zsh starts with #compdef loco")

    def zsh(*words):
        p = subprocess.run(["zsh", "-f", "-c", ZSH_STUBS, "zsh", path, *words], env=env, cwd=cwd,
                           capture_output=True, text=True, timeout=60)
        check(p.returncode in (0, 1) and not p.stderr, f"zsh {words}: {p.stderr}")
        return sorted(w for w in p.stdout.split("\n") if w)

    for words, want in ((["loco", ""], commands),
                        (["loco", "--color", ""], ["auto", "always", "never"]),
                        (["loco", "adapters", "show", ""], adapters),
                        (["loco", "adapters", "install", "algebra", ""], adapters),
                        (["loco", "config", "set", "eval.cache", ""], ["true", "false"]),
                        (["loco", "chat", "--resume", ""], sessions),
                        (["loco", "eval", "--dataset", ""], ["<files>"])):
        got = zsh(*words)
        check(got == sorted(want), f"zsh completes {' '.join(words)!r} to {sorted(want)}, got {got}")
    got = zsh("loco", "route", "--")
    check("--explain" in got and "--registry" in got, f"zsh completes route options: {got}")


def fish_checks(comp, env, cwd, commands, adapters, sessions):
    path = os.path.join(comp, "loco.fish")
    p = subprocess.run(["fish", "-n", path], capture_output=True, text=True)
    check(p.returncode == 0, f"fish -n loco.fish: {p.stderr}")

    def fish(line):
        p = subprocess.run(["fish", "--no-config", "-c", 'source $argv[1]; complete -C $argv[2]',
                            path, line], env=env, cwd=cwd, capture_output=True, text=True,
                           timeout=60)
        check(p.returncode == 0 and not p.stderr, f"fish {line!r}: {p.stderr}")
        return sorted(w.split("\t")[0] for w in p.stdout.split("\n") if w)

    for line, want in (("loco ", commands),
                       ("loco --color ", ["auto", "always", "never"]),
                       ("loco adapters show ", adapters),
                       ("loco adapters install --no-create ", adapters),
                       ("loco config set eval.cache ", ["true", "false"]),
                       ("loco chat --resume ", sessions),
                       ("loco chat --resume=s", ["--resume=sums"]),
                       ("loco eval --dataset data/", ["data/set.jsonl"])):
        got = fish(line)
        check(got == sorted(want), f"fish completes {line!r} to {sorted(want)}, got {got}")
    got = fish("loco route --")
    check("--explain" in got and "--registry" in got, f"fish completes route options: {got}")


if __name__ == "__main__":
    main()
