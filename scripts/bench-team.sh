#!/usr/bin/env bash
# npm run bench:team: installs what is missing, starts a private Skyvern and a private PostgreSQL,
# runs bench/team.ts (three stacks of BENCH_TEAM_N credentials, default 200, on one PostgreSQL
# backend with concurrent pipelines), stops both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
mkdir -p .test-artifacts
export SKYVERN_LOCAL_HOME="$(mktemp -d "$PWD/.test-artifacts/bench-skyvern-XXXXXX")"
export PG_LOCAL_HOME="$(mktemp -d "$PWD/.test-artifacts/bench-pg-XXXXXX")"
trap 'scripts/skyvern-local stop || true; scripts/postgres-local stop || true' EXIT
scripts/skyvern-local start
eval "$(scripts/skyvern-local env)"
scripts/postgres-local start
export BENCH_POSTGRES_URL="$(scripts/postgres-local url)"
node dist/bench/team.js
