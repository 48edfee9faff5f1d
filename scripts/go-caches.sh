# shellcheck shell=bash
# Source this file: points Go's module and build caches into the project's cache
# (<cache>/go-mod, <cache>/go-build), so the Go SDK's dependencies (github.com/pulumi/pulumi/sdk/v3)
# are downloaded and compiled once and a CI run that keeps ~/.cache/pulumi-skyvern starts warm.
# tests/support/go-project.ts sets the same two paths for the Go programs the tests build.
_go_cache_root="${PULUMI_SKYVERN_CACHE:-$HOME/.cache/pulumi-skyvern}"
export GOMODCACHE="$_go_cache_root/go-mod"
export GOCACHE="$_go_cache_root/go-build"
unset _go_cache_root
