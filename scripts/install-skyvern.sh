#!/usr/bin/env bash
# Installs the Skyvern server from PyPI into a versioned venv in the cache outside the clone.
# The `server` extra is needed: `local` lacks uvicorn. SQLite and the built-in vault need nothing more.
set -euo pipefail

SKYVERN_VERSION="${SKYVERN_VERSION:-1.0.56}"
CACHE_ROOT="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
VENV="$CACHE_ROOT/skyvern-$SKYVERN_VERSION/venv"
log() { printf '[install-skyvern] %s\n' "$*" >&2; }

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('skyvern') != '$SKYVERN_VERSION')" 2>/dev/null \
   && [ -f "$VENV/.complete" ]; then
  log "skyvern $SKYVERN_VERSION already installed in $VENV (skipping)"
  echo "$VENV"; exit 0
fi

python="$(command -v python3.11 || command -v python3)"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { log "Python >= 3.11 is required (found $("$python" --version))"; exit 1; }
log "installing skyvern[server]==$SKYVERN_VERSION into $VENV (a few minutes: FastAPI, SQLAlchemy, litellm...)"
rm -rf "$VENV" && "$python" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --upgrade pip >&2
# --progress-bar off keeps CI logs readable; pip still prints one line per collected package.
"$VENV/bin/pip" install --progress-bar off "skyvern[server]==$SKYVERN_VERSION" 2>&1 \
  | grep -E '^(Collecting|Successfully|ERROR)' | awk '/^Collecting/ { n++; if (n % 25 == 0) printf "[install-skyvern] %d packages collected\n", n; next } { print }' >&2
"$VENV/bin/python" -c "import skyvern" || { log "skyvern did not import after install"; exit 1; }
touch "$VENV/.complete"
log "installed skyvern $SKYVERN_VERSION"
echo "$VENV"
