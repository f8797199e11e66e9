#!/usr/bin/env bash
# Formats every tracked C file with the committed .clang-format, or with
# --check lists the files that differ and exits 1 (scripts/test.sh runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null || find src include tests fuzz bench -name '*.[ch]')
if [ "${1:-}" = --check ]; then
  bad=$(clang-format --dry-run "${files[@]}" 2>&1 | grep -o '^[^:]*:[0-9]*' | sort -u -t: -k1,1 | cut -d: -f1 || true)
  if [ -n "$bad" ]; then
    echo "format.sh: these files differ from .clang-format; run scripts/format.sh:" >&2
    printf '  %s\n' $bad >&2
    exit 1
  fi
  exit 0
fi
clang-format -i "${files[@]}"
