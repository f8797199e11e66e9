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
  echo "installed: $PREFIX/bin/loco, with 'man loco' and shell completions (README.md)"
fi
loco=./build/loco
for q in "solve 2+2" "write a python function to reverse a string" \
         "summarize the evidence in this text" "hello there"; do
  printf '%-48s -> %s\n' "\"$q\"" "$($loco route "$q")"
done
echo
$loco adapters list
echo
if why=$(python3 scripts/ollama-up.py); then
  echo "\$ loco query \"What is 15 + 27?\""
  $loco query "What is 15 + 27?" || true
else
  cat <<MSG
$why: 'loco query' needs Ollama.
  install it:  https://ollama.com/download (Linux: curl -fsSL https://ollama.com/install.sh | sh)
  start it:    ollama serve          (or set OLLAMA_HOST to a server you have)
  base model:  ollama pull qwen3:4b
then run:      $loco query "What is 15 + 27?"
MSG
fi
echo
echo "next: $loco route --explain \"how many apples are left?\"   ($loco --help for more)"
