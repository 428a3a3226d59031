#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build and test statsbench: jemalloc (CJemalloc links it
# for per-thread allocation counters) and pkg-config (which finds it). Does nothing when both are present.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
    echo "error: swift is not on PATH; install a Swift 6.1+ toolchain first (https://swift.org/install)" >&2
    exit 1
fi

if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists jemalloc; then
    exit 0
fi

packages=(libjemalloc-dev pkg-config)
if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: jemalloc not found by pkg-config, and there is no apt-get to install it." >&2
    echo "       Install jemalloc's development files (e.g. 'brew install jemalloc', 'dnf install jemalloc-devel')." >&2
    exit 1
fi

run_as_root=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        run_as_root=(sudo)
    else
        echo "error: need root (or sudo) to run: apt-get install -y ${packages[*]}" >&2
        exit 1
    fi
fi

echo "installing ${packages[*]} (jemalloc was not found by pkg-config)..." >&2
"${run_as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${run_as_root[@]}" apt-get install -y -qq "${packages[@]}" >&2
pkg-config --exists jemalloc || { echo "error: jemalloc still not found by pkg-config after installing" >&2; exit 1; }
