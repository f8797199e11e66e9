#!/usr/bin/env bash
# The checks the compiler does not make (issue 15, STYLE "Small things"):
# cppcheck's warning, performance and portability classes on src/; no
# function longer than 100 lines in any C file; no command file (src/cmd/)
# longer than 700 lines, the size at which a command has started to hold a
# module's logic; no libcurl multi loop outside the transfer engine
# (src/net/http.c, issue 15: one file drives multi_perform and multi_poll).
# scripts/test.sh runs it after the format check.
#
#   scripts/lint.sh [DIR]   lints the tree at DIR (default: this checkout);
#                           tests/test_lint.sh points it at fixtures
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
fail=0

max_function=100
max_cmd_file=700
engine=src/net/http.c

if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && [ -z "${1:-}" ]; then
  mapfile -t c_files < <(git ls-files '*.c')
else
  mapfile -t c_files < <(find . -name '*.c' -not -path './build*' | sed 's|^\./||' | sort)
fi

echo "== lint: cppcheck"
command -v cppcheck >/dev/null || { echo "lint.sh: cppcheck is not installed (scripts/deps.sh --test installs it)" >&2; exit 1; }
dirs=() incs=()
if [ -d src ]; then
  mapfile -t dirs < <(find src -type d | sort)
  for d in "${dirs[@]}"; do incs+=(-I "$d"); done
fi
if [ ${#dirs[@]} -gt 0 ] &&
   ! cppcheck --quiet --enable=warning,performance,portability --std=c11 "${incs[@]}" \
        --inline-suppr --error-exitcode=1 src; then
  echo "lint.sh: cppcheck found the problems above" >&2
  fail=1
fi

# clang-format puts a function's braces in column 0 and nothing else's, so
# a function runs from a line "{" to the next line "}".
echo "== lint: functions of at most $max_function lines"
if [ ${#c_files[@]} -gt 0 ]; then
  long=$(awk -v max="$max_function" '
    FNR == 1 { start = 0 }
    /^\{/ { start = FNR; name = prev }
    /^\}/ && start {
      n = FNR - start - 1
      if (n > max) printf "  %s:%d: %d lines: %s\n", FILENAME, start, n, name
      start = 0
    }
    { prev = $0 }' "${c_files[@]}")
  if [ -n "$long" ]; then
    echo "lint.sh: these functions are longer than $max_function lines; split them where they do two things:" >&2
    printf '%s\n' "$long" >&2
    fail=1
  fi
fi

echo "== lint: command files of at most $max_cmd_file lines"
for f in "${c_files[@]}"; do
  case $f in src/cmd/*) ;; *) continue ;; esac
  n=$(wc -l <"$f")
  [ "$n" -le $max_cmd_file ] && continue
  echo "lint.sh: $f has $n lines, over $max_cmd_file: move what it decides into a module (commands parse and print)" >&2
  fail=1
done
echo "== lint: only $engine drives the libcurl multi loop"
for f in "${c_files[@]}"; do
  [ "$f" = "$engine" ] && continue
  hits=$(grep -nE 'multi_(perform|poll)[[:space:]]*\(' "$f" || true)
  [ -z "$hits" ] && continue
  echo "lint.sh: $f calls libcurl's multi loop; start a transfer on the engine ($engine) instead:" >&2
  printf '%s\n' "$hits" | sed "s|^|  $f:|" >&2
  fail=1
done
exit $fail
