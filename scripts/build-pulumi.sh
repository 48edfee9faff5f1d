#!/usr/bin/env bash
# Builds the Pulumi CLI from the Go module proxy into a versioned cache outside the clone.
# The CLI cannot be downloaded as a binary here, and `go install module@version` refuses
# pulumi's modules because their go.mod files carry `replace` lines, so we build through a
# throw-away wrapper module that repeats the non-local replace lines.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-v3.259.0}"
CACHE_ROOT="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
BIN_DIR="$CACHE_ROOT/pulumi-$PULUMI_VERSION/bin"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { printf '[build-pulumi] %s\n' "$*" >&2; }

if [ -x "$BIN_DIR/pulumi" ] && "$BIN_DIR/pulumi" version 2>/dev/null | grep -qx "$PULUMI_VERSION"; then
  log "pulumi $PULUMI_VERSION already built in $BIN_DIR (skipping)"
else
  command -v go >/dev/null || { log "go is not on PATH; install Go >= 1.25"; exit 1; }
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  log "building pulumi $PULUMI_VERSION with $(go version | cut -d' ' -f3) (several minutes on 2 cores)"
  cd "$work"
  go mod init pulumi-skyvern/cli-build >/dev/null 2>&1
  # Non-local replace lines of github.com/pulumi/pulumi/pkg/v3's go.mod at this version.
  go mod edit -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
  log "resolving modules"
  go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION"
  mkdir -p "$BIN_DIR.tmp"
  log "compiling (go build -v prints each package)"
  go build -v -o "$BIN_DIR.tmp/pulumi" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi 2>&1 | awk '{ n++ } n % 100 == 0 { printf "[build-pulumi] %d packages compiled\n", n > "/dev/stderr" }'
  [ -x "$BIN_DIR.tmp/pulumi" ] || { log "go build produced no binary"; exit 1; }
  rm -rf "$BIN_DIR" && mkdir -p "$(dirname "$BIN_DIR")" && mv "$BIN_DIR.tmp" "$BIN_DIR"
  log "built $("$BIN_DIR/pulumi" version)"
fi

# Stand-ins for the plugins the engine runs (see scripts/pulumi-hosts/): the Node.js and Python
# language hosts, whose Go modules the module proxy refuses here (HTTP 403 for every version of
# github.com/pulumi/pulumi/sdk/{nodejs,python}/cmd/pulumi-language-*/v3), and the dynamic-provider
# host, which the engine would otherwise try to download. Refreshed on every run, so a checkout's own
# stand-ins are the ones next to the CLI. Modules (.js, .py) are read, not run: 0644; the rest 0755.
for host in "$here"/pulumi-hosts/*; do
  [ -f "$host" ] || continue # e.g. a __pycache__ left by running a host from the checkout
  case "$host" in *.js|*.py) mode=0644 ;; *) mode=0755 ;; esac
  # Written beside and renamed into place: another checkout's run may be executing the old copy
  # right now (seen: a concurrent `npm test` replacing the dynamic-provider host mid-preview).
  staged="$(mktemp "$BIN_DIR/.$(basename "$host").XXXXXX")"
  install -m "$mode" "$host" "$staged"
  mv -f "$staged" "$BIN_DIR/$(basename "$host")"
done
echo "$BIN_DIR"
