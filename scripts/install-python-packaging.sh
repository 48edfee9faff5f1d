#!/usr/bin/env bash
# Installs the Python packaging tools into a versioned venv in the cache outside the clone and prints
# the venv's bin folder: pypiserver (a local PyPI for tests/registries/, which redirects every package
# it does not hold to pypi.org), build (`python -m build`: sdist and wheel of python/) and twine
# (`twine check`, `twine upload`), the same commands the release workflow runs, and the setuptools
# python/ is built with (`python -m build --no-isolation`: no download per build).
set -euo pipefail

PYPISERVER_VERSION="${PYPISERVER_VERSION:-2.4.2}"
BUILD_VERSION="${PYTHON_BUILD_VERSION:-1.6.1}"
TWINE_VERSION="${TWINE_VERSION:-7.0.0}"
SETUPTOOLS_VERSION="${SETUPTOOLS_VERSION:-84.2.1}"
CACHE_ROOT="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
VENV="$CACHE_ROOT/python-packaging-pypiserver$PYPISERVER_VERSION-build$BUILD_VERSION-twine$TWINE_VERSION-setuptools$SETUPTOOLS_VERSION/venv"
log() { printf '[install-python-packaging] %s\n' "$*" >&2; }

if [ -f "$VENV/.complete" ]; then
  log "pypiserver $PYPISERVER_VERSION, build $BUILD_VERSION, twine $TWINE_VERSION already installed in $VENV (skipping)"
  echo "$VENV/bin"; exit 0
fi

log "installing pypiserver==$PYPISERVER_VERSION build==$BUILD_VERSION twine==$TWINE_VERSION into $VENV"
mkdir -p "$(dirname "$VENV")"
# The venv is made in place of its final path (a venv's scripts hold their absolute path), then marked complete.
rm -rf "$VENV" && python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --progress-bar off "pypiserver==$PYPISERVER_VERSION" "build==$BUILD_VERSION" "twine==$TWINE_VERSION" "setuptools==$SETUPTOOLS_VERSION" >&2
"$VENV/bin/pypi-server" --version >/dev/null && "$VENV/bin/twine" --version >/dev/null && "$VENV/bin/python" -m build --version >/dev/null \
  || { log "a tool did not run after install"; exit 1; }
touch "$VENV/.complete"
log "installed"
echo "$VENV/bin"
