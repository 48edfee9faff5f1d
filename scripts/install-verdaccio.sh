#!/usr/bin/env bash
# Installs Verdaccio (a local npm registry) into a versioned folder in the cache outside the clone and
# prints the path of its command. The registry tests (tests/registries/) publish the package to it with
# `npm publish` and install it by name, as users do; Verdaccio proxies the real npm registry for
# everything else. Verdaccio 6.8.0 runs on Node 20 once node-fetch is held at 2.7.0 (newer node-fetch
# needs Node >= 22 APIs at import time): an `overrides` entry says so.
set -euo pipefail

VERDACCIO_VERSION="${VERDACCIO_VERSION:-6.8.0}"
CACHE_ROOT="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
DIR="$CACHE_ROOT/verdaccio-$VERDACCIO_VERSION"
BIN="$DIR/node_modules/.bin/verdaccio"
log() { printf '[install-verdaccio] %s\n' "$*" >&2; }

if [ -f "$DIR/.complete" ] && [ -x "$BIN" ]; then
  log "verdaccio $VERDACCIO_VERSION already installed in $DIR (skipping)"
  echo "$BIN"; exit 0
fi

log "installing verdaccio@$VERDACCIO_VERSION into $DIR"
mkdir -p "$CACHE_ROOT"
tmp="$(mktemp -d "$CACHE_ROOT/verdaccio.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/package.json" <<JSON
{ "private": true, "dependencies": { "verdaccio": "$VERDACCIO_VERSION" }, "overrides": { "node-fetch": "2.7.0" } }
JSON
(cd "$tmp" && npm install --no-audit --no-fund --loglevel=error >&2)
"$tmp/node_modules/.bin/verdaccio" --version >/dev/null || { log "verdaccio --version failed after install"; exit 1; }
touch "$tmp/.complete"
rm -rf "$DIR" && mv "$tmp" "$DIR"
trap - EXIT
log "installed verdaccio $VERDACCIO_VERSION"
echo "$BIN"
