#!/usr/bin/env bash
# Builds the Go language host stand-in (scripts/pulumi-language-go/, see its main.go) into a
# versioned cache and installs it next to the CLI, where the engine looks for language hosts first.
# Pulumi's own host is not served by the module proxy (HTTP 403 for every version of
# github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3). Rebuilt only when its sources change.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-v3.259.0}"
CACHE_ROOT="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
TOOL_DIR="$CACHE_ROOT/pulumi-language-go-$PULUMI_VERSION"
CLI_BIN_DIR="$CACHE_ROOT/pulumi-$PULUMI_VERSION/bin"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/scripts/pulumi-language-go"
log() { printf '[build-pulumi-language-go] %s\n' "$*" >&2; }

grep -q "github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION\$" "$src/go.mod" \
  || { log "scripts/pulumi-language-go/go.mod does not require sdk/v3 $PULUMI_VERSION"; exit 1; }
[ -d "$CLI_BIN_DIR" ] || { log "no Pulumi CLI in $CLI_BIN_DIR: run scripts/build-pulumi.sh first"; exit 1; }

stamp="$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -d' ' -f1)"
if [ -x "$TOOL_DIR/pulumi-language-go" ] && [ "$(cat "$TOOL_DIR/sources.sha256" 2>/dev/null)" = "$stamp" ]; then
  log "already built in $TOOL_DIR (skipping)"
else
  command -v go >/dev/null || { log "go is not on PATH; install Go >= 1.25"; exit 1; }
  # shellcheck source=scripts/go-caches.sh
  source "$root/scripts/go-caches.sh"
  log "building with $(go version | cut -d' ' -f3) (2-3 minutes on 2 cores when Go's build cache is cold)"
  mkdir -p "$CACHE_ROOT"
  tmp="$(mktemp -d "$CACHE_ROOT/pulumi-language-go.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  # The version GetPluginInfo reports is the CLI's, as for the real host built with the CLI.
  (cd "$src" && GOWORK=off go build -o "$tmp/pulumi-language-go" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" .)
  echo "$stamp" > "$tmp/sources.sha256"
  rm -rf "$TOOL_DIR" && mv "$tmp" "$TOOL_DIR"
  trap - EXIT
fi
# Copied beside and renamed into place: another checkout's run may be executing the old copy.
staged="$(mktemp "$CLI_BIN_DIR/.pulumi-language-go.XXXXXX")"
install -m 0755 "$TOOL_DIR/pulumi-language-go" "$staged"
mv -f "$staged" "$CLI_BIN_DIR/pulumi-language-go"
echo "$CLI_BIN_DIR"
