# loco bench (issue 18): the grid of cells over every domain's dataset, its
# comparisons, costs and archive. Two domains of four items each, `contains`
# scoring; the fake server answers per model, and RE2 requests (the user
# message holds "Read the question again") get one word more:
#   qwen3:4b       "alpha"        with RE2 "alpha beta"        (eval_count 10)
#   locollm-math   "alpha gamma"  with RE2 "alpha beta gamma"  (eval_count 20)
#   locollm-geo    "alpha delta"  with RE2 "alpha beta delta"  (eval_count 30)
# Router keywords: math "sum", geo "capital". Items (expected word):
#   m1 "sum one" gamma, m2 "sum two" gamma -> math; m3 "what capital three" gamma
#   -> geo (misrouted); m4 "plain four" beta -> base;
#   g1 "capital one" delta, g2 "capital two" delta, g4 "capital four" alpha -> geo;
#   g3 "plain three" delta -> base.
# So, right per cell (of 8): base g4 (math 0/4, geo 1/4, composite 12.5%);
# base+re2 m4 g4 (25%, 25%); oracle+re2 all 8 (100%); routed+re2 and
# routed+re2+votes5 m1 m2 m4 g1 g2 g4 (75%, 75%). Every comparison pairs the 8
# items; discordant pairs (only the other cell, only this cell) and the
# figures from tests/unit/stats_reference.py (exact McNemar, Tango at 40 digits):
#   base+re2 vs base          (0, 1)  p 1        Tango -24.00 to +47.09
#   oracle+re2 vs base        (0, 7)  p 0.015625 Tango +26.67 to +97.76
#   oracle+re2 vs base+re2    (0, 6)  p 0.03125  Tango +18.23 to +92.85
#   routed+re2 vs base        (0, 5)  p 0.0625   Tango  +9.78 to +86.32
#   routed+re2 vs base+re2    (0, 4)  p 0.125    Tango  +1.34 to +78.48
#   routed+re2 vs oracle+re2  (2, 0)  p 0.5      Tango -59.07 to +15.55 (misrouting)
#   votes5 vs base            (0, 5)  p 0.0625
#   votes5 vs routed+re2      (0, 0)  p 1        Tango -32.44 to +32.44
# Holm over those 8 p-values (sorted .015625 .03125 .0625 .0625 .125 .5 1 1,
# times 8..1, running maximum, capped at 1): 0.125, 0.21875, 0.375, 0.375, 0.5,
# 1, 1, 1. Tokens: eval_count summed over answers and samples: base 8x10 = 80,
# oracle 4x20 + 4x30 = 200, routed 2x20 + 4x30 + 2x10 = 180, votes5 5 x 180.
# Loads (scheduler load_ms 150, three runners fit): base loads in cell base,
# math and geo in oracle+re2, nothing after. The cache is eval's: routed+re2
# sends only m3 (geo's model never had it with RE2); the rest it shares with
# oracle+re2 and base+re2, whose measured latencies it reports. /api/ps sizes: 2.5, 3 and 3.5 GB.

=== the default grid: scores, comparisons with Holm, routing, costs against the targets
$ loco -q bench --no-early-stop --json
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
{"id": "m3", "instruction": "what capital three", "expected_output": "gamma"}
{"id": "m4", "instruction": "plain four", "expected_output": "beta"}
--- file work/adapters/geo/eval.jsonl
{"id": "g1", "instruction": "capital one", "expected_output": "delta"}
{"id": "g2", "instruction": "capital two", "expected_output": "delta"}
{"id": "g3", "instruction": "plain three", "expected_output": "delta"}
{"id": "g4", "instruction": "capital four", "expected_output": "alpha"}
--- server
{"models": [{"name": "qwen3:4b", "size": 2500000000}, {"name": "locollm-math", "size": 3000000000},
            {"name": "locollm-geo", "size": 3500000000}],
 "scheduler": {"load_ms": 150},
 "replies_by_model": {
   "qwen3:4b": [{"match": {"contains": "Read the question again"}, "content": "alpha beta", "eval_count": 10},
                {"match": {}, "content": "alpha", "eval_count": 10}],
   "locollm-math": [{"match": {"contains": "Read the question again"}, "content": "alpha beta gamma", "eval_count": 20},
                    {"match": {}, "content": "alpha gamma", "eval_count": 20}],
   "locollm-geo": [{"match": {"contains": "Read the question again"}, "content": "alpha beta delta", "eval_count": 30},
                   {"match": {}, "content": "alpha delta", "eval_count": 30}]}}
--- stdout json
{"cells": [
  {"name": "base", "n": 8, "score": 0.125, "per_domain": {"math": 0, "geo": 0.25}, "comparisons": [],
   "latency_p50_s": "<any>", "latency_p95_s": "<any>", "tokens": 80, "loads": 1, "load_s": "<any>",
   "wall_s": "<any>", "requests_sent": 8, "memory_peak_bytes": 2500000000},
  {"name": "base+re2", "n": 8, "score": 0.25, "per_domain": {"math": 0.25, "geo": 0.25},
   "comparisons": [{"against": "base", "delta": 0.125, "ci95": [-0.24, 0.4709], "p": 1, "p_holm": 1, "test": "mcnemar_exact"}],
   "latency_p50_s": "<any>", "latency_p95_s": "<any>", "tokens": 80, "loads": 0, "load_s": 0,
   "wall_s": "<any>", "requests_sent": 8, "memory_peak_bytes": 2500000000},
  {"name": "oracle+re2", "n": 8, "score": 1, "per_domain": {"math": 1, "geo": 1},
   "comparisons": [{"against": "base", "delta": 0.875, "ci95": [0.2667, 0.9776], "p": 0.015625, "p_holm": 0.125, "test": "mcnemar_exact"},
                   {"against": "base+re2", "delta": 0.75, "ci95": [0.1823, 0.9285], "p": 0.03125, "p_holm": 0.21875, "test": "mcnemar_exact"}],
   "latency_p50_s": "<any>", "latency_p95_s": "<any>", "tokens": 200, "loads": 2, "load_s": "<any>",
   "wall_s": "<any>", "requests_sent": 8, "memory_peak_bytes": 9000000000},
  {"name": "routed+re2", "n": 8, "score": 0.75, "per_domain": {"math": 0.75, "geo": 0.75},
   "comparisons": [{"against": "base", "delta": 0.625, "ci95": [0.0978, 0.8632], "p": 0.0625, "p_holm": 0.375, "test": "mcnemar_exact"},
                   {"against": "base+re2", "delta": 0.5, "ci95": [0.0134, 0.7848], "p": 0.125, "p_holm": 0.5, "test": "mcnemar_exact"},
                   {"against": "oracle+re2", "delta": -0.25, "ci95": [-0.5907, 0.1555], "p": 0.5, "p_holm": 1, "test": "mcnemar_exact"}],
   "latency_p50_s": "<any>", "latency_p95_s": "<any>", "tokens": 180, "loads": 0, "load_s": 0,
   "wall_s": "<any>", "requests_sent": 1, "memory_peak_bytes": 9000000000},
  {"name": "routed+re2+votes5", "n": 8, "score": 0.75, "per_domain": {"math": 0.75, "geo": 0.75},
   "comparisons": [{"against": "base", "delta": 0.625, "ci95": [0.0978, 0.8632], "p": 0.0625, "p_holm": 0.375, "test": "mcnemar_exact"},
                   {"against": "routed+re2", "delta": 0, "ci95": [-0.3244, 0.3244], "p": 1, "p_holm": 1, "test": "mcnemar_exact"}],
   "latency_p50_s": "<any>", "latency_p95_s": "<any>", "tokens": 900, "samples_saved": 0, "tokens_saved": 0, "loads": 0, "load_s": 0,
   "wall_s": "<any>", "requests_sent": 40, "memory_peak_bytes": 9000000000}],
 "domains": [
  {"name": "math", "adapter": "math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "<SHA>", "n": 4, "routed_right": 2, "routed_to_base": 1},
  {"name": "geo", "adapter": "geo", "dataset": "adapters/geo/eval.jsonl", "dataset_sha256": "<SHA>", "n": 4, "routed_right": 3, "routed_to_base": 1}],
 "settings": {"base_model": "qwen3:4b", "reference_model": null, "reference_backend": null, "limit": 0, "temperature": 0, "top_p": "<any>", "seed": 42,
              "max_tokens": "<any>", "vote_temperature": "<any>", "router_min_score": "<any>", "jobs": "<any>", "servers": 1, "min_items": 50},
 "routing": {"items": 8, "to_own_adapter": 5, "to_base": 2, "share_to_base": 0.25, "accuracy": 0.625},
 "server_memory_peak_bytes": 9000000000, "server_vram_peak_bytes": 9000000000,
 "targets": {"latency_s": 5, "memory_bytes": 8000000000, "swap_s": 0.5}, "seconds": "<any>"}

=== the same run as tables within 80 columns; latencies and wall times vary, so they are matched loosely
$ loco -q bench --no-early-stop
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
{"id": "m3", "instruction": "what capital three", "expected_output": "gamma"}
{"id": "m4", "instruction": "plain four", "expected_output": "beta"}
--- file work/adapters/geo/eval.jsonl
{"id": "g1", "instruction": "capital one", "expected_output": "delta"}
{"id": "g2", "instruction": "capital two", "expected_output": "delta"}
{"id": "g3", "instruction": "plain three", "expected_output": "delta"}
{"id": "g4", "instruction": "capital four", "expected_output": "alpha"}
--- server
{"models": [{"name": "qwen3:4b", "size": 2500000000}, {"name": "locollm-math", "size": 3000000000},
            {"name": "locollm-geo", "size": 3500000000}],
 "scheduler": {"load_ms": 150},
 "replies_by_model": {
   "qwen3:4b": [{"match": {"contains": "Read the question again"}, "content": "alpha beta", "eval_count": 10},
                {"match": {}, "content": "alpha", "eval_count": 10}],
   "locollm-math": [{"match": {"contains": "Read the question again"}, "content": "alpha beta gamma", "eval_count": 20},
                    {"match": {}, "content": "alpha gamma", "eval_count": 20}],
   "locollm-geo": [{"match": {"contains": "Read the question again"}, "content": "alpha beta delta", "eval_count": 30},
                   {"match": {}, "content": "alpha delta", "eval_count": 30}]}}
--- stdout re
bench: 2 domains, 8 items, 5 cells

cell                       n  score    math     geo
base                       8  12\.5%    0\.0%   25\.0%
base\+re2                   8  25\.0%   25\.0%   25\.0%
oracle\+re2                 8 100\.0%  100\.0%  100\.0%
routed\+re2                 8  75\.0%   75\.0%   75\.0%
routed\+re2\+votes5          8  75\.0%   75\.0%   75\.0%

comparison \(points\)                 delta  95% CI                 p  Holm p
base\+re2 vs base                    \+12\.5   -24\.0 to  \+47\.1       1       1
oracle\+re2 vs base                  \+87\.5   \+26\.7 to  \+97\.8  0\.0156   0\.125
oracle\+re2 vs base\+re2              \+75\.0   \+18\.2 to  \+92\.9  0\.0312   0\.219
routed\+re2 vs base                  \+62\.5    \+9\.8 to  \+86\.3  0\.0625   0\.375
routed\+re2 vs base\+re2              \+50\.0    \+1\.3 to  \+78\.5   0\.125     0\.5
routed\+re2 vs oracle\+re2            -25\.0   -59\.1 to  \+15\.6     0\.5       1
routed\+re2\+votes5 vs base           \+62\.5    \+9\.8 to  \+86\.3  0\.0625   0\.375
routed\+re2\+votes5 vs routed\+re2      \+0\.0   -32\.4 to  \+32\.4       1       1

routing: 5 of 8 items to their domain's adapter \(62\.5%\), 2 to the base \(25\.0%\)
misrouting \(routed\+re2 vs oracle\+re2\): -25\.0 points,
  95% CI -59\.1 to \+15\.6, Holm p 1

base\+re2: above base on 1 of 2 domains, significantly on 0
oracle\+re2: above base on 2 of 2 domains, significantly on 0
routed\+re2: above base on 2 of 2 domains, significantly on 0
routed\+re2\+votes5: above base on 2 of 2 domains, significantly on 0

cost                  p50 s  p95 s   tokens  wall s loads  load s   memory
base                 +\S+ +\S+       80 +\S+     1 +\S+   2\.5 GB
base\+re2             +\S+ +\S+       80 +\S+     0    0\.00   2\.5 GB
oracle\+re2           +\S+ +\S+      200 +\S+     2 +\S+   9\.0 GB
routed\+re2           +\S+ +\S+      180 +\S+     0    0\.00   9\.0 GB
routed\+re2\+votes5    +\S+ +\S+      900 +\S+     0    0\.00   9\.0 GB
routed\+re2\+votes5    early stop: 0 samples not needed, about 0 tokens

targets: latency p95 < 5 s: met \(worst cell \S+ s\)
         memory < 8 GB: missed \(peak 9\.0 GB\)
         swap < 500 ms: met \(mean load \d+ ms\)


=== a rerun sends nothing: every answer comes from the cache, and the archive keeps both runs
$ sh -c '$LOCO -q bench --cells base,routed+re2 >/dev/null && $LOCO -q bench --cells base,routed+re2 --json && ls $LOCO_HOME/bench | wc -l'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
{"id": "m3", "instruction": "what capital three", "expected_output": "gamma"}
{"id": "m4", "instruction": "plain four", "expected_output": "beta"}
--- file work/adapters/geo/eval.jsonl
{"id": "g1", "instruction": "capital one", "expected_output": "delta"}
{"id": "g2", "instruction": "capital two", "expected_output": "delta"}
{"id": "g3", "instruction": "plain three", "expected_output": "delta"}
{"id": "g4", "instruction": "capital four", "expected_output": "alpha"}
--- server
{"models": [{"name": "qwen3:4b", "size": 2500000000}, {"name": "locollm-math", "size": 3000000000},
            {"name": "locollm-geo", "size": 3500000000}],
 "scheduler": {"load_ms": 150},
 "replies_by_model": {
   "qwen3:4b": [{"match": {"contains": "Read the question again"}, "content": "alpha beta", "eval_count": 10},
                {"match": {}, "content": "alpha", "eval_count": 10}],
   "locollm-math": [{"match": {"contains": "Read the question again"}, "content": "alpha beta gamma", "eval_count": 20},
                    {"match": {}, "content": "alpha gamma", "eval_count": 20}],
   "locollm-geo": [{"match": {"contains": "Read the question again"}, "content": "alpha beta delta", "eval_count": 30},
                   {"match": {}, "content": "alpha delta", "eval_count": 30}]}}
--- stdout re
\{"cells":\[\{"name":"base",.*"requests_sent":0,.*\{"name":"routed\+re2",.*"latency_p50_s":null,"latency_p95_s":null,"tokens":180,"loads":0,"load_s":0,"wall_s":[0-9.]+,"requests_sent":0,.*\}
2


=== --domains and --limit choose the items; --markdown writes the same tables
$ sh -c '$LOCO -q bench --domains geo --limit 3 --cells base,oracle --markdown report.md --json >/dev/null && cat report.md'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
{"id": "m3", "instruction": "what capital three", "expected_output": "gamma"}
{"id": "m4", "instruction": "plain four", "expected_output": "beta"}
--- file work/adapters/geo/eval.jsonl
{"id": "g1", "instruction": "capital one", "expected_output": "delta"}
{"id": "g2", "instruction": "capital two", "expected_output": "delta"}
{"id": "g3", "instruction": "plain three", "expected_output": "delta"}
{"id": "g4", "instruction": "capital four", "expected_output": "alpha"}
--- server
{"models": [{"name": "qwen3:4b", "size": 2500000000}, {"name": "locollm-math", "size": 3000000000},
            {"name": "locollm-geo", "size": 3500000000}],
 "scheduler": {"load_ms": 150},
 "replies_by_model": {
   "qwen3:4b": [{"match": {"contains": "Read the question again"}, "content": "alpha beta", "eval_count": 10},
                {"match": {}, "content": "alpha", "eval_count": 10}],
   "locollm-math": [{"match": {"contains": "Read the question again"}, "content": "alpha beta gamma", "eval_count": 20},
                    {"match": {}, "content": "alpha gamma", "eval_count": 20}],
   "locollm-geo": [{"match": {"contains": "Read the question again"}, "content": "alpha beta delta", "eval_count": 30},
                   {"match": {}, "content": "alpha delta", "eval_count": 30}]}}
--- stdout re
# loco bench

1 domain, 3 items; base model qwen3:4b\.

\| cell \| n \| score \| geo \|
\|---\|---:\|---:\|---:\|
\| `base` \| 3 \| 0\.0% \| 0\.0% \|
\| `oracle` \| 3 \| 100\.0% \| 100\.0% \|

\| comparison \| delta \(points\) \| 95% CI \| test \| p \| Holm p \|
\|---\|---:\|---\|---\|---:\|---:\|
\| `oracle` vs `base` \(baseline\) \| \+100\.0 \| -12\.3 to \+100\.0 \| mcnemar_exact \| 0\.25 \| 0\.25 \|

\| cell \| latency p50 \(s\) \| p95 \(s\) \| tokens \| wall \(s\) \| loads \| load \(s\) \| memory \|
\|---\|---:\|---:\|---:\|---:\|---:\|---:\|---:\|
\| `base` \| \S+ \| \S+ \| 30 \| \S+ \| 1 \| \S+ \| 2\.5 GB \|
\| `oracle` \| \S+ \| \S+ \| 90 \| \S+ \| 1 \| \S+ \| 6\.0 GB \|


=== --reference MODEL adds the reference cell; routed cells are compared with it
$ loco -q bench --cells base,routed+re2,reference --reference big:14b --json
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
{"id": "m3", "instruction": "what capital three", "expected_output": "gamma"}
{"id": "m4", "instruction": "plain four", "expected_output": "beta"}
--- file work/adapters/geo/eval.jsonl
{"id": "g1", "instruction": "capital one", "expected_output": "delta"}
{"id": "g2", "instruction": "capital two", "expected_output": "delta"}
{"id": "g3", "instruction": "plain three", "expected_output": "delta"}
{"id": "g4", "instruction": "capital four", "expected_output": "alpha"}
--- server
{"models": [{"name": "qwen3:4b", "size": 2500000000}, {"name": "big:14b", "size": 9000000000}, {"name": "locollm-math", "size": 3000000000},
            {"name": "locollm-geo", "size": 3500000000}],
 "scheduler": {"load_ms": 150},
 "replies_by_model": {
   "big:14b": {"content": "gamma delta alpha", "eval_count": 40},
   "qwen3:4b": [{"match": {"contains": "Read the question again"}, "content": "alpha beta", "eval_count": 10},
                {"match": {}, "content": "alpha", "eval_count": 10}],
   "locollm-math": [{"match": {"contains": "Read the question again"}, "content": "alpha beta gamma", "eval_count": 20},
                    {"match": {}, "content": "alpha gamma", "eval_count": 20}],
   "locollm-geo": [{"match": {"contains": "Read the question again"}, "content": "alpha beta delta", "eval_count": 30},
                   {"match": {}, "content": "alpha delta", "eval_count": 30}]}}
--- stdout re
\{"cells":\[.*\{"name":"routed\+re2",.*"comparisons":\[\{"against":"base","delta":0\.625,.*\{"against":"reference","delta":-0\.125,"ci95":\[-0\.5278,0\.3285\],"p":1,"p_holm":1,"test":"mcnemar_exact"\}\].*\{"name":"reference","n":8,"score":0\.875,"per_domain":\{"math":0\.75,"geo":1\},"comparisons":\[\{"against":"base","delta":0\.75,.*"reference_model":"big:14b".*


=== config bench.reference puts the reference cell on another backend: an OpenAI-compatible API with its key
$ loco -q bench --cells base,routed+re2,reference --json
env REF_KEY=sekrit
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-geo"}],
 "replies_by_model": {
   "qwen3:4b": [{"match": {"contains": "Read the question again"}, "content": "alpha beta"}, {"match": {}, "content": "alpha"}],
   "locollm-math": [{"match": {"contains": "Read the question again"}, "content": "alpha beta gamma"}],
   "locollm-geo": [{"match": {"contains": "Read the question again"}, "content": "alpha beta delta"}]}}
--- server2
{"models": [{"name": "big:14b"}], "api_key": "sekrit",
 "replies_by_model": {"big:14b": {"content": "gamma delta alpha"}}}
--- file home/.locollm/config.yaml
bench:
  reference: {kind: openai, base_url: "http://127.0.0.1:$PORT2/v1", api_key_env: REF_KEY, model: "big:14b"}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
{"id": "m3", "instruction": "what capital three", "expected_output": "gamma"}
{"id": "m4", "instruction": "plain four", "expected_output": "beta"}
--- file work/adapters/geo/eval.jsonl
{"id": "g1", "instruction": "capital one", "expected_output": "delta"}
{"id": "g2", "instruction": "capital two", "expected_output": "delta"}
{"id": "g3", "instruction": "plain three", "expected_output": "delta"}
{"id": "g4", "instruction": "capital four", "expected_output": "alpha"}
--- stdout re
\{"cells":\[.*\{"name":"reference","n":8,"score":0\.875,"per_domain":\{"math":0\.75,"geo":1\},.*"requests_sent":8,"memory_peak_bytes":null\}\],.*"reference_model":"big:14b","reference_backend":"http://127\.0\.0\.1:\d+/v1",.*
--- requests2 any-order
[{"method": "GET", "path": "/v1/models"},
 {"method": "POST", "path": "/v1/chat/completions", "body": {"model": "big:14b", "messages": [{"role": "user", "content": "sum one"}]}},
 {"method": "POST", "path": "/v1/chat/completions", "body": {"model": "big:14b", "messages": [{"role": "user", "content": "capital four"}]}},
 {"method": "POST", "path": "/v1/chat/completions", "body": {"model": "big:14b"}},
 {"method": "POST", "path": "/v1/chat/completions", "body": {"model": "big:14b"}},
 {"method": "POST", "path": "/v1/chat/completions", "body": {"model": "big:14b"}},
 {"method": "POST", "path": "/v1/chat/completions", "body": {"model": "big:14b"}},
 {"method": "POST", "path": "/v1/chat/completions", "body": {"model": "big:14b"}},
 {"method": "POST", "path": "/v1/chat/completions", "body": {"model": "big:14b"}}]

=== a cell name that is not a grid cell is a usage error, before anything is sent
$ loco bench --cells base,routed+ree2
exit 2
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
{"id": "m3", "instruction": "what capital three", "expected_output": "gamma"}
{"id": "m4", "instruction": "plain four", "expected_output": "beta"}
--- file work/adapters/geo/eval.jsonl
{"id": "g1", "instruction": "capital one", "expected_output": "delta"}
{"id": "g2", "instruction": "capital two", "expected_output": "delta"}
{"id": "g3", "instruction": "plain three", "expected_output": "delta"}
{"id": "g4", "instruction": "capital four", "expected_output": "alpha"}
--- stderr
loco: error: --cells: cell 'routed+ree2': unknown layer 'ree2'
hint: a cell is base, oracle, routed or reference, +re2 +tools +ensemble +votesN

=== the reference cell needs a model
$ loco bench --cells base,reference
exit 2
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
{"id": "m3", "instruction": "what capital three", "expected_output": "gamma"}
{"id": "m4", "instruction": "plain four", "expected_output": "beta"}
--- file work/adapters/geo/eval.jsonl
{"id": "g1", "instruction": "capital one", "expected_output": "delta"}
{"id": "g2", "instruction": "capital two", "expected_output": "delta"}
{"id": "g3", "instruction": "plain three", "expected_output": "delta"}
{"id": "g4", "instruction": "capital four", "expected_output": "alpha"}
--- stderr
loco: error: cell 'reference' needs a model: pass --reference MODEL

=== --domains names only domains with a dataset
$ loco bench --domains math,gemoetry
exit 2
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
{"id": "m3", "instruction": "what capital three", "expected_output": "gamma"}
{"id": "m4", "instruction": "plain four", "expected_output": "beta"}
--- file work/adapters/geo/eval.jsonl
{"id": "g1", "instruction": "capital one", "expected_output": "delta"}
{"id": "g2", "instruction": "capital two", "expected_output": "delta"}
{"id": "g3", "instruction": "plain three", "expected_output": "delta"}
{"id": "g4", "instruction": "capital four", "expected_output": "alpha"}
--- stderr
loco: error: --domains: no adapter of domain 'gemoetry' has an eval dataset

=== a model the grid needs that the server lacks is named before any chat
$ loco bench --cells base,oracle
exit 4
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
{"id": "m3", "instruction": "what capital three", "expected_output": "gamma"}
{"id": "m4", "instruction": "plain four", "expected_output": "beta"}
--- file work/adapters/geo/eval.jsonl
{"id": "g1", "instruction": "capital one", "expected_output": "delta"}
{"id": "g2", "instruction": "capital two", "expected_output": "delta"}
{"id": "g3", "instruction": "plain three", "expected_output": "delta"}
{"id": "g4", "instruction": "capital four", "expected_output": "alpha"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}]}
--- stderr
loco: error: model 'locollm-geo' not found on http://127.0.0.1:$PORT; run 'loco setup'
--- requests
[{"method": "GET", "path": "/api/tags"}]

=== a bad dataset line is reported with its file and line
$ loco bench
exit 5
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two"
--- stderr re
loco: error: adapters/math/eval\.jsonl:2: .*

=== several servers share the cells (--host twice), with the same scores
$ loco -q bench --cells base,oracle --jobs 4 --host 127.0.0.1:$PORT --host 127.0.0.1:$PORT2 --json
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
{"id": "m3", "instruction": "what capital three", "expected_output": "gamma"}
{"id": "m4", "instruction": "plain four", "expected_output": "beta"}
--- file work/adapters/geo/eval.jsonl
{"id": "g1", "instruction": "capital one", "expected_output": "delta"}
{"id": "g2", "instruction": "capital two", "expected_output": "delta"}
{"id": "g3", "instruction": "plain three", "expected_output": "delta"}
{"id": "g4", "instruction": "capital four", "expected_output": "alpha"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-geo"}],
 "replies_by_model": {"qwen3:4b": {"content": "alpha"}, "locollm-math": {"content": "alpha gamma"},
                      "locollm-geo": {"content": "alpha delta"}}}
--- server2
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-geo"}],
 "replies_by_model": {"qwen3:4b": {"content": "alpha"}, "locollm-math": {"content": "alpha gamma"},
                      "locollm-geo": {"content": "alpha delta"}}}
--- stdout re
\{"cells":\[\{"name":"base","n":8,"score":0\.125,"per_domain":\{"math":0,"geo":0\.25\}.*\{"name":"oracle","n":8,"score":0\.875,"per_domain":\{"math":0\.75,"geo":1\}.*"servers":2,.*

=== Ctrl-C: exit 130, nothing printed, finished answers kept for the rerun
$ loco -q bench --cells base --jobs 1
interrupt on request 4
exit 130
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [sum]}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, router_keywords: [capital]}
--- file work/adapters/math/eval.jsonl
{"id": "m1", "instruction": "sum one", "expected_output": "gamma"}
{"id": "m2", "instruction": "sum two", "expected_output": "gamma"}
{"id": "m3", "instruction": "what capital three", "expected_output": "gamma"}
{"id": "m4", "instruction": "plain four", "expected_output": "beta"}
--- file work/adapters/geo/eval.jsonl
{"id": "g1", "instruction": "capital one", "expected_output": "delta"}
{"id": "g2", "instruction": "capital two", "expected_output": "delta"}
{"id": "g3", "instruction": "plain three", "expected_output": "delta"}
{"id": "g4", "instruction": "capital four", "expected_output": "alpha"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-math"}, {"name": "locollm-geo"}],
 "replies": [{"content": "alpha"}, {"content": "alpha", "fault": {"kind": "stall", "after": 1, "ms": 8000}}]}
--- stderr
loco: error: interrupted; finished answers are cached, so a rerun sends only what is missing
