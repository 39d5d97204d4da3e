#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian 12 machine with Node 20 + npm:
# Debian packages (daemons whose checkers validate rendered files, OpenSSH, Chromium),
# npm packages, the code-server used by end-to-end tests, and the build.
# Idempotent: a second run only checks what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    if [ -z "${OKD_APT_UPDATED:-}" ]; then $SUDO apt-get update -qq; export OKD_APT_UPDATED=1; fi
    # Services must not start inside a build container; the tests run only their check modes.
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null; $SUDO chmod +x /usr/sbin/policy-rc.d
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
    $SUDO rm -f /usr/sbin/policy-rc.d
  fi
}
export -f apt_install

# Each part of the product lists its own packages in scripts/setup.d/*.sh (sourced, may call apt_install).
for f in scripts/setup.d/*.sh; do
  [ -e "$f" ] || continue
  echo "setup: $f"
  # shellcheck disable=SC1090
  source "$f"
done

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

if [ -x scripts/setup-code-server.sh ] && [ -z "${OKD_SKIP_CODE_SERVER:-}" ]; then
  scripts/setup-code-server.sh
fi

npm run build
