#!/usr/bin/env bash
# Installs whatever is missing for the demo and the tests, skipping what is already there:
# npm packages, the Pulumi CLI (built from the Go module proxy, cached), the Skyvern server
# and Pulumi's Python SDK for the Python language host (from PyPI, cached), the GitHub Actions linters
# zizmor (PyPI) and actionlint (Go module proxy), the local npm and PyPI registries (Verdaccio, pypiserver)
# with Python's build and twine, all cached, and the compiled TypeScript.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '[setup] %s\n' "$*" >&2; }

for tool in node npm go python3 curl; do
  command -v "$tool" >/dev/null || { say "$tool is required but not on PATH (see README: Requirements)"; exit 1; }
done

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund >&2
fi
bash scripts/build-pulumi.sh >/dev/null
bash scripts/build-pulumi-yaml.sh >/dev/null
bash scripts/install-skyvern.sh >/dev/null
bash scripts/install-python-pulumi.sh >/dev/null
# The GitHub Actions linters tests/examples/gitops-workflow.test.ts runs on examples/gitops/workflow.yml.
bash scripts/install-zizmor.sh >/dev/null
bash scripts/install-actionlint.sh >/dev/null
# The local registries tests/registries/ publishes to (Verdaccio, pypiserver) and Python's build and twine.
bash scripts/install-verdaccio.sh >/dev/null
bash scripts/install-python-packaging.sh >/dev/null
say "compiling TypeScript and bundling the native provider plugin"
npm run --silent build
