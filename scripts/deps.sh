#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages loco needs to build (and bash-completion,
# which loads the bash completion a PREFIX install puts in
# PREFIX/share/bash-completion/completions), plus any given as arguments;
# packages already installed are left alone. --test adds what only
# the test suite needs: valgrind (memcheck), chromium (renders `loco
# leaderboard --html` headless), groff-base and man-db (render docs/loco.1
# without warnings), clang-format (the format check), cppcheck (scripts/lint.sh).
set -euo pipefail
pkgs=(build-essential cmake pkg-config python3
      libcjson-dev libyaml-dev libpcre2-dev libedit-dev
      libcurl4-openssl-dev libssl-dev libseccomp-dev libsqlite3-dev libxxhash-dev
      bash-completion)
if [ "${1:-}" = --test ]; then
  shift
  pkgs+=(valgrind chromium groff-base man-db clang-format cppcheck)
fi
pkgs+=("$@")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
# Another apt (unattended-upgrades, a second checkout's test run) may hold the
# dpkg or package-list lock: wait for it, up to 10 minutes, instead of failing.
apt_wait() {
  local waited=0 out rc
  while :; do
    out=$($sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 "$@" 2>&1) && rc=0 || rc=$?
    if [ $rc -eq 0 ] || ! grep -q "Could not get lock" <<<"$out" || [ $waited -ge 600 ]; then
      [ $rc -eq 0 ] || printf '%s\n' "$out" >&2
      return $rc
    fi
    [ $waited -gt 0 ] || echo "deps.sh: another apt holds the package lock; waiting (up to 10 minutes)" >&2
    sleep 10
    waited=$((waited + 10))
  done
}
echo "deps.sh: installing ${missing[*]}" >&2
apt_wait update -qq
apt_wait install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
