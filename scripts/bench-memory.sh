#!/usr/bin/env bash
# Steady RSS (endpoints on and scraped) and launch -> first completed sync (seen from outside), per backend,
# for the runtime image against a baseline image, interleaved in one run (scripts/lib/bench_memory.py).
#   scripts/bench-memory.sh [--image DIR] [--baseline-image DIR] [--launch-runs N] [--steady-runs N]
#                           [--settle SECONDS] [--nmt] [--variant NAME=DIR[;OPTS]]... [BACKEND...]
# --image: the image under test ("new"; default masq-jlink/target/image, built when missing).
# --baseline-image: a second image ("old"), e.g. one built from an earlier commit (`git worktree add`, then
#   `./mvnw -pl masq-jlink -am package -DskipTests`); without it only "new" is measured.
# --variant: more variants, e.g. "noaot=DIR;-XX:AOTMode=off" or "arena8=DIR;env:MALLOC_ARENA_MAX=8".
# --nmt: also the JVM's Native Memory Tracking summary per steady run (through JAVA_HOME's jcmd; NMT itself
#   costs about 1 MB, so the RSS of such a run is not the plain number).
# Backends: default dryrun iptables-legacy iptables-nft nftables. Writes docs/benchmarks-memory.md (or into
# $BENCH_OUT_DIR) and the raw rows to target/bench-memory.csv. Needs root: every run has a network namespace
# of its own. Smallest run: --launch-runs 1 --steady-runs 1 --settle 3 dryrun.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
bench_need_root
bench_java
image="" baseline="" launch=21 steady=3 settle=20 nmt=() extra=() backends=()
while [ $# -gt 0 ]; do
  case "$1" in
    --image) image="$2"; shift 2 ;;
    --baseline-image) baseline="$2"; shift 2 ;;
    --launch-runs) launch="$2"; shift 2 ;;
    --steady-runs) steady="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    --nmt) nmt=(--nmt); shift ;;
    --variant) extra+=(--variant "$2"); shift 2 ;;
    -*) echo "usage: see the head of $0" >&2; exit 2 ;;
    *) backends+=(--backend "$1"); shift ;;
  esac
done
[ ${#backends[@]} -gt 0 ] || backends=(--backend dryrun --backend iptables-legacy --backend iptables-nft --backend nftables)
bash scripts/install-test-deps.sh >/dev/null
image="$(bench_image "$image")"
variants=(--variant "new=$image")
[ -z "$baseline" ] || variants+=(--variant "old=$(cd "$baseline" && pwd)")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bench_example_config "$tmp/config"
mkdir -p target
started=$(date -u +%FT%TZ)
python3 scripts/lib/bench_memory.py "${variants[@]}" "${extra[@]}" "${backends[@]}" --config "$tmp/config" \
  --launch-runs "$launch" --steady-runs "$steady" --settle "$settle" "${nmt[@]}" --csv target/bench-memory.csv \
  > "$tmp/summary.txt"
page=$(bench_result benchmarks-memory.md)
{
  echo "# Memory and start-up of the runtime image"
  echo
  echo "Written by \`scripts/bench-memory.sh\`; how to read it: docs/memory.md. Run $started to $(date -u +%FT%TZ) on"
  echo "$(nproc) vCPU, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $("$image/bin/java" -version 2>&1 | head -1)."
  echo
  echo "Command: \`scripts/bench-memory.sh --launch-runs $launch --steady-runs $steady --settle $settle${baseline:+ --baseline-image OLD}${nmt[*]:+ --nmt} $(printf '%s ' "${backends[@]}" | sed 's/--backend //g')\`"
  echo
  echo "Variants: new = \`$(sed -n 's/^exec "\$here\/java" \(.*\) \$aot.*/\1/p' "$image/bin/ip-masq-agent")\`"
  [ -z "$baseline" ] || echo "old = \`$(sed -n 's/^exec "\$here\/java" \(.*\) \$aot.*/\1/p' "$baseline/bin/ip-masq-agent")\`"
  echo
  echo "Launch, ms: *ready* = launcher spawned -> first 200 from /readyz (polled every 5 ms: the resolution); *rules* ="
  echo "launcher spawned -> the masquerade rule seen by \`nft monitor\` (nf_tables backends only; no polling). Steady:"
  echo "after the first sync, /healthz /readyz /metrics fetched every second for ${settle} s at a 1 s resync, then /proc/PID/status."
  echo
  cat "$tmp/summary.txt"
} > "$page"
cat "$page"
echo "written to $page (raw rows: target/bench-memory.csv)"
