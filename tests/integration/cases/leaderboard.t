# loco leaderboard: per domain, adapters ranked by their latest archived eval on
# the domain's benchmark. Archive files are in the format `loco eval` writes
# (see eval.t); the last scenarios produce them with the real eval.

=== ranked by the latest comparable run: shared ranks, * active, deltas, verdicts, trend, not evaluated last
$ loco leaderboard
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.2.0, active: true, type: system-prompt, description: "word problems", eval_dataset: eval.jsonl, eval_type: numeric}
  math-v2: {version: 0.3.0, domain: math, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  math-lite: {version: 0.1.1, domain: math, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  math-old: {version: 0.0.9, domain: math, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  algebra: {version: 0.1.0, domain: math, type: system-prompt}
  code: {version: 1.0.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code}
  analysis: {version: 0.1.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: analysis}
--- file work/adapters/math/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
{"question": "What is 50 - 8?", "answer": 42}
--- file work/adapters/code/eval.jsonl
{"instruction": "Write hello world in Python", "expected_output": "print"}
--- file home/.locollm/results/math/20260210T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "01d09d19c2139a46aebfb577780d123d7396e97201bc7ead210a2ebff8239dee", "n": 40, "eval_type": "numeric", "base": {"correct": 20, "total": 40, "score": 0.5}, "adapter": {"correct": 20, "total": 40, "score": 0.5}, "delta": 0.0, "ci95": [-0.1, 0.1], "mcnemar_p": 1, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260210T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math/20260301T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 22, "total": 40, "score": 0.55}, "delta": 0.0, "ci95": [-0.1, 0.1], "mcnemar_p": 1, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260301T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math/20260315T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 26, "total": 40, "score": 0.65}, "delta": 0.1, "ci95": [-0.0, 0.2], "mcnemar_p": 0.125, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260315T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math/20260901T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math-v2/20260902T090000Z.json
{"adapter_name": "math-v2", "base_model": "qwen3:4b", "adapter_model": "locollm-math-v2", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 32, "total": 40, "score": 0.8}, "delta": 0.25, "ci95": [0.15, 0.35], "mcnemar_p": 0.002, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260902T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math-lite/20260903T090000Z.json
{"adapter_name": "math-lite", "base_model": "qwen3:4b", "adapter_model": "locollm-math-lite", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260903T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math-old/20260110T090000Z.json
{"adapter_name": "math-old", "base_model": "qwen3:4b", "adapter_model": "locollm-math-old", "dataset": "adapters/math-old/eval.jsonl", "dataset_sha256": "01d09d19c2139a46aebfb577780d123d7396e97201bc7ead210a2ebff8239dee", "n": 40, "eval_type": "numeric", "base": {"correct": 20, "total": 40, "score": 0.5}, "adapter": {"correct": 24, "total": 40, "score": 0.6}, "delta": 0.1, "ci95": [-0.0, 0.2], "mcnemar_p": 0.29, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260110T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/code/20260905T090000Z.json
{"adapter_name": "code", "base_model": "qwen3:4b", "adapter_model": "locollm-code", "dataset": "adapters/code/eval.jsonl", "dataset_sha256": "dc5eb185d23f203563e492af9b72888c1e0f7239b72e4ec39375c7b6eb3b8521", "n": 40, "eval_type": "code", "base": {"correct": 24, "total": 40, "score": 0.6}, "adapter": {"correct": 19, "total": 40, "score": 0.475}, "delta": -0.125, "ci95": [-0.225, -0.025], "mcnemar_p": 0.03, "verdict": "worse than base", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260905T090000Z", "base_only": false, "by_difficulty": {}}
--- stdout
math  benchmark adapters/math/eval.jsonl
  RANK   ADAPTER    VERSION   SCORE    BASE   DELTA  VERDICT  TREND
     1   math-v2    0.3.0     80.0%   55.0%   +25.0  ships    2026-S2 80.0
     2 * math       0.2.0     72.5%   55.0%   +17.5  ships    2026-S1 65.0 → 2026-S2 72.5
     2   math-lite  0.1.1     72.5%   55.0%   +17.5  ships    2026-S2 72.5
     -   math-old   0.0.9    not evaluated: run 'loco eval math-old --dataset adapters/math/eval.jsonl' (1 result on another version of the dataset)
     -   algebra    0.1.0    not evaluated: run 'loco eval algebra --dataset adapters/math/eval.jsonl'
  2 results on another version of the dataset are not comparable and not ranked

code  benchmark adapters/code/eval.jsonl
  RANK   ADAPTER  VERSION   SCORE    BASE   DELTA  VERDICT          TREND
     1 * code     1.0.0     47.5%   60.0%   -12.5  worse than base  2026-S2 47.5

analysis  benchmark adapters/analysis/eval.jsonl
  RANK   ADAPTER   VERSION   SCORE    BASE   DELTA  VERDICT  TREND
     - * analysis  0.1.0    not evaluated: run 'loco eval analysis'

=== --json: one object with the ranking, the trend, the not evaluated and the not comparable
$ loco leaderboard --json math
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.2.0, active: true, type: system-prompt, description: "word problems", eval_dataset: eval.jsonl, eval_type: numeric}
  math-v2: {version: 0.3.0, domain: math, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  math-lite: {version: 0.1.1, domain: math, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  math-old: {version: 0.0.9, domain: math, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  algebra: {version: 0.1.0, domain: math, type: system-prompt}
  code: {version: 1.0.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code}
  analysis: {version: 0.1.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: analysis}
--- file work/adapters/math/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
{"question": "What is 50 - 8?", "answer": 42}
--- file work/adapters/code/eval.jsonl
{"instruction": "Write hello world in Python", "expected_output": "print"}
--- file home/.locollm/results/math/20260210T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "01d09d19c2139a46aebfb577780d123d7396e97201bc7ead210a2ebff8239dee", "n": 40, "eval_type": "numeric", "base": {"correct": 20, "total": 40, "score": 0.5}, "adapter": {"correct": 20, "total": 40, "score": 0.5}, "delta": 0.0, "ci95": [-0.1, 0.1], "mcnemar_p": 1, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260210T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math/20260301T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 22, "total": 40, "score": 0.55}, "delta": 0.0, "ci95": [-0.1, 0.1], "mcnemar_p": 1, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260301T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math/20260315T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 26, "total": 40, "score": 0.65}, "delta": 0.1, "ci95": [-0.0, 0.2], "mcnemar_p": 0.125, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260315T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math/20260901T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math-v2/20260902T090000Z.json
{"adapter_name": "math-v2", "base_model": "qwen3:4b", "adapter_model": "locollm-math-v2", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 32, "total": 40, "score": 0.8}, "delta": 0.25, "ci95": [0.15, 0.35], "mcnemar_p": 0.002, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260902T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math-lite/20260903T090000Z.json
{"adapter_name": "math-lite", "base_model": "qwen3:4b", "adapter_model": "locollm-math-lite", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260903T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math-old/20260110T090000Z.json
{"adapter_name": "math-old", "base_model": "qwen3:4b", "adapter_model": "locollm-math-old", "dataset": "adapters/math-old/eval.jsonl", "dataset_sha256": "01d09d19c2139a46aebfb577780d123d7396e97201bc7ead210a2ebff8239dee", "n": 40, "eval_type": "numeric", "base": {"correct": 20, "total": 40, "score": 0.5}, "adapter": {"correct": 24, "total": 40, "score": 0.6}, "delta": 0.1, "ci95": [-0.0, 0.2], "mcnemar_p": 0.29, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260110T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/code/20260905T090000Z.json
{"adapter_name": "code", "base_model": "qwen3:4b", "adapter_model": "locollm-code", "dataset": "adapters/code/eval.jsonl", "dataset_sha256": "dc5eb185d23f203563e492af9b72888c1e0f7239b72e4ec39375c7b6eb3b8521", "n": 40, "eval_type": "code", "base": {"correct": 24, "total": 40, "score": 0.6}, "adapter": {"correct": 19, "total": 40, "score": 0.475}, "delta": -0.125, "ci95": [-0.225, -0.025], "mcnemar_p": 0.03, "verdict": "worse than base", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260905T090000Z", "base_only": false, "by_difficulty": {}}
--- stdout json
{"registry": "adapters/registry.yaml", "base_model": "qwen3:4b",
 "domains": [{"domain": "math",
   "benchmark": {"adapter": "math", "dataset": "adapters/math/eval.jsonl",
                 "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "note": null},
   "ranked": [
     {"rank": 1, "adapter": "math-v2", "version": "0.3.0", "active": false, "score": 0.8,
      "base_score": 0.55, "delta": 0.25, "verdict": "ships", "n": 40, "semester": "2026-S2",
      "timestamp": "20260902T090000Z", "result": "$LOCO_HOME/results/math-v2/20260902T090000Z.json",
      "trend": [{"semester": "2026-S2", "score": 0.8}], "not_comparable": 0},
     {"rank": 2, "adapter": "math", "version": "0.2.0", "active": true, "score": 0.725,
      "base_score": 0.55, "delta": 0.175, "verdict": "ships", "n": 40, "semester": "2026-S2",
      "timestamp": "20260901T090000Z", "result": "$LOCO_HOME/results/math/20260901T090000Z.json",
      "trend": [{"semester": "2026-S1", "score": 0.65}, {"semester": "2026-S2", "score": 0.725}],
      "not_comparable": 1},
     {"rank": 2, "adapter": "math-lite", "version": "0.1.1", "active": false, "score": 0.725,
      "base_score": 0.55, "delta": 0.175, "verdict": "ships", "n": 40, "semester": "2026-S2",
      "timestamp": "20260903T090000Z", "result": "$LOCO_HOME/results/math-lite/20260903T090000Z.json",
      "trend": [{"semester": "2026-S2", "score": 0.725}], "not_comparable": 0}],
   "not_evaluated": [
     {"adapter": "math-old", "version": "0.0.9", "active": false, "not_comparable": 1,
      "command": "loco eval math-old --dataset adapters/math/eval.jsonl"},
     {"adapter": "algebra", "version": "0.1.0", "active": false, "not_comparable": 0,
      "command": "loco eval algebra --dataset adapters/math/eval.jsonl"}],
   "not_comparable": 2, "semesters": ["2026-S1", "2026-S2"]}],
 "skipped_files": []}

=== DOMAIN shows only that domain
$ loco leaderboard code
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.2.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  code: {version: 1.0.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code}
--- file work/adapters/math/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
{"question": "What is 50 - 8?", "answer": 42}
--- file work/adapters/code/eval.jsonl
{"instruction": "Write hello world in Python", "expected_output": "print"}
--- file home/.locollm/results/math/20260901T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/code/20260905T090000Z.json
{"adapter_name": "code", "base_model": "qwen3:4b", "adapter_model": "locollm-code", "dataset": "adapters/code/eval.jsonl", "dataset_sha256": "dc5eb185d23f203563e492af9b72888c1e0f7239b72e4ec39375c7b6eb3b8521", "n": 40, "eval_type": "code", "base": {"correct": 24, "total": 40, "score": 0.6}, "adapter": {"correct": 19, "total": 40, "score": 0.475}, "delta": -0.125, "ci95": [-0.225, -0.025], "mcnemar_p": 0.03, "verdict": "worse than base", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260905T090000Z", "base_only": false, "by_difficulty": {}}
--- stdout
code  benchmark adapters/code/eval.jsonl
  RANK   ADAPTER  VERSION   SCORE    BASE   DELTA  VERDICT          TREND
     1 * code     1.0.0     47.5%   60.0%   -12.5  worse than base  2026-S2 47.5

=== an unknown DOMAIN is not found (exit 4), with what was meant
$ loco leaderboard mth
exit 4
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.2.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  code: {version: 1.0.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code}
--- file work/adapters/math/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
{"question": "What is 50 - 8?", "answer": 42}
--- file work/adapters/code/eval.jsonl
{"instruction": "Write hello world in Python", "expected_output": "print"}
--- file home/.locollm/results/math/20260901T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/code/20260905T090000Z.json
{"adapter_name": "code", "base_model": "qwen3:4b", "adapter_model": "locollm-code", "dataset": "adapters/code/eval.jsonl", "dataset_sha256": "dc5eb185d23f203563e492af9b72888c1e0f7239b72e4ec39375c7b6eb3b8521", "n": 40, "eval_type": "code", "base": {"correct": 24, "total": 40, "score": 0.6}, "adapter": {"correct": 19, "total": 40, "score": 0.475}, "delta": -0.125, "ci95": [-0.225, -0.025], "mcnemar_p": 0.03, "verdict": "worse than base", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260905T090000Z", "base_only": false, "by_difficulty": {}}
--- stderr
loco: error: no domain 'mth' in adapters/registry.yaml; did you mean 'math'?

=== an adapter's name given as DOMAIN points at its domain
$ loco leaderboard math-v2
exit 4
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.2.0, active: true, type: system-prompt, description: "word problems", eval_dataset: eval.jsonl, eval_type: numeric}
  math-v2: {version: 0.3.0, domain: math, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  math-lite: {version: 0.1.1, domain: math, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  math-old: {version: 0.0.9, domain: math, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  algebra: {version: 0.1.0, domain: math, type: system-prompt}
  code: {version: 1.0.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code}
  analysis: {version: 0.1.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: analysis}
--- file work/adapters/math/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
{"question": "What is 50 - 8?", "answer": 42}
--- file work/adapters/code/eval.jsonl
{"instruction": "Write hello world in Python", "expected_output": "print"}
--- file home/.locollm/results/math/20260210T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "01d09d19c2139a46aebfb577780d123d7396e97201bc7ead210a2ebff8239dee", "n": 40, "eval_type": "numeric", "base": {"correct": 20, "total": 40, "score": 0.5}, "adapter": {"correct": 20, "total": 40, "score": 0.5}, "delta": 0.0, "ci95": [-0.1, 0.1], "mcnemar_p": 1, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260210T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math/20260301T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 22, "total": 40, "score": 0.55}, "delta": 0.0, "ci95": [-0.1, 0.1], "mcnemar_p": 1, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260301T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math/20260315T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 26, "total": 40, "score": 0.65}, "delta": 0.1, "ci95": [-0.0, 0.2], "mcnemar_p": 0.125, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260315T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math/20260901T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math-v2/20260902T090000Z.json
{"adapter_name": "math-v2", "base_model": "qwen3:4b", "adapter_model": "locollm-math-v2", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 32, "total": 40, "score": 0.8}, "delta": 0.25, "ci95": [0.15, 0.35], "mcnemar_p": 0.002, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260902T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math-lite/20260903T090000Z.json
{"adapter_name": "math-lite", "base_model": "qwen3:4b", "adapter_model": "locollm-math-lite", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260903T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math-old/20260110T090000Z.json
{"adapter_name": "math-old", "base_model": "qwen3:4b", "adapter_model": "locollm-math-old", "dataset": "adapters/math-old/eval.jsonl", "dataset_sha256": "01d09d19c2139a46aebfb577780d123d7396e97201bc7ead210a2ebff8239dee", "n": 40, "eval_type": "numeric", "base": {"correct": 20, "total": 40, "score": 0.5}, "adapter": {"correct": 24, "total": 40, "score": 0.6}, "delta": 0.1, "ci95": [-0.0, 0.2], "mcnemar_p": 0.29, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260110T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/code/20260905T090000Z.json
{"adapter_name": "code", "base_model": "qwen3:4b", "adapter_model": "locollm-code", "dataset": "adapters/code/eval.jsonl", "dataset_sha256": "dc5eb185d23f203563e492af9b72888c1e0f7239b72e4ec39375c7b6eb3b8521", "n": 40, "eval_type": "code", "base": {"correct": 24, "total": 40, "score": 0.6}, "adapter": {"correct": 19, "total": 40, "score": 0.475}, "delta": -0.125, "ci95": [-0.225, -0.025], "mcnemar_p": 0.03, "verdict": "worse than base", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260905T090000Z", "base_only": false, "by_difficulty": {}}
--- stderr
loco: error: no domain 'math-v2': it is an adapter of domain 'math'; run 'loco leaderboard math'

=== --markdown FILE writes the report; the table still goes to stdout
$ loco -q leaderboard code --markdown board.md
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.2.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  code: {version: 1.0.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code}
--- file work/adapters/math/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
{"question": "What is 50 - 8?", "answer": 42}
--- file work/adapters/code/eval.jsonl
{"instruction": "Write hello world in Python", "expected_output": "print"}
--- file home/.locollm/results/math/20260901T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/code/20260905T090000Z.json
{"adapter_name": "code", "base_model": "qwen3:4b", "adapter_model": "locollm-code", "dataset": "adapters/code/eval.jsonl", "dataset_sha256": "dc5eb185d23f203563e492af9b72888c1e0f7239b72e4ec39375c7b6eb3b8521", "n": 40, "eval_type": "code", "base": {"correct": 24, "total": 40, "score": 0.6}, "adapter": {"correct": 19, "total": 40, "score": 0.475}, "delta": -0.125, "ci95": [-0.225, -0.025], "mcnemar_p": 0.03, "verdict": "worse than base", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260905T090000Z", "base_only": false, "by_difficulty": {}}
--- stdout
code  benchmark adapters/code/eval.jsonl
  RANK   ADAPTER  VERSION   SCORE    BASE   DELTA  VERDICT          TREND
     1 * code     1.0.0     47.5%   60.0%   -12.5  worse than base  2026-S2 47.5
--- after work/board.md
# loco leaderboard

Base model `qwen3:4b`, registry `adapters/registry.yaml`. Each adapter is ranked by its latest archived eval on its domain's benchmark; Delta is the adapter's score minus the base model's, in points; Trend is the latest score of each semester.

## code

Benchmark: `adapters/code/eval.jsonl` (the dataset of code)

| Rank | Active | Adapter | Version | Score | Base | Delta | Verdict | Trend |
|---:|:---:|---|---|---:|---:|---:|---|---|
| 1 | \* | code | 1.0.0 | 47.5% | 60.0% | -12.5 | worse than base | 2026-S2 47.5 |

=== --markdown - prints the report instead of the table, with the not evaluated and the stale count
$ loco leaderboard math --markdown -
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.2.0, active: true, type: system-prompt, description: "word problems", eval_dataset: eval.jsonl, eval_type: numeric}
  math-v2: {version: 0.3.0, domain: math, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  math-lite: {version: 0.1.1, domain: math, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  math-old: {version: 0.0.9, domain: math, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  algebra: {version: 0.1.0, domain: math, type: system-prompt}
  code: {version: 1.0.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code}
  analysis: {version: 0.1.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: analysis}
--- file work/adapters/math/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
{"question": "What is 50 - 8?", "answer": 42}
--- file work/adapters/code/eval.jsonl
{"instruction": "Write hello world in Python", "expected_output": "print"}
--- file home/.locollm/results/math/20260210T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "01d09d19c2139a46aebfb577780d123d7396e97201bc7ead210a2ebff8239dee", "n": 40, "eval_type": "numeric", "base": {"correct": 20, "total": 40, "score": 0.5}, "adapter": {"correct": 20, "total": 40, "score": 0.5}, "delta": 0.0, "ci95": [-0.1, 0.1], "mcnemar_p": 1, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260210T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math/20260301T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 22, "total": 40, "score": 0.55}, "delta": 0.0, "ci95": [-0.1, 0.1], "mcnemar_p": 1, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260301T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math/20260315T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 26, "total": 40, "score": 0.65}, "delta": 0.1, "ci95": [-0.0, 0.2], "mcnemar_p": 0.125, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260315T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math/20260901T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math-v2/20260902T090000Z.json
{"adapter_name": "math-v2", "base_model": "qwen3:4b", "adapter_model": "locollm-math-v2", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 32, "total": 40, "score": 0.8}, "delta": 0.25, "ci95": [0.15, 0.35], "mcnemar_p": 0.002, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260902T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math-lite/20260903T090000Z.json
{"adapter_name": "math-lite", "base_model": "qwen3:4b", "adapter_model": "locollm-math-lite", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260903T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math-old/20260110T090000Z.json
{"adapter_name": "math-old", "base_model": "qwen3:4b", "adapter_model": "locollm-math-old", "dataset": "adapters/math-old/eval.jsonl", "dataset_sha256": "01d09d19c2139a46aebfb577780d123d7396e97201bc7ead210a2ebff8239dee", "n": 40, "eval_type": "numeric", "base": {"correct": 20, "total": 40, "score": 0.5}, "adapter": {"correct": 24, "total": 40, "score": 0.6}, "delta": 0.1, "ci95": [-0.0, 0.2], "mcnemar_p": 0.29, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260110T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/code/20260905T090000Z.json
{"adapter_name": "code", "base_model": "qwen3:4b", "adapter_model": "locollm-code", "dataset": "adapters/code/eval.jsonl", "dataset_sha256": "dc5eb185d23f203563e492af9b72888c1e0f7239b72e4ec39375c7b6eb3b8521", "n": 40, "eval_type": "code", "base": {"correct": 24, "total": 40, "score": 0.6}, "adapter": {"correct": 19, "total": 40, "score": 0.475}, "delta": -0.125, "ci95": [-0.225, -0.025], "mcnemar_p": 0.03, "verdict": "worse than base", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260905T090000Z", "base_only": false, "by_difficulty": {}}
--- stdout
# loco leaderboard

Base model `qwen3:4b`, registry `adapters/registry.yaml`. Each adapter is ranked by its latest archived eval on its domain's benchmark; Delta is the adapter's score minus the base model's, in points; Trend is the latest score of each semester.

## math

Benchmark: `adapters/math/eval.jsonl` (the dataset of math)

| Rank | Active | Adapter | Version | Score | Base | Delta | Verdict | Trend |
|---:|:---:|---|---|---:|---:|---:|---|---|
| 1 |  | math-v2 | 0.3.0 | 80.0% | 55.0% | +25.0 | ships | 2026-S2 80.0 |
| 2 | \* | math | 0.2.0 | 72.5% | 55.0% | +17.5 | ships | 2026-S1 65.0 → 2026-S2 72.5 |
| 2 |  | math-lite | 0.1.1 | 72.5% | 55.0% | +17.5 | ships | 2026-S2 72.5 |
| – |  | math-old | 0.0.9 | – | – | – | not evaluated | run `loco eval math-old --dataset adapters/math/eval.jsonl` |
| – |  | algebra | 0.1.0 | – | – | – | not evaluated | run `loco eval algebra --dataset adapters/math/eval.jsonl` |

2 results on another version of the dataset are not comparable and not ranked.

=== --html escapes every string from the registry and the archive (no <script> survives)
$ sh -c '$LOCO -q leaderboard --html page.html > /dev/null && grep -c "<script" page.html; grep -o "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" page.html; grep -c "<b>" page.html; grep -o "not &lt;b&gt;significant&lt;/b&gt;" page.html; grep -o "<h2>[^<]*</h2>" page.html; grep -o "<title>[^<]*</title>" page.html; grep -c "<rect class=\"bar\"" page.html'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, active: true, domain: "a<script>&b", type: system-prompt, description: "<script>alert(1)</script> & co", eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
{"question": "What is 50 - 8?", "answer": 42}
--- file home/.locollm/results/tutor/20260301T090000Z.json
{"adapter_name": "tutor", "base_model": "qwen3:4b", "adapter_model": "locollm-tutor", "dataset": "adapters/tutor/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 2, "eval_type": "numeric", "base": {"correct": 1, "total": 2, "score": 0.5}, "adapter": {"correct": 2, "total": 2, "score": 1}, "delta": 0.5, "ci95": [0, 1], "mcnemar_p": 1, "verdict": "not <b>significant</b>", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1<script>", "timestamp": "20260301T090000Z", "base_only": false, "by_difficulty": {}}
--- stdout
0
&lt;script&gt;alert(1)&lt;/script&gt; &amp; co
0
not &lt;b&gt;significant&lt;/b&gt;
<h2>a&lt;script&gt;&amp;b</h2>
<title>loco leaderboard</title>
<title>tutor, 2026-S1&lt;script&gt;: 100.0%</title>
<title>base model on this benchmark (latest run): 50.0%</title>
1

=== a malformed archive file is named in a warning and left out; the rest is ranked
$ loco leaderboard code
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.2.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  code: {version: 1.0.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code}
--- file work/adapters/math/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
{"question": "What is 50 - 8?", "answer": 42}
--- file work/adapters/code/eval.jsonl
{"instruction": "Write hello world in Python", "expected_output": "print"}
--- file home/.locollm/results/math/20260901T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/code/20260905T090000Z.json
{"adapter_name": "code", "base_model": "qwen3:4b", "adapter_model": "locollm-code", "dataset": "adapters/code/eval.jsonl", "dataset_sha256": "dc5eb185d23f203563e492af9b72888c1e0f7239b72e4ec39375c7b6eb3b8521", "n": 40, "eval_type": "code", "base": {"correct": 24, "total": 40, "score": 0.6}, "adapter": {"correct": 19, "total": 40, "score": 0.475}, "delta": -0.125, "ci95": [-0.225, -0.025], "mcnemar_p": 0.03, "verdict": "worse than base", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260905T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/code/20260906T090000Z.json
{"adapter_name": "code", "dataset_sha
--- file home/.locollm/results/code/20260907T090000Z.json
{"adapter_name": "code", "dataset": "adapters/code/eval.jsonl", "dataset_sha256": "dc5eb185d23f203563e492af9b72888c1e0f7239b72e4ec39375c7b6eb3b8521", "n": 40, "base": {"correct": 24, "total": 40, "score": 0.6}, "adapter": {"correct": 30, "total": 40, "score": 0.75}, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260907T090000Z", "base_only": false}
--- file home/.locollm/results/code/20260908T090000Z.json
{"adapter_name": "math", "dataset_sha256": "dc5eb185d23f203563e492af9b72888c1e0f7239b72e4ec39375c7b6eb3b8521", "n": 40, "base": {"correct": 24, "total": 40, "score": 0.6}, "adapter": {"correct": 40, "total": 40, "score": 1}, "delta": 0.4, "verdict": "ships", "semester": "2026-S2", "timestamp": "20260908T090000Z"}
--- stdout
code  benchmark adapters/code/eval.jsonl
  RANK   ADAPTER  VERSION   SCORE    BASE   DELTA  VERDICT          TREND
     1 * code     1.0.0     47.5%   60.0%   -12.5  worse than base  2026-S2 47.5
--- stderr
loco: warning: $LOCO_HOME/results/code/20260906T090000Z.json: not a JSON object; that run is left out (fix or delete the file)
loco: warning: $LOCO_HOME/results/code/20260907T090000Z.json: delta missing; that run is left out (fix or delete the file)
loco: warning: $LOCO_HOME/results/code/20260908T090000Z.json: it records adapter 'math' but is in the folder of 'code'; that run is left out (fix or delete the file)

=== a benchmark file that cannot be hashed: ranked against the newest run's dataset, with a note
$ loco leaderboard
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.2.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file home/.locollm/results/math/20260301T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "01d09d19c2139a46aebfb577780d123d7396e97201bc7ead210a2ebff8239dee", "n": 40, "eval_type": "numeric", "base": {"correct": 20, "total": 40, "score": 0.5}, "adapter": {"correct": 24, "total": 40, "score": 0.6}, "delta": 0.1, "ci95": [0, 0.2], "mcnemar_p": 0.29, "verdict": "not significant", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260301T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/math/20260302T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 20, "total": 40, "score": 0.5}, "adapter": {"correct": 28, "total": 40, "score": 0.7}, "delta": 0.2, "ci95": [0.1, 0.3], "mcnemar_p": 0.008, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S1", "timestamp": "20260302T090000Z", "base_only": false, "by_difficulty": {}}
--- stdout
math  benchmark adapters/math/eval.jsonl
  RANK   ADAPTER  VERSION   SCORE    BASE   DELTA  VERDICT  TREND
     1 * math     0.2.0     70.0%   50.0%   +20.0  ships    2026-S1 70.0
  1 result on another version of the dataset is not comparable and not ranked
  note: cannot hash the benchmark dataset (cannot read 'adapters/math/eval.jsonl': No such file or directory); ranking runs on the dataset of the newest archived run (sha256 b16997543c7d)

=== with no archived runs every adapter is listed as not evaluated, with its eval command
$ loco leaderboard --registry $SRC/adapters/registry.yaml
--- stdout
math  benchmark $SRC/adapters/math/eval_dataset.jsonl
  RANK   ADAPTER  VERSION   SCORE    BASE   DELTA  VERDICT  TREND
     - * math     0.1.0    not evaluated: run 'loco eval math'

code  benchmark $SRC/adapters/code/eval_dataset.jsonl
  RANK   ADAPTER  VERSION   SCORE    BASE   DELTA  VERDICT  TREND
     - * code     0.1.0    not evaluated: run 'loco eval code'

analysis  benchmark $SRC/adapters/analysis/eval_dataset.jsonl
  RANK   ADAPTER   VERSION   SCORE    BASE   DELTA  VERDICT  TREND
     - * analysis  0.1.0    not evaluated: run 'loco eval analysis'

=== colour only when allowed: bold domain, verdicts in green and red
$ loco --color always leaderboard
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.2.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  code: {version: 1.0.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code}
--- file work/adapters/math/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
{"question": "What is 50 - 8?", "answer": 42}
--- file work/adapters/code/eval.jsonl
{"instruction": "Write hello world in Python", "expected_output": "print"}
--- file home/.locollm/results/math/20260901T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/code/20260905T090000Z.json
{"adapter_name": "code", "base_model": "qwen3:4b", "adapter_model": "locollm-code", "dataset": "adapters/code/eval.jsonl", "dataset_sha256": "dc5eb185d23f203563e492af9b72888c1e0f7239b72e4ec39375c7b6eb3b8521", "n": 40, "eval_type": "code", "base": {"correct": 24, "total": 40, "score": 0.6}, "adapter": {"correct": 19, "total": 40, "score": 0.475}, "delta": -0.125, "ci95": [-0.225, -0.025], "mcnemar_p": 0.03, "verdict": "worse than base", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260905T090000Z", "base_only": false, "by_difficulty": {}}
--- stdout re
\x1b\[1mmath\x1b\[0m\x1b\[2m  benchmark adapters/math/eval\.jsonl\x1b\[0m
.*\* math .*\x1b\[32mships  \s*\x1b\[0m  2026-S2 72\.5
.*\x1b\[31mworse than base\x1b\[0m  2026-S2 47\.5

=== NO_COLOR: no escape codes even on a terminal
$ loco leaderboard code
env LOCO_FORCE_TTY=1
env NO_COLOR=1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.2.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  code: {version: 1.0.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code}
--- file work/adapters/math/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
{"question": "What is 50 - 8?", "answer": 42}
--- file work/adapters/code/eval.jsonl
{"instruction": "Write hello world in Python", "expected_output": "print"}
--- file home/.locollm/results/math/20260901T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/code/20260905T090000Z.json
{"adapter_name": "code", "base_model": "qwen3:4b", "adapter_model": "locollm-code", "dataset": "adapters/code/eval.jsonl", "dataset_sha256": "dc5eb185d23f203563e492af9b72888c1e0f7239b72e4ec39375c7b6eb3b8521", "n": 40, "eval_type": "code", "base": {"correct": 24, "total": 40, "score": 0.6}, "adapter": {"correct": 19, "total": 40, "score": 0.475}, "delta": -0.125, "ci95": [-0.225, -0.025], "mcnemar_p": 0.03, "verdict": "worse than base", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260905T090000Z", "base_only": false, "by_difficulty": {}}
--- stdout
code  benchmark adapters/code/eval.jsonl
  RANK   ADAPTER  VERSION   SCORE    BASE   DELTA  VERDICT          TREND
     1 * code     1.0.0     47.5%   60.0%   -12.5  worse than base  2026-S2 47.5

=== --help says how a domain's benchmark is chosen and what counts
$ loco leaderboard --help
--- stdout re
usage: loco leaderboard \[--json\] \[--markdown FILE\] \[--html FILE\] \[DOMAIN\]\n.*eval dataset of its active adapter.*SHA-256 matches.*not comparable.*--markdown FILE.*--html FILE.*--json.*

=== only one report can take stdout
$ loco leaderboard --json --html -
exit 2
--- stderr
loco: error: only one of --json, --markdown - and --html - can use stdout; write the others to files

=== a report that cannot be written fails (exit 1) and prints nothing
$ loco leaderboard --html missing/dir/page.html
exit 1
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  math: {version: 0.2.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
  code: {version: 1.0.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: code}
--- file work/adapters/math/eval.jsonl
{"question": "What is 6 x 7?", "answer": 42}
{"question": "What is 50 - 8?", "answer": 42}
--- file work/adapters/code/eval.jsonl
{"instruction": "Write hello world in Python", "expected_output": "print"}
--- file home/.locollm/results/math/20260901T090000Z.json
{"adapter_name": "math", "base_model": "qwen3:4b", "adapter_model": "locollm-math", "dataset": "adapters/math/eval.jsonl", "dataset_sha256": "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136", "n": 40, "eval_type": "numeric", "base": {"correct": 22, "total": 40, "score": 0.55}, "adapter": {"correct": 29, "total": 40, "score": 0.725}, "delta": 0.175, "ci95": [0.075, 0.275], "mcnemar_p": 0.0156, "verdict": "ships", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260901T090000Z", "base_only": false, "by_difficulty": {}}
--- file home/.locollm/results/code/20260905T090000Z.json
{"adapter_name": "code", "base_model": "qwen3:4b", "adapter_model": "locollm-code", "dataset": "adapters/code/eval.jsonl", "dataset_sha256": "dc5eb185d23f203563e492af9b72888c1e0f7239b72e4ec39375c7b6eb3b8521", "n": 40, "eval_type": "code", "base": {"correct": 24, "total": 40, "score": 0.6}, "adapter": {"correct": 19, "total": 40, "score": 0.475}, "delta": -0.125, "ci95": [-0.225, -0.025], "mcnemar_p": 0.03, "verdict": "worse than base", "settings": {"reread": true, "votes": 1, "temperature": 0, "seed": 42}, "semester": "2026-S2", "timestamp": "20260905T090000Z", "base_only": false, "by_difficulty": {}}
--- stderr
loco: error: cannot write 'missing/dir/page.html': No such file or directory; the HTML report was not written

=== real eval runs in two semesters make the trend; a changed dataset makes them stale
$ sh -c '$LOCO -q eval tutor --jobs 1 > /dev/null && $LOCO config set semester 2026-S2 > /dev/null && $LOCO -q eval tutor --jobs 1 --no-cache > /dev/null && $LOCO leaderboard && echo "{\"question\": \"What is 2 x 21?\", \"answer\": 42}" >> adapters/tutor/eval.jsonl && $LOCO leaderboard'
--- file home/.locollm/config.yaml
semester: "2026-S1"
eval: {min_items: 1}
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  tutor: {version: 1.0.0, active: true, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/tutor/eval.jsonl
{"id": "t1", "question": "What is 40 + 2?", "answer": 42}
{"id": "t2", "question": "What is 41 + 1?", "answer": 42}
--- server
{"models": [{"name": "qwen3:4b"}, {"name": "locollm-tutor"}],
 "replies_by_model": {"locollm-tutor": [{"content": "The answer is 41."}, {"content": "The answer is 42."}],
                      "qwen3:4b": {"content": "The answer is 41."}}}
--- stdout
tutor  benchmark adapters/tutor/eval.jsonl
  RANK   ADAPTER  VERSION   SCORE    BASE   DELTA  VERDICT          TREND
     1 * tutor    1.0.0    100.0%    0.0%  +100.0  not significant  2026-S1 50.0 → 2026-S2 100.0
tutor  benchmark adapters/tutor/eval.jsonl
  RANK   ADAPTER  VERSION   SCORE    BASE   DELTA  VERDICT  TREND
     - * tutor    1.0.0    not evaluated: run 'loco eval tutor' (2 results on another version of the dataset)
  2 results on another version of the dataset are not comparable and not ranked
