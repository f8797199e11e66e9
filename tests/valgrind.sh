#!/usr/bin/env bash
# Runs the unit tests and a few loco commands under Valgrind's memcheck
# (SPEC section 12). PCRE2's JIT code is opaque to Valgrind, so LOCO_NO_JIT
# turns it off here. Exits 77 (CTest: skipped) when valgrind is missing.
set -u
build=$1 src=$2
command -v valgrind >/dev/null || { echo "valgrind not installed"; exit 77; }
export LOCO_NO_JIT=1 LC_ALL=C TZ=UTC HOME=/nonexistent LOCO_HOME=$(mktemp -d)
trap 'rm -rf "$LOCO_HOME"' EXIT
vg=(valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite)
passed=0 failed=0
run() {
  if "${vg[@]}" "$@" > /dev/null 2> "$LOCO_HOME/vg.log"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $*"
    head -30 "$LOCO_HOME/vg.log"
  fi
}
for t in router config registry regcache yedit util host stream think chatstream extract vote \
         stats textscore dataset models progress results session catalog json logs route_cv; do
  run "$build/tests/test_$t"
done
# adapters/ as committed when CTest made the copy (tests/shipped.py)
adapters=${LOCO_TEST_ADAPTERS:-$src/adapters}
reg=$adapters/registry.yaml
run "$build/loco" route --explain "solve 2+2"
run "$build/loco" --registry "$reg" adapters list --json
run "$build/loco" config list --show-origin
run "$build/loco" --registry "$reg" eval --router --router-kind keyword  # the classifier: 30 fits
run "$build/loco" version -v
# The leaderboard over one archived run on the shipped math dataset: hashing,
# ranking and every report.
mkdir -p "$LOCO_HOME/results/math"
sha=$(sha256sum "$adapters/math/eval_dataset.jsonl" | cut -d' ' -f1)
printf '{"adapter_name": "math", "dataset_sha256": "%s", "n": 50, "base": {"score": 0.5},
 "adapter": {"score": 0.6}, "delta": 0.1, "verdict": "not significant", "semester": "2026-S2",
 "timestamp": "20260901T090000Z", "base_only": false}\n' "$sha" > "$LOCO_HOME/results/math/20260901T090000Z.json"
run "$build/loco" --registry "$reg" leaderboard --json --markdown "$LOCO_HOME/lb.md" --html "$LOCO_HOME/lb.html"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
