#!/usr/bin/env bash
# Quick start: install dependencies, build the release binary and the web UI, and serve both on
# http://127.0.0.1:8080 with the embedded SQLite database ./hikeshi.db. On the first start an
# admin account is created and its password printed. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release
cmake --build --preset release
bash scripts/build-web.sh  # the web UI in web/dist, served at /
exec build/release/hikeshi serve --db "${HIKESHI_DB:-hikeshi.db}" --listen "${HIKESHI_LISTEN:-127.0.0.1:8080}"
