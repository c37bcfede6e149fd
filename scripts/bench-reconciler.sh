#!/usr/bin/env bash
# Benchmarks the long-running agent (the jlinked image) in throw-away network namespaces, never the root
# namespace's firewall: latency from a kubelet-style `..data` swap to the rules being in the kernel, per
# backend (iptables-legacy, iptables-nft, nftables), and a churn run (10 config changes a second) with the agent's RSS. Needs root, iptables
# (legacy and nft), nft/libnftables and JDK 25. Builds the image first (unit tests skipped).
# Usage: scripts/bench-reconciler.sh [swaps, default 100] [churn seconds, default 60]   (smallest: 3 2)
# Writes docs/benchmarks-reconciler.md (or into $BENCH_OUT_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
bench_need_root
swaps=${1:-100}
churn=${2:-60}
results=$(mktemp)
trap 'rm -f "$results"' EXIT
bench_run masq-e2e ReconcilerBench "$results" -Dbench.swaps="$swaps" -Dbench.churn.seconds="$churn"
out=$(bench_result benchmarks-reconciler.md)
{
  echo "# Reconciler benchmark"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) vCPU, kernel $(uname -r), $(iptables-legacy --version), $(iptables-nft --version), $(nft --version)."
  echo "Command: \`scripts/bench-reconciler.sh $swaps $churn\` (benchmark: masq-e2e ReconcilerBench)."
  echo
  echo "The agent is the jlinked image (\`masq-jlink/target/image/bin/ip-masq-agent\`) started with"
  echo "\`ip netns exec <node> … --backend=<id> --resync-interval=1h --log-format=json --v=4\` in a fresh lab"
  echo "namespace per backend; the config directory is updated like kubelet does (new \`..<timestamp>/\`,"
  echo "\`..data_tmp\` renamed over \`..data\`)."
  echo "- **latency**: from the instant right after the rename (taken by the test) to the \`time\` of the agent's"
  echo "  \`rules synced\` log line, which is written after \`iptables-restore\` returned (rules in the kernel);"
  echo "  one clock. It includes the watcher's quiet period after a \`..data\` swap (10 ms), the config load, the"
  echo "  backend's read of the table and the restore. Split at the agent's \`sync started (CONFIG_CHANGED)\` line:"
  echo "  before it, inotify + the quiet period + the wake-up; after it, config load + backend read + write."
  echo "- **churn**: one change every 100 ms for the given time; the watcher coalesces bursts, so fewer syncs than"
  echo "  changes write. The kernel must end on the last config. RSS (VmRSS) after the first sync, halfway, at the end."
  echo
  cat "$results"
} > "$out"
echo "wrote $out"
