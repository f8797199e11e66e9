# The early stop in eval (issue 20): once an answer's leader cannot be
# overtaken, its samples in flight are cancelled and the rest never sent;
# the report says how many samples (and about how many tokens) that saved.

=== eval --votes 5: three agree, the two still running are cancelled at the server
$ loco eval tutor --votes 5 --jobs 5 --limit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"id": "t1", "question": "What is 6 x 7?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {
   "qwen3:4b": [{"match": {"seed": 42}, "content": "It is 41"}, {"match": {"seed": 43}, "content": "It is 40"},
                {"match": {"seed": 44}, "content": "It is 41"}, {"match": {"seed": 45}, "content": "It is 43"},
                {"match": {"seed": 46}, "content": "It is 40"}],
   "locollm-tutor": [{"match": {"seed": 42}, "content": "The answer is 42", "delay_first_ms": 1500},
                     {"match": {"seed": 43}, "content": "The answer is 42", "delay_first_ms": 1500},
                     {"match": {"seed": 44}, "content": "The answer is 42", "delay_first_ms": 1500},
                     {"match": {"seed": 45}, "content": "41", "delay_first_ms": 8000},
                     {"match": {"seed": 46}, "content": "40", "delay_first_ms": 8000}]}}
--- stdout re
eval tutor: locollm-tutor vs qwen3:4b on adapters/tutor/eval.jsonl \(1 item\)

                   correct    score
  base model        0/1        0.0%
  adapter           1/1      100.0%
  early stop     2 of 10 samples not needed \(20%\), about 8 tokens
.*
--- stderr re
.*
--- generations
[{"model": "qwen3:4b", "seed": 42, "outcome": "done"}, {"model": "qwen3:4b", "seed": 43, "outcome": "done"},
 {"model": "qwen3:4b", "seed": 44, "outcome": "done"}, {"model": "qwen3:4b", "seed": 45, "outcome": "done"},
 {"model": "qwen3:4b", "seed": 46, "outcome": "done"},
 {"model": "locollm-tutor", "seed": 42, "outcome": "done"}, {"model": "locollm-tutor", "seed": 43, "outcome": "done"},
 {"model": "locollm-tutor", "seed": 44, "outcome": "done"},
 {"model": "locollm-tutor", "seed": 45, "outcome": "cancelled"},
 {"model": "locollm-tutor", "seed": 46, "outcome": "cancelled"}]

=== eval --votes 5 --jobs 1: a settled vote sends none of its samples still queued
$ loco -q eval tutor --votes 5 --jobs 1 --limit 1 --base-only --json
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"id": "t1", "question": "What is 6 x 7?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies": [{"match": {"seed": 42}, "content": "42"}, {"match": {"seed": 43}, "content": "42"},
             {"match": {"seed": 44}, "content": "42"}, {"content": "never asked"}]}
--- stdout re
.*"base":\{"correct":1,"total":1,"score":1\},.*"early_stop":\{"on":true,"samples_saved":2,"tokens_saved":2\}.*
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"options": {"seed": 42}}},
 {"path": "/api/chat", "body": {"options": {"seed": 43}}},
 {"path": "/api/chat", "body": {"options": {"seed": 44}}}]

=== eval --no-early-stop: every sample is generated
$ loco -q eval tutor --votes 3 --no-early-stop --limit 1 --base-only
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"id": "t1", "question": "What is 6 x 7?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "42"}]}
--- stdout re
.*
--- generations
[{"seed": 42, "outcome": "done"}, {"seed": 43, "outcome": "done"}, {"seed": 44, "outcome": "done"}]

=== bench: a votesN cell stops early too, and the costs say what it saved
$ loco -q bench --domains math --cells base,base+votes5 --jobs 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}],
 "replies": [{"content": "alpha gamma", "eval_count": 10}]}
--- stdout re
.*
base\+votes5          early stop: 4 samples not needed, about 40 tokens
.*
--- generations
[{"seed": 42, "outcome": "done"}, {"seed": 42, "outcome": "done"},
 {"seed": 42, "outcome": "done"}, {"seed": 43, "outcome": "done"},
 {"seed": 44, "outcome": "done"}, {"seed": 42, "outcome": "done"},
 {"seed": 43, "outcome": "done"}, {"seed": 44, "outcome": "done"}]
