#!/usr/bin/env bash
# Generates the Go SDK (sdk/go/, module <repository>/sdk/go, package skyvern) from schema.json with
# Pulumi's own Go code generator, then writes its go.sum with `go mod tidy`.
#   bash scripts/gen-go-sdk.sh [OUT_DIR]      (default: sdk/go/ of this checkout)
# As for Python (scripts/gen-python-sdk.sh), scripts/gen-go-sdk/ calls the generator package
# directly; the tool is built once into a versioned cache outside the clone and rebuilt only when
# its sources change.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-v3.259.0}"
CACHE_ROOT="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
TOOL_DIR="$CACHE_ROOT/gen-go-sdk-$PULUMI_VERSION"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/scripts/gen-go-sdk"
out="${1:-$root/sdk/go}"

log() { printf '[gen-go-sdk] %s\n' "$*" >&2; }

grep -q "github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION\$" "$src/go.mod" \
  || { log "scripts/gen-go-sdk/go.mod does not require pkg/v3 $PULUMI_VERSION"; exit 1; }
command -v go >/dev/null || { log "go is not on PATH; install Go >= 1.25"; exit 1; }

# The cached binary is only reused for the exact sources it was built from.
stamp="$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -d' ' -f1)"
if [ -x "$TOOL_DIR/gen-go-sdk" ] && [ "$(cat "$TOOL_DIR/sources.sha256" 2>/dev/null)" = "$stamp" ]; then
  log "tool already built in $TOOL_DIR (skipping)"
else
  log "building the generator with $(go version | cut -d' ' -f3) (3-4 minutes on 2 cores when Go's build cache is cold, seconds when warm)"
  mkdir -p "$CACHE_ROOT"
  tmp="$(mktemp -d "$CACHE_ROOT/gen-go-sdk.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$src" && go build -ldflags "-s -w" -o "$tmp/gen-go-sdk" .)
  echo "$stamp" > "$tmp/sources.sha256"
  rm -rf "$TOOL_DIR" && mv "$tmp" "$TOOL_DIR"
  trap - EXIT
fi

"$TOOL_DIR/gen-go-sdk" "$root/schema.json" "$out"
# The generator requires Pulumi's Go SDK v3.256.0; the SDK is tested with the CLI's version, so it
# requires that one (a user's `go mod tidy` then picks it too), and go.sum, so the module builds and
# vets on its own (the generator writes go.mod only).
# shellcheck source=scripts/go-caches.sh
source "$root/scripts/go-caches.sh"
(cd "$out" && GOWORK=off go mod edit -require="github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION" && GOWORK=off GOFLAGS=-mod=mod go mod tidy)
