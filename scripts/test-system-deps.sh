#!/usr/bin/env bash
# What `make test` needs from the system besides Python packages: Debian's Chromium (the
# browser tests drive it; never a browser a test tool downloads) and PostgreSQL's server
# binaries (the PostgreSQL store's tests start a throwaway server; tests/_postgres.py).
# Installs whichever is missing with apt-get; says what to run when it cannot.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "make test needs Debian's ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}'" >&2
  exit 1
fi
echo "installing ${missing[*]} (apt-get) for the browser and PostgreSQL tests" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
