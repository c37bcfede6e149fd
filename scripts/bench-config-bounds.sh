#!/usr/bin/env bash
# Hostile and huge config directories through the jlink image, with the launcher's own JVM options
# (-Xmx64m): exit status, time, output size, heap before GC (max over the run), and the smallest -Xmx at
# which the command still completes without an OutOfMemoryError. The inputs are the ones that crashed the
# agent before the config bounds (docs/errors.md "Bounds"). Writes docs/benchmarks-config.md (or into
# $BENCH_OUT_DIR).
# Usage: scripts/bench-config-bounds.sh [IMAGE_DIR [CASE...]]   (default masq-jlink/target/image, built when
#   missing; default every case; smallest run: scripts/bench-config-bounds.sh "" dup-30k)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
image=$(bench_image "${1:-}")
agent=$image/bin/ip-masq-agent
shift $(( $# > 0 ? 1 : 0 ))
cases=("$@")
wanted() { [ ${#cases[@]} -eq 0 ] || [[ " ${cases[*]} " == *" $1 "* ]]; }
out=$(bench_result benchmarks-config.md)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One directory per case, each generated here (awk: fast for 100 000 lines or files).
gen() { mkdir -p "$tmp/$1"; awk "BEGIN { $2 }" > "$tmp/$1/ip-masq-agent"; }
long='s = ""; for (i = 0; i < 1000; i++) s = s "x";'
gen alias-20k "$long"' printf "a: &a %s\ncidrLimit: 1000000\nnonMasqueradeCIDRs: [*a", s; for (i = 1; i < 20000; i++) printf ",*a"; print "]"'
gen alias-200k "$long"' printf "a: &a %s\ncidrLimit: 1000000\nnonMasqueradeCIDRs: [*a", s; for (i = 1; i < 200000; i++) printf ",*a"; print "]"'
gen dup-30k 'print "cidrLimit: 100000\nnonMasqueradeCIDRs:"; for (i = 0; i < 30000; i++) print "- 10.0.0.0/8"'
gen pairs-20k 'print "cidrLimit: 100000\nnonMasqueradeCIDRs:"; for (i = 0; i < 20000; i++) { c = sprintf("- 10.%d.%d.0/24", int(i / 256), i % 256); print c; print c }'
gen tiny-1m 'printf "nonMasqueradeCIDRs: [a"; for (i = 1; i < 520000; i++) printf ",a"; print "]"'
gen invalid-1m 'printf "cidrLimit: 10000000\nnonMasqueradeCIDRs: [x0"; for (i = 1; i < 140000; i++) printf ",x%x", i; print "]"'
gen invalid-45k 'printf "cidrLimit: 10000000\nnonMasqueradeCIDRs: [x0"; for (i = 1; i < 45000; i++) printf ",x%x", i; print "]"'
gen valid-1m 'print "cidrLimit: 100000\nnonMasqueradeCIDRs:"; n = 40; for (i = 0; n < 1048000; i++) { l = sprintf("- 10.%d.%d.%d/32", int(i / 65536) % 256, int(i / 256) % 256, i % 256); n += length(l) + 1; if (n < 1048000) print l }'
gen resync-long 'printf "resyncInterval: \""; for (i = 0; i < 1048000; i++) printf "1"; print "s\""'
# The largest valid config: two files of 24 995 distinct CIDRs, exactly 50 000 values.
mkdir -p "$tmp/valid-max"
for f in 0 1; do
  awk -v f="$f" 'BEGIN { print "cidrLimit: 100000\nnonMasqueradeCIDRs:"; for (n = 0; n < 24995; n++) printf "- 10.%d.%d.%d/32\n", f, int(n / 256), n % 256 }' >"$tmp/valid-max/ip-masq-$f"
done
mkdir -p "$tmp/four-1m"
for f in a b c d; do cp "$tmp/valid-1m/ip-masq-agent" "$tmp/four-1m/ip-masq-$f"; done
mkdir -p "$tmp/files-100k"
(cd "$tmp/files-100k" && awk 'BEGIN { for (i = 0; i < 100000; i++) { f = "ip-masq-" i; print "nonMasqueradeCIDRs: [10.0.0.0/8]" > f; close(f) } }')

# run CASE COMMAND... : prints "exit seconds stdout-bytes stderr-bytes heap-max-MB oom"
# COMMAND "agent" is the long-running `run` (dry-run backend, 1 s resync, both endpoints on free ports),
# stopped with SIGTERM after 8 s: about 8 loads of the same directory.
run() {
  local case=$1; shift
  local start end rc=0 limit=300
  if [ "$1" = agent ]; then
    set -- run --backend=dryrun --resync-interval=1s --lock-file= --health-bind-address=127.0.0.1:0 \
      --metrics-bind-address=127.0.0.1:0
    limit="-s TERM 8"
  fi
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  JAVA_OPTS="${XMX:-} -Xlog:gc:file=$tmp/gc.log" timeout $limit "$agent" "$@" --config-dir="$tmp/$case" \
    >"$tmp/stdout" 2>"$tmp/stderr" || rc=$?
  end=$(date +%s%N)
  if [ "$limit" != 300 ] && [ "$rc" = 124 ] && grep -q "sync loop stopped" "$tmp/stderr"; then rc=0; fi
  local heap
  heap=$(grep -o '[0-9]*M->' "$tmp/gc.log" | tr -d 'M>-' | sort -n | tail -1)
  echo "$rc $(( (end - start) / 1000000 )) $(wc -c <"$tmp/stdout") $(wc -c <"$tmp/stderr") ${heap:-0} \
$(grep -c OutOfMemoryError "$tmp/stderr" || true)"
}

# The smallest -Xmx (MB) of a ladder at which the command completes without an OutOfMemoryError.
least_heap() {
  local case=$1; shift
  for mb in 8 12 16 24 32 48 64; do
    read -r _ _ _ _ _ oom < <(XMX="-Xmx${mb}m" run "$case" "$@")
    if [ "$oom" = 0 ]; then echo "$mb"; return; fi
  done
  echo ">64"
}

{
  echo "# Config bounds: hostile inputs through the runtime image"
  echo
  echo "Written by \`scripts/bench-config-bounds.sh\` on $(date -u +%Y-%m-%d) ($(nproc) CPUs, shared machine);"
  echo "one run per cell. Each command runs the jlink image with its launcher's options (\`-Xmx64m\`, SerialGC)."
  echo "*heap* is the largest heap occupancy before a GC in that run; *least -Xmx* the smallest heap of"
  echo "8/12/16/24/32/48/64 MB at which the command still ends without an OutOfMemoryError. Exit 1 is the"
  echo "expected verdict for an invalid config; the bounds are in [errors.md](errors.md#bounds)."
  echo
  echo "| case | input | command | exit | time ms | stdout B | stderr B | heap MB | least -Xmx MB |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$tmp/table"
describe() {
  case $1 in
    alias-20k) echo "20 000 aliases to one 1 000-char string (61 KB)" ;;
    alias-200k) echo "200 000 such aliases (601 KB)" ;;
    dup-30k) echo "valid: one CIDR listed 30 000 times" ;;
    pairs-20k) echo "valid: 20 000 CIDRs, each twice" ;;
    tiny-1m) echo "520 000 one-letter items (1 MiB)" ;;
    invalid-1m) echo "140 000 distinct invalid items (1 MiB)" ;;
    invalid-45k) echo "45 000 distinct invalid items (under the value bound)" ;;
    valid-1m) echo "$(grep -c '^- ' "$tmp/valid-1m/ip-masq-agent") distinct CIDRs (1 MiB, over the value bound)" ;;
    valid-max) echo "valid: 2 files of 24 995 distinct CIDRs (50 000 values, the bound)" ;;
    four-1m) echo "four such 1 MiB files (over 100 000 values)" ;;
    files-100k) echo "100 000 files listing one CIDR" ;;
    resync-long) echo "resyncInterval of 1 048 000 digits" ;;
  esac
}
for c in alias-20k alias-200k dup-30k pairs-20k tiny-1m invalid-1m invalid-45k valid-1m valid-max four-1m files-100k resync-long; do
  wanted "$c" || continue
  for cmd in "check" "check --output=json" "run --once --backend=dryrun"; do
    # shellcheck disable=SC2086
    read -r rc ms so se heap oom < <(run "$c" $cmd)
    # shellcheck disable=SC2086
    least=$(least_heap "$c" $cmd)
    [ "$oom" = 0 ] || rc="$rc (OOM)"
    echo "| $c | $(describe "$c") | \`$cmd\` | $rc | $ms | $so | $se | $heap | $least |" >>"$tmp/table"
  done
done
# The running agent (8 s, ~8 loads) on the heaviest directories: exit 0 is a clean stop on SIGTERM.
for c in valid-max four-1m alias-200k tiny-1m; do
  wanted "$c" || continue
  read -r rc ms so se heap oom < <(run "$c" agent)
  least=$(least_heap "$c" agent)
  [ "$oom" = 0 ] || rc="$rc (OOM)"
  echo "| $c | $(describe "$c") | \`run\` for 8 s (1 s resync, endpoints on) | $rc | $ms | $so | $se | $heap | $least |" >>"$tmp/table"
done
mv "$tmp/table" "$out"
echo "wrote $out" >&2
