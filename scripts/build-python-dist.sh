#!/usr/bin/env bash
# Builds the Python distribution of the generated SDK (python/): the sdist and the wheel of
# `pulumi-skyvern` (import name pulumi_skyvern), with `python -m build`, then `twine check --strict`.
#   bash scripts/build-python-dist.sh [OUT_DIR]      (default: dist/python)
# The version is python/pyproject.toml's, which the generator writes from schema.json's, which is
# package.json's (tests/version-agreement.test.ts fails when any of them differ). Built from a copy, so
# setuptools' build/ and *.egg-info never land in python/; without build isolation, on the setuptools
# scripts/install-python-packaging.sh pins, so a build needs no download.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-$root/dist/python}" && cd "${1:-$root/dist/python}" && pwd)"
tools="$(bash "$root/scripts/install-python-packaging.sh")"
log() { printf '[build-python-dist] %s\n' "$*" >&2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$root/python" "$work/python"
rm -f "$out"/*.whl "$out"/*.tar.gz
"$tools/python" -m build --no-isolation --sdist --wheel --outdir "$out" "$work/python" >&2
"$tools/twine" check --strict "$out"/* >&2
log "built $(cd "$out" && ls | tr '\n' ' ')in $out"
