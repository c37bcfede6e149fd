#!/usr/bin/env bash
# Benchmarks the iptables backend against the raw tools, in a throw-away network namespace (never the
# root namespace's firewall). Needs root, iptables (legacy and nft) and JDK 25.
# Usage: scripts/bench-iptables.sh [CIDR counts, default 10,64,1000,10000] [unrelated nat rules, default 50000]
# Writes docs/benchmarks-iptables.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
sizes=${1:-10,64,1000,10000}
foreign=${2:-50000}
./mvnw -B -q -o -pl masq-backend-iptables -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
cp="masq-api/target/classes:masq-backend-testkit/target/classes:masq-backend-iptables/target/classes"
cp="$cp:masq-backend-iptables/target/test-classes:$(cat masq-backend-iptables/target/bench.cp)"
cmd=("$JAVA_HOME/bin/java" -cp "$cp" masq.backend.iptables.IptablesBench "$sizes" "$foreign")
table=$("${cmd[@]}")
out=docs/benchmarks-iptables.md
mkdir -p docs
{
  echo "# iptables backend benchmark"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) vCPU, kernel $(uname -r), $(iptables-legacy --version), $(iptables-nft --version)."
  echo "Command: \`scripts/bench-iptables.sh $sizes $foreign\` (main: masq.backend.iptables.IptablesBench)."
  echo
  echo "Medians of the runs given, all measured in one run of the script, in a private network namespace."
  echo "- **sync (rewrite)**: \`FirewallBackend.sync\` when the chain must change (the policy alternates between two"
  echo "  variants): read (legacy: one \`iptables-save -t nat\`; nft after the first sync: \`iptables -S POSTROUTING\`"
  echo "  and \`iptables -S <chain>\`), the diff, one \`iptables-restore -w 5 --noflush\`."
  echo "- **raw restore**: the same restore payload piped into \`iptables-restore -w 5 --noflush\` directly."
  echo "- **ratio** = sync / raw restore (the price of reading the table first)."
  echo "- **no-op sync**: \`sync\` when the kernel already matches: the same read, no write."
  echo "- **raw save**: \`iptables-save -t nat\` alone."
  echo "Every command is spawned from the JVM through \`ip netns exec\` (≈2-3 ms per spawn on this machine), ours and the raw ones alike."
  echo
  echo "$table"
  echo
} > "$out"
echo "wrote $out"
