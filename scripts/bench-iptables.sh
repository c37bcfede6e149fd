#!/usr/bin/env bash
# Benchmarks the iptables backend against the raw tools, in a throw-away network namespace (never the
# root namespace's firewall). Needs root, iptables (legacy and nft) and JDK 25.
# Usage: scripts/bench-iptables.sh [CIDR counts, default 10,64,1000,10000] [unrelated nat rules, default 50000]
# Smallest run: scripts/bench-iptables.sh 10 100
# Writes docs/benchmarks-iptables.md (or into $BENCH_OUT_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
bench_need_root
sizes=${1:-10,64,1000,10000}
foreign=${2:-50000}
results=$(mktemp)
trap 'rm -f "$results"' EXIT
bench_run masq-backend-iptables IptablesBench "$results" -Dbench.sizes="$sizes" -Dbench.foreign="$foreign"
table=$(cat "$results")
out=$(bench_result benchmarks-iptables.md)
{
  echo "# iptables backend benchmark"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) vCPU, kernel $(uname -r), $(iptables-legacy --version), $(iptables-nft --version)."
  echo "Command: \`scripts/bench-iptables.sh $sizes $foreign\` (benchmark: masq-backend-iptables IptablesBench)."
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
