#!/usr/bin/env bash
# Validates deploy/: every manifest and the Helm chart's rendered output (real Helm engine via
# helm-java, pinned in deploy/validator/pom.xml) against the Kubernetes API model generated from the
# official OpenAPI spec (kubernetes-client/java, pinned), unknown fields and wrong value kinds rejected;
# plus the pod-spec policy, chart default render == deploy/ip-masq-agent.yaml, and known-bad variants
# rejected; the chart's monitoring objects, and its alert rules through the real promtool (`check rules`
# and the unit tests in deploy/prometheus/rules-test.yaml). Needs Maven Central and Debian's packages. Prints "N passed, M failed"; exit 0 when all pass.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh
PROMTOOL="$(bash scripts/lib/promtool.sh)" || PROMTOOL=""
export PROMTOOL
. scripts/lib/validator.sh
validator_build always
validator_java ValidateDeploy . || exit 1
# The README's chart command, run as written there (scripts/helm-template.sh stands in for a helm binary).
line="$(grep -m1 '^scripts/helm-template.sh ' README.md | sed 's/ *#.*//')"
read -ra words <<<"$line"
if [ -n "$line" ] && out="$("${words[@]}")" && grep -q -- '- --backend=nftables$' <<<"$out" \
    && ! grep -q 'name: xtables-lock' <<<"$out"; then
  echo "ok   README: $line"
else
  echo "FAIL README's helm-template line (${line:-missing}) did not render the nftables DaemonSet"; exit 1
fi
