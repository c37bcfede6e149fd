#!/usr/bin/env bash
# Benchmarks the nftables backend (apply cost per path, dataplane new-flow rate vs iptables-legacy) in
# private network namespaces, and writes docs/benchmarks-nftables.md (or into $BENCH_OUT_DIR). Needs root;
# installs nft, libnftables1, iptables (legacy) and conntrack when missing. Takes about a minute (no smaller run).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
bench_need_root
bash scripts/install-test-deps.sh
bench_apt conntrack conntrack
out=$(mktemp)
trap 'rm -f "$out"' EXIT
bench_run masq-backend-nftables NftablesBench "$out"
page=$(bench_result benchmarks-nftables.md)
{
  echo "# nftables backend benchmarks"
  echo
  echo "Measured by \`scripts/bench-nftables.sh\` on $(date -u +%Y-%m-%d), $(nproc) vCPU, kernel $(uname -r),"
  echo "$(nft --version), JDK 25, everything inside private network namespaces. One run: compare ratios."
  echo
  echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs share this machine: absolute"
  echo "times move between runs; the variants of a table were measured interleaved, in a shuffled order each round)."
  echo
  cat "$out"
  cat <<'NOTES'
How to read:

- *Apply* is one replace transaction (`add table; delete table; add table …`), the text `render()`
  returns, for N generated /24 CIDRs. In-process keeps one libnftables context open; the spawned path
  is the backend's CLI executor (`nft -f -`, script on stdin, through the CommandRunner); raw is `nft -f
  FILE` spawned the same way (`ip netns exec NODE nft -f FILE`). The spawned figures include the kernel
  grace period paid when a netlink socket closes after a transaction that deleted something; the
  in-process path keeps its socket open and never pays it.
- *In-process, back-to-back* repeats only the in-process replace (the agent is the only writer of its
  table); the other columns interleave all four variants, so the in-process replace there often follows a
  spawned `nft` that has just deleted a table and shares the kernel's deferred clean-up of it.
- *No-op sync* is a full `sync()` that finds the table in place: read back (`list table`), parse,
  compare, write nothing.
- *Dataplane*: a pod sends single UDP datagrams to 198.18.0.1 (routed via ext, blackholed there), each
  to a new destination port, so each is a new conntrack entry that walks the nat POSTROUTING rules and
  is masqueraded (its destination matches no CIDR: the worst case for a linear chain). The rate is
  datagrams/s of the sending thread; the node's forwarding and NAT run in its softirq context. The
  iptables-legacy rules are the Go original's chain for the same CIDRs, loaded with
  `iptables-legacy-restore` in the same node namespace (the nftables table deleted meanwhile).
NOTES
} > "$page"
cat "$page"
