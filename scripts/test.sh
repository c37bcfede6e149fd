#!/usr/bin/env bash
# Runs the whole test suite: the benchmark charts drawn from a committed sample (so the generator cannot
# rot; no benchmark runs), the stand-alone poms' versions against the root pom's, unit, golden-file,
# architecture and kernel (network namespace) tests (the enforcer first checks the JDK, Maven and
# dependency convergence), the fuzz corpus replayed and under a minute of fuzzing (docs/fuzzing.md), then
# the deployment tests (manifests and chart against the Kubernetes schemas; the container image run with
# podman in test namespaces), which reuse the image `verify` built.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh
bash scripts/install-test-deps.sh
bash scripts/charts.sh --check
python3 scripts/lib/check_versions.py --self-test
python3 scripts/lib/check_versions.py
./mvnw -B verify "$@"
# The fuzz targets' committed corpus was replayed by `verify` (masq-fuzz); now each target fuzzes briefly.
bash scripts/fuzz.sh --short 54
bash scripts/test-deploy.sh
