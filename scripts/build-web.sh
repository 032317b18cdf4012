#!/usr/bin/env bash
# Builds the web UI into web/dist, which `hikeshi serve` serves at /: `npm ci` (the exact
# versions of web/package-lock.json, skipped when node_modules already matches it), the
# TypeScript check, then `vite build`. Needs Node 18 or 20 and npm (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v npm >/dev/null; then
  echo "build-web: npm is missing; run scripts/install-deps.sh" >&2
  exit 1
fi
# npm ci wipes node_modules; only do it when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx --no-install tsc --noEmit -p .
npx --no-install vite build --logLevel warn
echo "build-web: built $(pwd)/dist"
