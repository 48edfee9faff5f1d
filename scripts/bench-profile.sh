#!/usr/bin/env bash
# npm run bench:profile: installs what is missing, starts a private Skyvern, runs
# bench/preview-profile.ts (where a no-op preview's time goes, PROFILE_N credentials, default 200),
# stops it.
#   PROFILE_N=500 PROFILE_KINDS=skyvern,floor npm run bench:profile
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
mkdir -p .test-artifacts
export SKYVERN_LOCAL_HOME="$(mktemp -d "$PWD/.test-artifacts/bench-skyvern-XXXXXX")"
trap 'scripts/skyvern-local stop || true' EXIT
scripts/skyvern-local start
eval "$(scripts/skyvern-local env)"
node dist/bench/preview-profile.js
