#!/usr/bin/env bash
# One AOT training run (JDK 25, JEP 483/514/515) of the agent as it runs on a node: `run` (not `--once`)
# with both HTTP endpoints on, so the cache also holds the classes, linked lambdas and profiles of the
# endpoints, the metrics, the config watcher and a config reload, not only of one sync. Called by jlink.sh.
# Usage: aot-train.sh JAVA AOT_OUT BACKEND CONFIG_DIR LOG JVM_OPTION...
# Steps: copy CONFIG_DIR, start the agent with its two listeners (as the DaemonSet has them) on loopback port 0, wait for the first sync and both listeners,
# fetch /healthz /readyz /metrics, change the config (one CIDR more) and wait for that sync, fetch again, then
# SIGTERM: the JVM writes the cache as it exits. Every wait has a deadline; the exit status says whether a
# cache was written. Run it in a network namespace of its own for a kernel backend (jlink.sh: unshare --net).
set -euo pipefail
java=$1 aot=$2 backend=$3 config=$4 log=$5
shift 5
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$config" "$work/config"
# A private network namespace starts with lo down: loopback connections would fail.
# (Only a namespace of our own has lo down; /sys/class/net would show the build's namespace, so ask ip.)
if command -v ip >/dev/null && ! ip -o link show lo | grep -qE '<([^>]*,)?UP[,>]'; then ip link set lo up; fi

# until_log PATTERN COUNT: waits (60 s at most) until the log has COUNT lines matching PATTERN.
until_log() {
  local deadline=$((SECONDS + 60))
  until [ "$(grep -cE "$1" "$log" || true)" -ge "$2" ]; do
    if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "AOT training: no '$1' (x$2) in the agent's log" >&2; return 1
    fi
    sleep 0.1
  done
}
# get HOST:PORT PATH: one request on a new connection, read to the end (bash's /dev/tcp: no curl needed).
get() {
  exec 3<>"/dev/tcp/${1%:*}/${1##*:}"
  printf 'GET %s HTTP/1.1\r\nHost: training\r\nConnection: close\r\n\r\n' "$2" >&3
  cat <&3 >/dev/null
  exec 3<&-
}
scrape() {
  local address
  for address in $(sed -nE 's/.*serving \[.*\] on (127\.0\.0\.[12]:[0-9]+).*/\1/p' "$log"); do
    get "$address" /healthz; get "$address" /readyz; get "$address" /metrics
  done
}

: >"$log"   # exists before the first look at it
"$java" "$@" -XX:AOTCacheOutput="$aot" -m masq.app/masq.app.Main run --backend="$backend" \
  --config-dir="$work/config" --lock-file="$work/agent.lock" \
  --health-bind-address=127.0.0.1:0 --metrics-bind-address=127.0.0.2:0 >"$log" 2>&1 &
pid=$!
until_log 'serving \[' 2
until_log 'rules synced' 1
scrape
# A config change as kubelet makes it (a new file renamed over the old one): watcher, reload, merge, sync.
first=$(ls "$work/config" | head -1)
sed -E 's/^(nonMasqueradeCIDRs:)$/\1\n  - 198.51.100.0\/24/' "$work/config/$first" >"$work/new"
mv "$work/new" "$work/config/$first"
until_log 'rules synced' 2
scrape
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
[ "$status" -eq 0 ] && [ -s "$aot" ]
