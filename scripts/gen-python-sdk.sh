#!/usr/bin/env bash
# Generates the Python SDK (python/) from schema.json with Pulumi's own Python code generator.
#   bash scripts/gen-python-sdk.sh [OUT_DIR]      (default: python/ of this checkout)
# `pulumi package gen-sdk` would hand the work to the python language plugin, which is not
# available here, so scripts/gen-python-sdk/ calls the same generator package directly. The tool is
# built once into a versioned cache outside the clone and rebuilt only when its sources change.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-v3.259.0}"
CACHE_ROOT="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
TOOL_DIR="$CACHE_ROOT/gen-python-sdk-$PULUMI_VERSION"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/scripts/gen-python-sdk"
out="${1:-$root/python}"

log() { printf '[gen-python-sdk] %s\n' "$*" >&2; }

grep -q "github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION\$" "$src/go.mod" \
  || { log "scripts/gen-python-sdk/go.mod does not require pkg/v3 $PULUMI_VERSION"; exit 1; }

# The cached binary is only reused for the exact sources it was built from.
stamp="$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -d' ' -f1)"
if [ -x "$TOOL_DIR/gen-python-sdk" ] && [ "$(cat "$TOOL_DIR/sources.sha256" 2>/dev/null)" = "$stamp" ]; then
  log "tool already built in $TOOL_DIR (skipping)"
else
  command -v go >/dev/null || { log "go is not on PATH; install Go >= 1.25"; exit 1; }
  log "building the generator with $(go version | cut -d' ' -f3) (3-4 minutes on 2 cores when Go's build cache is cold, seconds when warm)"
  mkdir -p "$CACHE_ROOT"
  tmp="$(mktemp -d "$CACHE_ROOT/gen-python-sdk.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$src" && go build -ldflags "-s -w" -o "$tmp/gen-python-sdk" .)
  echo "$stamp" > "$tmp/sources.sha256"
  rm -rf "$TOOL_DIR" && mv "$tmp" "$TOOL_DIR"
  trap - EXIT
fi

"$TOOL_DIR/gen-python-sdk" "$root/schema.json" "$out"
