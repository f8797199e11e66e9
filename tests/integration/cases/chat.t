# loco chat with stdin not a terminal (scripted chats) against the strict
# fake Ollama: routing that sticks and resets, the exact history sent each
# turn (RE2 on the newest question only), compaction, votes, every slash
# command, sessions saved and resumed. Terminal behaviour (prompt, Ctrl-C,
# line history) is tested through a pseudo-terminal in tests/test_chat_pty.py.

=== the first message is routed and the adapter sticks; history and RE2 on the newest only
$ loco chat
--- server
{"models": [{"name": "qwen3:4b", "thinking": true}, {"name": "locollm-math"}, {"name": "locollm-code"}],
 "replies": [{"content": "The answer is 4."}, {"content": "It returns 8."}]}
--- stdin
solve 2+2
write a python function that doubles it
--- stdout
The answer is 4.
It returns 8.
--- stderr re
\[router -> math; it answers until /clear\]
\[math \| 4 tokens \| [\d.]+ tok/s \| [\d.]+s\]
\[math \| 3 tokens \| [\d.]+ tok/s \| [\d.]+s\]
--- requests
[{"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/chat", "body": {
   "model": "locollm-math",
   "messages": [{"role": "system", "content": "<any>"},
                {"role": "user", "content": "solve 2+2\n\nRead the question again: solve 2+2"}],
   "stream": true, "think": false, "options": {"num_ctx": 8192, "temperature": "<absent>"}}},
 {"method": "POST", "path": "/api/chat", "body": {
   "model": "locollm-math",
   "messages": [{"role": "system", "content": "<any>"},
                {"role": "user", "content": "solve 2+2"},
                {"role": "assistant", "content": "The answer is 4."},
                {"role": "user", "content": "write a python function that doubles it\n\nRead the question again: write a python function that doubles it"}],
   "options": {"num_ctx": 8192}}}]

=== /clear forgets the conversation and routes the next message again
$ loco chat -q
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-code"}],
 "replies": [{"content": "4"}, {"content": "def f(): pass"}]}
--- stdin
solve 2+2
/CLEAR
write a python function
--- stdout
4
def f(): pass
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math"}},
 {"path": "/api/chat", "body": {"model": "locollm-code", "messages": [
   {"role": "system", "content": "<any>"},
   {"role": "user", "content": "write a python function\n\nRead the question again: write a python function"}]}}]

=== nothing matches: the base model answers and the next message is routed again
$ loco chat
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "Hello!"}, {"content": "4"}]}
--- stdin
hello there
solve 2+2
--- stdout
Hello!
4
--- stderr re
\[no adapter matched: the base model answers; the next message is routed again\]
\[base model \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]
\[router -> math; it answers until /clear\]
\[math \| \d+ tokens .*\]
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "messages": [
   {"role": "user", "content": "hello there\n\nRead the question again: hello there"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "messages": [
   {"role": "system", "content": "<any>"},
   {"role": "user", "content": "hello there"},
   {"role": "assistant", "content": "Hello!"},
   {"role": "user", "content": "solve 2+2\n\nRead the question again: solve 2+2"}]}}]

=== a low-confidence route says so and names /adapter
$ loco chat
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-code"}],
 "replies": [{"content": "ok"}]}
--- stdin
write a python function and solve 2+2
--- stdout
ok
--- stderr re
\[router -> code; it answers until /clear\]
loco: low confidence: code 2 vs math 2; if code is wrong, pick with '/adapter math' \(or '/adapter' to list them\)
\[code \| .*\]

=== --adapter fixes the adapter; /adapter none and /adapter auto change who answers
$ loco chat -q --adapter code
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-code"}],
 "replies": [{"content": "a"}, {"content": "b"}, {"content": "c"}]}
--- stdin
solve 2+2
/adapter none
solve 3+3
/Adapter auto
solve 4+4
--- stdout
a
b
c
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-code", "messages": [{"role": "system"}, {"role": "user"}]}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "messages": [
   {"role": "user", "content": "solve 2+2"}, {"role": "assistant", "content": "a"},
   {"role": "user", "content": "solve 3+3\n\nRead the question again: solve 3+3"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "messages": [
   {"role": "system"},
   {"role": "user", "content": "solve 2+2"}, {"role": "assistant", "content": "a"},
   {"role": "user", "content": "solve 3+3"}, {"role": "assistant", "content": "b"},
   {"role": "user"}]}}]

=== /adapter lists the adapters and marks the one answering
$ loco chat -q --adapter math
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdin
/adapter
--- stdout
* math             math word problems and arithmetic reasoning
  code             Python programming: writing, explaining and fixing code
  analysis         reading comprehension, summarising and analysing texts
mode: fixed
'/adapter NAME' picks one, '/adapter auto' routes again, '/adapter none'
uses the base model

=== an unknown adapter gets a did-you-mean and a scripted chat exits 1
$ loco chat -q
exit 1
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdin
/adapter maht
--- stderr
loco: error: adapter 'maht' not found in (built-in registry)
hint: did you mean 'math'?

=== --adapter with an unknown name exits 4 before anything is sent
$ loco chat --adapter nope
exit 4
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stderr re
loco: error: adapter 'nope' not found in \(built-in registry\)
hint: 'loco adapters list' shows them
--- requests
[]

=== /reread off, /think on, /system TEXT and /system default change the next request
$ loco chat -q --adapter none
--- server
{"models": [{"name": "qwen3:4b", "thinking": true}],
 "replies": [{"content": "1"}, {"content": "2"}, {"content": "3"}]}
--- stdin
/reread off
/think on
/system You are terse.
first
/system default
/THINK off
/reread ON
second
/system
third
--- stdout
1
2
(no system message: the base model answers)
3
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"think": true, "messages": [
   {"role": "system", "content": "You are terse."}, {"role": "user", "content": "first"}]}},
 {"path": "/api/chat", "body": {"think": false, "messages": [
   {"role": "user", "content": "first"}, {"role": "assistant", "content": "1"},
   {"role": "user", "content": "second\n\nRead the question again: second"}]}},
 {"path": "/api/chat", "body": {"think": false}}]

=== thinking stays hidden unless --show-thinking
$ loco chat -q --adapter none --think --show-thinking
env NO_COLOR=1
--- server
{"models": [{"name": "qwen3:4b", "thinking": true}],
 "replies": [{"content": "42", "thinking": "hmm"}]}
--- stdin
what is it
--- stdout
42
--- stderr
hmm

=== /votes 3 samples three answers at once and keeps the majority
$ loco chat --adapter math --seed 7 --no-early-stop
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "The answer is 5.", "match": {"seed": 7}},
             {"content": "The answer is 6.", "match": {"seed": 8}},
             {"content": "So the answer is 6.", "match": {"seed": 9}}]}
--- stdin
/votes 3
solve 2+4
--- stdout
The answer is 6.
--- stderr re
\[3 answers per turn; the winner is kept\]
\[math \| 2/3 agree on 6; others: 5 \(1\) \| mean logprob -0\.50 \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"options": {"seed": 7, "temperature": 0.7, "num_ctx": 8192}}},
 {"path": "/api/chat", "body": {"options": {"seed": 8, "temperature": 0.7}}},
 {"path": "/api/chat", "body": {"options": {"seed": 9, "temperature": 0.7}}}]

=== a message across lines between """ fences is one message
$ loco chat -q --adapter none --no-reread
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "ok"}, {"content": "ok2"}]}
--- stdin
"""first line

  third line, indented
"""
"""one-liner"""
--- stdout
ok
ok2
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user", "content": "first line\n\n  third line, indented"}]}},
 {"path": "/api/chat", "body": {"messages": [
   {"role": "user", "content": "first line\n\n  third line, indented"}, {"role": "assistant", "content": "ok"},
   {"role": "user", "content": "one-liner"}]}}]

=== input that ends inside a """ block is not sent and the chat exits 1
$ loco chat -q --adapter none
exit 1
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdin
"""never
closed
--- stderr
loco: error: line 3: input ended inside a """ block; that message was not sent
--- requests
[{"path": "/api/tags"}]

=== at 90% of the context limit the oldest messages stop being sent
$ loco chat --adapter none --no-reread
--- file home/.locollm/config.yaml
chat: {context_limit: 256}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}]}
--- stdin
u1: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
u2: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
u3: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
u4: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
u5: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
--- stdout re
(a{100}\n){4}a{100}\n?
--- stderr re
(\[base model \| [^\n]*\]\n){4}\[the conversation reached 90% of the 256-token context: the 2 oldest messages are no longer sent; the last 4 always stay\]
\[base model \| .*\]
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"options": {"num_ctx": 256}, "messages": [{"role": "user", "content": "u1: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}]}},
 {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"},
 {"path": "/api/chat", "body": {"options": {"num_ctx": 256}, "messages": [
   {"role": "user", "content": "u2: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}, {"role": "assistant"},
   {"role": "user", "content": "u3: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}, {"role": "assistant"},
   {"role": "user", "content": "u4: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}, {"role": "assistant"},
   {"role": "user", "content": "u5: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}]}}]

=== compaction never drops the last 4 messages, even past the limit: that turn gets a larger num_ctx
$ loco chat -q --adapter none --no-reread
--- file home/.locollm/config.yaml
chat: {context_limit: 256}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}]}
--- stdin
big1: cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc
big2: cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc
big3: cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc
/stats
--- stdout re
(a{100}\n){3}session   \d{8}-\d{6} \(6 messages, 1 no longer sent\)
adapter   base model \(none\)
context   about \d+ of 256 tokens \(\d+%\)
answers   3, \d+ tokens, [\d.]+ tok/s, [\d.]+s in all
settings  votes 1, reread off, think off, nudges on \(shown on a terminal only\)
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user"}, {"role": "assistant"}, {"role": "user"}]}},
 {"path": "/api/show", "body": {"model": "qwen3:4b"}},
 {"path": "/api/chat", "body": {"options": {"num_ctx": 2048}, "messages": [
   {"role": "assistant"}, {"role": "user", "content": "big2: cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"}, {"role": "assistant"},
   {"role": "user", "content": "big3: cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"}]}}]

=== every turn is saved; --resume continues the last conversation with its history and adapter
$ sh -c 'printf "solve 2+2\n" | $LOCO chat -q && printf "and doubled?\n" | $LOCO chat -q --resume'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "4"}, {"content": "8"}]}
--- stdout
4
8
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math"}},
 {"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math", "messages": [
   {"role": "system"},
   {"role": "user", "content": "solve 2+2"}, {"role": "assistant", "content": "4"},
   {"role": "user", "content": "and doubled?\n\nRead the question again: and doubled?"}]}}]

=== the session file holds the user's own words, who answered, and the sticky adapter
$ sh -c 'printf "solve 2+2\n/save homework\n" | $LOCO chat -q && cat $LOCO_HOME/sessions/homework.json && ls $LOCO_HOME/sessions'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4", "eval_count": 1}]}
--- stdout re
4
\{
	"loco_session":	1,
	"id":	"homework",
	"named":	true,
	"created":	"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
	"updated":	"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
	"mode":	"auto",
	"adapter":	"math",
	"system":	null,
	"conversation":	"[0-9a-z]{26}",
	"context_start":	0,
	"messages":	\[\{
			"role":	"user",
			"content":	"solve 2\+2"
		\}, \{
			"role":	"assistant",
			"content":	"4",
			"adapter":	"math",
			"model":	"locollm-math",
			"tokens":	1,
			"partial":	false
		\}\]
\}
homework.json

=== --resume NAME continues a named conversation; --list shows every saved one
$ sh -c 'printf "solve 2+2\n/save hw\n" | $LOCO chat -q && printf "hello\n" | $LOCO chat -q --adapter none && printf "again\n" | $LOCO chat -q --resume hw && $LOCO chat --list'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "4"}, {"content": "hi"}, {"content": "sure"}]}
--- stdout re
4
hi
sure
SESSION +UPDATED +MSGS  ADAPTER +FIRST QUESTION
(hw +\S+ +4  math +solve 2\+2
\d{8}-\d{6} +\S+ +2  - +hello|\d{8}-\d{6} +\S+ +2  - +hello
hw +\S+ +4  math +solve 2\+2)\n?
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/tags"}, {"path": "/api/chat"},
 {"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math", "messages": [
   {"role": "system"}, {"role": "user", "content": "solve 2+2"}, {"role": "assistant", "content": "4"},
   {"role": "user"}]}}]

=== chat --list --json, and --list with nothing saved
$ sh -c '$LOCO chat --list && $LOCO chat --list --json && printf "solve 2+2\n/save x\n" | $LOCO chat -q >/dev/null && $LOCO chat --list --json'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}]}
--- stdout re
\[\]
\[\{"id":"x","updated":"[^"]+","messages":2,"adapter":"math","first":"solve 2\+2"\}\]
--- stderr re
no saved conversations in .*/home/.locollm/sessions yet; start one with 'loco chat'

=== /load switches to a saved conversation; the current one stays saved
$ sh -c 'printf "solve 2+2\n/save a\n" | $LOCO chat -q && printf "hello\n/load a\nmore\n" | $LOCO chat --adapter none'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "4"}, {"content": "hi"}, {"content": "more math"}]}
--- stdout
4
hi
more math
--- stderr re
\[base model \| .*\]
\[the conversation so far stays saved as \d{8}-\d{6}\]
\[loaded a: 2 messages, math\]
\[math \| .*\]
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/tags"}, {"path": "/api/chat"},
 {"path": "/api/chat", "body": {"model": "locollm-math", "messages": [
   {"role": "system"}, {"role": "user", "content": "solve 2+2"}, {"role": "assistant", "content": "4"},
   {"role": "user", "content": "more\n\nRead the question again: more"}]}}]

=== /save refuses a name another conversation has, and bad names
$ sh -c 'printf "solve 2+2\n/save a\n" | $LOCO chat -q && printf "hello\n/save a\n/save ../x\n/save\n" | $LOCO chat -q --adapter none'
exit 1
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}, {"content": "hi"}]}
--- stdout
4
hi
--- stderr
loco: error: a conversation named 'a' exists
hint: pick another name, or '/load a' to continue it
loco: error: usage: /save NAME (letters, digits, '.', '_' and '-', at most 64)
loco: error: usage: /save NAME (letters, digits, '.', '_' and '-', at most 64)

=== --resume with nothing saved exits 4 and says how to start
$ loco chat --resume
exit 4
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stderr re
loco: error: no saved conversation to resume in .*/home/.locollm/sessions; start one with 'loco chat'

=== --resume with an unknown name suggests the closest
$ loco chat --resume homewrk
exit 4
--- file home/.locollm/sessions/homework.json
{"loco_session": 1, "id": "homework", "created": "2026-11-01T10:00:00Z", "updated": "2026-11-01T10:00:00Z", "mode": "auto", "adapter": null, "system": null, "messages": []}
--- stderr
loco: error: no session 'homewrk'; did you mean 'homework'?

=== a damaged session file is named with line and column and left alone
$ loco chat --resume broken
exit 5
--- file home/.locollm/sessions/broken.json
{"loco_session": 1,
 "id": "broken", oops}
--- stderr re
loco: error: .*/home/.locollm/sessions/broken.json:2:19: invalid JSON; fix it or move the file away
--- after home/.locollm/sessions/broken.json
{"loco_session": 1,
 "id": "broken", oops}

=== a session with a wrong type is named, and --list skips it with a warning
$ sh -c '$LOCO chat --resume bad; $LOCO chat --list'
--- file home/.locollm/sessions/bad.json
{"loco_session": 1, "id": "bad", "created": "x", "updated": "x", "mode": "auto", "adapter": null, "system": null, "messages": [{"role": "robot", "content": "hi"}]}
--- stderr re
loco: error: .*/bad.json: messages\[0\]\.role: expected "user" or "assistant", found "robot"; fix it or move the file away
loco: warning: skipped .*/bad.json: messages\[0\]\.role: expected "user" or "assistant", found "robot"; fix it or move the file away
no saved conversations in .* yet; start one with 'loco chat'

=== the adapter's model is not installed: say so once and the base model answers with its system prompt
$ loco chat
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "4"}, {"content": "8"}]}
--- stdin
solve 2+2
solve 4+4
--- stdout
4
8
--- stderr re
\[router -> math; it answers until /clear\]
loco: warning: model 'locollm-math' is not installed; the base model answers
hint: with math's system prompt; 'loco setup' creates locollm-math
\[math via qwen3:4b \| .*\]
\[math via qwen3:4b \| .*\]
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "messages": [{"role": "system", "content": "<any>"}, {"role": "user"}]}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b"}}]

=== the server is down: exit 3 before the first prompt
$ loco chat
exit 3
--- stdin
hello
--- stderr re
loco: error: cannot reach Ollama at http://127.0.0.1:\d+ \(.*\)
hint: start it with 'ollama serve'
hint: or check OLLAMA_HOST \(or give --host URL\)

=== a failed turn is reported, its question dropped, and the chat goes on (exit 1 at the end)
$ loco chat -q --adapter none --no-reread
exit 1
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [{"content": "x", "fault": {"kind": "status", "status": 500, "error": "boom"}}, {"content": "fine"}]}
--- stdin
first
second
--- stdout
fine
--- stderr
loco: error: server error (HTTP 500): boom
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user", "content": "second"}]}}]

=== an answer cut mid-stream is kept as partial and marked so
$ loco chat -q --adapter none --no-reread
exit 1
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [{"content": "one two three", "fault": {"kind": "cut", "after": 2}}, {"content": "fine"}]}
--- stdin
first
second
--- stdout
one two 
fine
--- stderr re
loco: error: .*
hint: the answer above is partial
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user", "content": "first"},
   {"role": "assistant", "content": "one two "}, {"role": "user", "content": "second"}]}}]

=== Ctrl-C stops the answer, keeps what arrived, and the chat goes on
$ loco chat --adapter none --no-reread
interrupt on stdout "one two "
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [{"content": "one two three four five six seven eight nine ten", "delay_ms": 250}, {"content": "fine"}]}
--- stdin
first
second
--- stdout re
one two (three )?\nfine
--- stderr re
\[stopped; the partial answer stays in the conversation\]
\[base model \| .*\]
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user", "content": "first"},
   {"role": "assistant", "content": "<any>"}, {"role": "user", "content": "second"}]}}]

=== unknown commands point to /help; a scripted chat exits 1
$ loco chat -q
exit 1
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdin
/stast
/frobnicate
/votes 99
/reread maybe
--- stderr
loco: error: unknown command '/stast'; did you mean '/stats'?
hint: /help lists the commands; '//' sends a message that starts with '/'
loco: error: unknown command '/frobnicate'
hint: /help lists the commands; '//' sends a message that starts with '/'
loco: error: usage: /votes N, a whole number from 1 (off) to 64
loco: error: usage: /reread on|off

=== /help lists every command; /bye leaves before later lines
$ loco chat -q
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdin
/help
/bye
never sent
--- stdout
  /help                        this list
  /bye                         leave (also /quit, /exit, Ctrl-D)
  /quit                        leave
  /exit                        leave
  /clear                       start over: forget the conversation, route again
  /adapter  [NAME|auto|none]   list adapters, or choose who answers
  /stats                       messages, context, tokens, speed, settings
  /nudge    [on|off]           suggestions after answers
  /votes    N                  sample N answers per turn, keep the winner
  /reread   on|off             RE2: send the newest question twice
  /think    on|off|show|hide   let the model think; show or hide it
  /system   [TEXT|default]     show or replace the system message
  /save     NAME               name this conversation (saved each turn anyway)
  /load     NAME               continue a saved conversation
  /route                       explain how the last message was routed
  /set      parameter NAME V   a parameter (/show lists them), or: system TEXT
  /show                        adapter, model, parameters, system, routing
  /model    NAME               ask this Ollama model directly (no adapter)
A message across lines goes between lines of """; '//' sends a message
that starts with '/'. Ctrl-C stops an answer; Ctrl-C on an empty line or
Ctrl-D leaves. Ctrl-L clears the screen.
--- requests
[{"path": "/api/tags"}]

=== /route explains the routing of the last message (before any, it says so: exit 1 when scripted)
$ loco chat -q
exit 1
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}]}
--- stdin
/route
solve 2+2
/route
--- stdout
4
  adapter          score  matched
* math                 2  solve, \d+(?:\.\d+)?\s*[-+*/x×÷^]\s*\d+
  code                 0
  analysis             0
margin 2 over analysis (2 vs 0), confidence 1.00
(math answers until /clear or '/adapter auto')
--- stderr
loco: error: no message yet; type one first (or try 'loco route TEXT')

=== --json is for --list only
$ loco chat --json
exit 2
--- stderr
loco: error: --json goes with --list; a chat itself is text
hint: script a chat through stdin, or use 'loco query --json'

=== a message may start with '/': doubled, or inside a """ block
$ loco chat -q --adapter none --no-reread
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "a"}, {"content": "b"}]}
--- stdin
//etc/hosts is what?
"""
/usr/bin holds programs
"""
--- stdout
a
b
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user", "content": "/etc/hosts is what?"}]}},
 {"path": "/api/chat", "body": {"messages": [{"role": "user"}, {"role": "assistant"},
   {"role": "user", "content": "/usr/bin holds programs"}]}}]

=== -r without an id resumes the newest conversation; -r ID a named one
$ sh -c 'printf "solve 2+2\n/save hw\n" | $LOCO chat -q && printf "more\n" | $LOCO chat -r -q && printf "again\n" | $LOCO chat -q -r hw'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}, {"content": "5"}, {"content": "6"}]}
--- stdout
4
5
6
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat"},
 {"path": "/api/tags"}, {"path": "/api/chat", "body": {"messages": [{"role": "system"}, {"role": "user", "content": "solve 2+2"}, {"role": "assistant"}, {"role": "user"}]}},
 {"path": "/api/tags"}, {"path": "/api/chat", "body": {"messages": [{"role": "system"}, {"role": "user"}, {"role": "assistant"}, {"role": "user", "content": "more"}, {"role": "assistant", "content": "5"}, {"role": "user"}]}}]

=== a session's file name is its id: a copied file is its own conversation, and an id inside cannot move a save
$ sh -c 'printf "solve 2+2\n/save orig\n" | $LOCO chat -q && sed "s/\"id\":.*\"orig\"/\"id\": \"..\/..\/evil\"/" $LOCO_HOME/sessions/orig.json > $LOCO_HOME/sessions/copy.json && printf "more\n" | $LOCO chat -q --resume copy && cd $LOCO_HOME/sessions && grep -c content orig.json copy.json && ls && ls $T/home | wc -l'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}, {"content": "5"}]}
--- stdout
4
5
orig.json:2
copy.json:4
copy.json
orig.json
0

=== two chats started in the same second get two files; session files are private
$ sh -c '(printf "first\n" | $LOCO chat -q --adapter none > ../a.txt) & printf "second\n" | $LOCO chat -q --adapter none > ../b.txt; wait; ls $LOCO_HOME/sessions | wc -l; cat $LOCO_HOME/sessions/*.json | grep -c "\"content\":"; stat -c %a $LOCO_HOME/sessions $LOCO_HOME/sessions/*.json | sort -u'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "ok"}]}
--- stdout
2
4
600
700

=== a block past the size limit is dropped whole, and the chat goes on
$ sh -c 'python3 -c "import sys; sys.stdout.write(chr(34)*3 + chr(10) + (\"x\"*700000 + chr(10))*2 + \"/adapter none\" + chr(10) + \"tail line\" + chr(10) + chr(34)*3 + chr(10) + \"after\" + chr(10))" | $LOCO chat -q --adapter none --no-reread'
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "ok"}]}
--- stdout
ok
--- stderr
loco: error: line 3: a message is limited to 1 MiB; it was not sent
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user", "content": "after"}]}}]

=== a line ending in """ inside a block (a docstring) does not close it
$ loco chat -q --adapter none --no-reread
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "ok"}]}
--- stdin
"""
def f(x):
    """Double x."""
    return 2*x
"""
--- stdout
ok
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user", "content": "def f(x):\n    \"\"\"Double x.\"\"\"\n    return 2*x"}]}}]

=== a line with a NUL byte or invalid UTF-8 is refused with its line number
$ sh -c 'printf "a\000b\nbad \377 byte\nfine\n" | $LOCO chat -q --adapter none --no-reread'
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "ok"}]}
--- stdout
ok
--- stderr
loco: error: line 1: the line holds a NUL byte; it was not sent
loco: error: line 2: the line is not valid UTF-8; it was not sent
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user", "content": "fine"}]}}]

=== an empty answer is said, and its question is not kept
$ loco chat --adapter none --no-reread
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": ""}, {"content": "ok"}]}
--- stdin
first
second
--- stdout
ok
--- stderr re
\[the model returned an empty answer; the question was dropped\]
\[base model \| .*\]
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user", "content": "second"}]}}]

=== a first question that fails does not keep the adapter it was routed to
$ loco chat -q
exit 1
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-code"}],
 "replies": [{"content": "x", "fault": {"kind": "status", "status": 500, "error": "boom"}}, {"content": "def f(): pass"}]}
--- stdin
solve 2+2
write a python function
--- stdout
def f(): pass
--- stderr
loco: error: server error (HTTP 500): boom
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math"}},
 {"path": "/api/chat", "body": {"model": "locollm-code"}}]

=== a reader that goes away: the chat stops, says why, and keeps no unanswered question
$ sh -c 'printf "solve 2+2\nsolve 3+3\n" | $LOCO chat -q --adapter none | head -c 1; echo; cat $LOCO_HOME/sessions/*.json | grep -c "\"role\":"'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "many words in this answer", "delay_ms": 100}]}
--- stdout re
m
2?
--- stderr
loco: error: cannot write to standard output: Broken pipe

=== best_of_n votes in chat: a failed sample is named, the judge picks, the pick is kept
$ loco chat --adapter none --votes 3 --no-early-stop --seed 1 --vote-method best_of_n --no-reread
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [
  {"match": {"contains": "why?"}, "content": "sure"},
  {"match": {"contains": "Which response is best?"}, "content": "Best: 2"},
  {"match": {"seed": 1}, "content": "4 is prime."},
  {"match": {"seed": 2}, "content": "7 is prime."},
  {"match": {"seed": 3}, "content": "x", "fault": {"kind": "status", "status": 500, "error": "boom"}}]}
--- stdin
Name a prime.
/votes 1
why?
--- stdout
7 is prime.
sure
--- stderr re
loco: warning: sample 3 of 3 failed: boom
\[base model \| the judge picked response 2 of 2 \| .*\]
\[votes off\]
\[base model \| .*\]
--- requests any-order
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user", "content": "<any>"}]}},
 {"path": "/api/chat", "body": {"messages": [{"role": "user", "content": "Name a prime."},
   {"role": "assistant", "content": "7 is prime."}, {"role": "user", "content": "why?"}]}}]

=== conversations are private: 0600 files in a 0700 folder
$ sh -c 'echo hi | $LOCO chat -q --adapter none > /dev/null && stat -c "%a" $LOCO_HOME/sessions $LOCO_HOME/sessions/*.json'
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "hello"}]}
--- stdout
700
600

=== an empty session file (a first save cut short by a full disk or kill -9) is not listed or warned about; --resume says what it is
$ sh -c '$LOCO chat --list; $LOCO chat --resume 20260101-000000'
exit 5
--- file home/.locollm/sessions/20260101-000000.json
--- stderr re
no saved conversations in .* yet; start one with 'loco chat'
loco: error: .*/20260101-000000.json is empty: a save that never finished \(a full disk, or loco killed\); delete it

=== chat: a busy server is asked again, saying so
$ loco chat -q
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"fault": {"kind": "status", "status": 503}}, {"content": "hello there"}]}
--- stdin
hi
--- stdout
hello there
--- stderr
loco: warning: the server is busy (HTTP 503: server busy, please try again.  maximum pending requests exceeded)
hint: asking again in 0.5 s (attempt 2 of 5)

=== chat decodes --think --no-think as query does: a usage error
$ loco chat --think --no-think
exit 2
--- stderr
loco: error: --think and --no-think cannot be used together

=== two adapters' models not installed: each said once, the first time it is chosen
$ loco chat
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "4"}, {"content": "def f(): pass"}, {"content": "6"}]}
--- stdin
solve 2+2
/clear
write a python function
/clear
solve 3+3
--- stdout
4
def f(): pass
6
--- stderr re
\[router -> math; it answers until /clear\]
loco: warning: model 'locollm-math' is not installed; the base model answers
hint: with math's system prompt; 'loco setup' creates locollm-math
\[math via qwen3:4b \| .*\]
.*\[router -> code; it answers until /clear\]
loco: warning: model 'locollm-code' is not installed; the base model answers
hint: with code's system prompt; 'loco setup' creates locollm-code
\[code via qwen3:4b \| .*\]
.*\[router -> math; it answers until /clear\]
\[math via qwen3:4b \| [^\n]*\]
