#!/usr/bin/env bash
# Installs code-server (browser VS Code) outside the repo, for `npm start` without desktop VS Code and
# for the end-to-end tests. code-server's own install scripts download ripgrep and Node headers from
# the internet, which CI cannot reach, so we run them by hand: npm registry + Debian archive only.
#
# Where:   ${OKD_CODE_SERVER_DIR:-${OKD_CACHE:-$HOME/.cache/okd-topology}/code-server}
# Re-runs: a marker file makes a complete install a no-op (well under a second).
# Usage:   scripts/setup-code-server.sh [--force]
set -euo pipefail

VERSION=4.100.3 # newest release that runs on Node 20; later ones need Node 22+
DIR="${OKD_CODE_SERVER_DIR:-${OKD_CACHE:-$HOME/.cache/okd-topology}/code-server}"
MARKER="$DIR/.installed-$VERSION"
APT_PACKAGES=(libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev pkg-config ripgrep chromium fonts-liberation build-essential python3)
NATIVE_MODULES=(node-pty kerberos @vscode/spdlog native-watchdog @parcel/watcher @vscode/deviceid)

log() { printf '[setup-code-server] %s\n' "$*"; }
die() { printf '[setup-code-server] ERROR: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_apt_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  command -v apt-get >/dev/null || die "apt-get not found; install these packages by hand: ${missing[*]}"
  # The lock keeps concurrent setup scripts from failing on dpkg's own lock.
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root flock /tmp/apt.lock apt-get install -y --no-install-recommends "${missing[@]}"; then
    as_root flock /tmp/apt.lock apt-get update
    as_root flock /tmp/apt.lock apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

node_major() { node -p 'process.versions.node.split(".")[0]'; }

# npm ships node-gyp; using it (with Debian/NodeSource headers in /usr/include/node) avoids a headers download.
find_node_gyp() {
  local npm_cli npm_root
  npm_cli="$(readlink -f "$(command -v npm)")"
  npm_root="$(cd "$(dirname "$npm_cli")/.." && pwd)"
  for c in "$npm_root/node_modules/node-gyp/bin/node-gyp.js" "$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"; do
    [ -f "$c" ] && { echo "$c"; return 0; }
  done
  die "npm's bundled node-gyp was not found (looked next to $npm_cli)"
}

install_code_server() {
  local start=$SECONDS node_gyp vs cs
  [ "$(node_major)" = 20 ] || die "code-server $VERSION needs Node 20 (found $(node -v))"
  [ -f /usr/include/node/common.gypi ] || die "Node headers missing in /usr/include/node (install Node from a package that ships them)"
  node_gyp="$(find_node_gyp)"
  # node-pre-gyp (argon2) honours npm_config_node_gyp when it shells out to node-gyp.
  export npm_config_node_gyp="$node_gyp" npm_config_audit=false npm_config_fund=false

  # A half-finished tree from an interrupted run is not worth repairing.
  rm -rf "$DIR/node_modules" "$DIR/package.json" "$DIR/package-lock.json" "$DIR"/.installed-*
  mkdir -p "$DIR"
  echo '{"name":"okd-topology-code-server","private":true}' > "$DIR/package.json"

  log "npm install code-server@$VERSION (scripts off) into $DIR"
  (cd "$DIR" && npm_config_unsafe_perm=true npm install --ignore-scripts "code-server@$VERSION")
  cs="$DIR/node_modules/code-server"
  vs="$cs/lib/vscode"

  log "installing VS Code server dependencies"
  (cd "$vs" && npm install --omit=dev --ignore-scripts)

  # @vscode/ripgrep's install script would download rg; Debian's is the same tool.
  mkdir -p "$vs/node_modules/@vscode/ripgrep/bin"
  cp /usr/bin/rg "$vs/node_modules/@vscode/ripgrep/bin/rg"

  for m in "${NATIVE_MODULES[@]}"; do
    log "building native module $m"
    (cd "$vs/node_modules/$m" && node "$node_gyp" rebuild --nodedir=/usr >"$DIR/build-$(echo "$m" | tr / _).log" 2>&1) \
      || die "building $m failed; see $DIR/build-$(echo "$m" | tr / _).log"
  done

  # What code-server's postinstall.sh would do after its npm install.
  (cd "$vs" && rm -rf node_modules.asar && ln -s node_modules node_modules.asar)
  (cd "$vs/bin/remote-cli" && rm -f code-server && ln -s code-linux.sh code-server)
  (cd "$vs/bin/helpers" && rm -f browser.sh && ln -s browser-linux.sh browser.sh)
  log "installing built-in extensions' shared dependencies"
  (cd "$vs/extensions" && npm install --omit=dev)

  log "building argon2 from source"
  local argon2="$DIR/node_modules/argon2" pregyp="$DIR/node_modules/.bin/node-pre-gyp"
  [ -d "$cs/node_modules/argon2" ] && argon2="$cs/node_modules/argon2" # not hoisted
  [ -x "$cs/node_modules/.bin/node-pre-gyp" ] && pregyp="$cs/node_modules/.bin/node-pre-gyp"
  (cd "$argon2" && "$pregyp" rebuild --build-from-source --nodedir=/usr \
    >"$DIR/build-argon2.log" 2>&1) || die "building argon2 failed; see $DIR/build-argon2.log"

  local got
  got="$(node "$cs/out/node/entry.js" --version 2>&1 || true)"
  grep -q "^$VERSION " <<<"$got" || die "code-server does not run; --version printed: $got"
  echo "installed $(date -u +%FT%TZ) in $((SECONDS - start))s" > "$MARKER"
  log "code-server $VERSION ready in $((SECONDS - start))s: $cs/out/node/entry.js"
}

main() {
  [ "${1:-}" = "--force" ] && rm -f "$MARKER"
  install_apt_packages
  mkdir -p "$(dirname "$DIR")"
  # One installer at a time per cache folder (npm start and the e2e tests may both call this).
  exec 9>"$DIR.lock"
  flock 9
  if [ -f "$MARKER" ] && [ -f "$DIR/node_modules/code-server/out/node/entry.js" ]; then
    log "code-server $VERSION already installed in $DIR"
    return 0
  fi
  install_code_server
}

main "$@"
