# loco eval: both models over a dataset, scored by type, with statistics,
# caching, retries, archives and the router benchmark.

=== six items the adapter gets right and the base gets wrong: ships (with eval.min_items at 6)
$ loco eval tutor --jobs 2
--- file home/.locollm/config.yaml
eval: {min_items: 6}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, description: "sums", eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"id": "t1", "question": "What is 40 + 2?", "answer": 42, "difficulty": "easy"}
{"id": "t2", "question": "What is 41 + 1?", "answer": 42, "difficulty": "easy"}
{"id": "t3", "question": "What is 6 x 7?", "answer": 42, "difficulty": "hard"}

{"id": "t4", "question": "What is 84 / 2?", "answer": "42", "difficulty": "hard"}
{"id": "t5", "question": "What is 50 - 8?", "answer": 42, "difficulty": "hard"}
{"id": "t6", "question": "What is 21 x 2?", "answer": 42, "difficulty": "hard"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "The answer is 42."}, "qwen3:4b": {"content": "The answer is 41."}}}
--- stdout
eval tutor: locollm-tutor vs qwen3:4b on adapters/tutor/eval.jsonl (6 items)

                   correct    score
  base model        0/6        0.0%
  adapter           6/6      100.0%

  difference     +100.0 points (95% CI +21.9 to +100.0, Tango score)
  McNemar p      0.03125 (only the adapter right: 6, only the base: 0)
  power          80% to detect 92.8 points (100.0% of items disagree)

  difficulty     n     base  adapter    delta
  easy           2     0.0%   100.0%   +100.0
  hard           4     0.0%   100.0%   +100.0

  verdict: ships
--- stderr re
(loco: eval tutor: \d+/12 requests, base [\d.]+%, adapter [\d.]+%\n?)+
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "think": false,
   "messages": [{"role": "user", "content": "What is 40 + 2?\n\nRead the question again: What is 40 + 2?"}],
   "options": {"temperature": 0, "top_p": 1, "seed": 42, "num_predict": 512, "num_ctx": 8192}}},
 {"path": "/api/chat", "body": {"model": "locollm-tutor",
   "messages": [{"role": "system", "content": "<any>"}, {"role": "user", "content": "What is 40 + 2?\n\nRead the question again: What is 40 + 2?"}],
   "options": {"temperature": 0, "top_p": 1, "seed": 42, "num_predict": 512}}},
 {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"},
 {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"},
 {"path": "/api/chat"}, {"path": "/api/chat"}]

=== --json has exactly the SPEC's keys; --gate passes when it ships
$ loco -q eval tutor --json --gate --no-reread
--- file home/.locollm/config.yaml
eval: {min_items: 6}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"question": "a", "answer": 1}
{"question": "b", "answer": 2}
{"question": "c", "answer": 3}
{"question": "d", "answer": 4}
{"question": "e", "answer": 5}
{"question": "f", "answer": 6}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": [
   {"match": {"contains": "a"}, "content": "1"}, {"match": {"contains": "b"}, "content": "2"},
   {"match": {"contains": "c"}, "content": "3"}, {"match": {"contains": "d"}, "content": "4"},
   {"match": {"contains": "e"}, "content": "5"}, {"match": {"contains": "f"}, "content": "6"}],
   "qwen3:4b": {"content": "no idea"}}}
--- stdout json
{"adapter_name": "tutor", "base_model": "qwen3:4b", "adapter_model": "locollm-tutor",
 "dataset": "adapters/tutor/eval.jsonl",
 "dataset_sha256": "<SHA>", "n": 6, "eval_type": "numeric",
 "base": {"correct": 0, "total": 6, "score": 0}, "adapter": {"correct": 6, "total": 6, "score": 1},
 "delta": 1, "test": "mcnemar_exact", "p": 0.03125, "ci95": [0.2193, 1], "ci_method": "tango_score",
 "mcnemar_p": 0.03125, "discordant": {"only_base": 0, "only_adapter": 6}, "differing": 6,
 "power": {"mde": 92.81, "alpha": 0.05, "power": 0.8, "method": "connor1987", "discordance": 1},
 "min_items": 6, "test_verdict": "ships", "verdict": "ships",
 "settings": {"reread": false, "votes": 1, "temperature": 0, "seed": 42, "seeds": [42]},
 "adapter_swap_time": {"target_ms": 500, "models": [{"model": "qwen3:4b", "loads": 0, "seconds": 0},
                                                   {"model": "locollm-tutor", "loads": 0, "seconds": 0}]},
 "out_of_domain": [], "ood_max_drop": 5}

=== --gate fails when the difference is not significant
$ loco -q eval tutor --gate
exit 1
--- file home/.locollm/config.yaml
eval: {min_items: 1}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: analysis}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "Where is the Louvre?", "expected_output": "Paris"}
{"instruction": "Capital of Italy?", "expected_output": "Rome"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "It is in Paris, France."}]}
--- stdout re
.*verdict: not significant
--- stderr
loco: error: gate: the verdict is 'not significant', not 'ships'

=== an identical rerun is answered from the cache: no chat is sent
$ sh -c '$LOCO -q eval tutor > /dev/null && $LOCO -q eval tutor --json'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "Where is the Louvre?", "expected_output": "Paris"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "Paris"}]}
--- stdout re
\{"adapter_name":"tutor",.*"base":\{"correct":1,"total":1,"score":1\},"adapter":\{"correct":1,"total":1,"score":1\},"delta":0,.*"verdict":"too few items".*\}
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/tags"}]

=== a failed request stops the report; the rerun sends only what is missing
$ sh -c '$LOCO -q eval tutor --jobs 1; echo "exit $?"; $LOCO -q eval tutor --jobs 1 | tail -1'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "one", "expected_output": "yes"}
{"instruction": "two", "expected_output": "yes"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"qwen3:4b": [{"content": "yes"}, {"fault": {"kind": "status", "status": 500, "error": "model runner has unexpectedly stopped"}}, {"content": "yes"}],
                      "locollm-tutor": [{"content": "yes"}]}}
--- stdout
exit 1
  verdict: too few items (2; eval.min_items needs 50, so add 48)
--- stderr
loco: error: 1 request got no answer (first: model runner has unexpectedly stopped)
hint: finished answers are cached: a rerun retries only those
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat", "body": {"model": "qwen3:4b"}}, {"path": "/api/chat", "body": {"model": "qwen3:4b"}},
 {"path": "/api/chat", "body": {"model": "locollm-tutor"}}, {"path": "/api/chat", "body": {"model": "locollm-tutor"}},
 {"path": "/api/tags"}, {"path": "/api/chat", "body": {"model": "qwen3:4b"}}]

=== a busy server (503) is retried with backoff
$ loco -q eval tutor --base-only --json
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "one", "expected_output": "yes"}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"fault": {"kind": "status", "status": 503}}, {"content": "yes"}]}
--- stdout json
{"adapter_name": "tutor", "base_model": "qwen3:4b", "adapter_model": "locollm-tutor", "dataset": "adapters/tutor/eval.jsonl",
 "dataset_sha256": "<SHA>", "n": 1, "eval_type": "contains", "base": {"correct": 1, "total": 1, "score": 1},
 "adapter": null, "delta": null, "test": null, "p": null, "ci95": null, "ci_method": null,
 "mcnemar_p": null, "power": null, "verdict": null,
 "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42, "seeds": [42]}, "adapter_swap_time": "<any>"}
--- requests
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/chat"}]

=== the adapter's model is missing: exit 4 with the fix
$ loco eval math
exit 4
--- server
{"models": [{"name": "qwen3:4b"}]}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/math/eval.jsonl
{"question": "1+1?", "answer": 2}
--- stderr
loco: error: model 'locollm-math' not found; run 'loco setup'

=== server down: exit 3
$ loco eval math
exit 3
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/math/eval.jsonl
{"question": "1+1?", "answer": 2}
--- stderr
loco: error: cannot reach Ollama at http://127.0.0.1:9 (connection refused)
hint: start it with 'ollama serve'
hint: or check OLLAMA_HOST (or give --host URL)

=== a bad dataset line stops the run before any request
$ loco eval math
exit 5
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}]}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: analysis}
--- file work/adapters/math/eval.jsonl
{"instruction": "a", "expected_output": "x"}
{"instruction": "b"}
--- stderr
loco: error: adapters/math/eval.jsonl:2: expected_output missing
--- requests
[]

=== code_execution: the answers' code runs against the tests in the sandbox
$ loco -q eval coder --jobs 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  coder: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code_execution}
--- file work/adapters/coder/eval.jsonl
{"id": "c1", "instruction": "Write a Python function `double(x)`.", "evaluation_config": {"function_name": "double", "test_cases": [{"input": [2], "expected_output": 4}, {"input": [0], "expected_output": 0}, {"input": [-3], "expected_output": -6}]}}
{"id": "c2", "instruction": "Write a Python function `is_even(n)`.", "evaluation_config": {"function_name": "is_even", "tests": ["assert is_even(2)", "assert not is_even(3)", "assert is_even(4) == is_even(6)"]}}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-coder"}],
 "replies_by_model": {
   "locollm-coder": [
     {"match": {"contains": "double"}, "content": "```python\ndef double(x):\n    return 2 * x\n```"},
     {"match": {"contains": "is_even"}, "content": "```python\ndef is_even(n):\n    return n % 2 == 0\n```"}],
   "qwen3:4b": [
     {"match": {"contains": "double"}, "content": "```python\ndef double(x):\n    return x + 2\n```"},
     {"match": {"contains": "is_even"}, "content": "```python\nimport os\nos.system('rm -rf ~')\nwhile True: pass\n```"}]}}
--- stdout re
eval coder: locollm-coder vs qwen3:4b on adapters/coder/eval.jsonl \(2 items\)

                   correct    score
  base model        0/2        0\.0%
  sandbox        landlock v\d+.*
  asserts        2 of 3 checked by loco; 1 ran in the answer's process
  adapter           2/2      100\.0%
  partial credit base 16\.7%, adapter 100\.0% of tests passed
.*

=== with no sandbox layer available, code_execution refuses unless --allow-unsandboxed
$ loco eval coder
env LOCO_TEST_SANDBOX_LAYERS=none
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  coder: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code_execution}
--- file work/adapters/coder/eval.jsonl
{"id": "c1", "instruction": "f", "evaluation_config": {"function_name": "f", "tests": ["assert f() == 1"]}}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-coder"}], "replies": [{"content": "def f(): return 1"}]}
--- stderr re
loco: error: adapters/coder/eval.jsonl:1: item 'c1' runs code: .*refuse.*--allow-unsandboxed.*

=== every scorer: exact_match, contains, code, rouge, f1 and a custom command
$ loco -q eval tutor --jobs 1 --log $T/log.jsonl --json
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl}
--- file work/adapters/tutor/eval.jsonl
{"id": "em", "instruction": "Q-em: rate?", "expected_output": "The rate is 12.5%", "evaluation_type": "exact_match", "evaluation_config": {"extract_pattern": "\\d+\\.?\\d*%", "normalize": true}}
{"id": "ct", "instruction": "Q-ct: city?", "expected_output": "Paris", "evaluation_type": "contains"}
{"id": "cd", "instruction": "Q-cd: write add", "answer_keywords": ["def add", "return"], "evaluation_type": "code"}
{"id": "rg", "instruction": "Q-rg: summarize", "expected_output": "the cat sat on the mat", "evaluation_type": "rouge"}
{"id": "f1", "instruction": "Q-f1: who?", "expected_output": "Ada Lovelace", "evaluation_type": "f1"}
{"id": "cu", "instruction": "Q-cu: anything", "expected_output": "x", "evaluation_type": "custom", "evaluation_config": {"command": "python3 -c 'import json,sys; d=json.load(sys.stdin); print(1 if \"good\" in d[\"response\"] else 0)'"}}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {
  "locollm-tutor": [
   {"match": {"contains": "Q-em"}, "content": "It rose to 12.5% this year."},
   {"match": {"contains": "Q-ct"}, "content": "That is paris."},
   {"match": {"contains": "Q-cd"}, "content": "```python\ndef add(a, b):\n    return a + b\n```"},
   {"match": {"contains": "Q-rg"}, "content": "the cat sat on a mat"},
   {"match": {"contains": "Q-f1"}, "content": "It was Ada Lovelace."},
   {"match": {"contains": "Q-cu"}, "content": "a good answer"}],
  "qwen3:4b": [
   {"match": {"contains": "Q-em"}, "content": "About 12%."},
   {"match": {"contains": "Q-ct"}, "content": "Lyon."},
   {"match": {"contains": "Q-cd"}, "content": "```python\ndef add(a, b)\n    return a + b\n```"},
   {"match": {"contains": "Q-rg"}, "content": "dogs bark"},
   {"match": {"contains": "Q-f1"}, "content": "Charles Babbage"},
   {"match": {"contains": "Q-cu"}, "content": "a bad answer"}]}}
--- stdout re
\{"adapter_name":"tutor",.*"n":6,"eval_type":"mixed","base":\{"correct":0,"total":6,"score":0\},"adapter":\{"correct":6,"total":6,"score":0\.9\d+\},.*"test":"sign_flip_permutation","p":0\.03125,"exact":true,.*"mcnemar_p":null,.*"test_verdict":"ships","verdict":"too few items".*\}

=== eval --router --router-kind keyword: the keyword router on the questions the learned kinds are cross-validated on
$ loco eval --router --router-kind keyword --registry $SRC/adapters/registry.yaml
--- stdout
5-fold cross-validation (stratified, seed 42) on the 2009 questions
`router train` learns from (its keywords are trained on, never scored);
the keyword router routes the same questions

router accuracy (keyword, 5-fold cross-validation):
  1412/2009 = 70.3% (95% interval 68.2 to 72.2%)
base model chosen for 931 of 2009

  class          precision recall     f1 support
  math               0.879  0.631  0.735     474
  code               0.975  0.435  0.602     540
  analysis           0.859  0.893  0.876     478
  base model         0.484  0.872  0.623     517

  actual \ got         math       code   analysis base model
  math                  299          4          4        167
  code                    1        235         42        262
  analysis                0          0        427         51
  base model             40          2         24        451

=== eval --router --router-kind keyword --json
$ loco eval --router --router-kind keyword --json --registry $SRC/adapters/registry.yaml
--- stdout json
{"kinds": [{"kind": "keyword", "set": "5-fold cross-validation", "correct": 1412, "total": 2009,
  "accuracy": 0.7028, "accuracy_ci95": [0.6825, 0.7224], "base_chosen": 931,
  "classes": {"math": {"precision": 0.8794, "recall": 0.6308, "f1": 0.7346, "support": 474},
              "code": {"precision": 0.9751, "recall": 0.4352, "f1": 0.6018, "support": 540},
              "analysis": {"precision": 0.8592, "recall": 0.8933, "f1": 0.8759, "support": 478},
              "base model": {"precision": 0.4844, "recall": 0.8723, "f1": 0.6229, "support": 517}},
  "confusion": {"math": {"math": 299, "code": 4, "analysis": 4, "base model": 167},
                "code": {"math": 1, "code": 235, "analysis": 42, "base model": 262},
                "analysis": {"math": 0, "code": 0, "analysis": 427, "base model": 51},
                "base model": {"math": 40, "code": 2, "analysis": 24, "base model": 451}}}],
 "mcnemar": []}

=== results on another version of the dataset are flagged as not comparable
$ sh -c '$LOCO -q eval tutor > /dev/null && echo "{\"instruction\": \"two\", \"expected_output\": \"yes\"}" >> adapters/tutor/eval.jsonl && $LOCO -q eval tutor > /dev/null; ls $LOCO_HOME/results/tutor | wc -l'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "one", "expected_output": "yes"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "yes"}]}
--- stdout re
\s*2
--- stderr
loco: warning: 1 earlier result used another version of this dataset and is not comparable

=== eval --all: one row per adapter
$ loco -q eval --all --registry $SRC/adapters/registry.yaml --limit 3
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-code"}, {"name": "locollm-analysis"}],
 "replies": [{"content": "I am not sure."}]}
--- stdout
adapter         n   base adapter  delta       p  Holm p  verdict
math            3   0.0%    0.0%   +0.0       1       1  too few items
code            3   0.0%    0.0%   +0.0       1       1  too few items
analysis        3   0.0%    0.0%   +0.0       1       1  too few items

=== eval --all takes no adapter
$ loco eval --all math
exit 2
--- stderr
loco: error: --all takes no ADAPTER, --dataset, --base-only, --log or --plan
hint: it runs every adapter on its own dataset

=== --out-of-domain: the adapter and the base on the other datasets; a drop over 5 points regresses
$ loco -q eval tutor --out-of-domain
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  coder: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code_execution}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "T1", "expected_output": "yes"}
--- file work/adapters/geo/eval.jsonl
{"instruction": "G1", "expected_output": "Paris"}
{"instruction": "G2", "expected_output": "Rome"}
--- file work/adapters/coder/eval.jsonl
{"instruction": "C1", "evaluation_config": {"function_name": "f", "tests": ["assert f() == 1"]}}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": [{"content": "yes"}], "qwen3:4b": [{"content": "yes, Paris and Rome"}]}}
--- stdout re
eval tutor: .*
out of domain \(tutor's model vs the base; a drop over 5 points regresses\):
  dataset        n   base adapter  delta  95% CI            Holm p
  geo            2 100\.0%    0\.0% -100\.0  -100\.0 to  \+31\.5       1  regression
  coder          1   0\.0%    0\.0%   \+0\.0   -79\.3 to  \+79\.3       1

  verdict: too few items \(1; eval\.min_items needs 50, so add 49\)
--- stderr

=== two servers share the work (--host given twice)
$ loco -q eval tutor --jobs 4 --host 127.0.0.1:$PORT --host 127.0.0.1:$PORT2
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "1", "expected_output": "yes"}
{"instruction": "2", "expected_output": "yes"}
{"instruction": "3", "expected_output": "yes"}
{"instruction": "4", "expected_output": "yes"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "yes", "delay_first_ms": 100}]}
--- server2
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "yes", "delay_first_ms": 100}]}
--- stdout re
.*  base model        4/4      100\.0%.*
--- requests any-order
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"}]
--- requests2 any-order
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"}, {"path": "/api/chat"}]

=== a server that goes away leaves the rotation; its items are retried on the other
$ loco -q eval tutor --jobs 2 --host 127.0.0.1:$PORT --host 127.0.0.1:$PORT2
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "1", "expected_output": "yes"}
{"instruction": "2", "expected_output": "yes"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "yes", "delay_first_ms": 200}]}
--- server2
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"fault": {"kind": "cut", "after": 0, "reset": true}}]}
--- stdout re
.*  base model        2/2      100\.0%.*
--- stderr re
loco: warning: http://127\.0\.0\.1:\d+ left the rotation \(.*\); its requests went to the other servers

=== a server that cannot be reached at the start is left out, with a warning
$ loco -q eval tutor --host 127.0.0.1:$PORT --host 127.0.0.1:9
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "1", "expected_output": "yes"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "yes"}]}
--- stdout re
.*  base model        1/1      100\.0%.*
--- stderr
loco: warning: http://127.0.0.1:9 is unreachable (connection refused); evaluating on the other servers

=== config ollama.hosts lists the servers to share
$ loco -q eval tutor --json --jobs 4
--- file home/.locollm/config.yaml
ollama: {hosts: ["127.0.0.1:$PORT", "127.0.0.1:$PORT2"]}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "1", "expected_output": "yes"}
{"instruction": "2", "expected_output": "yes"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "yes", "delay_first_ms": 100}]}
--- server2
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "yes", "delay_first_ms": 100}]}
--- stdout re
\{"adapter_name":"tutor",.*"base":\{"correct":2,"total":2,"score":1\}.*\}
--- requests any-order
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/chat"}]
--- requests2 any-order
[{"path": "/api/tags"}, {"path": "/api/chat"}, {"path": "/api/chat"}]

=== llm_judge: three judge runs per answer, mean over max_score, judged by the base model
$ loco -q eval tutor --json --jobs 1 --log $T/log.jsonl
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: llm_judge}
--- file work/adapters/tutor/eval.jsonl
{"id": "e1", "instruction": "Write one sentence about rivers.", "expected_output": "", "evaluation_config": {"rubric": "Clear, correct, one sentence.", "max_score": 10}}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {
   "locollm-tutor": [{"content": "Rivers carry water to the sea."}],
   "qwen3:4b": [
     {"match": {"contains": "Answer to grade:\nRivers carry water to the sea."}, "content": "Clear and correct.\nScore: 8"},
     {"match": {"contains": "Answer to grade:\nwater"}, "content": "Too short.\nScore: 2"},
     {"content": "water"}]}}
--- stdout re
\{"adapter_name":"tutor",.*"eval_type":"llm_judge","base":\{"correct":0,"total":1,"score":0\.2\},"adapter":\{"correct":1,"total":1,"score":0\.8\},"delta":0\.6,.*\}
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "messages": [{"role": "user", "content": "Write one sentence about rivers.\n\nRead the question again: Write one sentence about rivers."}]}},
 {"path": "/api/chat", "body": {"model": "locollm-tutor"}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "options": {"seed": 42, "temperature": 0.7}}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "options": {"seed": 43, "temperature": 0.7}}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "options": {"seed": 44, "temperature": 0.7}}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "options": {"seed": 42, "temperature": 0.7}}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "options": {"seed": 43, "temperature": 0.7}}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "options": {"seed": 44, "temperature": 0.7}}}]

=== eval --votes: N samples per answer at vote_temperature, the majority is scored
$ loco -q eval tutor --votes 3 --no-early-stop --json --base-only
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [
  {"match": {"seed": 42}, "content": "The answer is 42"},
  {"match": {"seed": 43}, "content": "The answer is 41"},
  {"match": {"seed": 44}, "content": "So 42."}]}
--- stdout re
\{"adapter_name":"tutor",.*"base":\{"correct":1,"total":1,"score":1\},.*"settings":\{"reread":true,"votes":3,"temperature":0\.7,"seed":42,"seeds":\[42,43,44\],"early_stop":\{"on":false,"samples_saved":0,"tokens_saved":0\}\},"adapter_swap_time":.*\}
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.7, "seed": 42}}},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.7, "seed": 43}}},
 {"path": "/api/chat", "body": {"options": {"temperature": 0.7, "seed": 44}}}]

=== Ctrl-C: exit 130, finished answers kept for the rerun
$ loco -q eval tutor --jobs 1 --base-only
interrupt on request 3
exit 130
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "one", "expected_output": "yes"}
{"instruction": "two", "expected_output": "yes"}
--- server
{"models": [{"name": "qwen3:4b"}], "replies": [{"content": "yes"}, {"content": "yes no", "fault": {"kind": "stall", "after": 1, "ms": 8000}}]}
--- stderr
loco: error: interrupted
hint: finished answers are cached: a rerun sends only what is missing

=== --log writes one JSON line per (item, model)
$ sh -c '$LOCO -q eval tutor --log log.jsonl > /dev/null && python3 -c "import json; [print(d[\"id\"], d[\"side\"], d[\"model\"], repr(d[\"response\"]), d[\"extracted\"], d[\"expected\"], d[\"correct\"], isinstance(d[\"latency\"], (int, float)), d[\"prompt\"].count(\"Read the question again\")) for d in sorted((json.loads(l) for l in open(\"log.jsonl\")), key=lambda d: (d[\"id\"], d[\"side\"]))]"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"id": "q1", "question": "What is 6 x 7?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": [{"content": "The answer is 42."}], "qwen3:4b": [{"content": "Maybe 41."}]}}
--- stdout
q1 adapter locollm-tutor 'The answer is 42.' 42 42 True True 1
q1 base qwen3:4b 'Maybe 41.' 41 42 False True 1

=== the archive and --log are private: 0600 files, folders made 0700
$ sh -c '$LOCO -q eval tutor --log log.jsonl > /dev/null && stat -c "%a %n" log.jsonl && cd $LOCO_HOME && stat -c "%a %n" results results/tutor results/tutor/* | sed "s/[0-9TZ]\{16\}/STAMP/"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"id": "q1", "question": "What is 6 x 7?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "default_reply": {"content": "42"}}
--- stdout
600 log.jsonl
700 results
700 results/tutor
600 results/tutor/STAMP.json

=== eval --router leaves out an adapter whose dataset is missing, with a warning
$ loco eval --router
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, router_keywords: [sum, plus], eval_dataset: eval.jsonl, eval_type: numeric}
  geo: {version: 1.0.0, type: system-prompt, router_keywords: [capital], eval_dataset: eval.jsonl, eval_type: exact_match}
--- file work/adapters/tutor/eval.jsonl
{"question": "the sum of 40 plus 2?", "answer": 42}
--- stdout re
router accuracy \(keyword, eval datasets\):\n  1/1 = 100\.0%.*
--- stderr
loco: warning: adapter 'geo' is left out: its dataset is missing
hint: no file adapters/geo/eval.jsonl

=== outside a checkout, without an install, eval says which registry is in force and how to use the shipped one
$ loco eval math
exit 2
--- stderr
loco: error: adapter 'math' has no eval dataset here
hint: pass one with --dataset FILE
hint: loco is using the registry built into it: there is no
hint: ./adapters/registry.yaml here, none in LOCO_HOME and no install
hint: run loco in its checkout, install it ('PREFIX=~/.local scripts/setup.sh'),
hint: or name the shipped one: --registry CHECKOUT/adapters/registry.yaml

=== --jobs on a serial server (OLLAMA_NUM_PARALLEL=1): the answers come one at a time, said once
$ loco eval tutor --jobs 2
--- file home/.locollm/config.yaml
eval: {min_items: 2}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, description: "sums", eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"id": "t1", "question": "What is 40 + 2?", "answer": 42}
{"id": "t2", "question": "What is 41 + 1?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "scheduler": {"num_parallel": 1},
 "replies": [{"content": "The answer is 42.", "delay_first_ms": 250, "delay_ms": 100}]}
--- stdout re
eval tutor: locollm-tutor vs qwen3:4b on adapters/tutor/eval\.jsonl \(2 items\).*
--- stderr re
(?:.*\n)?loco: the requests of --jobs came back one at a time: the server runs one request at a time; start Ollama with OLLAMA_NUM_PARALLEL=2 \(for example 'OLLAMA_NUM_PARALLEL=2 ollama serve'\) to run them at once\n?(?:(?!came back).)*

=== --jobs on a server with slots: the answers overlap, no hint
$ loco eval tutor --jobs 2
--- file home/.locollm/config.yaml
eval: {min_items: 2}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, description: "sums", eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"id": "t1", "question": "What is 40 + 2?", "answer": 42}
{"id": "t2", "question": "What is 41 + 1?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "scheduler": {"num_parallel": 2},
 "replies": [{"content": "The answer is 42.", "delay_first_ms": 250, "delay_ms": 100}]}
--- stdout re
eval tutor: locollm-tutor vs qwen3:4b on adapters/tutor/eval\.jsonl \(2 items\).*
--- stderr re
(?:(?!came back).)*
