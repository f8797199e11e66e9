# loco adapters check: the submission checklist (issue 13 item 9), one
# scenario per kind of failure, and the pass. The archived runs
# (home/.locollm/results/geo/*.json) that should match carry the SHA-256 of
# the three-line eval.jsonl most scenarios write, f315efa9...b247 (sha256sum
# of exactly those lines); recompute it when those lines change.

=== a complete submission passes: exit 0
$ loco adapters check geo
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- stdout
geo
  ok    registry entry complete (adapters/registry.yaml:3)
  ok    adapters/geo/eval.jsonl loads: 3 items (at least 3)
  -     no training log needed: a system-prompt adapter is not trained
  -     no training data (training_data.jsonl, training.data_file) to compare
  ok    the latest eval (20260901T090000Z) ships on this dataset: adapter 100.0%, base 33.3%
geo: ready to submit

=== --no-eval: the step before loco eval, with no archive yet
$ loco adapters check --no-eval geo
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- stdout
geo
  ok    registry entry complete (adapters/registry.yaml:3)
  ok    adapters/geo/eval.jsonl loads: 3 items (at least 3)
  -     no training log needed: a system-prompt adapter is not trained
  -     no training data (training_data.jsonl, training.data_file) to compare
  -     archived evals not looked at (--no-eval)
geo: ready to submit

=== -q prints only the failures, each naming the adapter
$ loco -q adapters check geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- stdout
geo: no archived eval compares it with the base model; run 'loco eval geo --gate'

=== every missing registry field is its own line
$ loco -q adapters check geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    eval_type: contains
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- stdout
geo: adapters/registry.yaml:3: adapter 'geo' has no description; add description: "what it is for"
geo: adapters/registry.yaml:3: adapter 'geo' has no authors; add authors: ["Your Name"]
geo: adapters/registry.yaml:3: adapter 'geo' has no router_keywords, so no question is routed to it; add the words its questions use
geo: adapters/registry.yaml:3: adapter 'geo' has no eval_dataset; add eval_dataset: eval_dataset.jsonl (at least 50 items)
geo: adapters/registry.yaml:3: adapter 'geo' is a system-prompt adapter without a system_prompt; add the prompt that makes it a specialist

=== a dataset that does not load: the line, and the checks that need it skip
$ loco adapters check geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Why?"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- stdout
geo
  ok    registry entry complete (adapters/registry.yaml:3)
  FAIL  adapters/geo/eval.jsonl:2: answer missing; fix it, then run the check again
  -     no training log needed: a system-prompt adapter is not trained
  -     no training data (training_data.jsonl, training.data_file) to compare
  -     archived evals not compared: the eval dataset did not load
geo: 1 problem to fix

=== fewer items than eval.min_items (default 50)
$ loco -q adapters check geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- stdout
geo: adapters/geo/eval.jsonl has 3 items; add at least 47 more (eval.min_items is 50)

=== a trained adapter without a training log, and its model file missing
$ loco -q adapters check geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: lora
    adapter_path: geo/lora.gguf
    description: "world geography"
    authors: ["Ada"]
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- stdout
geo: adapters/registry.yaml:3: the model file adapters/geo/lora.gguf is not there and no url says where to get it; add the file, or url and sha256
geo: no adapters/geo/TRAINING_LOG.md and no training: block in adapters/registry.yaml; write TRAINING_LOG.md (dataset sources and size, hyperparameters, training time, loss curve)

=== an empty TRAINING_LOG.md does not count
$ loco -q adapters check geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: lora
    adapter_path: geo/lora.gguf
    description: "world geography"
    authors: ["Ada"]
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- file work/adapters/geo/lora.gguf
GGUF
--- file work/adapters/geo/TRAINING_LOG.md
--- stdout
geo: adapters/geo/TRAINING_LOG.md is empty; write the dataset sources and size, hyperparameters, training time and loss curve

=== a trained adapter with TRAINING_LOG.md passes
$ loco adapters check geo
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: lora
    adapter_path: geo/lora.gguf
    description: "world geography"
    authors: ["Ada"]
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- file work/adapters/geo/lora.gguf
GGUF
--- file work/adapters/geo/TRAINING_LOG.md
# Training
QLoRA r=16 on 200 GSM8K items.
--- stdout
geo
  ok    registry entry complete (adapters/registry.yaml:3)
  ok    adapters/geo/eval.jsonl loads: 3 items (at least 3)
  ok    adapters/geo/TRAINING_LOG.md is there
  -     no training data (training_data.jsonl, training.data_file) to compare
  ok    the latest eval (20260901T090000Z) ships on this dataset: adapter 100.0%, base 33.3%
geo: ready to submit

=== a training: block stands in for the log; a url for the model file
$ loco adapters check geo
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: lora
    adapter_path: geo/lora.gguf
    url: https://example.org/geo.gguf
    sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    training: {method: qlora, dataset: "200 atlas questions", epochs: 3}
    description: "world geography"
    authors: ["Ada"]
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- stdout
geo
  ok    registry entry complete (adapters/registry.yaml:3)
  ok    adapters/geo/eval.jsonl loads: 3 items (at least 3)
  ok    the registry has a training: block (adapters/registry.yaml:3)
  -     no training data (training_data.jsonl, training.data_file) to compare
  ok    the latest eval (20260901T090000Z) ships on this dataset: adapter 100.0%, base 33.3%
geo: ready to submit

=== eval items in training_data.jsonl: each leak with both lines
$ loco adapters check geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- file work/adapters/geo/training_data.jsonl
{"instruction": "Answer the geography question.", "input": "What is the capital of Peru?", "output": "Lima"}
{"instruction": "What is the capital of France?", "output": "Paris"}

{"messages": [{"role": "user", "content": "Name the river that flows through Vienna, Budapest and Belgrade on its way to the Black Sea, please."}, {"role": "assistant", "content": "The Danube."}]}
{"text": "What is the tallest mountain in Africa? Kilimanjaro, at 5,895 m."}
{"text": "Paris is the capital of France, and the Danube is a river."}
--- stdout
geo
  ok    registry entry complete (adapters/registry.yaml:3)
  ok    adapters/geo/eval.jsonl loads: 3 items (at least 3)
  -     no training log needed: a system-prompt adapter is not trained
  FAIL  adapters/geo/eval.jsonl:1: this eval item is in adapters/geo/training_data.jsonl:2 (the same prompt); take it out of one of them
  FAIL  adapters/geo/eval.jsonl:2: this eval item is in adapters/geo/training_data.jsonl:4 (13 words in a row in common); take it out of one of them
  FAIL  adapters/geo/eval.jsonl:3: this eval item is in adapters/geo/training_data.jsonl:5 (8 words in a row in common); take it out of one of them
  ok    the latest eval (20260901T090000Z) ships on this dataset: adapter 100.0%, base 33.3%
geo: 3 problems to fix

=== eval items among the router examples: each leak with both lines
$ loco adapters check --no-eval geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file work/adapters/geo/router_examples.jsonl
{"question": "whats the capital of peru"}
{"question": "what is the capital of france"}
{"question": "name the river that flows through vienna budapest and belgrade on its way to the black sea"}
--- stdout
geo
  ok    registry entry complete (adapters/registry.yaml:3)
  ok    adapters/geo/eval.jsonl loads: 3 items (at least 3)
  -     no training log needed: a system-prompt adapter is not trained
  -     no training data (training_data.jsonl, training.data_file) to compare
  FAIL  adapters/geo/eval.jsonl:1: this eval item is in adapters/geo/router_examples.jsonl:2 (the same prompt); take it out of one of them
  FAIL  adapters/geo/eval.jsonl:2: this eval item is in adapters/geo/router_examples.jsonl:3 (13 words in a row in common); take it out of one of them
  -     archived evals not looked at (--no-eval)
geo: 2 problems to fix

=== router examples that do not load: the line and column, and what was expected
$ loco adapters check --no-eval -q geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file work/adapters/geo/router_examples.jsonl
{"question": "whats the capital of peru"}
{"question": "how high is kilimanjaro", "answer": "5895 m"}
--- stdout
geo: adapters/geo/router_examples.jsonl:2:41: unknown key 'answer'; expected question, topic or adapter; fix it (docs/routing.md)

=== --json names both files, both lines and the shared words
$ loco adapters check geo --json
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- file work/adapters/geo/training_data.jsonl
{"instruction": "Answer the geography question.", "input": "What is the capital of Peru?", "output": "Lima"}
{"instruction": "What is the capital of France?", "output": "Paris"}

{"messages": [{"role": "user", "content": "Name the river that flows through Vienna, Budapest and Belgrade on its way to the Black Sea, please."}, {"role": "assistant", "content": "The Danube."}]}
{"text": "What is the tallest mountain in Africa? Kilimanjaro, at 5,895 m."}
{"text": "Paris is the capital of France, and the Danube is a river."}
--- stdout json
{"adapters": [{"adapter": "geo", "ok": false, "failures": 3, "checks": [
  {"check": "registry", "status": "pass", "message": "registry entry complete (adapters/registry.yaml:3)"},
  {"check": "dataset", "status": "pass", "message": "adapters/geo/eval.jsonl loads: 3 items (at least 3)"},
  {"check": "training_log", "status": "skip", "message": "no training log needed: a system-prompt adapter is not trained"},
  {"check": "training_data", "status": "fail", "message": "adapters/geo/eval.jsonl:1: this eval item is in adapters/geo/training_data.jsonl:2 (the same prompt); take it out of one of them",
   "kind": "exact", "eval_file": "adapters/geo/eval.jsonl", "eval_line": 1, "training_file": "adapters/geo/training_data.jsonl", "training_line": 2, "words": "what is the capital of france"},
  {"check": "training_data", "status": "fail", "message": "adapters/geo/eval.jsonl:2: this eval item is in adapters/geo/training_data.jsonl:4 (13 words in a row in common); take it out of one of them",
   "kind": "n-gram", "eval_file": "adapters/geo/eval.jsonl", "eval_line": 2, "training_file": "adapters/geo/training_data.jsonl", "training_line": 4, "words": "flows through vienna budapest and belgrade on its way to the black sea"},
  {"check": "training_data", "status": "fail", "message": "adapters/geo/eval.jsonl:3: this eval item is in adapters/geo/training_data.jsonl:5 (8 words in a row in common); take it out of one of them",
   "kind": "n-gram", "eval_file": "adapters/geo/eval.jsonl", "eval_line": 3, "training_file": "adapters/geo/training_data.jsonl", "training_line": 5, "words": "what is the tallest mountain in africa kilimanjaro"},
  {"check": "eval", "status": "pass", "message": "the latest eval (20260901T090000Z) ships on this dataset: adapter 100.0%, base 33.3%"}]}],
 "ok": false}

=== no leak: the training data is named and compared
$ loco adapters check geo
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
    training: {data_file: data/train.jsonl}
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- file work/adapters/geo/data/train.jsonl
{"instruction": "Answer the geography question.", "input": "What is the capital of Peru?", "output": "Lima"}
--- stdout
geo
  ok    registry entry complete (adapters/registry.yaml:3)
  ok    adapters/geo/eval.jsonl loads: 3 items (at least 3)
  -     no training log needed: a system-prompt adapter is not trained
  ok    no eval item in adapters/geo/data/train.jsonl (1 line: no same prompt, no 13 words in common)
  ok    the latest eval (20260901T090000Z) ships on this dataset: adapter 100.0%, base 33.3%
geo: ready to submit

=== training.data_file that is not there
$ loco -q adapters check geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
    training: {data_file: data/train.jsonl}
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- stdout
geo: adapters/registry.yaml:3: training.data_file adapters/geo/data/train.jsonl does not exist; fix the path (it is relative to the adapter's folder)

=== training data that is not JSONL
$ loco -q adapters check geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- file work/adapters/geo/training_data.jsonl
{"text": "fine"}
not json
--- stdout
geo: adapters/geo/training_data.jsonl:2: invalid JSON at byte column 1; fix the training data so it can be compared with the eval items

=== the latest eval ran on another version of the dataset
$ loco -q adapters check geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- file home/.locollm/results/geo/20261001T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "0000000000000000000000000000000000000000000000000000000000000000", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20261001T090000Z", "base_only": false}
--- stdout
geo: the latest eval (20261001T090000Z) ran on another version of the dataset; run 'loco eval geo --gate'

=== the latest eval does not ship; a later --base-only run does not count
$ loco -q adapters check geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- file home/.locollm/results/geo/20261001T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "not significant", "semester": "2026-S2", "timestamp": "20261001T090000Z", "base_only": false}
--- file home/.locollm/results/geo/20261002T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": null, "delta": null, "verdict": null, "semester": "2026-S2", "timestamp": "20261002T090000Z", "base_only": true}
--- stdout
geo: the latest eval (20261001T090000Z) says 'not significant', not 'ships': the adapter must beat the base model ('loco eval geo' shows by how much)

=== 'too few items' (a verdict eval may write) is not ships either
$ loco -q adapters check geo
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20261001T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "too few items", "semester": "2026-S2", "timestamp": "20261001T090000Z", "base_only": false}
--- stdout
geo: the latest eval (20261001T090000Z) says 'too few items', not 'ships': the adapter must beat the base model ('loco eval geo' shows by how much)

=== --all checks every adapter and sums up
$ loco adapters check --all
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
  bare:
    version: 0.1.0
    type: system-prompt
    description: "a stub"
    authors: ["Bo"]
    system_prompt: "x"
    router_keywords: [stub]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- file home/.locollm/results/geo/20260901T090000Z.json
{"adapter_name": "geo", "base_model": "qwen3:4b", "adapter_model": "locollm-geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "f315efa98b950970c807e168447be67ddc451cee10581a8af30e108cc95cb247", "n": 3, "eval_type": "contains", "base": {"correct": 1, "total": 3, "score": 0.3333}, "adapter": {"correct": 3, "total": 3, "score": 1.0}, "delta": 0.6667, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "out_of_domain": []}
--- stdout
geo
  ok    registry entry complete (adapters/registry.yaml:3)
  ok    adapters/geo/eval.jsonl loads: 3 items (at least 3)
  -     no training log needed: a system-prompt adapter is not trained
  -     no training data (training_data.jsonl, training.data_file) to compare
  ok    the latest eval (20260901T090000Z) ships on this dataset: adapter 100.0%, base 33.3%
geo: ready to submit

bare
  FAIL  adapters/registry.yaml:12: adapter 'bare' has no eval_dataset; add eval_dataset: eval_dataset.jsonl (at least 50 items)
  -     no eval dataset to load (see above)
  -     no training log needed: a system-prompt adapter is not trained
  -     no training data (training_data.jsonl, training.data_file) to compare
  -     archived evals not compared: the eval dataset did not load
bare: 1 problem to fix

2 adapters checked: 1 ready, 1 with problems

=== the built-in registry has no adapter files to check
$ loco -q adapters check math
exit 1
--- stdout
math: the registry in force is loco's built-in copy, which has no adapter files; give yours with --registry adapters/registry.yaml

=== no name and no --all
$ loco adapters check
exit 2
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- stdout
--- stderr
loco: error: which adapter? give its name, or --all for every one

=== names and --all
$ loco adapters check geo --all
exit 2
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- stdout
--- stderr
loco: error: give adapter names or --all, not both

=== an unknown adapter
$ loco adapters check gio
exit 4
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo:
    version: 1.0.0
    type: system-prompt
    description: "world geography"
    authors: ["Ada"]
    system_prompt: "You are a geography tutor."
    eval_dataset: eval.jsonl
    eval_type: contains
    router_keywords: [capital, river, mountain]
--- file work/adapters/geo/eval.jsonl
{"question": "What is the capital of France?", "answer": "Paris"}
{"question": "Which river flows through Vienna, Budapest and Belgrade on its way to the Black Sea?", "answer": "Danube"}
{"question": "What is the tallest mountain in Africa?", "answer": "Kilimanjaro"}
--- file home/.locollm/config.yaml
eval:
  min_items: 3
--- stdout
--- stderr
loco: error: adapter 'gio' not found in adapters/registry.yaml
hint: did you mean 'geo'?

