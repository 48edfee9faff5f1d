#!/usr/bin/env bash
# Builds actionlint (the GitHub Actions workflow checker) from the Go module proxy into a versioned
# cache outside the clone, and prints the binary's path. The tests run it on examples/gitops/workflow.yml.
set -euo pipefail

ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
CACHE_ROOT="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
BIN_DIR="$CACHE_ROOT/actionlint-$ACTIONLINT_VERSION/bin"
log() { printf '[install-actionlint] %s\n' "$*" >&2; }

# `actionlint --version` prints the version (e.g. v1.7.12) on its first line.
if [ -x "$BIN_DIR/actionlint" ] && [ "$("$BIN_DIR/actionlint" --version 2>/dev/null | head -n 1)" = "$ACTIONLINT_VERSION" ]; then
  log "actionlint $ACTIONLINT_VERSION already built in $BIN_DIR (skipping)"
  echo "$BIN_DIR/actionlint"; exit 0
fi

command -v go >/dev/null || { log "go is not on PATH; install Go >= 1.25"; exit 1; }
log "building actionlint $ACTIONLINT_VERSION with $(go version | cut -d' ' -f3)"
rm -rf "$BIN_DIR.tmp" && mkdir -p "$BIN_DIR.tmp"
GOBIN="$BIN_DIR.tmp" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" >&2
[ -x "$BIN_DIR.tmp/actionlint" ] || { log "go install produced no binary"; exit 1; }
rm -rf "$BIN_DIR" && mv "$BIN_DIR.tmp" "$BIN_DIR"
log "built actionlint $("$BIN_DIR/actionlint" --version | head -n 1)"
echo "$BIN_DIR/actionlint"
