#!/usr/bin/env bash
# Installs dependencies, builds loco with warnings as errors, and runs every
# test twice: a normal build, then under AddressSanitizer+UndefinedBehaviorSanitizer.
# The format check and scripts/lint.sh run first (lint beside the first build).
#
# What runs beside what, so that two cores are kept busy:
#   lint (cppcheck, one core)      beside the normal build
#   the ASan build, at nice 19     beside the normal build's tests, which wait
#                                  on servers and sandboxes part of the time
# Each suite runs alone: the sandbox tests (RUN_SERIAL in tests/CMakeLists.txt)
# must not meet another suite's sandboxed code. LOCO_TEST_JOBS sets CTest's -j
# (default: the CPUs + 1, since several tests mostly wait).
set -euo pipefail
cd "$(dirname "$0")/.."
# Each header says how many seconds the script had run by then.
step() { echo "== $* [${SECONDS} s]"; }
scripts/deps.sh --test
step "format (scripts/format.sh --check)"
scripts/format.sh --check
jobs=$(nproc)
ctest_jobs=${LOCO_TEST_JOBS:-$((jobs + 1))}
logs=$(mktemp -d)
bg=()
# Background steps run in a process group of their own (set -m), so that an
# early failure stops their compilers too.
set -m
stop_bg() {
  local pid
  for pid in "${bg[@]}"; do
    kill -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$logs"
}
trap stop_bg EXIT
# start [--nice] NAME COMMAND...: runs it in the background, output in $logs/NAME
start() {
  local nice=false
  [ "$1" != --nice ] || { nice=true; shift; }
  local name=$1
  shift
  (
    ! $nice || renice 19 -p "$BASHPID" >/dev/null
    rc=0
    "$@" >"$logs/$name" 2>&1 || rc=$?
    echo "$rc" >"$logs/$name.rc"
  ) &
  bg+=($!)
}
# finish NAME HEADER: waits for it, prints its output, fails when it failed
finish() {
  wait "${bg[-1]}" || true
  step "$2"
  cat "$logs/$1"
  [ "$(cat "$logs/$1.rc")" = 0 ] || { echo "test.sh: $1 failed" >&2; exit 1; }
}
build() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -DLOCO_WERROR=ON "$@" >/dev/null &&
    cmake --build "$dir" -j"$jobs" >/dev/null
}
start lint scripts/lint.sh
step "build (RelWithDebInfo)"
build build-test
finish lint "lint (scripts/lint.sh: cppcheck, function and command-file sizes)"
bg=()
start --nice asan-build build build-asan -DLOCO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
step "tests (RelWithDebInfo)"
ctest --test-dir build-test --output-on-failure -j"$ctest_jobs"
# The rest of the build at the usual priority (root may raise it back).
renice 0 -g "${bg[-1]}" >/dev/null 2>&1 || true
finish asan-build "build under ASan+UBSan (done beside the tests above)"
bg=()
step "tests under ASan+UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$ctest_jobs"
step "done"
