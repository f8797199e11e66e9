#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages loco needs to build, plus any given as
# arguments; packages already installed are left alone. --test adds what only
# the test suite needs: valgrind (memcheck), chromium (renders `loco
# leaderboard --html` headless), groff-base and man-db (render docs/loco.1
# without warnings), clang-format (the format check).
set -euo pipefail
pkgs=(build-essential cmake pkg-config python3
      libcjson-dev libyaml-dev libpcre2-dev libedit-dev
      libcurl4-openssl-dev libssl-dev libseccomp-dev)
if [ "${1:-}" = --test ]; then
  shift
  pkgs+=(valgrind chromium groff-base man-db clang-format)
fi
pkgs+=("$@")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "deps.sh: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
