#!/usr/bin/env python3
"""loco chat on a terminal: a small pseudo-terminal driver types into the real
binary (libedit, Ctrl-C, Ctrl-D, history) against tests/fake_ollama.py and
checks both the screen and the exact messages loco sent.

usage: test_chat_pty.py LOCO SRC      (last line: "N passed, N failed")
"""
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import termios
import time

LOCO, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import hermetic_env  # noqa: E402
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r|\x07|\x08")
WAIT = 10.0  # seconds a screen may take to show up (never a timing assertion)


class Server:
    """tests/fake_ollama.py with a scenario; records every request."""

    def __init__(self, tmp, scenario):
        self.record = os.path.join(tmp, "record.jsonl")
        path = os.path.join(tmp, "scenario.json")
        with open(path, "w") as f:
            json.dump(scenario, f)
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(SRC, "tests/fake_ollama.py"), "--scenario", path,
             "--record", self.record], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        self.port = int(line.rsplit(":", 1)[1])

    def chats(self):
        """Bodies of /api/chat requests, in order."""
        out = []
        if os.path.exists(self.record):
            with open(self.record) as f:
                for line in f:
                    r = json.loads(line)
                    if r["path"] == "/api/chat":
                        out.append((r["seq"], r["body"]))
        return [b for _, b in sorted(out, key=lambda x: x[0])]

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait()


class Term:
    """loco under a pseudo-terminal."""

    def __init__(self, args, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(LOCO, [LOCO] + args, env)
        self.raw = b""     # everything shown, as sent
        self.screen = b""  # everything shown, escapes removed
        self.seen = 0      # how far expect() has consumed
        self.status = None

    def _read(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        if not data:
            return None
        self.raw += data
        self.screen += ANSI.sub(b"", data)
        return True

    def expect(self, pattern):
        """Waits until the new part of the screen matches; returns the match."""
        rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
        end = time.monotonic() + WAIT
        while True:
            m = rx.search(self.screen, self.seen)
            if m:
                self.seen = m.end()
                return m
            left = end - time.monotonic()
            got = self._read(max(0.0, min(left, 0.2))) if left > 0 else False
            if got is None or left <= 0:
                raise AssertionError("screen never showed %r; it shows:\n%s\nraw: %r" % (
                    pattern, self.screen[self.seen:].decode(errors="replace"), self.raw))

    def prompt(self, label):
        """Waits for the prompt and for libedit to take the terminal: it
        prints the prompt a moment before leaving canonical mode, and keys
        sent in between would be cooked by the tty (echoed twice, ^D lost)."""
        self.expect(re.escape(label) + r"> ")
        self.wait_raw()

    def wait_raw(self):
        end = time.monotonic() + WAIT
        while termios.tcgetattr(self.fd)[3] & termios.ICANON:
            if time.monotonic() > end:
                raise AssertionError("the terminal never left canonical mode")
            time.sleep(0.005)

    def send(self, text):
        os.write(self.fd, text.encode() if isinstance(text, str) else text)

    def wait(self):
        """The exit status, once the terminal is drained."""
        end = time.monotonic() + WAIT
        while time.monotonic() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                while self._read(0.05):
                    pass
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            self._read(0.05)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError("loco did not exit; screen:\n%s\nraw: %r" % (
            self.screen.decode(errors="replace"), self.raw))


MODELS = [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-code"}]


def env_for(tmp, server):
    home = os.path.join(tmp, "home")
    os.makedirs(home, exist_ok=True)
    return hermetic_env(home, SRC, {"TERM": "xterm", "NO_COLOR": "1",
                                    "OLLAMA_HOST": "127.0.0.1:%d" % server.port})


def user_texts(body):
    return [m["content"] for m in body["messages"] if m["role"] != "system"]


def check(cond, what):
    if not cond:
        raise AssertionError(what)


# ---- scenarios ---------------------------------------------------------------


def test_prompt_routing_and_ctrl_d(tmp):
    """The prompt shows auto, then the routed adapter; Ctrl-D leaves with 0."""
    s = Server(tmp, {"models": MODELS, "replies": [{"content": "The answer is 4."},
                                                   {"content": "It is 8."}]})
    try:
        t = Term(["chat"], env_for(tmp, s))
        t.expect(r"/help lists commands")
        t.prompt("auto")
        t.send("solve 2+2\r")
        t.expect(r"router -> math")
        t.expect(r"The answer is 4\.")
        t.expect(r"\[math \| 4 tokens \| [\d.]+ tok/s \| [\d.]+s\]")
        t.prompt("math")
        t.send("write a python function that doubles it\r")
        t.expect(r"It is 8\.")
        t.prompt("math")
        t.send(b"\x04")
        check(t.wait() == 0, "Ctrl-D should exit 0")
        bodies = s.chats()
        check([b["model"] for b in bodies] == ["locollm-math", "locollm-math"],
              "the adapter must stick: %s" % [b["model"] for b in bodies])
        check(user_texts(bodies[1]) == [
            "solve 2+2", "The answer is 4.",
            "write a python function that doubles it\n\nRead the question again: "
            "write a python function that doubles it"], "history: %s" % user_texts(bodies[1]))
    finally:
        s.stop()


def test_waiting_line_while_the_model_loads(tmp):
    """Nothing for over a second: stderr shows the model loading, erased when
    the answer starts (issue 16: a 30 s first token was 30 s of blank screen)."""
    s = Server(tmp, {"models": MODELS, "replies": [
        {"content": "Loaded now.", "delay_first_ms": 1600}]})
    try:
        t = Term(["chat", "--adapter", "none", "--no-reread"], env_for(tmp, s))
        t.prompt("base")
        t.send("hello\r")
        t.expect(r"[|/\\-] loading qwen3:4b\.\.\. 1s")
        t.expect(r"Loaded now\.")
        check(b"\r\x1b[KLoaded now." in t.raw, "the waiting line must be erased first: %r"
              % t.raw[-200:])
        t.prompt("base")
        t.send(b"\x04")
        check(t.wait() == 0, "Ctrl-D should exit 0")
    finally:
        s.stop()


def test_ctrl_c_mid_answer(tmp):
    """Ctrl-C stops the answer, keeps the partial text and returns to the prompt."""
    words = " ".join("w%d" % i for i in range(40))
    s = Server(tmp, {"models": MODELS, "replies": [
        {"content": words, "delay_ms": 150}, {"content": "fine"}]})
    try:
        t = Term(["chat", "--adapter", "none", "--no-reread"], env_for(tmp, s))
        t.prompt("base")
        t.send("count slowly\r")
        t.expect(r"w0 w1 ")
        t.send(b"\x03")
        t.expect(r"stopped; the partial answer stays in the conversation")
        t.prompt("base")
        t.send("go on\r")
        t.expect(r"fine")
        t.prompt("base")
        t.send(b"\x04")
        check(t.wait() == 0, "the chat survives Ctrl-C and exits 0")
        bodies = s.chats()
        check(len(bodies) == 2, "two requests, got %d" % len(bodies))
        msgs = bodies[1]["messages"]
        check([m["role"] for m in msgs] == ["user", "assistant", "user"], str(msgs))
        partial = msgs[1]["content"]
        check(partial.startswith("w0 w1 ") and partial != words,
              "the partial answer is sent back: %r" % partial)
        path = os.path.join(tmp, "home/.locollm/sessions")
        files = os.listdir(path)
        with open(os.path.join(path, files[0])) as f:
            saved = json.load(f)
        check(saved["messages"][1]["partial"] is True, "marked partial in the session")
    finally:
        s.stop()


def test_ctrl_c_at_prompt(tmp):
    """Ctrl-C with text typed clears the line; on an empty line it leaves."""
    s = Server(tmp, {"models": MODELS, "replies": [{"content": "ok"}]})
    try:
        t = Term(["chat", "--adapter", "none"], env_for(tmp, s))
        t.prompt("base")
        t.send("half a thought")
        t.expect(r"half a thought")
        t.send(b"\x03")
        t.prompt("base")
        t.send(b"\x03")
        check(t.wait() == 0, "Ctrl-C on an empty line leaves with 0")
        check(s.chats() == [], "nothing was sent")
    finally:
        s.stop()


def test_multiline_and_history(tmp):
    """A \"\"\" block shows the continuation prompt; lines persist in history."""
    s = Server(tmp, {"models": MODELS, "replies": [{"content": "ok"}]})
    env = env_for(tmp, s)
    try:
        t = Term(["chat", "--adapter", "none", "--no-reread"], env)
        t.prompt("base")
        t.send('"""\r')
        t.expect(r"\.\.\. ")
        t.wait_raw()
        t.send("line one\r")
        t.expect(r"\.\.\. ")
        t.wait_raw()
        t.send("line two\r")
        t.expect(r"\.\.\. ")
        t.wait_raw()
        t.send('"""\r')
        t.expect(r"ok")
        t.prompt("base")
        t.send("/bye\r")
        check(t.wait() == 0, "/bye exits 0")
        check(user_texts(s.chats()[0]) == ["line one\nline two"], str(s.chats()))
        hist = os.path.join(env["LOCO_HOME"], "history")
        with open(hist, "rb") as f:
            text = f.read()
        # libedit's format: a header, then one vis(3)-encoded line per entry
        check(text.startswith(b"_HiStOrY_V2_\n") and b"line\\040two\n" in text
              and text.endswith(b"/bye\n"), "history file: %r" % text)
        # what was typed is private: 0600, in the 0700 LOCO_HOME the chat made
        check(os.stat(hist).st_mode & 0o777 == 0o600, "history is 0600")
        check(os.stat(env["LOCO_HOME"]).st_mode & 0o777 == 0o700, "LOCO_HOME made 0700")
        check(not [f for f in os.listdir(env["LOCO_HOME"]) if ".tmp." in f],
              "no temporary history file is left")

        # A new chat recalls the history with the up arrow.
        t = Term(["chat", "--adapter", "none", "--no-reread"], env)
        t.prompt("base")
        t.send(b"\x10")  # Ctrl-P, previous line: the newest of the last chat
        t.expect(r"/bye")
        t.send(b"\x15recalled\r")
        t.expect(r"ok")
        t.prompt("base")
        t.send(b"\x04")
        check(t.wait() == 0, "exit 0")
        check(user_texts(s.chats()[-1])[-1] == "recalled", str(s.chats()[-1]))
    finally:
        s.stop()


def test_utf8_input(tmp):
    """Multi-byte characters are read and edited as characters, with LC_ALL=C too."""
    s = Server(tmp, {"models": MODELS, "replies": [{"content": "ok"}]})
    try:
        t = Term(["chat", "--adapter", "none", "--no-reread"], env_for(tmp, s))
        t.prompt("base")
        t.send("caf\u00e9 na\u00efve \u03c0\u2248x")
        t.send(b"\x7f")  # backspace removes the whole last character
        t.send("3.14\r")
        t.expect(r"ok")
        t.prompt("base")
        t.send(b"\x04")
        check(t.wait() == 0, "exit 0")
        got = user_texts(s.chats()[0])
        check(got == ["caf\u00e9 na\u00efve \u03c0\u22483.14"], "sent %r" % got)
    finally:
        s.stop()


def test_two_chats_share_history(tmp):
    """Two chats open at once both keep their lines in the history file."""
    s = Server(tmp, {"models": MODELS, "replies": [{"content": "ok"}]})
    env = env_for(tmp, s)
    try:
        a = Term(["chat", "--adapter", "none"], env)
        a.prompt("base")
        b = Term(["chat", "--adapter", "none"], env)
        b.prompt("base")
        for t, word in ((a, "alpha"), (b, "beta"), (a, "gamma")):
            t.send(word + "\r")
            t.expect(r"ok")
            t.prompt("base")
        for t in (a, b):
            t.send(b"\x04")
            check(t.wait() == 0, "exit 0")
        with open(os.path.join(env["LOCO_HOME"], "history"), "rb") as f:
            lines = f.read().split(b"\n")
        check(lines[1:4] == [b"alpha", b"beta", b"gamma"], "history: %r" % lines)
    finally:
        s.stop()


def test_history_off(tmp):
    """chat.history: false keeps no history file."""
    s = Server(tmp, {"models": MODELS, "replies": [{"content": "ok"}]})
    env = env_for(tmp, s)
    os.makedirs(env["LOCO_HOME"], exist_ok=True)
    with open(os.path.join(env["LOCO_HOME"], "config.yaml"), "w") as f:
        f.write("chat: {history: false}\n")
    try:
        t = Term(["chat", "--adapter", "none"], env)
        t.prompt("base")
        t.send("hello\r")
        t.expect(r"ok")
        t.prompt("base")
        t.send(b"\x04")
        check(t.wait() == 0, "exit 0")
        check(not os.path.exists(os.path.join(env["LOCO_HOME"], "history")),
              "no history file with chat.history false")
    finally:
        s.stop()


def test_nudges_and_toggle(tmp):
    """Nudges follow answers on a terminal; /nudge turns them off."""
    s = Server(tmp, {"models": MODELS, "replies": [{"content": "ok"}]})
    try:
        t = Term(["chat", "--adapter", "math"], env_for(tmp, s))
        t.prompt("math")
        t.send("solve 1+1\r")
        t.expect(r"\[math \| [^\n]*\]\ntip: Does that match what you expected\?")
        t.prompt("math")
        t.send("solve 2+2\r")
        t.expect(r"\[math \| [^\n]*\]\ntip: (Check the result|Estimate first)")
        t.prompt("math")
        t.send("/nudge\r")
        t.expect(r"\[nudges off\]")
        t.send("solve 3+3\r")
        m = t.expect(r"\[math \| [^\n]*\]\n(.*)math> ")
        t.wait_raw()
        check(b"tip: " not in m.group(1), "no nudge after /nudge: %r" % m.group(1))
        t.send(b"\x04")
        check(t.wait() == 0, "exit 0")
    finally:
        s.stop()


def test_resume_shows_last_exchange(tmp):
    """--resume on a terminal shows where the conversation was and continues it."""
    s = Server(tmp, {"models": MODELS, "replies": [{"content": "The answer is 4."},
                                                   {"content": "8"}]})
    env = env_for(tmp, s)
    try:
        t = Term(["chat"], env)
        t.prompt("auto")
        t.send("solve 2+2\r")
        t.prompt("math")
        t.send(b"\x04")
        check(t.wait() == 0, "exit 0")
        t = Term(["chat", "--resume"], env)
        t.expect(r"\[resumed \d{8}-\d{6}: 2 messages, math\]")
        t.expect(r"math> solve 2\+2\nThe answer is 4\.")
        t.prompt("math")
        t.send("and doubled?\r")
        t.expect(r"8")
        t.prompt("math")
        t.send(b"\x04")
        check(t.wait() == 0, "exit 0")
        check(user_texts(s.chats()[1])[:2] == ["solve 2+2", "The answer is 4."],
              str(s.chats()[1]))
    finally:
        s.stop()


def test_message_argument_then_interactive(tmp):
    """`loco chat MESSAGE` on a terminal answers it, then prompts (ollama run)."""
    s = Server(tmp, {"models": MODELS, "replies": [{"content": "The answer is 4."},
                                                   {"content": "8"}]})
    try:
        t = Term(["chat", "solve", "2+2"], env_for(tmp, s))
        t.expect(r"router -> math")
        t.expect(r"The answer is 4\.")
        t.prompt("math")
        t.send("and doubled?\r")
        t.expect(r"8")
        t.prompt("math")
        t.send(b"\x04")
        check(t.wait() == 0, "Ctrl-D should exit 0")
        bodies = s.chats()
        check(user_texts(bodies[1])[:2] == ["solve 2+2", "The answer is 4."],
              "one conversation: %s" % user_texts(bodies[1]))
    finally:
        s.stop()


def test_tool_runs_shown_dimmed(tmp):
    """chat --tools on a terminal: each run's code and result are shown on
    stderr, dimmed (issue 19), then the answer; the second request carries the
    run's output as the tool message."""
    s = Server(tmp, {"models": [{"name": "qwen3:4b", "tools": True}], "replies": [
        {"match": {"last_role": "tool"}, "content": "It is 434."},
        {"content": "", "tool_calls": [{"name": "python",
                                        "arguments": {"code": "print(2480 * 0.175)"}}]}]})
    try:
        env = env_for(tmp, s)
        del env["NO_COLOR"]
        t = Term(["chat", "--adapter", "none", "--tools", "--color", "always"], env)
        t.prompt("base")
        t.send("What is 17.5% of 2,480?\r")
        t.expect(r"python \(ok, [\d.]+s\)")
        t.expect(r"> print\(2480 \* 0\.175\)")
        t.expect(r"= 434\.0")
        t.expect(r"It is 434\.")
        t.expect(r"\[base model \| 1 tool call \|")
        check(b"\x1b[2mpython (ok," in t.raw, "the run must be dimmed: %r" % t.raw[-400:])
        t.prompt("base")
        t.send(b"\x04")
        check(t.wait() == 0, "Ctrl-D should exit 0")
        bodies = s.chats()
        check(len(bodies) == 2 and bodies[1]["messages"][-1] == {
            "role": "tool", "content": "434.0\n", "tool_name": "python",
            "tool_call_id": bodies[1]["messages"][-2]["tool_calls"][0]["id"]},
              "the tool message: %s" % (bodies[-1]["messages"] if bodies else None))
    finally:
        s.stop()


def test_tools_confirm_asks_on_the_terminal(tmp):
    """tools.confirm: true asks before each run (issue 19): y runs the code,
    n does not, and the model is told so."""
    s = Server(tmp, {"models": [{"name": "qwen3:4b", "tools": True}], "replies": [
        {"match": {"last_role": "tool"}, "content": "Done."},
        {"content": "", "tool_calls": [{"name": "python",
                                        "arguments": {"code": "print(6 * 7)"}}]}]})
    try:
        env = env_for(tmp, s)
        os.makedirs(env["LOCO_HOME"], exist_ok=True)
        with open(os.path.join(env["LOCO_HOME"], "config.yaml"), "w") as f:
            f.write("tools: {confirm: true}\n")
        t = Term(["chat", "--adapter", "none", "--tools", "--no-nudge"], env)
        t.prompt("base")
        t.send("first\r")
        t.expect(r"the model wants to run python:")
        t.expect(r"run it in the sandbox\? \[y/N\]")
        t.send("y\r")
        t.expect(r"Done\.")
        t.prompt("base")
        t.send("second\r")
        t.expect(r"run it in the sandbox\? \[y/N\]")
        t.send("n\r")
        t.expect(r"Done\.")
        t.prompt("base")
        t.send(b"\x04")
        check(t.wait() == 0, "Ctrl-D should exit 0")
        tool_msgs = [b["messages"][-1]["content"] for b in s.chats()
                     if b["messages"][-1]["role"] == "tool"]
        check(tool_msgs == ["42\n", "error: the user did not allow this code to run"],
              "tool results sent: %s; screen %r" % (tool_msgs, t.raw[-1500:]))
    finally:
        s.stop()


def test_ctrl_l_clears_the_screen(tmp):
    """Ctrl-L at the prompt and while an answer streams clears the screen
    instead of echoing ^L; keys typed during the answer wait for the prompt."""
    s = Server(tmp, {"models": MODELS, "replies": [
        {"content": "first part, then more", "delay_first_ms": 300, "delay_ms": 500},
        {"content": "ok"}]})
    try:
        t = Term(["chat", "--adapter", "none", "--no-reread"], env_for(tmp, s))
        t.prompt("base")
        t.send(b"\x0c")
        t.expect(r"base> ")
        check(b"\x1b[H\x1b[2J" in t.raw, "Ctrl-L at the prompt: %r" % t.raw[-120:])
        t.send("hello\r")
        t.expect(r"first")
        before = t.raw.count(b"\x1b[H\x1b[2J")
        t.send(b"\x0cnext")
        t.expect(r"more")
        t.prompt("base")
        check(t.raw.count(b"\x1b[H\x1b[2J") == before + 1,
              "Ctrl-L mid-answer clears once: %r" % t.raw[-200:])
        check(b"^L" not in t.raw, "no ^L echoed: %r" % t.raw[-200:])
        t.expect(r"next")  # the typed-ahead text is on the prompt line
        t.send("\r")
        t.expect(r"ok")
        t.prompt("base")
        t.send(b"\x04")
        check(t.wait() == 0, "Ctrl-D should exit 0")
        check(user_texts(s.chats()[1])[-1] == "next", str(user_texts(s.chats()[1])))
    finally:
        s.stop()


def main():
    tests = [v for k, v in sorted(globals().items()) if k.startswith("test_")]
    passed = failed = 0
    for t in tests:
        tmp = tempfile.mkdtemp(prefix="loco-pty-")
        try:
            t(tmp)
            passed += 1
            print("ok  ", t.__name__)
        except AssertionError as e:
            failed += 1
            print("FAIL", t.__name__ + ":", e)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
