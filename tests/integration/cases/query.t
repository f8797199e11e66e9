# loco query against the strict fake Ollama (tests/fake_ollama.py): routing,
# the exact request sent (system context, RE2, think, options), streaming,
# metadata, --json, fallbacks, and every kind of server fault.

=== the issue's example: routed to math, RE2, think:false, streamed
$ loco query "What is 15 + 27?"
--- server
{"models": [{"name": "qwen3:4b", "thinking": true}, {"name": "locollm-math:latest"}],
 "replies": [{"content": "15 + 27 = 42.\nThe answer is 42.", "thinking": "should never be sent"}]}
--- stdout
15 + 27 = 42.
The answer is 42.
--- stderr re
\[router -> math \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]
--- requests
[{"method": "GET", "path": "/api/tags"},
 {"method": "POST", "path": "/api/chat", "body": {
   "model": "locollm-math",
   "messages": [
     {"role": "system", "content": "<any>"},
     {"role": "user", "content": "What is 15 + 27?\n\nRead the question again: What is 15 + 27?"}],
   "stream": true, "think": false, "keep_alive": "5m",
   "options": {"num_ctx": 8192, "temperature": "<absent>", "seed": "<absent>"}}}]

=== the math adapter's own system prompt is sent
$ loco query --json --registry $SRC/adapters/registry.yaml "solve 2x = 10"
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "x = 5"}]}
--- stdout re
\{"adapter":"math","model":"locollm-math","routed":true,"fallback":false,"conversation":"[0-9a-z]{26}","router":\{"confidence":1,"low_confidence":false,"scores":\{"math":\d+,"code":0,"analysis":0\}\},"system":"You are LocoLLM's math specialist\..*","prompt":"solve 2x = 10\\n\\nRead the question again: solve 2x = 10","response":"x = 5","thinking":null,"votes":null,"partial":false,"cached":false,"stats":\{"prompt_tokens":\d+,"tokens":\d+,"tokens_per_s":[\d.]+,"seconds":[\d.]+,"done_reason":"stop"\}\}

=== --no-reread sends the question once
$ loco query --no-reread -q "solve 2+2"
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}]}
--- stdout
4
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"messages": [{"role": "system"}, {"role": "user", "content": "solve 2+2"}]}}]

=== inference.reread false in the config turns RE2 off too
$ loco query -q "solve 2+2"
--- file home/.locollm/config.yaml
inference: {reread: false}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}]}
--- stdout
4
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"messages": [{"role": "system"}, {"role": "user", "content": "solve 2+2"}]}}]

=== --no-route: the base model, no system message
$ loco query --no-route -q "solve 2+2"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "4"}]}
--- stdout
4
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b",
   "messages": [{"role": "user", "content": "solve 2+2\n\nRead the question again: solve 2+2"}]}}]

=== the base model with --system
$ loco query --no-route --system "Be brief." "hello there"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "Hi."}]}
--- stdout
Hi.
--- stderr re
\[base model \| .*\]
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "messages": [
   {"role": "system", "content": "Be brief."},
   {"role": "user", "content": "hello there\n\nRead the question again: hello there"}]}}]

=== --adapter picks the adapter; an adapter without system_prompt gets the template
$ loco query --adapter tutor -q "hi"
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, description: "patient algebra tutoring"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "Hello!"}]}
--- stdout
Hello!
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-tutor", "messages": [
   {"role": "system", "content": "You are a helpful AI assistant specialized in patient algebra tutoring.\nFocus on providing accurate, detailed responses within your area of expertise.\nIf a question falls outside your specialty, provide your best general answer\nand note that it's outside your primary domain."},
   {"role": "user", "content": "hi\n\nRead the question again: hi"}]}}]

=== an unknown --adapter: exit 4 with a suggestion
$ loco query --adapter mth "x"
exit 4
--- stderr
loco: error: adapter 'mth' not found in (built-in registry)
hint: did you mean 'math'?

=== the adapter's model is not installed: the base model answers, with the adapter's context
$ loco query "solve 2+2"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "4"}]}
--- stdout
4
--- stderr re
loco: warning: model 'locollm-math' is not installed
hint: 'loco setup' creates it; until then qwen3:4b answers
\[router -> math \(via base model\) \| .*\]
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "messages": [{"role": "system"}, {"role": "user"}]}}]

=== the base model is not installed either: exit 4 with the fix
$ loco query "solve 2+2"
exit 4
--- server
{"models": [], "replies": [{"content": "4"}]}
--- stderr
loco: warning: model 'locollm-math' is not installed
hint: 'loco setup' creates it; until then qwen3:4b answers
loco: error: model 'qwen3:4b' not found; run 'ollama pull qwen3:4b'

=== --think asks for thinking, which stays hidden
$ loco query --no-route --think -q "2+2?"
--- server
{"models": [{"name": "qwen3:4b", "thinking": true}], "replies": [{"content": "4", "thinking": "two and two"}]}
--- stdout
4
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat", "body": {"think": true}}]

=== --show-thinking prints it on stderr
$ loco query --no-route --think --show-thinking -q "2+2?"
--- server
{"models": [{"name": "qwen3:4b", "thinking": true}], "replies": [{"content": "4", "thinking": "two and two"}]}
--- stdout
4
--- stderr
two and two

=== --think on a model that cannot think: the server's 400, exit 1
$ loco query --no-route --think "2+2?"
exit 1
--- server
{"models": [{"name": "qwen3:4b", "thinking": false}], "replies": [{"content": "4"}]}
--- stderr
loco: error: server error (HTTP 400): "qwen3:4b" does not support thinking

=== inline <think> blocks (HTML-escaped on the wire) never reach the answer
$ loco query --no-route -q "2+2?"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "<think>adding</think>\n\nThe answer is 4.", "split": "chars"}]}
--- stdout
The answer is 4.

=== sampling options from flags
$ loco query --no-route -q --temperature 0.2 --seed 7 --max-tokens 64 --num-ctx 4096 "x"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "y"}]}
--- stdout
y
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.2, "seed": 7, "num_predict": 64, "num_ctx": 4096}}}]

=== inference.temperature and keep_alive from the config
$ loco query --no-route -q "x"
--- file home/.locollm/config.yaml
inference: {temperature: 0.5}
ollama: {keep_alive: "1h"}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "y"}]}
--- stdout
y
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"keep_alive": "1h", "options": {"temperature": 0.5}}}]

=== a bad flag value is a usage error, before any request
$ loco query --temperature hot "x"
exit 2
--- stderr
loco: error: --temperature must be a number from 0 to 2, not 'hot'

=== the prompt from stdin
$ loco query --no-route -q
--- stdin
What is the capital of France?
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "Paris."}]}
--- stdout
Paris.
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user", "content": "What is the capital of France?\n\nRead the question again: What is the capital of France?"}]}}]

=== an empty prompt is a usage error
$ loco query ""
exit 2
--- stderr
loco: error: the prompt is empty

=== a prompt of white space only is refused like an empty one, from arguments or stdin
$ sh -c '$LOCO query "   "; echo $?; printf "\n \t\n" | $LOCO query; echo $?'
--- stdout
2
2
--- stderr
loco: error: the prompt is empty
loco: error: the prompt is empty

=== --adapter none means the base model, as in chat
$ loco query --adapter none --no-reread "solve 2+2"
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}], "replies": [{"content": "4"}]}
--- stdout
4
--- stderr re
\[base model \| .*\]
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b",
   "messages": [{"role": "user", "content": "solve 2+2"}]}}]

=== --model NAME asks that Ollama model directly: no routing, no system context, RE2 kept
$ loco query --json --model llama3.2:1b "solve 2+2"
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "llama3.2:1b"}, {"name": "locollm-math"}],
 "replies": [{"content": "4"}]}
--- stdout json
{"adapter": null, "model": "llama3.2:1b", "routed": false, "fallback": false,
 "conversation": "<any>", "system": null, "prompt": "solve 2+2\n\nRead the question again: solve 2+2",
 "response": "4", "thinking": null, "votes": null, "partial": false, "cached": false,
 "stats": "<any>"}
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "llama3.2:1b",
   "messages": [{"role": "user", "content": "solve 2+2\n\nRead the question again: solve 2+2"}]}}]

=== --model names the model on the metadata line; --no-reread sends the question once
$ loco query --model llama3.2:1b --no-reread "solve 2+2"
--- server
{"models": [{"name": "llama3.2:1b"}], "replies": [{"content": "4"}]}
--- stdout
4
--- stderr re
\[llama3\.2:1b \| \d+ tokens .*\]
--- requests
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"messages": [{"role": "user", "content": "solve 2+2"}]}}]

=== --model with a model the server lacks exits 4 before asking
$ loco query --model nosuch hello
exit 4
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stderr re
loco: error: model 'nosuch' is not installed on http://127\.0\.0\.1:\d+
hint: 'ollama pull nosuch' fetches it; 'ollama list' shows what is there
--- requests
[{"path": "/api/tags"}]

=== --model, --adapter and --no-route exclude each other
$ loco query --model a --no-route hello
exit 2
--- stderr
loco: error: --adapter, --model and --no-route cannot be used together
hint: --model NAME asks that Ollama model directly, with no adapter

=== server down: exit 3, how to start it
$ loco query "solve 2+2"
exit 3
--- stderr
loco: error: cannot reach Ollama at http://127.0.0.1:9 (connection refused)
hint: start it with 'ollama serve'
hint: or check OLLAMA_HOST (or give --host URL)

=== --host wins over OLLAMA_HOST
$ loco --host http://127.0.0.1:9/ query "solve 2+2"
env OLLAMA_HOST=http://127.0.0.1:1
exit 3
--- stderr
loco: error: cannot reach Ollama at http://127.0.0.1:9 (connection refused)
hint: start it with 'ollama serve'
hint: or check the address given with --host

=== OLLAMA_HOST with a trailing slash and quotes never gives //api
$ loco query --no-route -q "x"
env OLLAMA_HOST="'127.0.0.1:$PORT/'"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "y"}]}
--- stdout
y
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat"}]

=== Unicode cut at random byte offsets arrives intact
$ loco query --no-route -q "x"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "Ça coûte 5 € — 東京 😀 <b>&amp;</b>", "split": "chars", "wire_split": "random", "seed": 3}]}
--- stdout
Ça coûte 5 € — 東京 😀 <b>&amp;</b>

=== a multi-megabyte line is fine
$ loco query --no-route --json "x"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "", "fault": {"kind": "huge_line", "bytes": 3000000}}]}
--- stdout re
\{"adapter":null,.*"response":"[^"]{3000000}",.*"partial":false.*\}

=== text carried in the done object is part of the answer
$ loco query --no-route -q "x"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "The answer", "final_content": " is 4."}]}
--- stdout
The answer is 4.

=== an error line mid-stream: exit 1, the partial answer is marked
$ loco query --no-route "x"
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "The answer is", "fault": {"kind": "error_mid_stream", "after": 2, "error": "an error was encountered while running the model"}}]}
--- stdout
The answer 
--- stderr
loco: error: server error: an error was encountered while running the model
hint: the answer above is partial

=== a legacy server (before v0.12.6): the error is the first line of a 200 stream
$ loco query --no-route "x"
exit 1
--- server
{"legacy_errors": true, "models": [{"name": "qwen3:4b"}], "replies": [{"fault": {"kind": "status", "status": 500, "error": "model runner has unexpectedly stopped"}}]}
--- stderr
loco: error: server error: model runner has unexpectedly stopped

=== a legacy server's error line carrying status 404 means the model is missing
$ loco query --no-route "x"
exit 4
--- server
{"legacy_errors": true, "models": [{"name": "qwen3:4b"}], "replies": [{"fault": {"kind": "error_mid_stream", "after": 0, "error": "model 'qwen3:4b' not found", "status": 404}}]}
--- stderr
loco: error: model 'qwen3:4b' not found; run 'ollama pull qwen3:4b'

=== the connection is cut: exit 1, partial
$ loco query --no-route "x"
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "one two three four", "fault": {"kind": "cut", "after": 2}}]}
--- stdout
one two 
--- stderr
loco: error: the server closed the connection before the answer was complete
hint: the answer above is partial

=== a stream without done:true is not an answer
$ loco query --no-route "x"
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "one two", "fault": {"kind": "no_done"}}]}
--- stdout
one two
--- stderr
loco: error: the server ended the stream without finishing the answer (no done:true)
hint: the answer above is partial

=== a garbage line
$ loco query --no-route "x"
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "one two", "fault": {"kind": "garbage", "after": 1, "line": "<html>502 Bad Gateway</html>"}}]}
--- stdout
one 
--- stderr
loco: error: the server sent a line that is not JSON: '<html>502 Bad Gateway</html>'
hint: the answer above is partial

=== HTTP 500 with the server's text
$ loco query --no-route "x"
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"fault": {"kind": "status", "status": 500, "error": "option \"stop\" must be of type array"}}]}
--- stderr
loco: error: server error (HTTP 500): option "stop" must be of type array

=== HTTP 503: busy, asked again with eval's backoff (0.5, 1, 2, 4 s), then given up
$ loco query --no-route "x"
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"fault": {"kind": "status", "status": 503}}]}
--- stderr
loco: warning: the server is busy (HTTP 503: server busy, please try again.  maximum pending requests exceeded)
hint: asking again in 0.5 s (attempt 2 of 5)
loco: warning: the server is busy (HTTP 503: server busy, please try again.  maximum pending requests exceeded)
hint: asking again in 1 s (attempt 3 of 5)
loco: warning: the server is busy (HTTP 503: server busy, please try again.  maximum pending requests exceeded)
hint: asking again in 2 s (attempt 4 of 5)
loco: warning: the server is busy (HTTP 503: server busy, please try again.  maximum pending requests exceeded)
hint: asking again in 4 s (attempt 5 of 5)
loco: error: the server is busy (HTTP 503: server busy, please try again.  maximum pending requests exceeded)
hint: try again in a moment

=== 503 and 429 before the answer are retried; the answer then streams
$ loco query --no-route "x"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"fault": {"kind": "status", "status": 503}},
                                              {"fault": {"kind": "status", "status": 429, "error": "too many requests"}},
                                              {"content": "fine"}]}
--- stdout
fine
--- stderr re
loco: warning: the server is busy \(HTTP 503: server busy, please try again\.  maximum pending requests exceeded\)
hint: asking again in 0\.5 s \(attempt 2 of 5\)
loco: warning: the server is busy \(HTTP 429: too many requests\)
hint: asking again in 1 s \(attempt 3 of 5\)
\[base model \| .*\]
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"}]

=== a non-JSON error body is shown raw
$ loco query --no-route "x"
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"fault": {"kind": "status", "status": 502, "body": "<html><body>\n<h1>502 Bad Gateway</h1>\n</body></html>", "content_type": "text/html"}}]}
--- stderr
loco: error: server error (HTTP 502): <html><body> <h1>502 Bad Gateway</h1> </body></html>

=== a stalled server trips ollama.stall_timeout
$ loco query --no-route "x"
exit 1
--- file home/.locollm/config.yaml
ollama: {stall_timeout: 1}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "one two three", "fault": {"kind": "stall", "after": 1, "ms": 4000}}]}
--- stdout
one 
--- stderr
loco: error: the server sent nothing for 1 s (ollama.stall_timeout)
hint: the answer above is partial

=== Ctrl-C mid-answer: exit 130, the partial answer ends with a newline
$ loco query --no-route "x"
interrupt on stdout "one two "
exit 130
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "one two three", "fault": {"kind": "stall", "after": 2, "ms": 8000}}]}
--- stdout
one two 
--- stderr
loco: error: interrupted
hint: the answer above is partial

=== a reader that goes away: loco stops and says so
$ loco query --no-route "x"
stdout closed
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "one two three"}]}
--- stderr
loco: error: cannot write to standard output: Broken pipe

=== OpenAI-compatible server: SSE stream, bearer key from the named variable
$ loco query --no-route -q "x"
env MY_KEY=sk-test
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1/", api_key_env: MY_KEY}
--- server
{"api_key": "sk-test", "models": [{"name": "qwen3:4b"}], "replies": [{"content": "Paris is the capital."}]}
--- stdout
Paris is the capital.
--- requests
[{"method": "GET", "path": "/v1/models", "headers": {"authorization": "Bearer sk-test"}},
 {"method": "POST", "path": "/v1/chat/completions", "body": {"model": "qwen3:4b", "stream": true,
   "messages": [{"role": "user", "content": "x\n\nRead the question again: x"}]}}]

=== OpenAI-compatible server: a wrong key
$ loco query --no-route "x"
env MY_KEY=sk-wrong
exit 1
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1", api_key_env: MY_KEY}
--- server
{"api_key": "sk-test", "models": [{"name": "qwen3:4b"}], "replies": [{"content": "x"}]}
--- stderr re
loco: error: the server refused the request \(HTTP 401: .*\)
hint: check the API key in \$MY_KEY

=== backend.kind openai without base_url
$ loco query "x"
exit 5
--- file home/.locollm/config.yaml
backend: {kind: openai}
--- stderr
loco: error: backend.kind is openai but backend.base_url is not set
hint: loco config set backend.base_url http://127.0.0.1:8080/v1

=== Ollama's bare 403 (a Host or Origin it does not allow) is not about an API key
$ loco query --no-route "x"
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"fault": {"kind": "status", "status": 403, "body": ""}}]}
--- stderr re
loco: error: Ollama at http://127\.0\.0\.1:\d+ refused the request \(HTTP 403 with an empty body\)
hint: Ollama does so for a host name or origin it does not allow
hint: \(OLLAMA_HOST and OLLAMA_ORIGINS on the server\), or a proxy does

=== a 401 with a body from an Ollama address says where a key goes
$ loco query --no-route "x"
exit 1
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"fault": {"kind": "status", "status": 401, "body": "{\"error\":\"unauthorized\"}"}}]}
--- stderr re
loco: error: the server at http://127\.0\.0\.1:\d+ wants credentials \(HTTP 401: unauthorized\)
hint: loco sends an API key only to an OpenAI-compatible server
hint: \(backend\.kind openai, the key in \$OPENAI_API_KEY\)

=== a server's negative and huge counts are unknown, not printed
$ loco query --no-route "x"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "4", "eval_count": -5, "prompt_eval_count": 1e300, "eval_duration": -1}]}
--- stdout
4
--- stderr re
\[base model \| 0 tokens \| 0\.0 tok/s \| \d+\.\ds\]

=== --think --no-think contradict each other: a usage error, before any request
$ loco query --think --no-think "x"
exit 2
--- stderr
loco: error: --think and --no-think cannot be used together
