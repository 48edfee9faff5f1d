#!/usr/bin/env bash
# npm test: installs what is missing, then runs every test. The mocha global setup starts a
# private Skyvern server for each mocha process and stops it afterwards.
#
# With no arguments the suite runs as two mocha processes side by side, each with its own Skyvern
# server (so request counts and organization sizes stay private to a process). A test mostly waits
# on the engine, the server and a program in turn, keeping about one core busy, so two processes use
# the machine's two cores. The split is by folder into halves of about equal length: provider/,
# reliability/ and sdk/ against everything else. PULUMI_SKYVERN_TEST_SHARDS=1 runs one process.
# With arguments (`npm test -- dist/tests/<file>.test.js`), one mocha process runs just those.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

count() { grep -Eo "^ +[0-9]+ $1" "$2" | grep -Eo '[0-9]+' || echo 0; }

if [ "$#" -gt 0 ] || [ "${PULUMI_SKYVERN_TEST_SHARDS:-2}" = 1 ]; then
  status=0
  npx mocha "${@:-dist/tests/**/*.test.js}" 2>&1 | tee "$logs/all" || status=$?
  echo "mocha: $(count passing "$logs/all") passed, $(count failing "$logs/all") failed, $(count pending "$logs/all") skipped"
  exit "$status"
fi

first=(provider reliability sdk)
first_specs=()
rest_ignores=()
for folder in "${first[@]}"; do
  first_specs+=("dist/tests/$folder/**/*.test.js")
  rest_ignores+=(--ignore "dist/tests/$folder/**")
done

# Each line is printed as it comes, marked with its half; each half's summary and failures are
# printed again whole at the end. Each half is one pipeline in a subshell: waiting for it waits for
# its log too, and (pipefail) its status is mocha's.
(npx mocha "${first_specs[@]}" 2>&1 | tee "$logs/1" | sed -u 's/^/[1] /') &
first_pid=$!
(npx mocha "dist/tests/**/*.test.js" "${rest_ignores[@]}" 2>&1 | tee "$logs/2" | sed -u 's/^/[2] /') &
second_pid=$!
status=0
wait "$first_pid" || status=$?
wait "$second_pid" || status=$?

passed=0 failed=0 pending=0
for half in 1 2; do
  echo
  if [ "$half" = 1 ]; then echo "=== half 1: tests in ${first[*]}"; else echo "=== half 2: every other test"; fi
  sed -n '/^ \+[0-9]\+ passing/,$p' "$logs/$half"
  passed=$((passed + $(count passing "$logs/$half")))
  failed=$((failed + $(count failing "$logs/$half")))
  pending=$((pending + $(count pending "$logs/$half")))
done
echo "mocha: $passed passed, $failed failed, $pending skipped"
exit "$status"
