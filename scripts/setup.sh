#!/usr/bin/env bash
# Fresh Debian/Ubuntu machine -> a built loco that routes questions.
# Installs dependencies, builds loco in ./build, and shows its main job:
# routing questions to adapters and listing the registry. With PREFIX set
# (e.g. PREFIX=$HOME/.local), also installs loco, the registry and datasets.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target loco
if [ -n "${PREFIX:-}" ]; then
  cmake --install build --prefix "$PREFIX" >/dev/null
  echo "installed: $PREFIX/bin/loco"
fi
loco=./build/loco
for q in "solve 2+2" "write a python function to reverse a string" \
         "summarize the evidence in this text" "hello there"; do
  printf '%-48s -> %s\n' "\"$q\"" "$($loco route "$q")"
done
echo
$loco adapters list
echo
echo "next: $loco route --explain \"how many apples are left?\"   ($loco --help for more)"
