#!/usr/bin/env bash
# Installs zizmor (the GitHub Actions security linter; a PyPI wheel with the binary inside) into a
# versioned venv in the cache outside the clone, and prints the binary's path. The tests run it on
# examples/gitops/workflow.yml.
set -euo pipefail

ZIZMOR_VERSION="${ZIZMOR_VERSION:-1.32.0}"
CACHE_ROOT="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
VENV="$CACHE_ROOT/zizmor-$ZIZMOR_VERSION/venv"
log() { printf '[install-zizmor] %s\n' "$*" >&2; }

if [ -f "$VENV/.complete" ] && [ "$("$VENV/bin/zizmor" --version 2>/dev/null)" = "zizmor $ZIZMOR_VERSION" ]; then
  log "zizmor $ZIZMOR_VERSION already installed in $VENV (skipping)"
  echo "$VENV/bin/zizmor"; exit 0
fi

log "installing zizmor==$ZIZMOR_VERSION into $VENV"
rm -rf "$VENV" && python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --progress-bar off "zizmor==$ZIZMOR_VERSION" >&2
[ "$("$VENV/bin/zizmor" --version)" = "zizmor $ZIZMOR_VERSION" ] || { log "zizmor --version does not say $ZIZMOR_VERSION after install"; exit 1; }
touch "$VENV/.complete"
log "installed zizmor $ZIZMOR_VERSION"
echo "$VENV/bin/zizmor"
