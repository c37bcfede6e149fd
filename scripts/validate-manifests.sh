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
./mvnw -B -q -f deploy/validator/pom.xml package dependency:copy-dependencies \
  -DoutputDirectory=target/lib -DincludeScope=runtime
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "deploy/validator/target/deploy-validator-0.1.0-SNAPSHOT.jar:deploy/validator/target/lib/*" \
  deploycheck.ValidateDeploy .
