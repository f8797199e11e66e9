# loco adapters list|show over the shipped and hand-written registries.

=== list is the default subcommand
$ loco adapters
--- stdout
base model qwen3:4b, registry (built-in registry)

NAME             VERSION   TYPE           DOMAIN       ACTIVE INSTALLED LAST EVAL              DESCRIPTION
math             0.1.0     system-prompt  math         yes    yes       -                      math word problems and arithmetic reasoning
code             0.1.0     system-prompt  code         yes    yes       -                      Python programming: writing, explaining and fixing code
analysis         0.1.0     system-prompt  analysis     yes    yes       -                      reading comprehension, summarising and analysing texts

=== -q drops the header line
$ loco -q adapters list
--- stdout
NAME             VERSION   TYPE           DOMAIN       ACTIVE INSTALLED LAST EVAL              DESCRIPTION
math             0.1.0     system-prompt  math         yes    yes       -                      math word problems and arithmetic reasoning
code             0.1.0     system-prompt  code         yes    yes       -                      Python programming: writing, explaining and fixing code
analysis         0.1.0     system-prompt  analysis     yes    yes       -                      reading comprehension, summarising and analysing texts

=== the shipped registry from the source tree, with dataset paths
$ loco adapters list --json --registry $SRC/adapters/registry.yaml
--- stdout re
\{"registry":"[^"]*/adapters/registry.yaml","source":"--registry","base_model":\{"name":"Qwen/Qwen3-4B-Instruct","ollama_name":"qwen3:4b","quantization":"Q4_K_M","academic_year":"2026-2027"\},"adapters":\[\{"name":"math","version":"0.1.0","type":"system-prompt","domain":"math","active":true,"installed":true,"model":"locollm-math","description":"math word problems and arithmetic reasoning","eval_type":"numeric","eval_dataset":"[^"]*/adapters/math/eval_dataset.jsonl","tags":\["math","arithmetic","word-problems","reasoning"\],"last_eval":null,"last_eval_stale":null\},.*\]\}

=== a registry in registry order, every type
$ loco adapters list
--- file work/adapters/registry.yaml
base_model: {ollama_name: "llama3.2:3b"}
adapters:
  zz-lora:
    version: 2.0.0
    type: lora
    adapter_path: zz/lora.gguf
    domain: writing
  aa-merged:
    version: 1.0.0-beta.1
    type: merged-gguf
    gguf_path: aa/model.gguf
    description: "merged model"
    active: true
--- stdout
base model llama3.2:3b, registry adapters/registry.yaml

NAME             VERSION   TYPE           DOMAIN       ACTIVE INSTALLED LAST EVAL              DESCRIPTION
zz-lora          2.0.0     lora           writing      no     no        -                      
aa-merged        1.0.0-beta.1 merged-gguf    aa-merged    yes    no        -                      merged model

=== an empty adapters mapping
$ loco adapters list
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters: {}
--- stdout
base model qwen3:4b, registry adapters/registry.yaml

no adapters; scaffold one with 'loco adapters add NAME'

=== show prints every field
$ loco adapters show tutor
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor:
    version: 0.3.1
    type: lora
    adapter_path: tutor/lora.gguf
    active: true
    description: "patient explanations"
    url: https://example.org/tutor.gguf
    sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    tags: [teaching]
    authors: ["Ada", "Grace"]
    semester: "2026-S2"
    eval_dataset: eval.jsonl
    eval_type: f1
    router_keywords: [teach, "step by step"]
    router_patterns: ['^why\b']
    benchmark_scores: {squad_mini: 0.61}
    training: {method: qlora, dataset: "notes", lora_r: 8, epochs: 2}
    mascot: owl
    system_prompt: |
      Be patient.
      Check understanding.
--- stdout
tutor 0.3.1 (lora, domain tutor, active)
model:        locollm-tutor (from qwen3:4b)
description:  patient explanations
adapter_path: tutor/lora.gguf
url:          https://example.org/tutor.gguf (sha256 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef)
tags:         teaching
authors:      Ada, Grace
semester:     2026-S2
eval:         f1 on adapters/tutor/eval.jsonl
keywords:     teach, step by step
patterns:     ^why\b
benchmarks:   squad_mini 0.61
training:     qlora on "notes" (lora_r 8, epochs 2)
other keys:   mascot
system prompt:
  Be patient.
  Check understanding.

=== show --json
$ loco adapters show tutor --json
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 0.3.1, type: system-prompt, router_keywords: [teach], x: 1}
--- stdout json
{"name": "tutor", "version": "0.3.1", "type": "system-prompt", "domain": "tutor",
 "active": false, "installed": true, "model": "locollm-tutor", "description": null, "eval_type": null,
 "eval_dataset": null, "tags": [], "system_prompt": null, "gguf_path": null,
 "adapter_path": null, "url": null, "sha256": null, "semester": null, "authors": [],
 "router_keywords": ["teach"], "router_patterns": [], "benchmark_scores": {},
 "training": {}, "other_keys": ["x"]}

=== show an unknown adapter: exit 4 with a suggestion
$ loco adapters show mth
exit 4
--- stderr
loco: error: adapter 'mth' not found in (built-in registry)
hint: did you mean 'math'?

=== show an adapter far from any name
$ loco adapters show zzzzzz
exit 4
--- stderr
loco: error: adapter 'zzzzzz' not found in (built-in registry)
hint: 'loco adapters list' shows them

=== adapters add scaffolds an entry, a dataset template and a README
$ loco adapters add geo --keywords "capital, country" --description "world geography" --eval-type numeric
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
# the lab's adapters
adapters:
  math: {version: 1.0.0, type: system-prompt}
--- stdout
added geo to adapters/registry.yaml and created adapters/geo/ (eval_dataset.jsonl, README.md)
next: write its eval items, then 'loco eval geo'
--- after work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
# the lab's adapters
adapters:
  math: {version: 1.0.0, type: system-prompt}
  geo: {version: "0.1.0", type: system-prompt, active: false, description: "world geography", eval_dataset: eval_dataset.jsonl, eval_type: numeric, router_keywords: ["capital", "country"], system_prompt: "You are a careful specialist. Describe the role here."}
--- after work/adapters/geo/eval_dataset.jsonl
{"id":"q-001","question":"Sample item for geo (capital, country): replace it with a real question whose answer is a number, as 7 is here.","answer":7,"difficulty":"easy"}

=== a scaffolded lora adapter's file is where the registry resolves it: adapters/NAME/lora.gguf
$ sh -c '$LOCO adapters add geo --type lora > /dev/null && grep -o "adapter_path: [a-z/.]*" adapters/registry.yaml && $LOCO setup --dry-run 2>/dev/null | grep -e --lora'
--- file home/.locollm/config.yaml
backend: {kind: llamacpp, base_url: "http://127.0.0.1:8080/v1"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters: {}
--- stdout
adapter_path: geo/lora.gguf
    --lora $T/work/adapters/geo/lora.gguf \
    --lora-init-without-apply \

=== the scaffolded adapter routes, and so does its own sample item
$ sh -c '$LOCO adapters add geo --keywords capital > /dev/null && $LOCO route "the capital of Peru" && $LOCO eval --router | head -2'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters: {}
--- stdout
geo
router accuracy (keyword, eval datasets):
  1/1 = 100.0% (95% interval 20.7 to 100.0%)

=== without --keywords the name is the keyword; eval on the one sample says too few items
$ sh -c '$LOCO adapters add tutor --eval-type numeric > /dev/null && grep -o "router_keywords: [^]]*]" adapters/registry.yaml && $LOCO route "a tutor question" && $LOCO -q eval tutor | tail -1'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters: {}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "The answer is 7."}]}
--- stdout
router_keywords: ["tutor"]
tutor
  verdict: too few items (1; eval.min_items needs 50, so add 49)

=== a sample item that another adapter's keywords win is said at once
$ loco adapters add geo --keywords python
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  code: {version: 1.0.0, type: system-prompt, router_keywords: [python, sample]}
--- stdout
added geo to adapters/registry.yaml and created adapters/geo/ (eval_dataset.jsonl, README.md)
next: write its eval items, then 'loco eval geo'
--- stderr
loco: warning: its sample item routes to code, not geo
hint: give it --keywords that its questions use

=== adding an existing adapter is refused
$ loco adapters add math
exit 2
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt}
--- stderr
loco: error: adapter 'math' already exists in adapters/registry.yaml

=== a bad name is refused and nothing is written
$ loco adapters add "Geo Stuff"
exit 5
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters: {}
--- stderr re
loco: error: cannot add 'Geo Stuff': .*adapter name 'Geo Stuff' must be lowercase.*
hint: adapters/registry.yaml is unchanged
--- after work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters: {}

=== the list shows each adapter's newest archived eval
$ sh -c '$LOCO -q eval tutor > /dev/null && $LOCO -q adapters list'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, description: "t"}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "one", "expected_output": "yes"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies_by_model": {"locollm-tutor": {"content": "yes"}, "qwen3:4b": {"content": "no"}}}
--- stdout
NAME             VERSION   TYPE           DOMAIN       ACTIVE INSTALLED LAST EVAL              DESCRIPTION
tutor            1.0.0     system-prompt  tutor        no     yes       100.0% too few items   t

=== another registry's adapter of the same name does not show this one's eval
$ sh -c '$LOCO -q eval tutor > /dev/null && $LOCO -q --registry other/registry.yaml adapters list && $LOCO -q --registry bare/registry.yaml adapters list'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, description: "t"}
--- file work/adapters/tutor/eval.jsonl
{"instruction": "one", "expected_output": "yes"}
--- file work/other/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, description: "other"}
--- file work/other/tutor/eval.jsonl
{"instruction": "two", "expected_output": "no"}
--- file work/bare/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, description: "no dataset"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies_by_model": {"locollm-tutor": {"content": "yes"}, "qwen3:4b": {"content": "no"}}}
--- stdout
NAME             VERSION   TYPE           DOMAIN       ACTIVE INSTALLED LAST EVAL              DESCRIPTION
tutor            1.0.0     system-prompt  tutor        no     yes       -                      other
NAME             VERSION   TYPE           DOMAIN       ACTIVE INSTALLED LAST EVAL              DESCRIPTION
tutor            1.0.0     system-prompt  tutor        no     yes       -                      no dataset
