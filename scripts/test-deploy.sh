#!/usr/bin/env bash
# Deployment checks for CI, after `./mvnw verify` built masq-jlink/target/image:
#   1. scripts/validate-manifests.sh  - manifests + Helm chart against the Kubernetes API model
#   2. scripts/container-e2e.sh        - container image built and run with podman on real packets
#      (needs root; skips itself otherwise)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/validate-manifests.sh
bash scripts/container-e2e.sh
