#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs the demo examination on a simulated
# patient (no camera needed). Arguments are passed to `purkinje-cli demo` (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
exec build/bin/purkinje-cli demo "$@"
