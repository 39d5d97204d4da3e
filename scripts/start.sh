#!/usr/bin/env bash
# README's first command (`npm start`): from a fresh clone, install, build, package the VSIX and open
# VS Code with the extension loaded and an example topology open.
#   - desktop VS Code when `code` is on PATH (extension loaded from this folder as a development extension);
#   - otherwise code-server (browser VS Code) on 127.0.0.1 with the packaged VSIX; prints the URL and runs
#     until Ctrl+C.
# Environment: OKD_EXAMPLE (default okd-upi-lab), OKD_PORT (code-server port, default: a free one),
#              OKD_USE_CODE_SERVER=1 (use code-server even when `code` exists),
#              OKD_PLAYGROUND (folder the examples are copied to, default .okd-cache/playground).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
EXAMPLE="${OKD_EXAMPLE:-okd-upi-lab}"

say() { printf '\n== %s\n' "$*"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

say "Building and packaging the extension (npm run package)"
npm run package
[ -f dist/okd-topology.vsix ] || { echo "npm run package did not produce dist/okd-topology.vsix" >&2; exit 1; }

# A playground copy of the examples, so trying things out never edits the repository's own files.
PLAYGROUND="${OKD_PLAYGROUND:-$ROOT/.okd-cache/playground}"
if [ ! -d "$PLAYGROUND" ]; then
  mkdir -p "$PLAYGROUND"
  cp -R examples/. "$PLAYGROUND/"
fi
[ -f "$PLAYGROUND/$EXAMPLE/cluster.okd.yaml" ] || { echo "No example named '$EXAMPLE' (see examples/)" >&2; exit 1; }
FILE="$PLAYGROUND/$EXAMPLE/cluster.okd.yaml"

if command -v code >/dev/null 2>&1 && [ -z "${OKD_USE_CODE_SERVER:-}" ]; then
  say "Opening desktop VS Code with the extension from $ROOT"
  exec code --new-window --extensionDevelopmentPath="$ROOT" "$PLAYGROUND" "$FILE"
fi

say "No desktop VS Code (\`code\`) on PATH: starting a browser VS Code (code-server) instead"
bash scripts/setup-code-server.sh
args=(--vsix dist/okd-topology.vsix --open "$FILE")
[ -n "${OKD_PORT:-}" ] && args+=(--port "$OKD_PORT")
exec node scripts/code-server.mjs "${args[@]}" "$PLAYGROUND"
