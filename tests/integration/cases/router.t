# loco router train / show and the classifier kind of route, query, eval
# (issue 17; docs/routing.md). No server: training and routing need none.

=== train on a small registry: classes, topics claimed, an ambiguous topic, the model file
$ sh -c '$LOCO router train | sed -E "s/[0-9]+\.[0-9]+ s/T s/g; s/, [0-9]+ bytes//"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country], router_examples: ["which river is the longest"]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum], router_topics: [money, capital]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there", "topic": "greetings"}
{"question": "good morning", "topic": "greetings"}
{"question": "tell me a joke", "topic": "jokes"}
{"question": "recommend a good book", "topic": "recommendations"}
{"question": "how do i sleep better", "topic": "health"}
{"question": "what should i cook tonight", "topic": "cooking"}
{"question": "which continent is egypt in", "topic": "geo"}
{"question": "how should i budget my pay", "topic": "money"}
{"question": "is it worth investing capital now", "topic": "capital"}
--- stdout
training data: 24 examples
  geo               10: 6 from the router_examples.jsonl, 1 from the registry
                        router_examples, 2 from the keywords, 1 from the base
                        set
  calc               8: 6 from the router_examples.jsonl, 1 from the keywords, 1
                        from the base set
  base               6: 6 from the base set
trained in T s: 5-fold cross-validation and the final model
  (the final model alone T s)
threshold 0.999: routing to an adapter was right 100.0% of the time
  across the folds (target router.target_precision 0.95)
5-fold cross-validation (examples other than keywords):
  classifier  11/21 = 52.4% (95% interval 32.4 to 71.7%)
no held-out set (--heldout FILE): the figure above is all that was measured
model written to $LOCO_HOME/router/classifier.model
  66 features
--- stderr
loco: warning: topic 'capital' is claimed by geo and calc: its base examples train neither; let one adapter give it up

=== the shipped registry: held-out accuracy of both kinds, and the verdict
$ sh -c '$LOCO router train --registry $SRC/adapters/registry.yaml --heldout $SRC/bench/router/heldout.jsonl | sed -n "/held-out/,/config set/p"'
--- stdout
held-out accuracy on $SRC/bench/router/heldout.jsonl:
  classifier  172/180 = 95.6% (95% interval 91.5 to 97.7%)
  keyword     130/180 = 72.2% (95% interval 65.3 to 78.2%)
  right only for the classifier 46, only for keywords 4 (McNemar p = 0.0000)
the classifier beats the keyword router on held-out data: switch with
  loco config set router.kind classifier

=== training is deterministic: two runs write the same file
$ sh -c '$LOCO -q router train --registry $SRC/adapters/registry.yaml > /dev/null && cp $LOCO_HOME/router/classifier.model one && $LOCO -q router train --registry $SRC/adapters/registry.yaml > /dev/null && cmp one $LOCO_HOME/router/classifier.model && echo same'
--- stdout
same

=== route with the classifier: the first line stays the adapter's name; --json shows every class
$ sh -c '$LOCO -q router train --registry $SRC/adapters/registry.yaml > /dev/null && $LOCO --registry $SRC/adapters/registry.yaml route --router-kind classifier "whats 0.6 of 45" && $LOCO --registry $SRC/adapters/registry.yaml route --json --router-kind classifier "segfault when i free twice in c"'
--- stdout re
math
\{"adapter":"code","kind":"classifier","confidence":0\.\d+,"low_confidence":false,"threshold":0\.\d+,"below_threshold":false,"top":"code","probabilities":\{"math":0\.\d+,"code":0\.\d+,"analysis":0\.\d+,"base":0\.\d+\},"margin":0,"scores":\{"math":0,"code":0,"analysis":0\},"matched":\{"math":\[\],"code":\[\],"analysis":\[\]\}\}

=== router.kind classifier in the config; router.min_confidence overrides the threshold and --explain says why
$ sh -c '$LOCO -q router train --registry $SRC/adapters/registry.yaml > /dev/null && $LOCO --registry $SRC/adapters/registry.yaml route --explain "how do i undo my last git commit"'
--- file home/.locollm/config.yaml
router:
  kind: classifier
  min_confidence: 0.99
--- stdout re
base model
  router: classifier, trained on 2102 examples
  class            probability  keyword hits
  math                   0\.\d+
  code                   0\.\d+
  analysis               0\.\d+
\* base                   0\.\d+
confidence 0\.\d+ for code is below the threshold 0\.990 \(router\.min_confidence\): the base model answers

=== no model yet: the keyword router decides, with a warning
$ loco route --router-kind classifier "solve 2+2"
--- stdout
math
--- stderr
loco: warning: no classifier model at $LOCO_HOME/router/classifier.model: train one with loco router train; the keyword router decides meanwhile

=== a changed example file makes the model stale: retrain, keywords meanwhile
$ sh -c '$LOCO -q router train > /dev/null 2>&1; echo "{\"question\": \"minus 5 from 20\"}" >> adapters/calc/router_examples.jsonl; $LOCO route --router-kind classifier "whats 8 times 9"; $LOCO router show | tail -2'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there", "topic": "greetings"}
{"question": "good morning", "topic": "greetings"}
{"question": "tell me a joke", "topic": "jokes"}
{"question": "recommend a good book", "topic": "recommendations"}
{"question": "how do i sleep better", "topic": "health"}
{"question": "what should i cook tonight", "topic": "cooking"}
{"question": "which continent is egypt in", "topic": "geo"}
{"question": "how should i budget my pay", "topic": "money"}
{"question": "is it worth investing capital now", "topic": "capital"}
--- stdout re
base model
  stale \(.*/adapters/calc/router_examples\.jsonl changed\): retrain with loco router train
router\.kind is keyword; switch with loco config set router\.kind classifier
--- stderr re
loco: warning: the classifier model is out of date \(.*/adapters/calc/router_examples\.jsonl changed\): retrain with loco router train; the keyword router decides meanwhile

=== a changed registry makes the model stale too
$ sh -c '$LOCO -q router train > /dev/null 2>&1; sed -i "s/\[sum\]/[sum, add]/" adapters/registry.yaml; $LOCO route --router-kind classifier "add 2 and 3"'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
{"question": "name the countries on the equator"}
{"question": "which ocean is the deepest"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
{"question": "sum of 3 4 and 5"}
{"question": "how much is 9 squared"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there", "topic": "greetings"}
{"question": "good morning", "topic": "greetings"}
{"question": "tell me a joke", "topic": "jokes"}
{"question": "recommend a good book", "topic": "recommendations"}
{"question": "how do i sleep better", "topic": "health"}
{"question": "what should i cook tonight", "topic": "cooking"}
{"question": "which continent is egypt in", "topic": "geo"}
{"question": "how should i budget my pay", "topic": "money"}
{"question": "is it worth investing capital now", "topic": "capital"}
--- stdout
calc
--- stderr re
loco: warning: the classifier model is out of date \(the adapters, keywords or example files of adapters/registry\.yaml changed\): retrain .*

=== a model file that does not parse: its line and column, and keywords meanwhile
$ loco route --router-kind classifier "solve 2+2"
--- file home/.locollm/router/classifier.model
loco-router-model	2
kind	classifier
data	nothex
--- stdout
math
--- stderr
loco: warning: $LOCO_HOME/router/classifier.model:3:6: expected a SHA-256 as 64 lowercase hex digits; retrain with loco router train (the keyword router decides meanwhile)

=== train compiles the model into the cache route reads; a retrained model gets a new one, stale or fresh as the text says
$ sh -c 'r() { $LOCO route --json --router-kind classifier "whats 8 times 9" | grep -o "\"kind\":\"[a-z]*\""; }; $LOCO -q router train > /dev/null 2>&1; ls $LOCO_HOME/cache/router | wc -l; r; ls $LOCO_HOME/cache/router | wc -l; cp $LOCO_HOME/cache/router/*.bin first.bin; r; cmp -s first.bin $LOCO_HOME/cache/router/*.bin && echo cache kept; echo "{\"question\": \"minus 5 from 20\"}" >> adapters/calc/router_examples.jsonl; r; $LOCO -q router train > /dev/null 2>&1; r; cmp -s first.bin $LOCO_HOME/cache/router/*.bin || echo cache rebuilt; ls $LOCO_HOME/cache/router | wc -l'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there", "topic": "greetings"}
{"question": "good morning", "topic": "greetings"}
{"question": "tell me a joke", "topic": "jokes"}
{"question": "recommend a good book", "topic": "recommendations"}
--- stdout
1
"kind":"classifier"
1
"kind":"classifier"
cache kept
"kind":"keyword"
"kind":"classifier"
cache rebuilt
1
--- stderr re
loco: warning: the classifier model is out of date \(.*/adapters/calc/router_examples\.jsonl changed\): retrain with loco router train; the keyword router decides meanwhile

=== a damaged, cut or missing cache: the text model decides and the cache is written anew, the same bytes
$ sh -c 'r() { $LOCO route --router-kind classifier --explain "whats 8 times 9" | sed -n 2p; }; $LOCO -q router train > /dev/null 2>&1; r; f=$(ls $LOCO_HOME/cache/router/*.bin); cp $f first.bin; printf "\377" | dd of=$f bs=1 seek=700 conv=notrunc 2> /dev/null; cmp -s first.bin $f || echo damaged; r; cmp first.bin $f && echo rewritten; head -c 100 first.bin > $f; r; cmp first.bin $f && echo rewritten; : > $f; r; cmp first.bin $f && echo rewritten; rm $f; r; cmp first.bin $f && echo rewritten'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  geo: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [capital, country]}
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which country has the most lakes"}
{"question": "how high is mount everest"}
{"question": "where is the sahara desert"}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "divide 144 by 12"}
{"question": "what is 15% of 80"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there", "topic": "greetings"}
{"question": "good morning", "topic": "greetings"}
{"question": "tell me a joke", "topic": "jokes"}
{"question": "recommend a good book", "topic": "recommendations"}
--- stdout
  router: classifier, trained on 15 examples
damaged
  router: classifier, trained on 15 examples
rewritten
  router: classifier, trained on 15 examples
rewritten
  router: classifier, trained on 15 examples
rewritten
  router: classifier, trained on 15 examples
rewritten

=== router show without a model
$ loco router show
exit 4
--- stderr
loco: error: no classifier model at $LOCO_HOME/router/classifier.model: train one with loco router train

=== no base set: train says where it should be
$ loco router train
exit 5
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  calc: {version: 0.1.0, type: system-prompt, active: true, router_keywords: [sum]}
--- stderr
loco: error: no base set at adapters/base/router_examples.jsonl: a learned router needs the base model's examples (docs/routing.md)

=== the built-in registry has no files to learn from
$ loco router train
exit 5
--- stderr re
loco: error: \(built-in.*\) has no folder, so no datasets or examples to learn from; use a registry file \(--registry\)

=== an unknown --router-kind
$ loco route --router-kind bayes "solve 2+2"
exit 2
--- stderr re
loco: error: --router-kind: .*keyword.*classifier.*

=== base, none and auto are not adapter names
$ loco route x
exit 5
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  auto: {version: 0.1.0, type: system-prompt}
--- stderr
loco: error: adapters/registry.yaml:3:3: adapter name 'auto' is reserved: base, none and auto mean the base model or a router's choice; pick another name

=== eval --router --router-kind classifier: 5-fold cross-validation, never scoring a question it trained on
$ loco eval --router --router-kind classifier --registry $SRC/adapters/registry.yaml
--- stdout
5-fold cross-validation (stratified, seed 42) on the 2009 questions
`router train` learns from (its keywords are trained on, never scored);
the keyword router routes the same questions

router accuracy (classifier, 5-fold cross-validation):
  1873/2009 = 93.2% (95% interval 92.0 to 94.2%)
base model chosen for 535 of 2009

  class          precision recall     f1 support
  math               0.968  0.947  0.957     474
  code               0.942  0.928  0.935     540
  analysis           0.950  0.950  0.950     478
  base model         0.877  0.907  0.892     517

  actual \ got         math       code   analysis base model
  math                  449          7          0         18
  code                    3        501          8         28
  analysis                1          3        454         20
  base model             11         21         16        469

=== eval --router: every kind cross-validated, McNemar between each pair, as JSON
$ sh -c '$LOCO eval --router --folds 3 --json --registry $SRC/adapters/registry.yaml | python3 -c "import json,sys; d=json.load(sys.stdin); print([(k[\"kind\"], k[\"set\"], k[\"total\"], sorted(k[\"classes\"])) for k in d[\"kinds\"]]); print([sorted(m) for m in d[\"mcnemar\"]], d[\"mcnemar\"][0][\"a\"], d[\"mcnemar\"][0][\"b\"])"'
--- stdout
[('keyword', '3-fold cross-validation', 2009, ['analysis', 'base model', 'code', 'math']), ('classifier', '3-fold cross-validation', 2009, ['analysis', 'base model', 'code', 'math'])]
[['a', 'a_only', 'b', 'b_only', 'p']] keyword classifier

=== eval --router --folds out of range
$ loco eval --router --folds 1
exit 2
--- stderr re
loco: error: --folds.*

=== eval --router --router-set: the held-out set with the classifier
$ sh -c '$LOCO -q router train --registry $SRC/adapters/registry.yaml > /dev/null; $LOCO eval --router --router-kind classifier --router-set $SRC/bench/router/heldout.jsonl --registry $SRC/adapters/registry.yaml | head -2'
--- stdout
router accuracy (classifier, $SRC/bench/router/heldout.jsonl):
  172/180 = 95.6% (95% interval 91.5 to 97.7%)

=== eval --router --router-set: a label that is not an adapter
$ loco eval --router --router-kind keyword --router-set set.jsonl
exit 5
--- file work/set.jsonl
{"question": "whats 2+2", "adapter": "math"}
{"question": "capital of peru", "adapter": "geo"}
--- stderr
loco: error: set.jsonl:2: adapter 'geo' is not in (built-in registry); expected one of its adapters or base

=== eval --router --router-set without --router-kind: both kinds side by side, McNemar between them
$ sh -c '$LOCO -q router train --registry $SRC/adapters/registry.yaml > /dev/null; $LOCO eval --router --router-set $SRC/bench/router/heldout.jsonl --registry $SRC/adapters/registry.yaml | grep -A1 -E "^router accuracy|^keyword vs" | grep -v -e --'
--- stdout
router accuracy (keyword, $SRC/bench/router/heldout.jsonl):
  130/180 = 72.2% (95% interval 65.3 to 78.2%)
router accuracy (classifier, $SRC/bench/router/heldout.jsonl):
  172/180 = 95.6% (95% interval 91.5 to 97.7%)
keyword vs classifier: McNemar p = 0.0000
  right only for keyword 4, only for classifier 46

=== eval --router --router-set with no model: the keyword router alone, and why
$ sh -c '$LOCO eval --router --router-set $SRC/bench/router/heldout.jsonl --registry $SRC/adapters/registry.yaml | head -2'
--- stdout
router accuracy (keyword, $SRC/bench/router/heldout.jsonl):
  130/180 = 72.2% (95% interval 65.3 to 78.2%)
--- stderr
loco: warning: no classifier model at $LOCO_HOME/router/classifier.model: train one with loco router train; the keyword router decides meanwhile
hint: the classifier is not scored

=== eval --router with eval archives: the cost of misrouting (calc: 8.2 of 10 as routed; geo: 12 of 20, 10.67 if calc fails its question)
$ sh -c '$LOCO eval --router --router-kind keyword | tail -8'
--- file work/adapters/registry.yaml
base_model: {ollama_name: "qwen3:4b"}
adapters:
  calc: {version: 0.1.0, type: system-prompt, router_keywords: [sum, times], eval_dataset: eval.jsonl, eval_type: numeric}
  geo: {version: 0.1.0, type: system-prompt, router_keywords: [capital, river], eval_dataset: eval.jsonl, eval_type: numeric}
--- file work/adapters/calc/eval.jsonl
{"question": "what is the sum of 2 and 3", "answer": 5}
{"question": "how much is 4 times 6", "answer": 24}
--- file work/adapters/geo/eval.jsonl
{"question": "how many rivers cross the capital of hungary", "answer": 1}
{"question": "how many countries border chile", "answer": 3}
--- file work/adapters/calc/router_examples.jsonl
{"question": "whats 12 times 7"}
{"question": "add 35 and 48 for me"}
{"question": "the sum of 3 4 and 5"}
--- file work/adapters/geo/router_examples.jsonl
{"question": "what is the capital of peru"}
{"question": "which river is the longest"}
{"question": "where is the sahara desert"}
{"question": "the sum of the areas of france and spain"}
--- file work/adapters/base/router_examples.jsonl
{"question": "hello there", "topic": "greetings"}
{"question": "tell me a joke", "topic": "jokes"}
{"question": "how do i sleep better", "topic": "health"}
--- file home/.locollm/results/calc/20260101T000000Z.json
{"adapter_name": "calc", "dataset_sha256": "60fd77b63a051d527f5c0a5d8646fa8c07969c60127e3c9f6815c98c98d7aefe", "semester": "2026-S2", "timestamp": "20260101T000000Z", "n": 10, "base": {"score": 0.5}, "adapter": {"score": 0.9}, "delta": 0.4, "verdict": "ships"}
--- file home/.locollm/results/geo/20260101T000000Z.json
{"adapter_name": "geo", "dataset_sha256": "8ac8e594f85e5d99f3512e1598d972750543b7268583182b7c53614ae1f3ffa5", "semester": "2026-S2", "timestamp": "20260101T000000Z", "n": 20, "base": {"score": 0.4}, "adapter": {"score": 0.8}, "delta": 0.4, "verdict": "ships"}
--- stdout

  actual \ got         calc        geo base model
  calc                    4          0          1
  geo                     1          3          2
  base model              0          0          3
misrouting cost (keyword; eval archives of calc, geo, 30 items):
  each item to its own domain's adapter 83.3%, as routed 67.3%
  (62.9% if another domain's adapter always fails), base model alone 43.3%
