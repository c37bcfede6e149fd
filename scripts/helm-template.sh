#!/usr/bin/env bash
# `helm template` without a helm binary (Debian ships none): Helm's own engine from helm-java (Maven Central),
# the same one scripts/validate-manifests.sh checks the chart with. Arguments as helm's:
#   scripts/helm-template.sh [NAME] CHART [-n NS] [-f VALUES]... [--set K=V[,K=V]]... [--set-file K=PATH] [--kube-version V]
#   scripts/helm-template.sh deploy/helm/ip-masq-agent --set backend=nftables | kubectl apply -n kube-system -f -
# The Kubernetes version defaults to 1.35.0 (the chart needs >= 1.25; helm's own default is older). Needs a
# JDK 25 (scripts/java-env.sh) and Maven Central the first time (~1 min to build the tool); then ~1 s.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
args=()
for a in "$@"; do
  # Relative paths are the caller's: make files and the chart absolute before leaving the caller's directory.
  if [ -e "$a" ]; then args+=("$(cd "$(dirname "$a")" && pwd)/$(basename "$a")"); else args+=("$a"); fi
done
cd "$root"
. scripts/java-env.sh
. scripts/lib/validator.sh
validator_build
validator_java HelmTemplate ${args[@]+"${args[@]}"}
