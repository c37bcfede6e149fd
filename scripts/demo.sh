#!/usr/bin/env bash
# Builds the jlink runtime image (tests skipped) and runs the agent once in dry-run on examples/config:
# two files merged (the original's example + an Azure-v2-style reconciled file), checked, rendered,
# explained, then one sync. Touches no firewall; needs no root.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh
echo "== building the runtime image (masq-jlink/target/image) ..."
./mvnw -B -q -DskipTests package -pl masq-jlink -am
agent=masq-jlink/target/image/bin/ip-masq-agent
config=examples/config
run() { echo; echo "\$ ip-masq-agent $*"; "$agent" "$@"; }
run version
run check --config-dir "$config"
run render --backend=dryrun --config-dir "$config"
run explain --config-dir "$config" 10.1.2.3 10.9.1.1 169.254.169.254 8.8.8.8
run run --once --backend=dryrun --config-dir "$config"
echo
echo "== done: one sync completed; nothing was applied to the kernel (dry-run backend)"
