# Swap-aware eval against the fake's model of Ollama's scheduler
# (server/sched.go): a runner per model blob, shared by a LoRA model made
# FROM the base, reloaded when the adapter or the runner options change,
# pending requests served in order. The loads are counted, never timed.

=== a LoRA adapter's eval loads the base and the adapter once each, --jobs 4 inside a block
$ loco -q eval math --jobs 4 --json
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: a.gguf, description: "sums", eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/math/eval.jsonl
{"question": "1+1?", "answer": 2}
{"question": "2+2?", "answer": 4}
{"question": "3+3?", "answer": 6}
{"question": "4+4?", "answer": 8}
{"question": "5+5?", "answer": 10}
{"question": "6+6?", "answer": 12}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math", "from": "qwen3:4b", "adapters": ["math.gguf"]}],
 "scheduler": {"load_ms": 150},
 "replies": [{"content": "It is 2."}]}
--- stdout re
\{"adapter_name":"math",.*"adapter_swap_time":\{"target_ms":500,"models":\[\{"model":"qwen3:4b","loads":1,"seconds":[\d.]+\},\{"model":"locollm-math","loads":1,"seconds":[\d.]+\}\]\},.*\}
--- loads
[{"model": "qwen3:4b", "adapters": [], "options": {"num_ctx": 8192}, "reason": "first load"},
 {"model": "locollm-math:latest", "adapters": ["math.gguf"], "options": {"num_ctx": 8192}, "reason": "adapters changed"}]

=== the report names the load time as the adapter swap time
$ loco -q eval math --jobs 2
--- file home/.locollm/config.yaml
eval: {min_items: 2}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: a.gguf, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/math/eval.jsonl
{"question": "1+1?", "answer": 2}
{"question": "2+2?", "answer": 4}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math", "from": "qwen3:4b", "adapters": ["math.gguf"]}],
 "scheduler": {"load_ms": 150},
 "replies": [{"content": "no idea"}]}
--- stdout re
.*  adapter +0/2 +0\.0%\n  adapter swap   qwen3:4b: 1 load, \d+\.\d\d s; locollm-math: 1 load, \d+\.\d\d s \(target under 500 ms a load\)\n.*
--- loads
[{"model": "qwen3:4b"}, {"model": "locollm-math:latest"}]

=== a system-prompt adapter shares the base's runner: one load in all
$ loco -q eval tutor --jobs 3
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "one", "expected_output": "yes"}
{"instruction": "two", "expected_output": "yes"}
{"instruction": "three", "expected_output": "yes"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor", "from": "qwen3:4b", "system": "Tutor."}],
 "scheduler": {"load_ms": 100},
 "replies": [{"content": "yes"}]}
--- stdout re
.*verdict: too few items.*
--- loads
[{"model": "qwen3:4b", "reason": "first load"}]

=== llm_judge: the judge model's block comes last, so the judges find the base loaded
$ loco -q eval math --jobs 2
--- file home/.locollm/config.yaml
eval: {min_items: 1}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: a.gguf, eval_dataset: eval.jsonl, eval_type: llm_judge}
--- file work/adapters/math/eval.jsonl
{"id": "e1", "instruction": "Explain 1+1.", "expected_output": "", "evaluation_config": {"rubric": "Correct.", "max_score": 10}}
{"id": "e2", "instruction": "Explain 2+2.", "expected_output": "", "evaluation_config": {"rubric": "Correct.", "max_score": 10}}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math", "from": "qwen3:4b", "adapters": ["math.gguf"]}],
 "scheduler": {"load_ms": 50},
 "replies_by_model": {"qwen3:4b": [{"match": {"contains": "Answer to grade:"}, "content": "Score: 5"}, {"content": "It is two."}],
                      "locollm-math": [{"content": "It is two."}]}}
--- stdout re
.*verdict: not significant.*
--- loads
[{"model": "locollm-math:latest", "reason": "first load"}, {"model": "qwen3:4b", "reason": "adapters changed"}]

=== --votes and --out-of-domain: every request of one model in one block
$ loco -q eval math --votes 3 --jobs 4 --out-of-domain
--- file home/.locollm/config.yaml
eval: {min_items: 1}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: a.gguf, eval_dataset: eval.jsonl, eval_type: numeric}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/math/eval.jsonl
{"question": "1+1?", "answer": 2}
{"question": "2+2?", "answer": 4}
--- file work/adapters/geo/eval.jsonl
{"instruction": "Where is the Louvre?", "expected_output": "Paris"}
{"instruction": "Capital of Italy?", "expected_output": "Rome"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math", "from": "qwen3:4b", "adapters": ["math.gguf"]}],
 "scheduler": {"load_ms": 50},
 "replies": [{"content": "It is 2, in Paris."}]}
--- stdout re
.*out of domain.*geo .*
--- loads
[{"model": "qwen3:4b"}, {"model": "locollm-math:latest"}]

=== eval --all: the base once, then each adapter once
$ loco -q eval --all --jobs 4
--- file home/.locollm/config.yaml
eval: {min_items: 1}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: a.gguf, eval_dataset: eval.jsonl, eval_type: numeric}
  code: {version: 1.0.0, type: lora, adapter_path: a.gguf, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/math/eval.jsonl
{"question": "1+1?", "answer": 2}
{"question": "2+2?", "answer": 4}
--- file work/adapters/code/eval.jsonl
{"question": "3+3?", "answer": 6}
{"question": "4+4?", "answer": 8}
--- server
{"models": [{"name": "qwen3:4b"},
            {"name": "locollm-math", "from": "qwen3:4b", "adapters": ["math.gguf"]},
            {"name": "locollm-code", "from": "qwen3:4b", "adapters": ["code.gguf"]}],
 "scheduler": {"load_ms": 150},
 "replies": [{"content": "It is 2."}]}
--- stdout re
adapter .*\nmath .*\ncode .*\n\n  adapter swap   qwen3:4b: 1 load, \d+\.\d\d s; locollm-math: 1 load, \d+\.\d\d s; locollm-code: 1 load, \d+\.\d\d s \(target under 500 ms a load\)
--- loads
[{"model": "qwen3:4b"}, {"model": "locollm-math:latest"}, {"model": "locollm-code:latest"}]

=== two servers: each keeps one model, so each loads once
$ loco -q eval math --jobs 4 --host 127.0.0.1:$PORT --host 127.0.0.1:$PORT2
--- file home/.locollm/config.yaml
eval: {min_items: 1}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: a.gguf, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/math/eval.jsonl
{"question": "1+1?", "answer": 2}
{"question": "2+2?", "answer": 4}
{"question": "3+3?", "answer": 6}
{"question": "4+4?", "answer": 8}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math", "from": "qwen3:4b", "adapters": ["math.gguf"]}],
 "scheduler": {"load_ms": 50}, "replies": [{"content": "It is 2."}]}
--- server2
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math", "from": "qwen3:4b", "adapters": ["math.gguf"]}],
 "scheduler": {"load_ms": 50}, "replies": [{"content": "It is 2."}]}
--- stdout re
.*verdict: .*
--- loads
[{"model": "qwen3:4b"}]
--- loads2
[{"model": "locollm-math:latest"}]

=== query names the load time on the metadata line when it is over 0.5 s
$ loco query --no-route "hi"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "Hello.", "load_duration": 2400000000}]}
--- stdout
Hello.
--- stderr re
\[base model \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s \| loaded in 2\.4s\]

=== ... and not when the model was loaded already
$ loco query --no-route "hi"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "Hello.", "load_duration": 400000000}]}
--- stdout
Hello.
--- stderr re
\[base model \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]

=== a slow first token on a pipe: no waiting line (that is for terminals)
$ loco query --no-route "hi"
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "Hello.", "delay_first_ms": 1300}]}
--- stdout
Hello.
--- stderr re
\[base model \| \d+ tokens \| [\d.]+ tok/s \| [\d.]+s\]

=== a busy server's retries wait in their block: no switch to the other model meanwhile
$ loco -q eval math --jobs 2
--- file home/.locollm/config.yaml
eval: {min_items: 1}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: lora, adapter_path: a.gguf, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/math/eval.jsonl
{"question": "1+1?", "answer": 2}
{"question": "2+2?", "answer": 4}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math", "from": "qwen3:4b", "adapters": ["math.gguf"]}],
 "scheduler": {"load_ms": 20},
 "replies_by_model": {"qwen3:4b": [{"fault": {"kind": "status", "status": 503}}, {"content": "It is 2."}],
                      "locollm-math": [{"content": "It is 2."}]}}
--- stdout re
.*verdict: .*
--- loads
[{"model": "qwen3:4b"}, {"model": "locollm-math:latest"}]
