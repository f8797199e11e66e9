# Model and file text on a terminal (issue 14, item 6): control sequences are
# shown, never obeyed (src/core/termsafe.c); a pipe, a file or --raw get the bytes
# as sent. LOCO_FORCE_TTY=1 makes loco treat stdout and stderr as terminals.

=== query on a terminal: OSC 52, a title, a screen erase, C1 and a lone ESC are shown, cut or not
$ loco query --no-route -q --color never "hi"
env LOCO_FORCE_TTY=1
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [{"split": ["copied\u001b", "]52;c;SGVsbG8=\u0007 titled \u001b]0;", "pwned\u001b\\ erased\u001b[2", "J c1 \u009b2J tab\tend \u001b"]}]}
--- stdout
copied^[]52;c;SGVsbG8=^G titled ^[]0;pwned^[\ erased^[[2J c1 <U+009B>2J tab	end ^[

=== query on a terminal: \r\n ends a line, a lone \r cannot overwrite it, even cut between chunks
$ loco query --no-route -q "hi"
env LOCO_FORCE_TTY=1
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [{"split": ["The answer is 5\r", "The answer is 4\r", "\nnext line\r\n"]}]}
--- stdout
The answer is 5^MThe answer is 4
next line

=== query on a pipe: the model's bytes as they came
$ loco query --no-route -q "hi"
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [{"split": ["a\u001b]0;T\u0007", "b\r\n"]}]}
--- stdout re
a\x1b\]0;T\x07b\r

=== query --raw on a terminal: the model's bytes as they came
$ loco query --raw --no-route -q "hi"
env LOCO_FORCE_TTY=1
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [{"content": "a\u001b[2Jb"}]}
--- stdout re
a\x1b\[2Jb

=== the thinking on a terminal is shown the same way, between loco's own dim codes
$ loco query --no-route --think --show-thinking -q "2+2?"
env LOCO_FORCE_TTY=1
--- server
{"models": [{"name": "qwen3:4b", "thinking": true}],
 "replies": [{"content": "4", "thinking": "two \u001b]0;x\u0007 and two"}]}
--- stdout
4
--- stderr re
\x1b\[2mtwo \^\[\]0;x\^G and two\x1b\[0m

=== --json is escaped JSON, terminal or not
$ loco query --json --no-route "hi"
env LOCO_FORCE_TTY=1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "a\u001b[2Jb"}]}
--- stdout re
\{.*"response":"a\\u001b\[2Jb".*\}

=== votes: the winner and the tally (the samples' own answers) are shown, not obeyed
$ loco query --no-route --votes 3 --no-early-stop --seed 1 --color never "hi"
env LOCO_FORCE_TTY=1
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [{"content": "yes\u001b]0;T\u0007"}]}
--- stdout
yes^[]0;T^G
--- stderr re
(\r\[votes \d/3\])+\r\x1b\[K\[base model \| 3/3 agree on yes\^\[\]0;t\^G \| mean logprob -0\.50 \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]

=== a server's error message on a terminal is shown, not obeyed
$ loco query --no-route "hi"
env LOCO_FORCE_TTY=1
exit 1
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [{"fault": {"kind": "status", "status": 500, "error": "boom\u001b]52;c;eA==\u0007"}}]}
--- stderr
loco: error: server error (HTTP 500): boom^[]52;c;eA==^G

=== chat: answers on a terminal are shown, not obeyed; a pipe would get them raw
$ loco chat --adapter none --color never -q
env LOCO_FORCE_TTY=1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"split": ["one\u001b", "[2J two"]}]}
--- stdin
hello
--- stdout
one^[[2J two

=== chat --raw: answers as sent
$ loco chat --raw --adapter none -q
env LOCO_FORCE_TTY=1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "one\u001b[2J two"}]}
--- stdin
hello
--- stdout re
one\x1b\[2J two

=== chat --list: a saved conversation's title, adapter and name are shown, not obeyed
$ loco chat --list
env LOCO_FORCE_TTY=1
--- file home/.locollm/sessions/20260101-000000.json
{"loco_session": 1, "id": "x", "created": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z\u001b[2J", "mode": "auto", "adapter": "m\u001b]0;T\u0007", "system": null, "context_start": 0, "messages": [{"role": "user", "content": "what \u001b]52;c;eA==\u0007 is this?"}]}
--- stdout
SESSION              UPDATED               MSGS  ADAPTER      FIRST QUESTION
20260101-000000      2026-01-01T00:00:00Z^[[2J     1  m^[]0;T^G    what ^[]52;c;eA==^G is this?

=== adapters show and list: registry strings are shown, not obeyed
$ sh -c '$LOCO -q adapters show evil && $LOCO -q adapters list'
env LOCO_FORCE_TTY=1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  evil: {version: 1.0.0, domain: "e\e[2J", type: system-prompt, description: "hi \e]52;c;eA==\a", tags: ["t\e]0;x\a"], system_prompt: "be \x9b2J nice"}
--- stdout
evil 1.0.0 (system-prompt, domain e^[[2J, inactive)
model:        locollm-evil (from qwen3:4b)
description:  hi ^[]52;c;eA==^G
tags:         t^[]0;x^G
system prompt:
  be <U+009B>2J nice
NAME             VERSION   TYPE           DOMAIN       ACTIVE INSTALLED LAST EVAL              DESCRIPTION
evil             1.0.0     system-prompt  e^[[2J       no     yes       -                      hi ^[]52;c;eA==^G

=== adapters list: an archived verdict is shown, not obeyed
$ loco -q adapters list
env LOCO_FORCE_TTY=1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.1.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/math/eval.jsonl
{"question": "2+2?", "answer": 4}
--- file home/.locollm/results/math/20260901T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships\u001b]0;T\u0007", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "by_difficulty": {}}
--- stdout
NAME             VERSION   TYPE           DOMAIN       ACTIVE INSTALLED LAST EVAL              DESCRIPTION
math             0.1.0     system-prompt  math         no     yes       72.5% ships^[]0;T^G (stale) 

=== adapters search: an index's descriptions are shown, not obeyed
$ loco adapters search poems
env LOCO_FORCE_TTY=1
--- files-server
{"files": {"/index.yaml": {"text": "base_model: {ollama_name: \"qwen3:4b\"}\nadapters:\n  poet: {version: 0.3.0, type: system-prompt, system_prompt: \"x\", description: \"poems \\e]52;c;eA==\\a and \\e[2J verse\"}\n"}}}
--- file home/.locollm/config.yaml
index_url: "http://127.0.0.1:$FPORT/index.yaml"
--- stdout
NAME             VERSION   INSTALLED SOURCE         DESCRIPTION
poet             0.3.0     -         index          poems ^[]52;c;eA==^G and ^[[2J verse

=== leaderboard: an archived verdict and semester are shown, not obeyed
$ loco leaderboard --color never
env LOCO_FORCE_TTY=1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.1.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/math/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
--- file home/.locollm/results/math/20260901T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "564a0c07947dc95a60f0d1187e4eb3a4a6bc33b63335c6a4f9732f04ebe180c5", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships\u001b]52;c;eA==\u0007", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2\u001b[2J", "timestamp": "20260901T090000Z", "base_only": false, "by_difficulty": {}}
--- stdout
math  benchmark adapters/math/eval.jsonl
  RANK   ADAPTER  VERSION   SCORE    BASE   DELTA  VERDICT            TREND
     1 * math     0.1.0     72.5%   55.0%   +17.5  ships^[]52;c;eA==^G  2026-S2^[[2J 72.5

=== chat /adapter lists the registry's descriptions, shown, not obeyed
$ loco chat --adapter none -q
env LOCO_FORCE_TTY=1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  evil: {version: 1.0.0, type: system-prompt, description: "hi \e]52;c;eA==\a"}
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdin
/adapter
--- stdout
  evil             hi ^[]52;c;eA==^G
mode: none: the base model answers
'/adapter NAME' picks one, '/adapter auto' routes again, '/adapter none'
uses the base model
