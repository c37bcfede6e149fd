#!/usr/bin/env bash
# Measures the jlink runtime image: size, launch -> first completed sync (dry-run, --once), RSS.
# Writes the results into docs/benchmarks.md (or a copy in $BENCH_OUT_DIR) between the "runtime-image" markers.
# Usage: scripts/bench-image.sh [RUNS]   (RUNS >= 10, default 15; smallest: 1; builds the image when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
runs=${1:-15}
image=masq-jlink/target/image
bench_image "$image" >/dev/null
agent=$image/bin/ip-masq-agent
config=examples/config
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

size=$(du -sh "$image" | cut -f1)
"$agent" run --once --backend=dryrun --config-dir "$config" 2>/dev/null   # warm the page cache

# Wall time of a whole `run --once`: JVM start, flag parsing, discovery, config load, one dry-run sync, exit.
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$agent" run --once --backend=dryrun --config-dir "$config" 2>/dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
done > "$tmp/wall"
wall=$(median < "$tmp/wall")

# The same for `version` (JVM + launcher floor, no config, no backend) to show what the agent itself adds.
for _ in $(seq "$runs"); do
  start=$(date +%s%N); "$agent" version >/dev/null; end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
done > "$tmp/version"
floor=$(median < "$tmp/version")

# Max RSS of a --once run (GNU time), median over the runs.
rss="n/a"
if [ -x /usr/bin/time ]; then
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$agent" run --once --backend=dryrun --config-dir "$config" 2>&1 >/dev/null \
      | awk -F': ' '/Maximum resident set size/ {print $2}'
  done > "$tmp/rss"
  rss="$(( $(median < "$tmp/rss" | cut -d. -f1) / 1024 )) MB"
fi

# RSS of a running agent in steady state: start it on a copy of the example with a 1 s resync interval
# (the file's resyncInterval wins over the flag), wait with a deadline for 3 steady syncs, read VmRSS.
bench_example_config "$tmp/config"
"$agent" run --backend=dryrun --config-dir "$tmp/config" --v=4 --lock-file "$tmp/agent.lock" \
  --health-bind-address= --metrics-bind-address= 2> "$tmp/agent.log" &
pid=$!
deadline=$(( $(date +%s) + 30 ))
until [ "$(grep -c 'rules in sync' "$tmp/agent.log" || true)" -ge 3 ] || [ "$(date +%s)" -ge "$deadline" ]; do
  sleep 0.2
done
if [ "$(grep -c 'rules in sync' "$tmp/agent.log" || true)" -ge 3 ]; then
  running_rss=$(awk '/VmRSS/ {print int($2/1024) " MB"}' "/proc/$pid/status")
else
  running_rss="n/a (no 3 syncs within 30 s)"
fi
kill "$pid"; wait "$pid" 2>/dev/null || true

now=$(date -u +%Y-%m-%dT%H:%MZ)
load=$(cut -d" " -f1-3 /proc/loadavg)
cpus=$(nproc)
java_version=$("$image/bin/java" -version 2>&1 | head -1)
result=$(cat <<RESULT
<!-- runtime-image:begin (written by scripts/bench-image.sh; do not edit by hand) -->
Measured $now on this machine ($cpus vCPU, load average $load at the end), $java_version, $runs runs each, medians.
Command: \`scripts/bench-image.sh $runs\`.

| what | value |
|---|---|
| image size (\`du -sh $image\`) | $size |
| launch -> first completed sync, \`run --once --backend=dryrun --config-dir $config\` (wall) | $wall ms |
| launch -> exit, \`version\` (JVM floor, same launcher) | $floor ms |
| max RSS of a \`run --once\` (\`/usr/bin/time -v\`) | $rss |
| VmRSS of a running agent after 3 steady-state syncs (resyncInterval 1s) | $running_rss |
<!-- runtime-image:end -->
RESULT
)
echo "$result"
doc=$(bench_result benchmarks.md)
if [ ! -f "$doc" ]; then printf '# Benchmarks\n' > "$doc"; fi
if ! grep -q '^## Runtime image' "$doc"; then
  printf '\n## Runtime image\n\n<!-- runtime-image:begin -->\n<!-- runtime-image:end -->\n' >> "$doc"
fi
RESULT_TEXT="$result" python3 - "$doc" <<'PY'
import os, re, sys
path = sys.argv[1]
text = open(path).read()
new = os.environ["RESULT_TEXT"]
text = re.sub(r"<!-- runtime-image:begin.*?<!-- runtime-image:end -->", lambda m: new, text, flags=re.S)
open(path, "w").write(text)
PY
echo "written to $doc"
