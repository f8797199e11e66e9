#!/usr/bin/env bash
# Formats every tracked C file with the committed .clang-format, or with
# --check lists the files that differ and exits 1 (scripts/test.sh runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null || find src tests fuzz bench -name '*.[ch]')
if [ "${1:-}" = --check ]; then
  # clang-format's diagnostics are "FILE:LINE:COL: warning: ..."; the source
  # lines it echoes below them are not file names
  bad=$(clang-format --dry-run "${files[@]}" 2>&1 | grep -oE '^[^ :]+\.[ch]:[0-9]+:[0-9]+: ' |
    cut -d: -f1 | sort -u || true)
  if [ -n "$bad" ]; then
    echo "format.sh: these files differ from .clang-format; run scripts/format.sh:" >&2
    printf '%s\n' "$bad" | sed 's/^/  /' >&2
    exit 1
  fi
  exit 0
fi
clang-format -i "${files[@]}"
