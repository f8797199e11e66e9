# The libFuzzer targets, one list for fuzz/CMakeLists.txt (the fuzzers),
# tests/CMakeLists.txt (seeds and regressions replayed by CTest) and
# scripts/fuzz.sh (which reads the line below: keep it on one line).
set(LOCO_FUZZ_TARGETS registry config stream host termsafe overlap number dataset session results catalog sse extract yedit examples toolcall classifier classcache embedding since bench lora)
