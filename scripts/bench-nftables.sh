#!/usr/bin/env bash
# Benchmarks the nftables backend (apply cost per path, dataplane new-flow rate vs iptables-legacy) in
# private network namespaces, and writes docs/benchmarks-nftables.md. Needs root, nft, libnftables1,
# iptables (legacy), conntrack. Takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
out=$(mktemp)
./mvnw -B -q -o -pl masq-backend-nftables -am verify -Dtest=NftablesBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.out="$out" >/dev/null
{
  echo "# nftables backend benchmarks"
  echo
  echo "Measured by \`scripts/bench-nftables.sh\` on $(date -u +%Y-%m-%d), $(nproc) vCPU, kernel $(uname -r),"
  echo "$(nft --version), JDK 25, everything inside private network namespaces. One run: compare ratios."
  echo
  cat "$out"
} > docs/benchmarks-nftables.md
rm -f "$out"
cat docs/benchmarks-nftables.md
