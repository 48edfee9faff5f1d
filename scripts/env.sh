# shellcheck shell=bash
# Source this file: puts the project's Pulumi CLI and plugins on PATH and selects a local file
# state backend with a passphrase secrets provider. No Pulumi Cloud login is involved.
#   source scripts/env.sh
_pulumi_skyvern_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PULUMI_VERSION="${PULUMI_VERSION:-v3.259.0}"
export PULUMI_SKYVERN_CACHE="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
export PULUMI_HOME="${PULUMI_HOME:-$PULUMI_SKYVERN_CACHE/pulumi-home}"
export PULUMI_YAML_VERSION="${PULUMI_YAML_VERSION:-v1.25.0}"
# The CLI with its language hosts, then Pulumi YAML's host (a separate build, scripts/build-pulumi-yaml.sh).
for _pulumi_skyvern_bin in "$PULUMI_SKYVERN_CACHE/pulumi-yaml-$PULUMI_YAML_VERSION/bin" "$PULUMI_SKYVERN_CACHE/pulumi-$PULUMI_VERSION/bin"; do
  case ":$PATH:" in
    *":$_pulumi_skyvern_bin:"*) ;;
    *) export PATH="$_pulumi_skyvern_bin:$PATH" ;;
  esac
done
unset _pulumi_skyvern_bin
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$_pulumi_skyvern_root/.pulumi-state}"
# A local-only default so the demo runs unattended; set your own for anything you keep.
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-local-demo-passphrase}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
mkdir -p "$_pulumi_skyvern_root/.pulumi-state"
unset _pulumi_skyvern_root
