# backend.kind llamacpp (issue 22): one base model in llama-server, its LoRA
# adapters loaded with --lora and picked per request by the "lora" field,
# found by matching the registry's adapter_path file names with
# GET /lora-adapters (at the server's root). The fake answers as the adapter
# whose scale is above 0 (scenario lora_adapters), so a wrong "lora" field
# gets the wrong reply as well as a failed request check.

=== an adapter request names the base model and sets only its adapter's scale
$ loco query --adapter math -q "What is 2 + 2?"
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  poet: {version: 1.0.0, type: lora, adapter_path: poet/poet-lora.gguf, description: "verse"}
  math: {version: 1.0.0, type: lora, adapter_path: math/math-lora.gguf, description: "sums"}
--- server
{"models": [{"name": "qwen3:4b"}],
 "lora_adapters": [{"id": 0, "path": "/srv/poet-lora.gguf", "model": "poet"},
                   {"id": 1, "path": "/srv/math-lora.gguf", "model": "math"}],
 "replies_by_model": {"math": [{"content": "4"}], "poet": [{"content": "a rhyme"}],
                      "qwen3:4b": [{"content": "base"}]}}
--- stdout
4
--- requests
[{"method": "GET", "path": "/lora-adapters"},
 {"path": "/v1/models"},
 {"path": "/v1/chat/completions",
  "body": {"model": "qwen3:4b", "lora": [{"id": 0, "scale": 0}, {"id": 1, "scale": 1}]}}]

=== a base-model request sends every adapter at scale 0
$ loco query --no-route -q "x"
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: math/math-lora.gguf, description: "sums"}
--- server
{"models": [{"name": "qwen3:4b"}],
 "lora_adapters": [{"id": 0, "path": "math-lora.gguf", "scale": 1.0, "model": "math"}],
 "replies_by_model": {"math": [{"content": "4"}], "qwen3:4b": [{"content": "base"}]}}
--- stdout
base
--- requests
[{"method": "GET", "path": "/lora-adapters"},
 {"path": "/v1/models"},
 {"path": "/v1/chat/completions",
  "body": {"model": "qwen3:4b", "lora": [{"id": 0, "scale": 0}]}}]

=== a system-prompt adapter goes to the base, adapters off, with its system context
$ loco query --adapter tutor -q "What is 2 + 2?"
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: math/math-lora.gguf, description: "sums"}
  tutor: {version: 1.0.0, type: system-prompt, description: "t", system_prompt: "You tutor."}
--- server
{"models": [{"name": "qwen3:4b"}],
 "lora_adapters": [{"id": 0, "path": "math-lora.gguf", "model": "math"}],
 "replies_by_model": {"math": [{"content": "4"}], "qwen3:4b": [{"content": "Let us see."}]}}
--- stdout
Let us see.
--- requests
[{"method": "GET", "path": "/lora-adapters"},
 {"path": "/v1/models"},
 {"path": "/v1/chat/completions",
  "body": {"model": "qwen3:4b", "lora": [{"id": 0, "scale": 0}],
           "messages": [{"role": "system", "content": "You tutor."}, {"role": "user"}]}}]

=== an adapter the server has not loaded: exit 4, listing what it has, lines within 80 columns
$ loco query --adapter math -q "What is 2 + 2?"
exit 4
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: math/math-lora.gguf, description: "sums"}
--- server
{"models": [{"name": "qwen3:4b"}],
 "lora_adapters": [{"id": 0, "path": "/srv/poet-lora.gguf"}, {"id": 1, "path": "/srv/old.gguf"}]}
--- stderr re
loco: error: adapter 'math' needs LoRA file 'math-lora\.gguf',
which the llama-server at http://127\.0\.0\.1:\d+/v1 has not loaded;
it has loaded 2 \(id, file\):
   0  /srv/poet-lora\.gguf
   1  /srv/old\.gguf
start it with --lora for that file \('loco setup --dry-run'
prints the command line\)
--- requests
[{"method": "GET", "path": "/lora-adapters"}, {"path": "/v1/models"}]

=== a merged-GGUF adapter is a model of its own: said so, with the way out
$ loco query --adapter big -q "x"
exit 4
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  big: {version: 1.0.0, type: merged-gguf, gguf_path: big/big.gguf, description: "merged"}
--- server
{"models": [{"name": "qwen3:4b"}], "lora_adapters": []}
--- stderr
loco: error: adapter 'big' is a merged GGUF model (big.gguf),
a model of its own, which llama-server cannot swap to: it keeps
one base model and swaps LoRA adapters per request;
run that file as a second server (llama-server -m FILE)
and point backend.base_url at it for this adapter
--- requests
[{"method": "GET", "path": "/lora-adapters"}, {"path": "/v1/models"}]

=== votes on an adapter: every sample carries the adapter's lora field
$ loco query --adapter math --votes 3 -q "What is 2 + 2?"
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: math/math-lora.gguf, description: "sums", eval_type: numeric}
--- server
{"models": [{"name": "qwen3:4b"}],
 "lora_adapters": [{"id": 3, "path": "math-lora.gguf", "model": "math"}],
 "replies_by_model": {"math": [{"content": "4"}], "qwen3:4b": [{"content": "5"}]}}
--- stdout
4
--- requests any-order
[{"method": "GET", "path": "/lora-adapters"},
 {"path": "/v1/models"},
 {"path": "/v1/chat/completions", "body": {"model": "qwen3:4b", "lora": [{"id": 3, "scale": 1}]}},
 {"path": "/v1/chat/completions", "body": {"model": "qwen3:4b", "lora": [{"id": 3, "scale": 1}]}},
 {"path": "/v1/chat/completions", "body": {"model": "qwen3:4b", "lora": [{"id": 3, "scale": 1}]}}]

=== setup makes no models: it checks each LoRA adapter is loaded and prints the command line
$ loco setup
exit 4
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b", gguf_path: /models/qwen3-4b.gguf}
adapters:
  poet: {version: 1.0.0, type: lora, adapter_path: poet/poet-lora.gguf, description: "verse"}
  math: {version: 1.0.0, type: lora, adapter_path: "math/math lora.gguf", description: "sums"}
  tutor: {version: 1.0.0, type: system-prompt, description: "t", system_prompt: "You tutor."}
  big: {version: 1.0.0, type: merged-gguf, gguf_path: big/big.gguf, description: "merged"}
--- server
{"models": [{"name": "qwen3:4b"}],
 "lora_adapters": [{"id": 0, "path": "/srv/poet-lora.gguf"}]}
--- stdout
ADAPTER          TYPE           STATUS    NOTE
poet             lora           loaded    LoRA id 0
math             lora           missing   not loaded on the server
tutor            system-prompt  ready     the base model, its system prompt
big              merged-gguf    separate  a model of its own: a second server
1 of 2 LoRA adapters loaded on llama-server at http://127.0.0.1:$PORT/v1

start the server with every LoRA adapter of the registry:
  llama-server -m /models/qwen3-4b.gguf \
    --alias qwen3:4b \
    --lora $T/work/adapters/poet/poet-lora.gguf \
    --lora '$T/work/adapters/math/math lora.gguf' \
    --lora-init-without-apply \
    -np 4 \
    --port $PORT
--- stderr
loco: error: 1 LoRA adapter is not loaded on the server
hint: restart the server with the command line above
--- requests
[{"method": "GET", "path": "/lora-adapters"}]

=== setup --dry-run prints the command line and asks the server nothing; a missing gguf_path is named
$ loco setup --dry-run
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
eval: {jobs: 2}
inference: {votes: 5}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: /srv/math-lora.gguf, description: "sums"}
--- server
{"models": [{"name": "qwen3:4b"}], "lora_adapters": []}
--- stdout
start the server with every LoRA adapter of the registry:
  llama-server -m BASE.gguf \
    --alias qwen3:4b \
    --lora /srv/math-lora.gguf \
    --lora-init-without-apply \
    -np 5 \
    --port $PORT
--- stderr
hint: set base_model.gguf_path (the base model's GGUF) in adapters/registry.yaml
--- requests
[]

=== setup --json when every adapter is loaded: exit 0
$ loco setup --json
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b", gguf_path: /m/base.gguf}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: /srv/math-lora.gguf, description: "sums"}
--- server
{"models": [{"name": "qwen3:4b"}], "lora_adapters": [{"id": 2, "path": "math-lora.gguf"}]}
--- stdout json
{"backend": "llamacpp", "base_url": "http://127.0.0.1:$PORT/v1", "checked": true, "ready": true,
 "command": "llama-server -m /m/base.gguf \\\n    --alias qwen3:4b \\\n    --lora /srv/math-lora.gguf \\\n    --lora-init-without-apply \\\n    -np 4 \\\n    --port $PORT",
 "adapters": [{"name": "math", "type": "lora", "status": "loaded", "lora_id": 2}]}

=== eval of a LoRA adapter: no reload, base and adapter requests side by side, swap by first byte
$ loco eval math --jobs 1 --no-reread
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
eval: {min_items: 2}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: math/math-lora.gguf, description: "sums", eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/math/eval.jsonl
{"id": "t1", "question": "What is 40 + 2?", "answer": 42}
{"id": "t2", "question": "What is 41 + 1?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}],
 "lora_adapters": [{"id": 0, "path": "/srv/math-lora.gguf", "model": "math"}],
 "replies_by_model": {"math": {"content": "The answer is 42."},
                      "qwen3:4b": {"content": "The answer is 41."}}}
--- stdout re
eval math: locollm-math vs qwen3:4b on adapters/math/eval\.jsonl \(2 items\)

                   correct    score
  base model        0/2        0\.0%
  adapter           2/2      100\.0%
  adapter swap   per request, no reload \(target under 500 ms\)
                 first byte: qwen3:4b \d+ ms, locollm-math \d+ ms
[\s\S]*
--- stderr re
(loco: eval math: \d+/4 requests, base [\d.]+%, adapter [\d.]+%\n?)*
--- requests
[{"method": "GET", "path": "/lora-adapters"},
 {"path": "/v1/models"},
 {"path": "/v1/chat/completions", "body": {"model": "qwen3:4b", "lora": [{"id": 0, "scale": 0}]}},
 {"path": "/v1/chat/completions", "body": {"model": "qwen3:4b", "lora": [{"id": 0, "scale": 1}]}},
 {"path": "/v1/chat/completions", "body": {"model": "qwen3:4b", "lora": [{"id": 0, "scale": 0}]}},
 {"path": "/v1/chat/completions", "body": {"model": "qwen3:4b", "lora": [{"id": 0, "scale": 1}]}}]

=== an answer cut by the length limit is noted, and --no-think reaches the chat template
$ loco query --adapter math --max-tokens 3 --no-think "What is 2 + 2?"
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: math/math-lora.gguf, description: "sums"}
--- server
{"models": [{"name": "qwen3:4b"}],
 "lora_adapters": [{"id": 0, "path": "math-lora.gguf", "model": "math"}],
 "replies_by_model": {"math": [{"content": "four is the", "done_reason": "length", "eval_count": 3}],
                      "qwen3:4b": [{"content": "base"}]}}
--- stdout
four is the
--- stderr re
\[math \| .*\]
loco: the answer was cut at 3 tokens \(--max-tokens\)
--- requests
[{"method": "GET", "path": "/lora-adapters"},
 {"path": "/v1/models"},
 {"path": "/v1/chat/completions",
  "body": {"model": "qwen3:4b", "lora": [{"id": 0, "scale": 1}], "max_tokens": 3,
           "chat_template_kwargs": {"enable_thinking": false}}}]

=== chat: a routed turn sets its adapter's scale, a base turn after /clear sets none
$ loco chat -q
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: math/math-lora.gguf, description: "sums", router_keywords: [solve]}
--- server
{"models": [{"name": "qwen3:4b"}],
 "lora_adapters": [{"id": 0, "path": "math-lora.gguf", "model": "math"}],
 "replies_by_model": {"math": [{"content": "4"}], "qwen3:4b": [{"content": "hello"}]}}
--- stdin
solve 2+2
/clear
hi there
--- stdout
4
hello
--- requests
[{"method": "GET", "path": "/lora-adapters"},
 {"path": "/v1/models"},
 {"path": "/v1/chat/completions", "body": {"model": "qwen3:4b", "lora": [{"id": 0, "scale": 1}]}},
 {"path": "/v1/chat/completions", "body": {"model": "qwen3:4b", "lora": [{"id": 0, "scale": 0}]}}]

=== version -v names the llama-server build from /props
$ loco version -v
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- server
{"models": [{"name": "qwen3:4b"}], "lora_adapters": []}
--- stdout re
[\s\S]*server: server \(llama-server b1-fake\) at http://127\.0\.0\.1:\d+/v1

=== chat: an adapter the server has not loaded is said once, with what it has; the base answers
$ loco chat -q
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: math/math-lora.gguf, description: "sums", router_keywords: [solve]}
--- server
{"models": [{"name": "qwen3:4b"}],
 "lora_adapters": [{"id": 0, "path": "other.gguf"}],
 "replies_by_model": {"qwen3:4b": [{"content": "hello"}]}}
--- stdin
solve 2+2
solve 3+3
--- stdout
hello
hello
--- stderr re
loco: warning: adapter 'math' needs LoRA file 'math-lora\.gguf',
which the llama-server at http://127\.0\.0\.1:\d+/v1 has not loaded;
it has loaded 1 \(id, file\):
   0  other\.gguf
start it with --lora for that file \('loco setup --dry-run'
prints the command line\)
hint: until then the base model answers, with math's system prompt
--- requests
[{"method": "GET", "path": "/lora-adapters"},
 {"path": "/v1/models"},
 {"path": "/v1/chat/completions", "body": {"model": "qwen3:4b", "lora": [{"id": 0, "scale": 0}]}},
 {"path": "/v1/chat/completions", "body": {"model": "qwen3:4b", "lora": [{"id": 0, "scale": 0}]}}]

=== llama.cpp: the embedding router asks /v1/embeddings too (llama-server --embeddings)
$ sh -c '$LOCO -q router train --kind embedding > /dev/null && $LOCO route --router-kind embedding "the capital of chile"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there"}
{"question": "good morning"}
{"question": "tell me a joke"}
{"question": "recommend a good book"}
{"question": "how do i sleep better"}
{"question": "what should i cook tonight"}
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-geo", "from": "qwen3:4b", "system": "Geo."}, {"name": "locollm-calc", "from": "qwen3:4b", "system": "Calc."}, {"name": "noembed:1b", "embed": false}], "lora_adapters": [], "replies": [{"content": "Lima."}]}
--- stdout
geo
--- requests
[{"method": "GET", "path": "/lora-adapters"},
 {"method": "GET", "path": "/v1/models"},
 {"method": "POST", "path": "/v1/embeddings", "body": {"model": "qwen3:4b", "options": "<absent>", "input": "<any>"}},
 {"method": "GET", "path": "/lora-adapters"},
 {"method": "GET", "path": "/v1/models"},
 {"method": "POST", "path": "/v1/embeddings", "body": {"model": "qwen3:4b", "input": ["the capital of chile"]}}]

=== setup --dry-run with the built-in registry: the hint says to give a registry of one's own
$ loco setup --dry-run
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:$PORT/v1"}
--- server
{"models": [{"name": "qwen3:4b"}], "lora_adapters": []}
--- stdout
start the server with every LoRA adapter of the registry:
  llama-server -m BASE.gguf \
    --alias qwen3:4b \
    --lora-init-without-apply \
    -np 4 \
    --port $PORT
--- stderr
hint: set base_model.gguf_path in a registry of your own (--registry FILE)
--- requests
[]
