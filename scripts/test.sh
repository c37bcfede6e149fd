#!/usr/bin/env bash
# Runs the whole test suite: unit, golden-file, architecture and kernel (network namespace) tests.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh
bash scripts/install-test-deps.sh
exec ./mvnw -B verify "$@"
