# backend.kind vllm (issue 22): LoRA adapters are the models vLLM serves
# with --enable-lora --lora-modules locollm-NAME=PATH (the fake's
# lora_modules: listed in /v1/models with the base as parent, answered from
# replies_by_model[NAME]), thinking goes off through chat_template_kwargs,
# and no request carries llama.cpp's "lora" field.

=== a LoRA adapter is its module's model name; thinking off through chat_template_kwargs
$ loco query --adapter math -q "What is 2 + 2?"
--- file home/.locollm/config.yaml
backend: {kind: vllm, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: math/math-lora.gguf, description: "sums"}
--- server
{"models": [{"name": "qwen3:4b"}], "lora_modules": {"locollm-math": "/srv/math"},
 "replies_by_model": {"locollm-math": [{"content": "4"}], "qwen3:4b": [{"content": "base"}]}}
--- stdout
4
--- requests
[{"path": "/v1/models"},
 {"path": "/v1/chat/completions",
  "body": {"model": "locollm-math", "lora": "<absent>",
           "chat_template_kwargs": {"enable_thinking": false}}}]

=== base_model.served_name: the base under its path, and a system-prompt adapter on it
$ loco query --adapter tutor -q "What is 2 + 2?"
--- file home/.locollm/config.yaml
backend: {kind: vllm, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b", served_name: "Qwen/Qwen3-4B"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: math/math-lora.gguf, description: "sums"}
  tutor: {version: 1.0.0, type: system-prompt, description: "t", system_prompt: "You tutor."}
--- server
{"models": [{"name": "Qwen/Qwen3-4B"}], "lora_modules": {"locollm-math": "/srv/math"},
 "replies_by_model": {"locollm-math": [{"content": "4"}], "Qwen/Qwen3-4B": [{"content": "Let us see."}]}}
--- stdout
Let us see.
--- requests
[{"path": "/v1/models"},
 {"path": "/v1/chat/completions",
  "body": {"model": "Qwen/Qwen3-4B", "lora": "<absent>",
           "messages": [{"role": "system", "content": "You tutor."}, {"role": "user"}]}}]

=== a merged-GGUF adapter cannot be a LoRA module: said so
$ loco query --adapter big -q "x"
exit 4
--- file home/.locollm/config.yaml
backend: {kind: vllm, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  big: {version: 1.0.0, type: merged-gguf, gguf_path: big/big.gguf, description: "merged"}
--- server
{"models": [{"name": "qwen3:4b"}], "lora_modules": {}}
--- stderr
loco: error: adapter 'big' is a merged GGUF model (big.gguf),
a model of its own, which vLLM cannot swap to: it keeps
one base model and swaps LoRA adapters per request;
run that file as a second server (vllm serve FILE)
and point backend.base_url at it for this adapter
--- requests
[{"path": "/v1/models"}]

=== setup checks each LoRA adapter is a served module and prints vllm serve's command line
$ loco setup
exit 4
--- file home/.locollm/config.yaml
backend: {kind: vllm, base_url: "http://127.0.0.1:$PORT/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b", served_name: "Qwen/Qwen3-4B"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: /peft/math, description: "sums"}
  poet: {version: 1.0.0, type: lora, adapter_path: /peft/poet, description: "verse"}
--- server
{"models": [{"name": "Qwen/Qwen3-4B"}], "lora_modules": {"locollm-math": "/peft/math"}}
--- stdout
ADAPTER          TYPE           STATUS    NOTE
math             lora           loaded
poet             lora           missing   not loaded on the server
1 of 2 LoRA adapters loaded on vLLM at http://127.0.0.1:$PORT/v1

start the server with every LoRA adapter of the registry:
  vllm serve Qwen/Qwen3-4B \
    --enable-lora \
    --max-loras 2 \
    --lora-modules \
      locollm-math=/peft/math \
      locollm-poet=/peft/poet \
    --port $PORT
--- stderr
loco: error: 1 LoRA adapter is not loaded on the server
hint: restart the server with the command line above
--- requests
[{"method": "GET", "path": "/v1/models"}]

=== eval of a LoRA adapter vLLM does not serve: exit 4, naming --lora-modules
$ loco eval math -q
exit 4
--- file home/.locollm/config.yaml
backend: {kind: vllm, base_url: "http://127.0.0.1:$PORT/v1"}
eval: {min_items: 2}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: /peft/math, description: "sums", eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/math/eval.jsonl
{"id": "t1", "question": "What is 40 + 2?", "answer": 42}
{"id": "t2", "question": "What is 41 + 1?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}], "lora_modules": {}}
--- stderr re
loco: error: http://127\.0\.0\.1:\d+/v1 does not serve 'locollm-math'
hint: start vLLM with --lora-modules locollm-math=PATH \('loco setup --dry-run' prints it\)
--- requests
[{"path": "/v1/models"}]

=== eval of a LoRA module: side by side with the base, no lora field, swap by first byte
$ loco eval math --jobs 1 --no-reread --json
--- file home/.locollm/config.yaml
backend: {kind: vllm, base_url: "http://127.0.0.1:$PORT/v1"}
eval: {min_items: 2}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: /peft/math, description: "sums", eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/math/eval.jsonl
{"id": "t1", "question": "What is 40 + 2?", "answer": 42}
{"id": "t2", "question": "What is 41 + 1?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}], "lora_modules": {"locollm-math": "/peft/math"},
 "replies_by_model": {"locollm-math": {"content": "The answer is 42."},
                      "qwen3:4b": {"content": "The answer is 41."}}}
--- stdout re
.*"adapter_swap_time":\{"target_ms":500,"models":\[\{"model":"qwen3:4b","loads":0,"seconds":0,"first_byte_ms":\d+\},\{"model":"locollm-math","loads":0,"seconds":0,"first_byte_ms":\d+\}\],"per_request":true\}.*
--- stderr re
[\s\S]*
--- requests
[{"path": "/v1/models"},
 {"path": "/v1/chat/completions", "body": {"model": "qwen3:4b", "lora": "<absent>"}},
 {"path": "/v1/chat/completions", "body": {"model": "locollm-math", "lora": "<absent>"}},
 {"path": "/v1/chat/completions", "body": {"model": "qwen3:4b"}},
 {"path": "/v1/chat/completions", "body": {"model": "locollm-math"}}]

=== setup --dry-run: a GGUF adapter_path is not what vLLM loads, and says so
$ loco setup --dry-run
--- file home/.locollm/config.yaml
backend: {kind: vllm, base_url: "http://127.0.0.1:8000/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b", served_name: "Qwen/Qwen3-4B"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: /m/math-lora.gguf, description: "sums"}
  poet: {version: 1.0.0, type: lora, adapter_path: /m/poet-lora.gguf, description: "verse"}
--- stdout
start the server with every LoRA adapter of the registry:
  vllm serve Qwen/Qwen3-4B \
    --enable-lora \
    --max-loras 2 \
    --lora-modules \
      locollm-math=/m/math-lora.gguf \
      locollm-poet=/m/poet-lora.gguf \
    --port 8000
--- stderr
loco: warning: adapter 'math' and 1 more have a GGUF adapter_path
hint: vLLM loads a LoRA adapter from its PEFT folder, not GGUF
