#!/usr/bin/env bash
# Measures loco against the targets of SPEC section 11 and prints each figure
# beside its target; writes bench/results.json. Timings belong here, never in
# tests. Quiet machines give steadier numbers: close other work first.
#   RUNS=N   spawns per route measurement (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-200}
scripts/deps.sh curl
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target loco loco_bench >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LOCO_HOME=$work/home LC_ALL=C TZ=UTC
unset LOCO_REGISTRY LOCO_CONFIG OLLAMA_HOST
loco=$PWD/build-bench/loco
bench=$PWD/build-bench/loco_bench
python3 bench/gen_registry.py 1000 20 "$work/big.yaml"

shipped=$($bench spawn "$runs" "$loco" -q --registry adapters/registry.yaml route "solve 2+2")
builtin=$($bench spawn "$runs" "$loco" -q route "solve 2+2")
# First parse of the big registry (YAML + writing its cache), then steady state.
cold=$(for i in 1 2 3 4 5 6 7 8 9 10 11; do
  rm -rf "$LOCO_HOME/cache"
  $bench spawn 1 "$loco" -q --registry "$work/big.yaml" route "solve 2+2"
done | python3 -c 'import json,sys; v=sorted(json.loads(l)["median_ms"] for l in sys.stdin); print(json.dumps({"median_ms": v[len(v)//2]}))')
big=$($bench spawn "$runs" "$loco" -q --registry "$work/big.yaml" route "solve 2+2")
inproc=$($bench route "$work/big.yaml" 3)
ndjson=$($bench ndjson 1000000)

# Streaming: the same 1,000,000-token answer read by curl and by loco from a
# server that makes and flushes each object as Ollama does, so both are paced
# by the server and the figure shows whether loco keeps up. Runs alternate;
# medians are compared. (The raw parse rate is the lines/s figure above.)
tokens=${TOKENS:-1000000}
python3 bench/stream_server.py "$tokens" 1 > "$work/server.out" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for i in $(seq 50); do grep -q listening "$work/server.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed 's/.*://' "$work/server.out")
stream=$(for i in 1 2 3; do
  s=$(date +%s.%N); curl -s -o /dev/null -X POST -d '{"model":"qwen3:4b"}' "http://127.0.0.1:$port/api/chat"; e=$(date +%s.%N)
  echo "curl $s $e"
  s=$(date +%s.%N); OLLAMA_HOST=127.0.0.1:$port "$loco" -q query --no-route hi > /dev/null; e=$(date +%s.%N)
  echo "loco $s $e"
done | python3 -c '
import json, sys
t = {"curl": [], "loco": []}
for l in sys.stdin:
    k, s, e = l.split()
    t[k].append(float(e) - float(s))
med = {k: sorted(v)[len(v) // 2] for k, v in t.items()}
print(json.dumps({"curl_s": med["curl"], "loco_s": med["loco"], "overhead_pct": 100 * (med["loco"] / med["curl"] - 1)}))')
kill $server 2>/dev/null || true

# Votes: one answer vs --votes 5 against a server answering 5 requests at once,
# each answer 25 chunks 20 ms apart.
cat > "$work/votes.json" <<'JSON'
{"models": [{"name": "qwen3:4b"}],
 "replies": [{"content": "a b c d e f g h i j k l m n o p q r s t u v w x y", "delay_ms": 20}]}
JSON
python3 tests/fake_ollama.py --scenario "$work/votes.json" --record /dev/null --port 0 > "$work/fake.out" &
fake=$!
trap 'kill $fake 2>/dev/null || true; rm -rf "$work"' EXIT
for i in $(seq 50); do grep -q listening "$work/fake.out" 2>/dev/null && break; sleep 0.1; done
fport=$(sed 's/.*://' "$work/fake.out")
votes=$(for i in 1 2 3; do
  for n in 1 5; do
    s=$(date +%s.%N); OLLAMA_HOST=127.0.0.1:$fport "$loco" -q query --no-route --votes $n hi > /dev/null; e=$(date +%s.%N)
    echo "$n $s $e"
  done
done | python3 -c '
import json, sys
t = {"1": [], "5": []}
for l in sys.stdin:
    n, s, e = l.split()
    t[n].append(float(e) - float(s))
med = {k: sorted(v)[len(v) // 2] for k, v in t.items()}
print(json.dumps({"one_s": med["1"], "five_s": med["5"], "ratio": med["5"] / med["1"]}))')
kill $fake 2>/dev/null || true

# Eval: 500 items against a server that takes 20 ms per answer.
mkdir -p "$work/ev/adapters/bench"
python3 - "$work/ev" <<'GEN'
import json, sys
d = sys.argv[1]
with open(f"{d}/adapters/registry.yaml", "w") as f:
    f.write('base_model: {ollama_name: "qwen3:4b"}\nadapters:\n  bench: {version: 1.0.0, type: system-prompt, eval_dataset: eval.jsonl, eval_type: numeric}\n')
with open(f"{d}/adapters/bench/eval.jsonl", "w") as f:
    for i in range(500):
        f.write(json.dumps({"id": f"b{i}", "question": f"What is {i} + 1?", "answer": i + 1}) + "\n")
with open(f"{d}/scenario.json", "w") as f:
    json.dump({"models": [{"name": "qwen3:4b"}, {"name": "locollm-bench"}],
               "replies": [{"content": "The answer is 7.", "delay_first_ms": 20}]}, f)
GEN
python3 tests/fake_ollama.py --scenario "$work/ev/scenario.json" --record /dev/null --port 0 > "$work/fake2.out" &
fake2=$!
trap 'kill $fake2 2>/dev/null || true; rm -rf "$work"' EXIT
for i in $(seq 50); do grep -q listening "$work/fake2.out" 2>/dev/null && break; sleep 0.1; done
eport=$(sed 's/.*://' "$work/fake2.out")
evaltime() { # ARGS... -> seconds
  local s e
  s=$(date +%s.%N)
  (cd "$work/ev" && OLLAMA_HOST=127.0.0.1:$eport "$loco" -q eval bench "$@" > /dev/null)
  e=$(date +%s.%N)
  python3 -c "print($e - $s)"
}
j1=$(evaltime --jobs 1 --no-cache)
j8=$(evaltime --jobs 8 --no-cache)
evaltime --jobs 8 > /dev/null   # fills the cache
cached=$(evaltime --jobs 8)
evrss=$(cd "$work/ev" && OLLAMA_HOST=127.0.0.1:$eport $bench spawn 1 "$loco" -q eval bench --jobs 8 --no-cache)
kill $fake2 2>/dev/null || true
evalfig=$(python3 -c "import json; print(json.dumps({'j1': $j1, 'j8': $j8, 'cached': $cached, 'rss_kib': json.loads('$evrss')['peak_rss_kib']}))")

# Adapter swap on a server that swaps per request (issue 22): llama.cpp's
# "lora" field against the fake llama-server, base and adapter requests of a
# 100-item eval side by side; the figure is loco's mean time to the first
# byte of the adapter's answers (request out, adapter applied, first token).
mkdir -p "$work/sw/adapters/math" "$work/sw/home"
python3 - "$work/sw" <<'GEN'
import json, sys
d = sys.argv[1]
with open(f"{d}/adapters/registry.yaml", "w") as f:
    f.write('base_model: {ollama_name: "qwen3:4b"}\nadapters:\n  math: {version: 1.0.0, type: lora, adapter_path: math/math-lora.gguf, eval_dataset: eval.jsonl, eval_type: numeric}\n')
with open(f"{d}/adapters/math/eval.jsonl", "w") as f:
    for i in range(100):
        f.write(json.dumps({"id": f"s{i}", "question": f"What is {i} + 1?", "answer": i + 1}) + "\n")
with open(f"{d}/scenario.json", "w") as f:
    json.dump({"models": [{"name": "qwen3:4b"}],
               "lora_adapters": [{"id": 0, "path": "math-lora.gguf", "model": "math"}],
               "replies_by_model": {"math": [{"content": "The answer is 7."}],
                                    "qwen3:4b": [{"content": "The answer is 8."}]}}, f)
GEN
python3 tests/fake_ollama.py --scenario "$work/sw/scenario.json" --record /dev/null --port 0 > "$work/fake3.out" &
fake3=$!
trap 'kill $fake3 2>/dev/null || true; rm -rf "$work"' EXIT
for i in $(seq 50); do grep -q listening "$work/fake3.out" 2>/dev/null && break; sleep 0.1; done
sport=$(sed 's/.*://' "$work/fake3.out")
printf 'backend: {kind: llamacpp, base_url: "http://127.0.0.1:%s/v1"}\neval: {min_items: 2}\n' "$sport" > "$work/sw/home/config.yaml"
swapfig=$(cd "$work/sw" && LOCO_HOME=$work/sw/home "$loco" -q eval math --jobs 4 --no-cache --json | python3 -c '
import json, sys
m = {x["model"]: x for x in json.load(sys.stdin)["adapter_swap_time"]["models"]}
print(json.dumps({"adapter_ms": m["locollm-math"]["first_byte_ms"], "base_ms": m["qwen3:4b"]["first_byte_ms"],
                  "loads": m["locollm-math"]["loads"] + m["qwen3:4b"]["loads"]}))')
kill $fake3 2>/dev/null || true

# The classifier router (issue 17): trained on the shipped registry, scored
# on the held-out set; training time on a 1,000-example copy (the shipped
# files cut to 155 examples per adapter and 250 base questions: 192 dataset
# prompts + 93 keywords + 465 + 250); route time with the model loaded.
"$loco" -q --registry adapters/registry.yaml router train > /dev/null
clheld=$("$loco" -q --json --registry adapters/registry.yaml eval --router --router-kind classifier --router-set bench/router/heldout.jsonl)
kwheld=$("$loco" -q --json --registry adapters/registry.yaml eval --router --router-kind keyword --router-set bench/router/heldout.jsonl)
clroute=$($bench spawn "$runs" "$loco" -q --registry adapters/registry.yaml route --router-kind classifier "whats 0.6 of 45")
mkdir -p "$work/r1000"
cp -r adapters "$work/r1000/adapters"
for f in math code analysis; do head -n 155 "adapters/$f/router_examples.jsonl" > "$work/r1000/adapters/$f/router_examples.jsonl"; done
head -n 250 adapters/base/router_examples.jsonl > "$work/r1000/adapters/base/router_examples.jsonl"
trainfig=$(for i in 1 2 3; do
  s=$(date +%s.%N)
  out=$(LOCO_HOME=$work/r1000/home "$loco" --registry "$work/r1000/adapters/registry.yaml" router train --heldout bench/router/heldout.jsonl)
  e=$(date +%s.%N)
  echo "$s $e $(echo "$out" | sed -n 's/^training data: \([0-9]*\) examples/\1/p') $(echo "$out" | sed -n 's/.*the final model alone \([0-9.]*\) s.*/\1/p')"
done | python3 -c '
import json, sys
rows = [l.split() for l in sys.stdin]
wall = sorted(float(e) - float(s) for s, e, n, f in rows)
fit = sorted(float(f) for s, e, n, f in rows)
print(json.dumps({"examples": int(rows[0][2]), "wall_s": wall[1], "fit_s": fit[1]}))')

# Routing accuracy on held-out questions: the keyword router on the
# 12-adapter overlap set (bench/overlap/README.md), and the classifier
# trained on that registry.
overlap=$(bench/overlap/keyword_accuracy.py --loco "$loco" --json)
LOCO_HOME=$work/overlap-home "$loco" -q --registry bench/overlap/registry.yaml router train > /dev/null
cloverlap=$(LOCO_HOME=$work/overlap-home "$loco" -q --json --registry bench/overlap/registry.yaml eval --router --router-kind classifier --router-set bench/overlap/heldout.jsonl)
# The same without the confidence threshold (every question to its most
# probable class): what the 0.95 precision target costs in accuracy.
printf 'router:\n  min_confidence: 0\n' > "$work/nothreshold.yaml"
cloverlap0=$(LOCO_HOME=$work/overlap-home "$loco" -q --json --config "$work/nothreshold.yaml" --registry bench/overlap/registry.yaml eval --router --router-kind classifier --router-set bench/overlap/heldout.jsonl)

# Every kind in `eval --router`'s table, 5-fold cross-validated on the data
# `router train` learns from (no question scored by a fold that trained on
# it; thresholds calibrated inside each fold), on both registries; and the
# classifier's route time on the overlap registry.
cvshipped=$("$loco" -q --json --registry adapters/registry.yaml eval --router)
cvoverlap=$(LOCO_HOME=$work/overlap-home "$loco" -q --json --registry bench/overlap/registry.yaml eval --router)
clrouteov=$(LOCO_HOME=$work/overlap-home $bench spawn "$runs" "$loco" -q --registry bench/overlap/registry.yaml route --router-kind classifier "whats the median of 3 9 4")

python3 - "$shipped" "$builtin" "$cold" "$big" "$inproc" "$ndjson" "$stream" "$votes" "$evalfig" "$clheld" "$kwheld" "$clroute" "$trainfig" "$overlap" "$cloverlap" "$cloverlap0" "$swapfig" "$cvshipped" "$cvoverlap" "$clrouteov" <<'PY'
import json, sys
shipped, builtin, cold, big, inproc, ndjson, stream, votes, ev, clheld, kwheld, clroute, train, overlap, cloverlap, cloverlap0, swap, cvshipped, cvoverlap, clrouteov = (json.loads(a) for a in sys.argv[1:])
# issue 17's accuracy targets (95% shipped, 85% overlap) are for the
# held-out sets of questions typed as users type them (rows above). The
# cross-validation rows, which also score the eval datasets' long benchmark
# prompts, are shown beside them with no target.
rows = [
    ("route, shipped registry: median wall", shipped["median_ms"], "ms", "<", 2.0),
    ("route, shipped registry: peak RSS", shipped["peak_rss_kib"] / 1024, "MiB", "<", 4.0),
    ("route, built-in registry: median wall", builtin["median_ms"], "ms", "<", 2.0),
    ("route, 1000x20 registry: median wall", big["median_ms"], "ms", "<", 10.0),
    ("route, 1000x20 registry: peak RSS", big["peak_rss_kib"] / 1024, "MiB", None, None),
    ("route, 1000x20 first run (parse + cache)", cold["median_ms"], "ms", None, None),
    ("in-process routes/s, 1000 adapters", inproc["routes_per_s"], "/s", ">", 100000),
    ("chat stream parse, NDJSON lines/s", ndjson["lines_per_s"], "/s", ">", 1000000),
    ("1M-token stream: curl median", stream["curl_s"], "s", None, None),
    ("1M-token stream: loco query median", stream["loco_s"], "s", None, None),
    ("1M-token stream: loco over curl", stream["overhead_pct"], "%", "<", 5.0),
    ("one answer (25 chunks x 20 ms): median", votes["one_s"], "s", None, None),
    ("--votes 5, 5 parallel slots: median", votes["five_s"], "s", None, None),
    ("--votes 5 over one answer", votes["ratio"], "x", "<", 1.3),
    ("eval 500 items, 20 ms server: --jobs 1", ev["j1"], "s", None, None),
    ("eval 500 items, 20 ms server: --jobs 8", ev["j8"], "s", None, None),
    ("eval --jobs 8 speed-up over --jobs 1", ev["j1"] / ev["j8"], "x", ">", 6.0),
    ("eval 500 items, fully cached rerun", ev["cached"], "s", "<", 0.5),
    ("eval 500 items, peak RSS", ev["rss_kib"] / 1024, "MiB", "<", 16.0),
    ("router held-out accuracy: classifier", 100 * clheld["accuracy"], "%", ">", 95.0),
    ("router held-out accuracy: keyword", 100 * kwheld["accuracy"], "%", None, None),
    (f"router train, {train['examples']} examples (5-fold + final)", train["wall_s"], "s", "<", 2.0),
    (f"router train, {train['examples']} examples: final fit only", train["fit_s"], "s", None, None),
    ("route, classifier, shipped: median wall", clroute["median_ms"], "ms", "<", 2.0),
    ("route, classifier, shipped: peak RSS", clroute["peak_rss_kib"] / 1024, "MiB", "<", 4.0),
    ("keyword router, overlap held-out accuracy", 100 * overlap["accuracy"], "%", None, None),
    ("classifier, overlap held-out accuracy", 100 * cloverlap["accuracy"], "%", ">", 85.0),
    ("classifier, overlap, no threshold", 100 * cloverlap0["accuracy"], "%", None, None),
    ("adapter swap, llama.cpp (fake): first byte", swap["adapter_ms"], "ms", "<", 500.0),
    ("same eval, base model: first byte", swap["base_ms"], "ms", None, None),
    ("same eval, runner loads", swap["loads"], "", None, None),
    ("route, classifier, overlap: median wall", clrouteov["median_ms"], "ms", None, None),
]
for name, cv in (("shipped", cvshipped), ("overlap", cvoverlap)):
    for k in cv["kinds"]:
        rows.append((f"router 5-fold CV, {name}: {k['kind']}", 100 * k["accuracy"], "%",
                     None, None))
pending = []
results = {}
for name, value, unit, op, target in rows:
    if op is None:
        verdict, tgt = "", "(no target)"
    else:
        ok = value < target if op == "<" else value > target
        shown_target = f"{target:,}" if float(target).is_integer() and target >= 1000 else f"{target:g}"
        verdict, tgt = ("ok" if ok else "MISSED"), f"(target {op} {shown_target} {unit})"
    shown = f"{value:,.0f} {unit}" if unit == "/s" else f"{value:.2f} {unit}"
    print(f"{name:<44} {shown:>14}  {tgt:<22} {verdict}")
    results[name] = {"value": round(value, 3), "unit": unit, "target": target, "op": op,
                     "met": None if op is None else verdict == "ok"}
for p in pending:
    print(f"pending: {p}")
with open("bench/results.json", "w") as f:
    json.dump({"results": results, "pending": pending}, f, indent=2)
    f.write("\n")
print("wrote bench/results.json")
PY
