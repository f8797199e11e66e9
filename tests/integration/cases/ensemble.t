# --ensemble (issue 20): the votes go round-robin over every adapter of the
# chosen adapter's domain (the chosen one first, then registry order; with
# --ensemble-base the base model last), each with its own system context;
# the tally names who gave each answer.

=== query --ensemble: five votes spread over the domain's two models and the base
$ loco query --adapter math --ensemble-base --votes 5 --no-early-stop --seed 10 "What is 12 + 17?"
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, domain: math, system_prompt: "You do sums.", eval_type: numeric}
  algebra: {version: 1.0.0, type: system-prompt, domain: math, active: false, system_prompt: "You do algebra.", eval_type: numeric}
  code: {version: 1.0.0, type: system-prompt, domain: code, system_prompt: "You write code."}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-algebra"}, {"name": "locollm-code"}],
 "replies_by_model": {
   "locollm-math": [{"content": "It is 29."}],
   "locollm-algebra": [{"match": {"seed": 11}, "content": "29"}, {"match": {"seed": 14}, "content": "30"}],
   "qwen3:4b": [{"content": "30"}]}}
--- stdout
It is 29.
--- stderr re
\[math \| 3/5 agree on 29 \(math 2, algebra\); others: 30 \(2: base, algebra\) \| .*\]
--- requests any-order
[{"path": "/api/tags"}, {"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math", "options": {"seed": 10},
   "messages": [{"role": "system", "content": "You do sums."}, {"role": "user", "content": "<any>"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-algebra", "options": {"seed": 11},
   "messages": [{"role": "system", "content": "You do algebra."}, {"role": "user", "content": "<any>"}]}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "options": {"seed": 12},
   "messages": [{"role": "user", "content": "<any>"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "options": {"seed": 13}}},
 {"path": "/api/chat", "body": {"model": "locollm-algebra", "options": {"seed": 14}}}]
--- generations
[{"model": "locollm-math", "seed": 10, "outcome": "done"}, {"model": "locollm-algebra", "seed": 11, "outcome": "done"},
 {"model": "qwen3:4b", "seed": 12, "outcome": "done"}, {"model": "locollm-math", "seed": 13, "outcome": "done"},
 {"model": "locollm-algebra", "seed": 14, "outcome": "done"}]

=== --ensemble without --votes: one sample per model, three at least; --json names each sample's adapter
$ loco query --adapter math --ensemble --no-early-stop --seed 1 --json "x"
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, domain: math, eval_type: numeric}
  algebra: {version: 1.0.0, type: system-prompt, domain: math, active: false, eval_type: numeric}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-algebra"}],
 "replies": [{"content": "7"}]}
--- stdout re
.*"votes":\{"method":"majority","n":3,.*"tally":"3/3 agree on 7 \(math 2, algebra\)".*"samples":\[\{"index":0,"adapter":"math",.*\{"index":1,"adapter":"algebra",.*\{"index":2,"adapter":"math",.*

=== a member whose model is missing does not vote; one model left is an error
$ loco query --adapter math --ensemble "x"
exit 4
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, domain: math}
  algebra: {version: 1.0.0, type: system-prompt, domain: math, active: false}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}]}
--- stderr
loco: warning: 'locollm-algebra' is not installed; it does not vote
loco: error: domain 'math' has one installed model; --ensemble needs two
hint: 'loco setup' creates the adapters' models; --ensemble-base adds qwen3:4b

=== --ensemble needs an adapter
$ loco query --no-route --ensemble "x"
exit 2
--- server
{"models": [{"name": "qwen3:4b"}]}
--- stderr
loco: error: --ensemble needs an adapter: its domain's adapters vote
hint: name one with --adapter NAME, or ask a question the router sends to one

=== eval --ensemble: the domain voting together beats the adapter alone, paired
$ loco -q eval math --ensemble --votes 4 --jobs 4
--- file home/.locollm/config.yaml
eval: {min_items: 6}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, domain: math, system_prompt: "You do sums.", eval_dataset: eval.jsonl, eval_type: numeric}
  algebra: {version: 1.0.0, type: system-prompt, domain: math, active: false, system_prompt: "You do algebra."}
  code: {version: 1.0.0, type: system-prompt, domain: code}
--- file work/adapters/math/eval.jsonl
{"id": "t1", "question": "What is 40 + 2?", "answer": 42}
{"id": "t2", "question": "What is 41 + 1?", "answer": 42}
{"id": "t3", "question": "What is 6 x 7?", "answer": 42}
{"id": "t4", "question": "What is 84 / 2?", "answer": 42}
{"id": "t5", "question": "What is 50 - 8?", "answer": 42}
{"id": "t6", "question": "What is 21 x 2?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-algebra"}, {"name": "locollm-code"}],
 "replies_by_model": {
   "locollm-math": [{"match": {"seed": 42}, "content": "42"}, {"content": "41"}],
   "locollm-algebra": [{"content": "42"}]}}
--- stdout
eval math --ensemble: domain 'math' (math, algebra) vs math alone
  on adapters/math/eval.jsonl (6 items)
  4 samples per item each

                   correct    score  agreement
  alone             0/6        0.0%        75%
  ensemble          6/6      100.0%        75%
  winners from   math 6, algebra 0

  difference     +100.0 points (95% CI +21.9 to +100.0, Tango score)
  McNemar p      0.03125 (only the ensemble right: 6, only math alone: 0)

  verdict: the ensemble is better

=== eval --ensemble sends each member its share: the adapter all N (the ensemble uses its first), the others theirs
$ loco -q eval math --ensemble-base --votes 5 --limit 1 --json
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, domain: math, system_prompt: "You do sums.", eval_dataset: eval.jsonl, eval_type: numeric}
  algebra: {version: 1.0.0, type: system-prompt, domain: math, active: false, system_prompt: "You do algebra."}
--- file work/adapters/math/eval.jsonl
{"id": "t1", "question": "What is 40 + 2?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-algebra"}],
 "replies": [{"content": "42"}]}
--- stdout re
\{"adapter":"math","domain":"math","members":\[\{"name":"math","model":"locollm-math","samples":2,"winning_samples":1\},\{"name":"algebra","model":"locollm-algebra","samples":2,"winning_samples":0\},\{"name":"base","model":"qwen3:4b","samples":1,"winning_samples":0\}\],"dataset":"adapters/math/eval.jsonl","n":1,"votes":5,"alone":\{"correct":1,"score":1,"agreement":1\},"ensemble":\{"correct":1,"score":1,"agreement":1\},"delta":0,"test":"mcnemar_exact","p_value":1,"ci95":\[.*\],"only_ensemble":0,"only_alone":0,"verdict":"too few items"\}
--- requests any-order
[{"path": "/api/tags"}, {"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "locollm-math", "options": {"seed": 42, "temperature": 0.7},
   "messages": [{"role": "system", "content": "You do sums."}, {"role": "user", "content": "<any>"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "options": {"seed": 43}}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "options": {"seed": 44}}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "options": {"seed": 45}}},
 {"path": "/api/chat", "body": {"model": "locollm-math", "options": {"seed": 46}}},
 {"path": "/api/chat", "body": {"model": "locollm-algebra", "options": {"seed": 42},
   "messages": [{"role": "system", "content": "You do algebra."}, {"role": "user", "content": "<any>"}]}},
 {"path": "/api/chat", "body": {"model": "locollm-algebra", "options": {"seed": 43}}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "options": {"seed": 42},
   "messages": [{"role": "user", "content": "<any>"}]}}]

=== eval --ensemble does not go with --base-only
$ loco eval math --ensemble --base-only
exit 2
--- stderr
loco: error: --ensemble cannot go with --base-only

=== bench: an oracle+ensemble+votesN cell votes over each domain's adapters, against oracle+votesN
# math's two samples of the ensemble are oracle+votes4's first two (the same
# requests): the cache answers them, so the cell sends algebra's two only.
$ loco -q bench --domains math --cells base,oracle+votes4,oracle+ensemble+votes4 --no-early-stop --json
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, domain: math, system_prompt: "You do sums.", eval_dataset: eval.jsonl, eval_type: numeric}
  algebra: {version: 1.0.0, type: system-prompt, domain: math, active: false, system_prompt: "You do algebra."}
--- file work/adapters/math/eval.jsonl
{"id": "t1", "question": "What is 40 + 2?", "answer": 42}
{"id": "t2", "question": "What is 41 + 1?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-algebra"}],
 "replies_by_model": {
   "qwen3:4b": [{"content": "40"}],
   "locollm-math": [{"match": {"seed": 42}, "content": "42"}, {"content": "41"}],
   "locollm-algebra": [{"content": "42"}]}}
--- stdout re
\{"cells":\[\{"name":"base",.*"score":0,.*\},\{"name":"oracle\+votes4","n":2,"score":0,.*\},\{"name":"oracle\+ensemble\+votes4","n":2,"score":1,"per_domain":\{"math":1\},"comparisons":\[\{"against":"base","delta":1,.*\},\{"against":"oracle\+votes4","delta":1,.*"p":0.5,.*"test":"mcnemar_exact"\}\],.*"requests_sent":4,.*\}\],.*
--- generations
[{"model": "qwen3:4b", "seed": 42, "outcome": "done"}, {"model": "qwen3:4b", "seed": 42, "outcome": "done"},
 {"model": "locollm-math", "seed": 42}, {"model": "locollm-math", "seed": 43},
 {"model": "locollm-math", "seed": 44}, {"model": "locollm-math", "seed": 45},
 {"model": "locollm-math", "seed": 42}, {"model": "locollm-math", "seed": 43},
 {"model": "locollm-math", "seed": 44}, {"model": "locollm-math", "seed": 45},
 {"model": "locollm-algebra", "seed": 42}, {"model": "locollm-algebra", "seed": 43},
 {"model": "locollm-algebra", "seed": 42}, {"model": "locollm-algebra", "seed": 43}]

=== bench: an ensemble cell needs oracle and votesN
$ loco bench --cells base,oracle+ensemble
exit 2
--- stderr
loco: error: --cells: cell 'oracle+ensemble': ensemble is oracle+votesN only
hint: a cell is base, oracle, routed or reference, +re2 +tools +ensemble +votesN
