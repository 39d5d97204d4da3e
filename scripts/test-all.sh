#!/usr/bin/env bash
# README's test command: install what a fresh machine lacks, build, package, lint, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run package
npm run lint
npm test
