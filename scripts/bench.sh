#!/usr/bin/env bash
# npm run bench: installs what is missing, starts a private Skyvern and a private PostgreSQL (for
# the PostgreSQL-backend rows), runs bench/run.ts, stops both.
#   BENCH_SIZES=10 BENCH_POSTGRES_SIZES=10 npm run bench   a quick run (defaults: 10,100,500 and 100,500,1000)
#   BENCH_POSTGRES_SIZES= npm run bench                   no PostgreSQL rows
#   BENCH_LINKED=0 BENCH_NATIVE=0 npm run bench           no linked-package or native-provider rows
#   BENCH_ROWS=native,native-floor npm run bench          only these stacks (of ours,floor,floor-shaped,native,native-floor,reference,linked)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh  # also bundles the native plugin (npm run build) that the packed package ships
# shellcheck source=scripts/env.sh
source scripts/env.sh
mkdir -p .test-artifacts
export SKYVERN_LOCAL_HOME="$(mktemp -d "$PWD/.test-artifacts/bench-skyvern-XXXXXX")"
export PG_LOCAL_HOME="$(mktemp -d "$PWD/.test-artifacts/bench-pg-XXXXXX")"
stop() {
  scripts/skyvern-local stop || true
  if [ -n "${BENCH_POSTGRES_URL:-}" ]; then scripts/postgres-local stop || true; fi
}
trap stop EXIT
scripts/skyvern-local start
eval "$(scripts/skyvern-local env)"
if [ -n "${BENCH_POSTGRES_SIZES-100,500,1000}" ]; then
  scripts/postgres-local start
  export BENCH_POSTGRES_URL="$(scripts/postgres-local url)"
fi
node dist/bench/run.js
