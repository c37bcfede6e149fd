#!/usr/bin/env bash
# Measures the runtime image per backend: size, launch -> first completed sync, steady RSS; with and
# without the AOT cache, for every backend the image has (dryrun, iptables-legacy, iptables-nft,
# nftables). Writes target/bench-image-backends.txt (and prints it); docs/benchmarks-image.md quotes it.
#   scripts/bench-image-backends.sh [--image-dir DIR] [--runs N]
# Launch -> first completed sync = wall time of `ip-masq-agent run --once` (JVM start, flags, config
# load, backend probe, one sync, exit), median of N runs, examples/config as the config.
# Steady RSS = VmRSS of `run --resync-interval=1s` after 10 resyncs. Real backends run as root inside a
# network namespace of our own (created and deleted here), never in the root namespace. Smallest run: --runs 1.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
bench_need_root
image=""
runs=11
while [ $# -gt 0 ]; do
  case "$1" in
    --image-dir) image="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: $0 [--image-dir DIR] [--runs N]" >&2; exit 2 ;;
  esac
done
image="$(bench_image "$image")"
tmp="$(mktemp -d)"
config="$tmp/config"
bench_example_config "$config"
out="$PWD/target/bench-image-backends.txt"
mkdir -p target
ns="shipbench$$"
ip netns add "$ns"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; ip netns del "$ns" 2>/dev/null; rm -rf "$tmp"' EXIT
ip -n "$ns" link set lo up

launcher="$image/bin/ip-masq-agent"
# The launcher's JVM options without -XX:AOTCache, to measure the cache's effect in the same run.
opts="$(sed -n 's/^exec "\$here\/java" \(.*\) \$aot.*/\1/p' "$launcher")"
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
launch_median() { for _ in $(seq "$runs"); do ms "$@"; done | median; }
backends="dryrun $("$launcher" help 2>&1 | awk '/^  (iptables-legacy|iptables-nft|nftables) - /{print $1}' | tr '\n' ' ')"

{
  echo "# bench-image $(date -u +%FT%TZ) on $(nproc) CPUs, load average $(cut -d" " -f1-3 /proc/loadavg); runs=$runs; $("$image/bin/java" -version 2>&1 | head -1)"
  echo "image dir: $(du -sm "$image" | cut -f1) MB (AOT cache $(du -sm "$image/lib/ip-masq-agent.aot" 2>/dev/null | cut -f1 || echo 0) MB)"
  echo
  echo "launch -> first completed sync (run --once), median ms:"
  printf '%-16s %8s %8s %7s\n' backend aot no-aot ratio
  for b in $backends; do
    a=$(launch_median ip netns exec "$ns" "$launcher" run --once --backend="$b" --config-dir="$config")
    # shellcheck disable=SC2086
    n=$(launch_median ip netns exec "$ns" "$image/bin/java" $opts -m masq.app/masq.app.Main run --once --backend="$b" --config-dir="$config")
    printf '%-16s %8s %8s %7s\n' "$b" "$a" "$n" "$(awk -v a="$a" -v n="$n" 'BEGIN{printf "%.2f", n/a}')"
  done
  echo
  echo "steady RSS after 10 resyncs at 1 s (run --resync-interval=1s), MB:"
  for b in $backends; do
    ip netns exec "$ns" "$launcher" run --backend="$b" --config-dir="$config" --resync-interval=1s >/dev/null 2>&1 &
    pid=$!
    sleep 11
    rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
    hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    awk -v b="$b" -v r="$rss" -v h="$hwm" 'BEGIN{printf "%-16s rss %5.1f  peak %5.1f\n", b, r/1024, h/1024}'
  done
} | tee "$out"
