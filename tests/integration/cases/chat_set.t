# What people bring from `ollama run` (issue 21 item 3): `loco chat PROMPT`
# answers first and then reads stdin's messages; --resume=ID with a prompt;
# /set parameter and /set system, /show, /model and --model (item 4).
# The terminal half (staying interactive, Ctrl-L) is in tests/test_chat_pty.py.

=== chat PROMPT answers it; with nothing on stdin the chat ends there
$ loco chat solve 2+2
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}]}
--- stdout
4
--- stderr re
\[router -> math; it answers until /clear\]
\[math \| \d+ tokens .*\]
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math", "messages": [
   {"role": "system"},
   {"role": "user", "content": "solve 2+2\n\nRead the question again: solve 2+2"}]}}]

=== chat PROMPT then stdin's messages, in one conversation
$ loco chat -q "solve 2+2"
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "4"}, {"content": "8"}]}
--- stdin
and doubled?
--- stdout
4
8
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math"}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "messages": [
   {"role": "system"},
   {"role": "user", "content": "solve 2+2"}, {"role": "assistant", "content": "4"},
   {"role": "user", "content": "and doubled?\n\nRead the question again: and doubled?"}]}}]

=== a blank prompt is refused like an empty one, before any request
$ loco chat "   "
exit 2
--- stderr
loco: error: the message is empty

=== with a prompt, --resume's next words are the prompt: the last conversation continues
$ sh -c 'printf "solve 2+2\n" | $LOCO chat -q && $LOCO chat -q --resume and doubled'
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
   {"role": "user", "content": "and doubled\n\nRead the question again: and doubled"}]}}]

=== --resume=ID with a prompt continues that conversation; --resume ID alone still names one
$ sh -c 'printf "solve 2+2\n/save hw\n" | $LOCO chat -q && printf "hello\n" | $LOCO chat -q --adapter none && $LOCO chat -q --resume=hw and doubled && $LOCO chat -q --resume hw </dev/null && echo resumed'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "4"}, {"content": "hi"}, {"content": "8"}]}
--- stdout
4
hi
8
resumed
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math"}},
 {"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b"}},
 {"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math", "messages": [
   {"role": "system"},
   {"role": "user", "content": "solve 2+2"}, {"role": "assistant", "content": "4"},
   {"role": "user", "content": "and doubled\n\nRead the question again: and doubled"}]}},
 {"path": "/api/tags"}]

=== --list takes no message
$ loco chat --list hello
exit 2
--- stderr
loco: error: --list takes no message

=== /set parameter sets Ollama's options from the next turn; default puts one back
$ loco chat -q --adapter none --no-reread
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "a"}, {"content": "b"}]}
--- stdin
/set parameter temperature 0.2
/set parameter TOP_P 0.9
/set parameter top_k 40
/set parameter seed 7
/set parameter num_ctx 4096
/set parameter num_predict 100
one
/set parameter temperature default
/set parameter top_k default
/set parameter num_ctx default
two
--- stdout
a
b
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.2, "top_p": 0.9, "top_k": 40,
                                            "seed": 7, "num_ctx": 4096, "num_predict": 100}}},
 {"path": "/api/chat", "body": {"options": {"temperature": "<absent>", "top_p": 0.9,
                                            "top_k": "<absent>", "seed": 7, "num_ctx": 8192,
                                            "num_predict": 100}}}]

=== /set parameter checks names and config's ranges; a scripted chat then exits 1
$ loco chat -q
exit 1
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stdin
/set parameter temperature 5
/set parameter seed 1.5
/set parameter num_ctx 100
/set parameter mirostat 1
/set parameter top_k
/set verbose
--- stderr
loco: error: temperature must be a number from 0 to 2, not '5'
loco: error: seed must be a whole number from -2147483648 to 2147483647, not '1.5'
loco: error: num_ctx must be a whole number from 256 to 1048576, not '100'
loco: error: usage: /set parameter NAME VALUE (or NAME default)
hint: NAME is one of temperature, top_p, top_k, seed, num_ctx, num_predict
loco: error: usage: /set parameter NAME VALUE (or NAME default)
hint: NAME is one of temperature, top_p, top_k, seed, num_ctx, num_predict
loco: error: usage: /set parameter NAME VALUE, or /set system TEXT
hint: '/show' lists the parameters and the system message in force
--- requests
[{"path": "/api/tags"}]

=== /set system replaces the system message, as /system does
$ loco chat -q --adapter math --no-reread
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}]}
--- stdin
/set system Answer with a number only.
solve 2+2
--- stdout
4
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"messages": [
   {"role": "system", "content": "Answer with a number only."},
   {"role": "user", "content": "solve 2+2"}]}}]

=== /show says who answers, with what, and how the last message was routed
$ loco chat -q --no-reread
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}]}
--- stdin
/show
solve 2+2
/set parameter temperature 0.5
/show
--- stdout re
adapter    \(routed from the next message\)
model      qwen3:4b
parameters
  temperature  \(the model's default\)
  top_p        \(the model's default\)
  top_k        \(the model's default\)
  seed         \(the model's default\)
  num_ctx      8192
  num_predict  \(the model's default\)
  think        off
  reread       off
  votes        1
system     \(none\)
router     the next message is routed
4
adapter    math
model      locollm-math
parameters
  temperature  0.5
.*
  reread       off
  votes        1
system     You are LocoLLM's math specialist\..*
router     'solve 2\+2' -> math \(score \d+, confidence 1.00\); /route explains it

=== /model NAME asks that Ollama model directly: no adapter, no system message, RE2 kept
$ loco chat -q
exit 1
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "llama3.2:1b"}, {"name": "locollm-math"}],
 "replies": [{"content": "4"}, {"content": "5"}]}
--- stdin
/model llama3.2:1b
solve 2+2
/adapter auto
solve 2+3
/model nosuch
--- stdout
4
5
--- stderr re
loco: error: model 'nosuch' is not installed on http://127.0.0.1:\d+
hint: 'ollama pull nosuch' fetches it; 'ollama list' shows what is there
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "llama3.2:1b", "messages": [
   {"role": "user", "content": "solve 2+2\n\nRead the question again: solve 2+2"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-math"}}]

=== chat --model NAME: the model directly, saved and resumed as such
$ sh -c 'printf "solve 2+2\n/save m\n" | $LOCO chat -q --model llama3.2:1b --no-reread && grep -E "\"(mode|model)\"" $LOCO_HOME/sessions/m.json | head -2 && printf "more\n" | $LOCO chat -q --resume m'
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "llama3.2:1b"}, {"name": "locollm-math"}],
 "replies": [{"content": "4"}, {"content": "5"}]}
--- stdout
4
	"mode":	"model",
	"model":	"llama3.2:1b",
5
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "llama3.2:1b", "messages": [
   {"role": "user", "content": "solve 2+2"}]}},
 {"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "llama3.2:1b"}}]

=== chat --model with a model the server does not have exits 4 before asking
$ loco chat --model nosuch hello
exit 4
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stderr re
loco: error: model 'nosuch' is not installed on http://127.0.0.1:\d+
hint: 'ollama pull nosuch' fetches it; 'ollama list' shows what is there
--- requests
[{"path": "/api/tags"}]

=== --adapter and --model together are a usage error
$ loco chat --adapter math --model llama3.2:1b
exit 2
--- stderr
loco: error: --adapter and --model cannot be used together
hint: --model NAME asks that Ollama model directly, with no adapter
