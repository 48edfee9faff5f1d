#!/usr/bin/env bash
# Installs Pulumi's Python SDK (the `pulumi` wheel, at the CLI's version) from PyPI into a versioned
# venv in the cache outside the clone. The Python language host stand-in (scripts/pulumi-hosts/)
# runs on this venv, since its gRPC code and protocol stubs come from the wheel, and programs
# whose Pulumi.yaml names no virtualenv run on it too.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-v3.259.0}"
SDK_VERSION="${PULUMI_VERSION#v}"
CACHE_ROOT="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
VENV="$CACHE_ROOT/python-pulumi-$SDK_VERSION/venv"
log() { printf '[install-python-pulumi] %s\n' "$*" >&2; }

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('pulumi') != '$SDK_VERSION')" 2>/dev/null \
   && [ -f "$VENV/.complete" ]; then
  log "pulumi $SDK_VERSION (Python SDK) already installed in $VENV (skipping)"
  echo "$VENV"; exit 0
fi

python="$(command -v python3.11 || command -v python3)"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))' || { log "Python >= 3.9 is required (found $("$python" --version))"; exit 1; }
log "installing pulumi==$SDK_VERSION (Python SDK, with grpcio and protobuf) into $VENV"
rm -rf "$VENV" && "$python" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --upgrade pip >&2
"$VENV/bin/pip" install --progress-bar off "pulumi==$SDK_VERSION" 2>&1 | grep -E '^(Collecting|Successfully|ERROR)' >&2
"$VENV/bin/python" -c "import pulumi, grpc" || { log "pulumi did not import after install"; exit 1; }
touch "$VENV/.complete"
log "installed pulumi $SDK_VERSION (Python SDK)"
echo "$VENV"
