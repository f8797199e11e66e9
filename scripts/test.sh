#!/usr/bin/env bash
# Installs dependencies, builds loco with warnings as errors, and runs every
# test twice: a normal build, then under AddressSanitizer+UndefinedBehaviorSanitizer.
# The format check and scripts/lint.sh run first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --test
echo "== format (scripts/format.sh --check)"
scripts/format.sh --check
echo "== lint (scripts/lint.sh: cppcheck, function and command-file sizes)"
scripts/lint.sh
jobs=$(nproc)
run_suite() {
  local dir=$1; shift
  cmake -S . -B "$dir" -DLOCO_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs" >/dev/null
  ctest --test-dir "$dir" --output-on-failure -j"$jobs"
}
echo "== tests (RelWithDebInfo)"
run_suite build-test
echo "== tests under ASan+UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite build-asan -DLOCO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
