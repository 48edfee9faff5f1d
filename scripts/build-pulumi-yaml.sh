#!/usr/bin/env bash
# Builds Pulumi YAML's language host (pulumi-language-yaml) from the Go module proxy into a
# versioned cache, so Pulumi.yaml programs (`runtime: yaml`) run with our CLI. It is a separate Go
# build from the CLI: pulumi-yaml v1.25.0 needs github.com/pulumi/pulumi/{pkg,sdk}/v3 v3.206.0 and
# does not compile against the CLI's v3.259.0. The binary is cached on its own and copied next to
# the CLI, where the engine looks for language hosts first (from $PATH it warns on every command).
set -euo pipefail

YAML_VERSION="${PULUMI_YAML_VERSION:-v1.25.0}"
PULUMI_FOR_YAML="v3.206.0"
CACHE_ROOT="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
BIN_DIR="$CACHE_ROOT/pulumi-yaml-$YAML_VERSION/bin"
CLI_BIN_DIR="$CACHE_ROOT/pulumi-${PULUMI_VERSION:-v3.259.0}/bin"
log() { printf '[build-pulumi-yaml] %s\n' "$*" >&2; }

if [ -x "$BIN_DIR/pulumi-language-yaml" ]; then
  log "pulumi-language-yaml $YAML_VERSION already built in $BIN_DIR (skipping)"
else
  command -v go >/dev/null || { log "go is not on PATH; install Go >= 1.24"; exit 1; }
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cd "$work"
  go mod init pulumi-skyvern/yaml-build >/dev/null 2>&1
  log "resolving modules (pulumi-yaml $YAML_VERSION with pulumi $PULUMI_FOR_YAML)"
  go get "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$YAML_VERSION" \
    "github.com/pulumi/pulumi/pkg/v3@$PULUMI_FOR_YAML" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_FOR_YAML" >&2
  log "compiling (4 minutes on 2 cores with an empty Go build cache, measured)"
  mkdir -p "$BIN_DIR.tmp"
  go build -o "$BIN_DIR.tmp/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
  rm -rf "$BIN_DIR" && mv "$BIN_DIR.tmp" "$BIN_DIR"
  log "built $BIN_DIR/pulumi-language-yaml"
fi
[ -d "$CLI_BIN_DIR" ] || { log "no Pulumi CLI in $CLI_BIN_DIR: run scripts/build-pulumi.sh first"; exit 1; }
install -m 0755 "$BIN_DIR/pulumi-language-yaml" "$CLI_BIN_DIR/pulumi-language-yaml"
echo "$CLI_BIN_DIR"
