#!/usr/bin/env bash
# Generates a language SDK from schema.json with Pulumi's own code generator:
#   bash scripts/gen-sdk.sh python [OUT_DIR]   the Python SDK (default: python/ of this checkout)
#   bash scripts/gen-sdk.sh go [OUT_DIR]       the Go SDK (default: sdk/go/, module <repository>/sdk/go,
#                                              package skyvern), then its go.sum with `go mod tidy`
# `pulumi package gen-sdk` would hand the work to the language's plugin, which is not available
# here, so scripts/gen-sdk/ calls the same generator packages directly. The tool is built once into
# a versioned cache outside the clone and rebuilt only when its sources change.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-v3.259.0}"
CACHE_ROOT="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
TOOL_DIR="$CACHE_ROOT/gen-sdk-$PULUMI_VERSION"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/scripts/gen-sdk"
language="${1:-}"

log() { printf '[gen-sdk] %s\n' "$*" >&2; }

case "$language" in
  python) out="${2:-$root/python}" ;;
  go) out="${2:-$root/sdk/go}" ;;
  *) log "usage: scripts/gen-sdk.sh python|go [OUT_DIR]"; exit 2 ;;
esac

grep -q "github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION\$" "$src/go.mod" \
  || { log "scripts/gen-sdk/go.mod does not require pkg/v3 $PULUMI_VERSION"; exit 1; }

# The cached binary is only reused for the exact sources it was built from.
stamp="$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -d' ' -f1)"
if [ -x "$TOOL_DIR/gen-sdk" ] && [ "$(cat "$TOOL_DIR/sources.sha256" 2>/dev/null)" = "$stamp" ]; then
  log "tool already built in $TOOL_DIR (skipping)"
else
  command -v go >/dev/null || { log "go is not on PATH; install Go >= 1.25"; exit 1; }
  log "building the generator with $(go version | cut -d' ' -f3) (3-4 minutes on 2 cores when Go's build cache is cold, seconds when warm)"
  mkdir -p "$CACHE_ROOT"
  tmp="$(mktemp -d "$CACHE_ROOT/gen-sdk.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$src" && go build -ldflags "-s -w" -o "$tmp/gen-sdk" .)
  echo "$stamp" > "$tmp/sources.sha256"
  rm -rf "$TOOL_DIR" && mv "$tmp" "$TOOL_DIR"
  trap - EXIT
fi

"$TOOL_DIR/gen-sdk" "$language" "$root/schema.json" "$out"
if [ "$language" = go ]; then
  # The generator requires Pulumi's Go SDK v3.256.0; the SDK is tested with the CLI's version, so it
  # requires that one (a user's `go mod tidy` then picks it too), and go.sum, so the module builds
  # and vets on its own (the generator writes go.mod only).
  # shellcheck source=scripts/go-caches.sh
  source "$root/scripts/go-caches.sh"
  (cd "$out" && GOWORK=off go mod edit -require="github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION" && GOWORK=off GOFLAGS=-mod=mod go mod tidy)
fi
