# shellcheck shell=bash
# Source this file: puts the project's Pulumi CLI and plugins on PATH and selects a local file
# state backend with a passphrase secrets provider. No Pulumi Cloud login is involved.
#   source scripts/env.sh
_pulumi_skyvern_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PULUMI_VERSION="${PULUMI_VERSION:-v3.259.0}"
export PULUMI_SKYVERN_CACHE="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
export PULUMI_HOME="${PULUMI_HOME:-$PULUMI_SKYVERN_CACHE/pulumi-home}"
case ":$PATH:" in
  *":$PULUMI_SKYVERN_CACHE/pulumi-$PULUMI_VERSION/bin:"*) ;;
  *) export PATH="$PULUMI_SKYVERN_CACHE/pulumi-$PULUMI_VERSION/bin:$PATH" ;;
esac
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$_pulumi_skyvern_root/.pulumi-state}"
# A local-only default so the demo runs unattended; set your own for anything you keep.
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-local-demo-passphrase}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
mkdir -p "$_pulumi_skyvern_root/.pulumi-state"
unset _pulumi_skyvern_root
