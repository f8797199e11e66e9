#!/usr/bin/env bash
# A short check of loco against a real Ollama, when one is reachable at
# OLLAMA_HOST (or 127.0.0.1:11434): server version, installed models, and one
# tiny query with the base model. Without a server it says why and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
loco=${LOCO:-./build/loco}
[ -x "$loco" ] || { echo "smoke-ollama.sh: build loco first (scripts/setup.sh)" >&2; exit 2; }
if ! why=$(python3 scripts/ollama-up.py); then
  echo "smoke-ollama.sh: skipped: $why"
  exit 0
fi
base=$("$loco" adapters list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["base_model"]["ollama_name"])')
echo "== loco version -v"
"$loco" version -v
echo "== one query to $base (no routing, no RE2)"
out=$("$loco" query --no-route --no-reread --max-tokens 32 --temperature 0 \
      "Reply with exactly one word: pong") || { rc=$?; echo "smoke-ollama.sh: query failed (exit $rc)"; exit $rc; }
echo "$out"
echo "smoke-ollama.sh: ok"
