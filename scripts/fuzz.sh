#!/usr/bin/env bash
# Builds loco's libFuzzer targets with clang (ASan+UBSan) and runs each for
# FUZZ_SECONDS (default 300). Usage: scripts/fuzz.sh [target...]
# Targets (fuzz/targets.cmake lists them): registry, config, stream
# (NDJSON/SSE/<think>), host (OLLAMA_HOST), termsafe (the terminal filter),
# overlap (the training-data reader of adapters check), number (number.h and
# the numeric extractor), dataset (eval JSONL), session (chat files, saved and
# read back), results (the eval archive and the answer cache), catalog (a
# remote adapter index, search and versions), sse (a whole chat response
# body, OpenAI SSE or Ollama NDJSON), extract (answer extraction and the text
# scorers), yedit (the YAML editor), examples (router example files), toolcall
# (tool calls read from a reply, structured or written as text), classifier
# and embedding (the router model files), classcache (the classifier model's
# compiled cache). New
# crashes land in fuzz/crash-*; copy each, once fixed, into
# fuzz/regressions/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-300}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  read -r -a targets < <(sed -n 's/^set(LOCO_FUZZ_TARGETS \(.*\))$/\1/p' fuzz/targets.cmake)
fi
scripts/deps.sh clang
CC=clang cmake -S . -B build-fuzz -DLOCO_FUZZ=ON -DLOCO_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null
for t in "${targets[@]}"; do
  corpus=fuzz/corpus-$t
  mkdir -p "$corpus"
  echo "fuzz.sh: $t for ${seconds}s" >&2
  ./build-fuzz/fuzz/fuzz_$t -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -artifact_prefix=fuzz/crash-$t- -print_final_stats=1 "$corpus" fuzz/seeds/$t 2>&1 |
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' || true
done
