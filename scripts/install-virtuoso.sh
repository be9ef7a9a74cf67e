#!/usr/bin/env bash
# Installs OpenLink Virtuoso 7 (virtuoso-t, isql-vt) via apt when it is missing. newskg's storage
# tests start their own Virtuoso from a minimal ini (tests/storage/conftest.py) and the
# benchmarks compare against it; newskg itself does not need it.
# The Debian package's post-install may start a system Virtuoso on ports 1111/8890; the tests
# never use those ports.
set -euo pipefail
if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "newskg's storage tests need OpenLink Virtuoso 7 (virtuoso-t and isql-vt); no apt-get" \
       "here: install it with your package manager (e.g. brew install virtuoso)" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing OpenLink Virtuoso (virtuoso-opensource)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq virtuoso-opensource >/dev/null
command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 || {
  echo "virtuoso-opensource installed but virtuoso-t/isql-vt are not on PATH" >&2
  exit 1
}
