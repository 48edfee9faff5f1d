#!/usr/bin/env bash
# npm test: installs what is missing, then runs every test. The mocha global setup starts a
# private Skyvern server for the run and stops it afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
log="$(mktemp)"
status=0
npx mocha "${@:-dist/tests/**/*.test.js}" 2>&1 | tee "$log" || status=$?
passed="$(grep -Eo '^ +[0-9]+ passing' "$log" | grep -Eo '[0-9]+' || echo 0)"
failed="$(grep -Eo '^ +[0-9]+ failing' "$log" | grep -Eo '[0-9]+' || echo 0)"
pending="$(grep -Eo '^ +[0-9]+ pending' "$log" | grep -Eo '[0-9]+' || echo 0)"
rm -f "$log"
echo "mocha: $passed passed, $failed failed, $pending skipped"
exit "$status"
