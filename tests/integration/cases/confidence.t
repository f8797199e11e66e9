# Agreement as confidence (issue 20): the winner's mean token
# log-probability, where the server returns them. Votes ask for them
# ("logprobs": true, Ollama's api.ChatRequest in api/types.go and OpenAI's
# chat completions); Ollama sends each chunk's tokens as "logprobs" (server/
# routes.go), its /v1 layer as choices[0].logprobs.content (openai/openai.go).

=== votes ask Ollama for logprobs; the winner's mean is in --json and on the metadata line
$ sh -c '$LOCO query --votes 3 --no-early-stop --seed 1 --no-route --json x && $LOCO query --votes 3 --no-early-stop --seed 1 --no-route x'
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [
   {"match": {"seed": 1}, "content": "it is 7", "logprobs": [-1, -2, -0.25]},
   {"match": {"seed": 2}, "content": "it is 7", "logprobs": [-0.5]},
   {"match": {"seed": 3}, "content": "8", "logprobs": [-3]}]}
--- stdout re
\{.*"votes":\{.*"agreement":0.6667,"logprob":-1.0833,"samples":\[\{"index":0,.*"logprob":-1.0833\},\{"index":1,.*"logprob":-0.5\},\{"index":2,.*"logprob":-3\}\]\},.*\}
it is 7
--- stderr re
\[base model \| 2/3 agree on it is 7; others: 8 \(1\) \| mean logprob -1\.08 \| \d+ tokens \| .*\]
--- requests any-order
[{"path": "/api/tags"}, {"path": "/api/tags"},
 {"path": "/api/chat", "body": {"logprobs": true}}, {"path": "/api/chat", "body": {"logprobs": true}},
 {"path": "/api/chat", "body": {"logprobs": true}}, {"path": "/api/chat", "body": {"logprobs": true}},
 {"path": "/api/chat", "body": {"logprobs": true}}, {"path": "/api/chat", "body": {"logprobs": true}}]

=== an OpenAI-compatible server's logprobs are read from choices[0].logprobs.content
$ loco query --votes 2 --no-early-stop --seed 1 --no-route x
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
--- server
{"models": [{"name": "qwen3:4b"}],
 "replies": [{"content": "yes sir", "logprobs": [-0.2, -0.4]}]}
--- stdout
yes sir
--- stderr re
\[base model \| 2/2 agree on yes sir \| mean logprob -0\.30 \| \d+ tokens \| .*\]
--- requests any-order
[{"path": "/v1/models"},
 {"path": "/v1/chat/completions", "body": {"logprobs": true}},
 {"path": "/v1/chat/completions", "body": {"logprobs": true}}]

=== a single answer does not ask for logprobs
$ loco query --no-route -q x
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "y"}]}
--- stdout
y
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat", "body": {"logprobs": "<absent>"}}]
