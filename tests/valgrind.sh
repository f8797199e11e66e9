#!/usr/bin/env bash
# Runs unit tests and a few loco commands under Valgrind's memcheck (SPEC
# section 12): what ASan+UBSan cannot see, reads of uninitialised memory and
# errors inside the uninstrumented libraries, in the optimised build.
#   valgrind.sh BUILD SRC unit NAME...   tests/test_NAME, one after the other
#   valgrind.sh BUILD SRC commands       the loco commands below
# CTest runs one test per unit and one for the commands, so they share the
# cores with the rest of the suite (tests/CMakeLists.txt). PCRE2's JIT code is
# opaque to Valgrind, so LOCO_NO_JIT turns it off here. Exits 77 (CTest:
# skipped) when valgrind is missing.
set -u
build=$1 src=$2 what=${3:-}
shift 3 2>/dev/null || { echo "usage: valgrind.sh BUILD SRC unit NAME... | commands" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind not installed"; exit 77; }
export LOCO_NO_JIT=1 LOCO_TEST_MEMCHECK=1 LC_ALL=C TZ=UTC HOME=/nonexistent LOCO_HOME=$(mktemp -d)
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
commands() {
  # adapters/ as committed when CTest made the copy (tests/shipped.py)
  local adapters=${LOCO_TEST_ADAPTERS:-$src/adapters}
  local reg=$adapters/registry.yaml sha
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
}
case $what in
  unit)
    [ $# -gt 0 ] || { echo "valgrind.sh: name the unit tests" >&2; exit 2; }
    for t in "$@"; do
      run "$build/tests/test_$t"
    done ;;
  commands) commands ;;
  *) echo "valgrind.sh: '$what' is neither unit nor commands" >&2; exit 2 ;;
esac
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
