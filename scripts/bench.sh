#!/usr/bin/env bash
# npm run bench: installs what is missing, starts a private Skyvern, runs bench/run.ts, stops it.
# BENCH_SIZES=10,100 npm run bench   to choose the sizes (default 10,100,500).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
mkdir -p .test-artifacts
export SKYVERN_LOCAL_HOME="$(mktemp -d "$PWD/.test-artifacts/bench-skyvern-XXXXXX")"
trap 'scripts/skyvern-local stop' EXIT
scripts/skyvern-local start
eval "$(scripts/skyvern-local env)"
node dist/bench/run.js
