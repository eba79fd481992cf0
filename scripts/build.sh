#!/usr/bin/env bash
# Configures and builds Purkinje with CMake and Ninja into build/ (incremental when build/ exists).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${PURKINJE_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build build
