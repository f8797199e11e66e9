# The OpenAI-compatible backend against a llama.cpp llama-server as the fake
# models it (scenario keys v1_models and single_model): the review's I1-I4 and
# I7 (/work/shared/reviews/llama-server.md, issue 16 item 10).

=== a single-model server that serves another name: a warning, and the answer (I1)
$ loco query --no-route "x"
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
--- server
{"models": [{"name": "tiny-base"}], "single_model": "tiny-base",
 "v1_models": [{"id": "tiny-base", "object": "model", "aliases": ["tiny-base"]}],
 "replies": [{"content": "Hi."}]}
--- stdout
Hi.
--- stderr re
loco: warning: http://127\.0\.0\.1:\d+/v1 serves one model, 'tiny-base', not 'qwen3:4b', and a single-model server answers every request with its own; set base_model\.served_name in the registry to the id it serves the base model under
\[base model \| .*\]

=== base_model.served_name: the base goes out under the id the server serves
$ loco query --no-route -q "x"
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b", served_name: "tiny-base"}
adapters: {}
--- server
{"models": [{"name": "tiny-base"}], "single_model": "tiny-base",
 "v1_models": [{"id": "tiny-base", "object": "model", "aliases": ["tiny-base"]}],
 "replies": [{"content": "Hi."}]}
--- stdout
Hi.
--- requests
[{"path": "/v1/models"},
 {"path": "/v1/chat/completions", "body": {"model": "tiny-base"}}]

=== a server with several models, none of them the base: exit 4, naming what it serves
$ loco query --no-route "x"
exit 4
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
--- server
{"models": [{"name": "tiny-base"}, {"name": "tiny-adapter"}],
 "v1_models": [{"id": "tiny-base"}, {"id": "tiny-adapter"}]}
--- stderr re
loco: error: http://127\.0\.0\.1:\d+/v1 does not serve 'qwen3:4b' \(it serves 'tiny-base', 'tiny-adapter'\); set base_model\.served_name in the registry to the id it serves the base model under
--- requests
[{"path": "/v1/models"}]

=== aliases of a /v1/models entry name the models it serves (I2)
$ loco query --adapter math -q "What is 2 + 2?"
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
--- server
{"models": [{"name": "locollm-math"}], "single_model": "locollm-math",
 "v1_models": [{"id": "locollm-math", "aliases": ["locollm-math", "qwen3:4b"]}],
 "replies": [{"content": "4"}]}
--- stdout
4
--- requests
[{"path": "/v1/models"},
 {"path": "/v1/chat/completions", "body": {"model": "locollm-math"}}]

=== an id that differs only in case is not the model: no silent pass before every request fails (I3)
$ loco query --no-route "x"
exit 4
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
--- server
{"models": [{"name": "tiny-base"}],
 "v1_models": [{"id": "qwen3:4B"}, {"id": "tiny-base"}]}
--- stderr re
loco: error: http://127\.0\.0\.1:\d+/v1 does not serve 'qwen3:4b' \(it serves 'qwen3:4B', 'tiny-base'\); .*
--- requests
[{"path": "/v1/models"}]

=== eval checks both models against the aliases too (I2: it exited 4 with "run 'ollama pull'")
$ loco eval tutor -q
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
eval: {min_items: 2}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, description: "sums", eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"id": "t1", "question": "What is 40 + 2?", "answer": 42}
{"id": "t2", "question": "What is 41 + 1?", "answer": 42}
--- server
{"models": [{"name": "locollm-tutor"}], "single_model": "locollm-tutor",
 "v1_models": [{"id": "locollm-tutor", "aliases": ["locollm-tutor", "qwen3:4b"]}],
 "replies": [{"content": "The answer is 42."}]}
--- stdout re
eval tutor: locollm-tutor vs qwen3:4b on adapters/tutor/eval\.jsonl \(2 items\).*
--- stderr re
(?:(?!warning|error).)*

=== eval on a server without the adapter's model: exit 4, not a comparison of the model with itself
$ loco eval tutor -q
exit 4
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
eval: {min_items: 2}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, description: "sums", eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"id": "t1", "question": "What is 40 + 2?", "answer": 42}
{"id": "t2", "question": "What is 41 + 1?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}], "single_model": "qwen3:4b",
 "v1_models": [{"id": "qwen3:4b", "aliases": ["qwen3:4b"]}]}
--- stderr re
loco: error: http://127\.0\.0\.1:\d+/v1 does not serve 'locollm-tutor'; serve the adapter's model under that id \(llama-server: --alias locollm-tutor\)
--- requests
[{"path": "/v1/models"}]

=== version -v reads a 401's words: the server needs an API key (I4)
$ loco version -v
unset OPENAI_API_KEY
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
--- server
{"api_key": "secret123", "models": [{"name": "qwen3:4b"}]}
--- stdout re
.*server: the server at http://127\.0\.0\.1:\d+/v1 needs an API key \(HTTP 401: .+\); put it in \$OPENAI_API_KEY
--- requests
[{"method": "GET", "path": "/v1/models"}]

=== think:false reaches llama.cpp and vLLM as chat_template_kwargs (I7)
$ loco query --no-route --no-think -q "x"
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "Hi."}]}
--- stdout
Hi.
--- requests
[{"path": "/v1/models"},
 {"path": "/v1/chat/completions", "body": {"chat_template_kwargs": {"enable_thinking": false},
   "think": "<absent>", "options": "<absent>", "keep_alive": "<absent>"}}]

=== a setting the OpenAI protocol cannot carry is named, not dropped in silence (I7)
$ loco query --no-route --num-ctx 4096 "x"
--- file home/.locollm/config.yaml
backend: {kind: openai, base_url: "http://127.0.0.1:$PORT/v1"}
ollama: {keep_alive: 10m}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "Hi."}]}
--- stdout
Hi.
--- stderr re
loco: warning: an OpenAI-compatible server cannot be sent --num-ctx or ollama\.keep_alive; the server's own settings apply \(llama-server: -c for the context size\)
\[base model \| .*\]
--- requests
[{"path": "/v1/models"},
 {"path": "/v1/chat/completions", "body": {"num_ctx": "<absent>", "keep_alive": "<absent>"}}]
