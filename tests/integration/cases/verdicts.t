# loco eval verdicts (issue 13): one statistic per verdict, the item floor, the
# out-of-domain rule, Holm across adapters and the archive behind them.
# Datasets come from tests/integration/mkdataset.py: 'WORD*COUNT' items. With
# `contains` items, the base answering "alpha gamma" and the adapter "beta gamma",
# "beta" is an item only the adapter gets right, "alpha" one only the base gets,
# "gamma" both and "delta" neither. Every figure asserted here was recomputed from
# the counts with tests/unit/stats_reference.py (exact McNemar fractions, Tango's
# interval at 40 digits, Connor's formula at 40 digits, the sign-flip test over
# exact fractions); the numbers are in each scenario's title.

=== ships: 22 only-adapter, 2 only-base of 60 (p 3.588e-05, Tango 19.39 to 46.92, MDE 22.43); --gate checks out of domain
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*22 alpha*2 gamma*18 delta*18 > adapters/tutor/eval.jsonl && $LOCO -q eval tutor --gate'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/geo/eval.jsonl
{"instruction": "g1", "expected_output": "gamma"}
{"instruction": "g2", "expected_output": "delta"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout
eval tutor: locollm-tutor vs qwen3:4b on adapters/tutor/eval.jsonl (60 items)

                   correct    score
  base model       20/60      33.3%
  adapter          40/60      66.7%

  difference     +33.3 points (95% CI +19.4 to +46.9, Tango score)
  McNemar p      3.588e-05 (only the adapter right: 22, only the base: 2)
  power          80% to detect 22.4 points (40.0% of items disagree)

out of domain (tutor's model vs the base; a drop over 5 points regresses):
  dataset        n   base adapter  delta  95% CI            Holm p
  geo            2  50.0%   50.0%   +0.0   -65.8 to  +65.8       1

  verdict: ships

=== the same counts in --json: the test, its p-value, the interval, power and the discordant pairs
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*22 alpha*2 gamma*18 delta*18 > adapters/tutor/eval.jsonl && $LOCO -q eval tutor --json'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout json
{"adapter_name": "tutor", "base_model": "qwen3:4b", "adapter_model": "locollm-tutor",
 "dataset": "adapters/tutor/eval.jsonl", "dataset_sha256": "<SHA>", "n": 60, "eval_type": "contains",
 "base": {"correct": 20, "total": 60, "score": 0.3333}, "adapter": {"correct": 40, "total": 60, "score": 0.6667},
 "delta": 0.3333, "test": "mcnemar_exact", "p": 3.5882e-05, "ci95": [0.1939, 0.4692], "ci_method": "tango_score",
 "mcnemar_p": 3.5882e-05, "discordant": {"only_base": 2, "only_adapter": 22}, "differing": 24,
 "power": {"mde": 22.43, "alpha": 0.05, "power": 0.8, "method": "connor1987", "discordance": 0.4},
 "min_items": 50, "test_verdict": "ships", "verdict": "ships",
 "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42, "seeds": [42]}, "adapter_swap_time": "<any>",
 "out_of_domain": [], "ood_max_drop": 5}

=== not significant: 8 only-adapter, 4 only-base of 60 (p 0.3877, Tango -5.18 to 18.96, MDE 15.86); --gate exits 1
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*8 alpha*4 gamma*24 delta*24 > adapters/tutor/eval.jsonl && $LOCO -q eval tutor --gate'
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout
eval tutor: locollm-tutor vs qwen3:4b on adapters/tutor/eval.jsonl (60 items)

                   correct    score
  base model       28/60      46.7%
  adapter          32/60      53.3%

  difference     +6.7 points (95% CI -5.2 to +19.0, Tango score)
  McNemar p      0.3877 (only the adapter right: 8, only the base: 4)
  power          80% to detect 15.9 points (20.0% of items disagree)

  verdict: not significant
--- stderr
loco: error: gate: the verdict is 'not significant', not 'ships'

=== worse than base: 3 only-adapter, 15 only-base of 60 (p 0.007538, Tango -33.48 to -6.82)
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*3 alpha*15 gamma*20 delta*22 > adapters/tutor/eval.jsonl && $LOCO -q eval tutor --gate'
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout
eval tutor: locollm-tutor vs qwen3:4b on adapters/tutor/eval.jsonl (60 items)

                   correct    score
  base model       35/60      58.3%
  adapter          23/60      38.3%

  difference     -20.0 points (95% CI -33.5 to -6.8, Tango score)
  McNemar p      0.007538 (only the adapter right: 3, only the base: 15)
  power          80% to detect 19.4 points (30.0% of items disagree)

  verdict: worse than base
--- stderr
loco: error: gate: the verdict is 'worse than base', not 'ships'

=== too few items: 12 of 20 only the adapter gets right (p 0.0004883) is still not a ship; the report says how many to add
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*12 gamma*4 delta*4 > adapters/tutor/eval.jsonl && $LOCO -q eval tutor --gate'
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout
eval tutor: locollm-tutor vs qwen3:4b on adapters/tutor/eval.jsonl (20 items)

                   correct    score
  base model        4/20      20.0%
  adapter          16/20      80.0%

  difference     +60.0 points (95% CI +34.2 to +78.1, Tango score)
  McNemar p      0.0004883 (only the adapter right: 12, only the base: 0)
  power          80% to detect 45.7 points (60.0% of items disagree)

  verdict: too few items (20; eval.min_items needs 50, so add 30)
--- stderr
loco: error: gate: the verdict is 'too few items', not 'ships'

=== eval.min_items sets the floor
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*12 gamma*4 delta*4 > adapters/tutor/eval.jsonl && $LOCO -q eval tutor --gate --json'
--- file home/.locollm/config.yaml
eval: {min_items: 20}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout re
\{"adapter_name":"tutor",.*"n":20,.*"p":0\.000488281,.*"min_items":20,"test_verdict":"ships","verdict":"ships",.*\}

=== regresses out of domain: -20 points on geo (Tango -41.60 to -0.66, Holm 0.375); exactly -5 on the others is not more than 5
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*22 alpha*2 gamma*18 delta*18 > adapters/tutor/eval.jsonl && $LOCO -q eval tutor --gate'
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  hist: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  lit: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  art: {version: 1.0.0, type: system-prompt, description: "no dataset"}
--- file work/adapters/geo/eval.jsonl
{"instruction": "g1", "expected_output": "alpha"}
{"instruction": "g2", "expected_output": "alpha"}
{"instruction": "g3", "expected_output": "alpha"}
{"instruction": "g4", "expected_output": "alpha"}
{"instruction": "g5", "expected_output": "gamma"}
{"instruction": "g6", "expected_output": "gamma"}
{"instruction": "g7", "expected_output": "gamma"}
{"instruction": "g8", "expected_output": "gamma"}
{"instruction": "g9", "expected_output": "gamma"}
{"instruction": "g10", "expected_output": "gamma"}
{"instruction": "g11", "expected_output": "gamma"}
{"instruction": "g12", "expected_output": "gamma"}
{"instruction": "g13", "expected_output": "gamma"}
{"instruction": "g14", "expected_output": "gamma"}
{"instruction": "g15", "expected_output": "gamma"}
{"instruction": "g16", "expected_output": "gamma"}
{"instruction": "g17", "expected_output": "gamma"}
{"instruction": "g18", "expected_output": "gamma"}
{"instruction": "g19", "expected_output": "gamma"}
{"instruction": "g20", "expected_output": "gamma"}
--- file work/adapters/hist/eval.jsonl
{"instruction": "h1", "expected_output": "alpha"}
{"instruction": "h2", "expected_output": "gamma"}
{"instruction": "h3", "expected_output": "gamma"}
{"instruction": "h4", "expected_output": "gamma"}
{"instruction": "h5", "expected_output": "gamma"}
{"instruction": "h6", "expected_output": "gamma"}
{"instruction": "h7", "expected_output": "gamma"}
{"instruction": "h8", "expected_output": "gamma"}
{"instruction": "h9", "expected_output": "gamma"}
{"instruction": "h10", "expected_output": "gamma"}
{"instruction": "h11", "expected_output": "gamma"}
{"instruction": "h12", "expected_output": "gamma"}
{"instruction": "h13", "expected_output": "gamma"}
{"instruction": "h14", "expected_output": "gamma"}
{"instruction": "h15", "expected_output": "gamma"}
{"instruction": "h16", "expected_output": "gamma"}
{"instruction": "h17", "expected_output": "gamma"}
{"instruction": "h18", "expected_output": "gamma"}
{"instruction": "h19", "expected_output": "gamma"}
{"instruction": "h20", "expected_output": "gamma"}
--- file work/adapters/lit/eval.jsonl
{"instruction": "l1", "expected_output": "alpha"}
{"instruction": "l2", "expected_output": "delta"}
{"instruction": "l3", "expected_output": "gamma"}
{"instruction": "l4", "expected_output": "gamma"}
{"instruction": "l5", "expected_output": "gamma"}
{"instruction": "l6", "expected_output": "gamma"}
{"instruction": "l7", "expected_output": "gamma"}
{"instruction": "l8", "expected_output": "gamma"}
{"instruction": "l9", "expected_output": "gamma"}
{"instruction": "l10", "expected_output": "gamma"}
{"instruction": "l11", "expected_output": "gamma"}
{"instruction": "l12", "expected_output": "gamma"}
{"instruction": "l13", "expected_output": "gamma"}
{"instruction": "l14", "expected_output": "gamma"}
{"instruction": "l15", "expected_output": "gamma"}
{"instruction": "l16", "expected_output": "gamma"}
{"instruction": "l17", "expected_output": "gamma"}
{"instruction": "l18", "expected_output": "gamma"}
{"instruction": "l19", "expected_output": "gamma"}
{"instruction": "l20", "expected_output": "gamma"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout
eval tutor: locollm-tutor vs qwen3:4b on adapters/tutor/eval.jsonl (60 items)

                   correct    score
  base model       20/60      33.3%
  adapter          40/60      66.7%

  difference     +33.3 points (95% CI +19.4 to +46.9, Tango score)
  McNemar p      3.588e-05 (only the adapter right: 22, only the base: 2)
  power          80% to detect 22.4 points (40.0% of items disagree)

out of domain (tutor's model vs the base; a drop over 5 points regresses):
  dataset        n   base adapter  delta  95% CI            Holm p
  geo           20 100.0%   80.0%  -20.0   -41.6 to   -0.7   0.375  regression
  hist          20 100.0%   95.0%   -5.0   -23.6 to  +11.9       1
  lit           20  95.0%   90.0%   -5.0   -23.6 to  +11.9       1
  art         skipped: no eval dataset

  verdict: regresses out of domain (geo: -20.0 points; eval.ood_max_drop is 5)
--- stderr
loco: error: gate: the verdict is 'regresses out of domain', not 'ships'

=== --no-out-of-domain: --gate decides on the adapter's own dataset only
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*22 alpha*2 gamma*18 delta*18 > adapters/tutor/eval.jsonl && $LOCO -q eval tutor --gate --no-out-of-domain --json'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/geo/eval.jsonl
{"instruction": "g1", "expected_output": "alpha"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout re
\{"adapter_name":"tutor",.*"verdict":"ships",.*"out_of_domain":null\}

=== without --gate or --out-of-domain, a ship says the other datasets were not checked
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*22 alpha*2 gamma*18 delta*18 > adapters/tutor/eval.jsonl && $LOCO -q eval tutor | tail -1'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- file work/adapters/geo/eval.jsonl
{"instruction": "g1", "expected_output": "alpha"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout
  verdict: ships (on its own dataset; add --out-of-domain to check the others)

=== contradictory flags are refused
$ loco eval tutor --out-of-domain --no-out-of-domain
exit 2
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- stderr
loco: error: --out-of-domain and --no-out-of-domain contradict each other
hint: give one

=== graded items: the review's D1 (rouge, 12 items 0.300 vs 0.273, 2 items 0 vs 1) no longer ships: sign-flip p 0.5, and too few items
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py "alpha beta gamma x1 x2 x3 x4 x5 x6 x7*12" "alpha beta gamma k1 k2 k3 k4 k5 k6 k7 k8 k9*2" > adapters/tutor/eval.jsonl && $LOCO -q eval tutor --gate'
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: rouge}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "alpha beta gamma k1 k2 k3 k4 k5 k6 k7 k8 k9"},
                      "qwen3:4b": {"content": "x1 x2 x3 y1 y2 y3 y4 y5 y6 y7"}}}
--- stdout
eval tutor: locollm-tutor vs qwen3:4b on adapters/tutor/eval.jsonl (14 items)

                   correct    score
  base model       12/14      25.7%
  adapter           2/14      37.7%

  difference     +11.9 points (95% CI -2.7 to +31.5, sign-flip inversion)
  sign-flip p    0.5 (exact over the 14 items that differ)
  thresholds     only the adapter passed: 2, only the base: 12 (not tested)
  power          80% to detect 27.9 points (sd of differences 37.3)

  verdict: too few items (14; eval.min_items needs 50, so add 36)
--- stderr
loco: error: gate: the verdict is 'too few items', not 'ships'

=== D1 without the floor: not significant (before issue 13 this printed McNemar p 0.01294 and 'ships')
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py "alpha beta gamma x1 x2 x3 x4 x5 x6 x7*12" "alpha beta gamma k1 k2 k3 k4 k5 k6 k7 k8 k9*2" > adapters/tutor/eval.jsonl && $LOCO -q eval tutor --gate --json'
exit 1
--- file home/.locollm/config.yaml
eval: {min_items: 10}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: rouge}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "alpha beta gamma k1 k2 k3 k4 k5 k6 k7 k8 k9"},
                      "qwen3:4b": {"content": "x1 x2 x3 y1 y2 y3 y4 y5 y6 y7"}}}
--- stdout json
{"adapter_name": "tutor", "base_model": "qwen3:4b", "adapter_model": "locollm-tutor",
 "dataset": "adapters/tutor/eval.jsonl", "dataset_sha256": "<SHA>", "n": 14, "eval_type": "rouge",
 "base": {"correct": 12, "total": 14, "score": 0.2571}, "adapter": {"correct": 2, "total": 14, "score": 0.3766},
 "delta": 0.1195, "test": "sign_flip_permutation", "p": 0.5, "exact": true, "resamples": 0,
 "ci95": [-0.0273, 0.3152], "ci_method": "sign_flip_inversion", "mcnemar_p": null,
 "discordant": {"only_base": 12, "only_adapter": 2}, "differing": 14,
 "power": {"mde": 27.93, "alpha": 0.05, "power": 0.8, "method": "paired_normal", "sd": 0.373},
 "min_items": 10, "test_verdict": "not significant", "verdict": "not significant",
 "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42, "seeds": [42]}, "adapter_swap_time": "<any>",
 "out_of_domain": [], "ood_max_drop": 5}
--- stderr
loco: error: gate: the verdict is 'not significant', not 'ships'

=== the issue's 50-item variant: 43 items a little the base's way, 7 far the adapter's; on mean score that is significant (random patterns, p 0.01584, interval 1.55 to 21.93)
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py "alpha beta gamma x1 x2 x3 x4 x5 x6 x7*43" "alpha beta gamma k1 k2 k3 k4 k5 k6 k7 k8 k9*7" > adapters/tutor/eval.jsonl && $LOCO -q eval tutor --gate'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: rouge}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "alpha beta gamma k1 k2 k3 k4 k5 k6 k7 k8 k9"},
                      "qwen3:4b": {"content": "x1 x2 x3 y1 y2 y3 y4 y5 y6 y7"}}}
--- stdout
eval tutor: locollm-tutor vs qwen3:4b on adapters/tutor/eval.jsonl (50 items)

                   correct    score
  base model       43/50      25.8%
  adapter           7/50      37.5%

  difference     +11.7 points (95% CI +1.6 to +21.9, sign-flip inversion)
  sign-flip p    0.01584 (100000 random sign patterns; 50 items differ)
  thresholds     only the adapter passed: 7, only the base: 43 (not tested)
  power          80% to detect 14.3 points (sd of differences 36.0)

  verdict: ships

=== a reviewer recomputes every figure from --log: pass/fail in domain, graded and pass/fail out of domain
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*22 alpha*2 gamma*18 delta*18 > adapters/tutor/eval.jsonl && $LOCO -q eval tutor --gate --log log.jsonl --json > report.json; echo "exit $?"; python3 $SRC/tests/integration/recompute_eval.py log.jsonl report.json'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  notes: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: rouge}
--- file work/adapters/geo/eval.jsonl
{"instruction": "g1", "expected_output": "alpha"}
{"instruction": "g2", "expected_output": "alpha"}
{"instruction": "g3", "expected_output": "gamma"}
{"instruction": "g4", "expected_output": "beta"}
--- file work/adapters/notes/eval.jsonl
{"instruction": "n1", "expected_output": "alpha gamma"}
{"instruction": "n2", "expected_output": "alpha gamma"}
{"instruction": "n3", "expected_output": "beta gamma delta"}
{"instruction": "n4", "expected_output": "gamma beta"}
{"instruction": "n5", "expected_output": "gamma"}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout
exit 1
24 figures recomputed from the log: all agree
--- stderr
loco: error: gate: the verdict is 'regresses out of domain', not 'ships'

=== ... and for graded items over random sign patterns (50 items differ), whatever order the answers arrived in
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py "alpha beta gamma x1 x2 x3 x4 x5 x6 x7*43" "alpha beta gamma k1 k2 k3 k4 k5 k6 k7 k8 k9*7" > adapters/tutor/eval.jsonl && $LOCO -q eval tutor --log log.jsonl --json > report.json && tac log.jsonl > reversed.jsonl && python3 $SRC/tests/integration/recompute_eval.py reversed.jsonl report.json'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: rouge}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "alpha beta gamma k1 k2 k3 k4 k5 k6 k7 k8 k9"},
                      "qwen3:4b": {"content": "x1 x2 x3 y1 y2 y3 y4 y5 y6 y7"}}}
--- stdout
12 figures recomputed from the log: all agree

=== eval --all: a Holm-adjusted p column; --gate also applies the out-of-domain rule to each adapter
$ sh -c 'for a in tutor geo; do mkdir -p adapters/$a; done; python3 $SRC/tests/integration/mkdataset.py beta*22 alpha*2 gamma*18 delta*18 > adapters/tutor/eval.jsonl && python3 $SRC/tests/integration/mkdataset.py zeta*24 alpha*2 delta*34 > adapters/geo/eval.jsonl && $LOCO -q eval --all --gate'
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  art: {version: 1.0.0, type: system-prompt}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}, {"name": "locollm-geo"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "locollm-geo": {"content": "zeta"},
                      "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout
adapter         n   base adapter  delta       p  Holm p  verdict
tutor          60  33.3%   66.7%  +33.3 3.6e-05 3.6e-05  ships
geo            60   3.3%   40.0%  +36.7   1e-05 2.1e-05  regresses out of domain
art          skipped: no eval dataset

geo regresses out of domain: -33.3 points on tutor's dataset (more than 5)

=== eval --all --json: each report with its holm_p
$ sh -c 'for a in tutor geo; do mkdir -p adapters/$a; done; python3 $SRC/tests/integration/mkdataset.py beta*22 alpha*2 gamma*18 delta*18 > adapters/tutor/eval.jsonl && python3 $SRC/tests/integration/mkdataset.py beta*8 alpha*4 gamma*24 delta*24 > adapters/geo/eval.jsonl && $LOCO -q eval --all --json | python3 -c "import json,sys; [print(r[\"adapter_name\"], r[\"p\"], r[\"holm_p\"], r[\"verdict\"], r[\"out_of_domain\"]) for r in json.load(sys.stdin)]"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}, {"name": "locollm-geo"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "locollm-geo": {"content": "beta gamma"},
                      "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout
tutor 3.5882e-05 7.1764e-05 ships None
geo 0.387695 0.387695 not significant None

=== eval --all without --gate: a ship on its own dataset says the others were not checked
$ sh -c 'for a in tutor geo; do mkdir -p adapters/$a; done; python3 $SRC/tests/integration/mkdataset.py beta*22 alpha*2 gamma*18 delta*18 > adapters/tutor/eval.jsonl && python3 $SRC/tests/integration/mkdataset.py beta*8 alpha*4 gamma*24 delta*24 > adapters/geo/eval.jsonl && $LOCO -q eval --all'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}, {"name": "locollm-geo"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "locollm-geo": {"content": "beta gamma"},
                      "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout
adapter         n   base adapter  delta       p  Holm p  verdict
tutor          60  33.3%   66.7%  +33.3 3.6e-05 7.2e-05  ships
geo            60  46.7%   53.3%   +6.7    0.39    0.39  not significant

ships: on its own dataset; add --out-of-domain to check the others

=== --plan after a run: no server needed, the rates of the latest archived comparison (Connor: 6.67 points at 20% discordance needs 351 items)
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*8 alpha*4 gamma*24 delta*24 > adapters/tutor/eval.jsonl && $LOCO -q eval tutor > /dev/null && OLLAMA_HOST=127.0.0.1:9 $LOCO eval --plan tutor | sed "s/run [0-9TZ]*/run STAMP/"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout
plan tutor: adapters/tutor/eval.jsonl (60 items, pass/fail: exact McNemar)

  effect         +6.7 points (latest run STAMP)
  base rate      46.7% (latest run STAMP)
  discordance    20.0% of items disagree (latest run STAMP)
  80% power      351 items at alpha 0.05 (Connor 1987)
  items needed   351 (eval.min_items is 50): add 291

=== --plan with given rates needs no archive and no server; the discordance can come from independent errors
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*60 > adapters/tutor/eval.jsonl && $LOCO eval --plan tutor --effect 10 --base-rate 0.5 && $LOCO eval --plan tutor --effect 50 --discordance 0.6 --json'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- stdout
plan tutor: adapters/tutor/eval.jsonl (60 items, pass/fail: exact McNemar)

  effect         +10.0 points (given)
  base rate      50.0% (given)
  discordance    50.0% of items disagree (independent errors)
  80% power      391 items at alpha 0.05 (Connor 1987)
  items needed   391 (eval.min_items is 50): add 331
{"adapter_name":"tutor","dataset":"adapters/tutor/eval.jsonl","n":60,"test":"mcnemar_exact","effect":50,"base_rate":null,"discordance":0.6,"sd":null,"from":{"effect":"given","base_rate":null,"discordance":"given","sd":null},"latest_run":null,"items_for_power":17,"min_items":50,"items_needed":50,"add":0}

=== --plan: a missing or impossible rate is an error that says what to give
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*8 > adapters/tutor/eval.jsonl; for a in "" "--effect 10" "--effect 30 --discordance 0.2" "--effect 0" "--base-rate 60" "--effect 60 --base-rate 0.5"; do $LOCO eval --plan tutor $a; echo "exit $?"; done; $LOCO eval tutor --effect 3; echo "exit $?"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains}
--- stdout
exit 2
exit 2
exit 2
exit 2
exit 2
exit 2
exit 2
--- stderr
loco: error: give the difference to detect as --effect POINTS (no archived comparison of tutor shows the adapter ahead)
loco: error: give --discordance D (the share of items the models disagree on) or --base-rate P, or run 'loco eval tutor' once
loco: error: a difference of 30.0 points needs at least 30.0% of items to disagree, not 20.0%
loco: error: --effect must be more than 0 points, not '0'
loco: error: --base-rate must be a number from 0 to 1, not '60'
loco: error: a base rate of 50.0% leaves no room for +60.0 points
loco: error: --effect goes with --plan ADAPTER

=== --plan for graded items uses the spread of the score differences (paired normal: 10 points at sd 37.3 needs 110 items)
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py "alpha beta gamma x1 x2 x3 x4 x5 x6 x7*12" "alpha beta gamma k1 k2 k3 k4 k5 k6 k7 k8 k9*2" > adapters/tutor/eval.jsonl && $LOCO eval --plan tutor --effect 10; echo "exit $?"; $LOCO -q eval tutor > /dev/null; $LOCO eval --plan tutor --effect 10 | sed "s/run [0-9TZ]*/run STAMP/"; $LOCO eval --plan tutor --discordance 0.3'
exit 2
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: rouge}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": {"content": "alpha beta gamma k1 k2 k3 k4 k5 k6 k7 k8 k9"},
                      "qwen3:4b": {"content": "x1 x2 x3 y1 y2 y3 y4 y5 y6 y7"}}}
--- stdout
exit 2
plan tutor: adapters/tutor/eval.jsonl (14 items, graded: sign-flip test)

  effect         +10.0 points (given)
  base rate      25.7% (latest run STAMP)
  sd of diffs    37.3 points (latest run STAMP)
  80% power      110 items at alpha 0.05 (paired normal approximation)
  items needed   110 (eval.min_items is 50): add 96
--- stderr
loco: error: no archived comparison of tutor has a spread of score differences; run 'loco eval tutor' once, then plan
loco: error: --discordance is for pass/fail datasets; a graded one is planned from the spread of its score differences

=== the archive records what was sent: with --votes, the vote temperature, every seed, the early stop
$ sh -c '$LOCO -q eval tutor --votes 3 --no-early-stop > /dev/null && python3 -c "import json,glob; print(json.dumps(json.load(open(glob.glob(\"$LOCO_HOME/results/tutor/*.json\")[0]))[\"settings\"], sort_keys=True))"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
--- file home/.locollm/config.yaml
inference: {vote_temperature: 0.6}
eval: {seed: 7}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "The answer is 42"}]}
--- stdout
{"early_stop": {"on": false, "samples_saved": 0, "tokens_saved": 0}, "reread": true, "seed": 7, "seeds": [7, 8, 9], "temperature": 0.6, "votes": 3}
--- requests any-order
[{"path": "/api/tags"},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "options": {"temperature": 0.6, "seed": 7}}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "options": {"temperature": 0.6, "seed": 8}}},
 {"path": "/api/chat", "body": {"model": "qwen3:4b", "options": {"temperature": 0.6, "seed": 9}}},
 {"path": "/api/chat", "body": {"model": "locollm-tutor", "options": {"temperature": 0.6, "seed": 7}}},
 {"path": "/api/chat", "body": {"model": "locollm-tutor", "options": {"temperature": 0.6, "seed": 8}}},
 {"path": "/api/chat", "body": {"model": "locollm-tutor", "options": {"temperature": 0.6, "seed": 9}}}]

=== llm_judge items: the archive names the judge, its temperature and its seeds
$ sh -c '$LOCO -q eval tutor > /dev/null && python3 -c "import json,glob; print(json.dumps(json.load(open(glob.glob(\"$LOCO_HOME/results/tutor/*.json\")[0]))[\"settings\"], sort_keys=True))"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: llm_judge}
--- file work/adapters/tutor/eval.jsonl
{"id": "e1", "instruction": "Write one sentence about rivers.", "expected_output": "", "evaluation_config": {"rubric": "Clear."}}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}], "replies": [{"content": "Score: 5"}]}
--- stdout
{"judge": {"model": "qwen3:4b", "seeds": [42, 43, 44], "temperature": 0.7}, "reread": true, "seed": 42, "seeds": [42], "temperature": 0, "votes": 1}

=== adapters list marks a score stale when the dataset changed since, or the run recorded no dataset hash
$ sh -c 'mkdir -p adapters/tutor && python3 $SRC/tests/integration/mkdataset.py beta*22 alpha*2 gamma*18 delta*18 > adapters/tutor/eval.jsonl && cp adapters/tutor/eval.jsonl adapters/geo/eval.jsonl && $LOCO -q eval tutor > /dev/null && $LOCO -q eval geo > /dev/null && $LOCO -q adapters list && echo "{\"instruction\": \"one more\", \"expected_output\": \"beta\"}" >> adapters/tutor/eval.jsonl && f=$(ls $LOCO_HOME/results/geo/*.json) && python3 -c "import json,sys; d=json.load(open(sys.argv[1])); del d[\"dataset_sha256\"]; json.dump(d, open(sys.argv[1], \"w\"))" $f && $LOCO -q adapters list && $LOCO adapters list --json | python3 -c "import json,sys; [print(a[\"name\"], a[\"last_eval\"][\"verdict\"], a[\"last_eval_stale\"]) for a in json.load(sys.stdin)[\"adapters\"]]"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, description: "t"}
  geo: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: contains, description: "g"}
--- file work/adapters/geo/eval.jsonl
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}, {"name": "locollm-geo"}],
 "replies_by_model": {"locollm-tutor": {"content": "beta gamma"}, "locollm-geo": {"content": "beta gamma"},
                      "qwen3:4b": {"content": "alpha gamma"}}}
--- stdout
NAME             VERSION   TYPE           DOMAIN       ACTIVE INSTALLED LAST EVAL              DESCRIPTION
tutor            1.0.0     system-prompt  tutor        no     yes       66.7% ships            t
geo              1.0.0     system-prompt  geo          no     yes       66.7% ships            g
NAME             VERSION   TYPE           DOMAIN       ACTIVE INSTALLED LAST EVAL              DESCRIPTION
tutor            1.0.0     system-prompt  tutor        no     yes       66.7% ships (stale)    t
geo              1.0.0     system-prompt  geo          no     yes       66.7% ships (stale)    g
tutor ships True
geo ships True
