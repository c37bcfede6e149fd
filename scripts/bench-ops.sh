#!/usr/bin/env bash
# What the HTTP endpoints and metrics cost: compares a runtime image built without them (BASE_IMAGE) with
# this tree's image, runs interleaved, medians. Writes docs/benchmarks-ops.md (or into $BENCH_OUT_DIR).
#   image size; launch -> first completed sync of `run` (the loop, dry-run); with the endpoints also
#   launch -> first /readyz 200; `run --once` wall (no server: only the bigger image); VmRSS after 3
#   steady-state syncs, and (new image) after 50 scrapes of /metrics.
# Build the base image from the commit before the endpoints, outside this tree, e.g.:
#   mkdir /tmp/base && git archive ce36426 | tar -x -C /tmp/base && (cd /tmp/base && ./mvnw -B -q -DskipTests package -pl masq-jlink -am)
# Usage: scripts/bench-ops.sh BASE_IMAGE [RUNS]   (RUNS >= 10, default 15; smallest: this tree's image as
#   BASE_IMAGE and RUNS 1)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
base=$(bench_image "${1:?usage: $0 BASE_IMAGE [RUNS]}")
runs=${2:-15}
new=$(bench_image "${NEW_IMAGE:-}")
page=$(bench_result benchmarks-ops.md)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bench_example_config "$tmp/config"

python3 - "$base" "$new" "$runs" "$tmp" > "$tmp/result.md" <<'PY'
import os, re, signal, socket, statistics, subprocess, sys, time
base, new, runs, tmp = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
config = os.path.join(tmp, "config")

def du(path):
    return int(subprocess.run(["du", "-sb", path], capture_output=True, text=True).stdout.split()[0])

def get(address, path):
    try:
        with socket.create_connection(address, timeout=2) as s:
            s.sendall(f"GET {path} HTTP/1.0\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
            return int(data[9:12])
    except OSError:
        return -1

def rss(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) // 1024

def run_loop(image, endpoints, steady=False):
    """Starts `run`, returns (ms to first synced, ms to readyz 200 or None, rss after 3 steady syncs, rss after scrapes)."""
    log = os.path.join(tmp, "agent.log")
    args = [os.path.join(image, "bin/ip-masq-agent"), "run", "--backend=dryrun", "--config-dir", config, "--v=4"]
    if endpoints:
        args += ["--health-bind-address=127.0.0.1:0", "--metrics-bind-address=127.0.0.2:0"]  # two servers, as by default
    with open(log, "w") as err:
        start = time.monotonic()
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
    synced = ready = None
    ports = []
    deadline = start + 60
    try:
        while time.monotonic() < deadline and (synced is None or (endpoints and ready is None)):
            text = open(log).read()
            if synced is None and "rules synced" in text:
                synced = (time.monotonic() - start) * 1000
            if endpoints and len(ports) < 2:
                ports = [(h, int(p)) for h, p in re.findall(r"serving \[[^\]]*\] on (127\.0\.0\.[12]):(\d+)", text)]
            if endpoints and ports and ready is None and get(ports[0], "/readyz") == 200:
                ready = (time.monotonic() - start) * 1000
            time.sleep(0.002)
        steady_rss = scraped_rss = None
        if steady:
            while time.monotonic() < deadline and open(log).read().count("rules in sync") < 3:
                time.sleep(0.05)
            steady_rss = rss(p.pid)
            if endpoints:
                for _ in range(50):
                    get(ports[1], "/metrics")
                scraped_rss = rss(p.pid)
        return synced, ready, steady_rss, scraped_rss
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(30)

def once(image):
    start = time.monotonic()
    subprocess.run([os.path.join(image, "bin/ip-masq-agent"), "run", "--once", "--backend=dryrun", "--config-dir", config],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.monotonic() - start) * 1000

run_loop(base, False); run_loop(new, True)  # warm the page cache
b_sync, n_sync, n_ready, b_once, n_once = [], [], [], [], []
for _ in range(runs):  # interleaved, so load changes hit both alike
    b_sync.append(run_loop(base, False)[0])
    s, r, _, _ = run_loop(new, True)
    n_sync.append(s); n_ready.append(r)
    b_once.append(once(base)); n_once.append(once(new))
b_rss = [run_loop(base, False, True)[2] for _ in range(3)]
n_steady = [run_loop(new, True, True) for _ in range(3)]
med = statistics.median
load = open("/proc/loadavg").read().split()[:3]
print(f"Measured {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())} ({os.cpu_count()} vCPU, load average {' '.join(load)} at the end), "
      f"{runs} interleaved runs each (RSS: 3), medians. Command: `scripts/bench-ops.sh BASE_IMAGE {runs}`.")
print()
print("| what | without endpoints | with endpoints | delta |")
print("|---|---|---|---|")
bs, ns = du(base), du(new)
print(f"| image size (`du -sb`) | {bs/1e6:.2f} MB | {ns/1e6:.2f} MB | +{(ns-bs)/1e3:.0f} kB ({(ns-bs)/bs*100:+.1f} %) |")
print(f"| `run`: launch -> first completed sync (dry-run) | {med(b_sync):.0f} ms | {med(n_sync):.0f} ms | {med(n_sync)-med(b_sync):+.0f} ms ({med(n_sync)/med(b_sync):.2f}x) |")
print(f"| `run`: launch -> first `/readyz` 200 | n/a | {med(n_ready):.0f} ms | |")
print(f"| `run --once` wall (no server; bigger image only) | {med(b_once):.0f} ms | {med(n_once):.0f} ms | {med(n_once)-med(b_once):+.0f} ms ({med(n_once)/med(b_once):.2f}x) |")
print(f"| VmRSS after 3 steady-state syncs | {med(b_rss)} MB | {med([x[2] for x in n_steady])} MB | {med([x[2] for x in n_steady])-med(b_rss):+} MB |")
print(f"| VmRSS after 50 more scrapes of `/metrics` | n/a | {med([x[3] for x in n_steady])} MB | |")
PY
cat "$tmp/result.md"
{
  printf '# Benchmarks: health, readiness and metrics endpoints\n\n'
  printf 'Written by `scripts/bench-ops.sh` (rerun it to refresh). The base image is main without the endpoints\n'
  printf '(main at the time of the run) built the same way, with the same launcher options. Numbers from a noisy\n'
  printf 'shared machine: compare the two columns of one\n'
  printf 'run, not runs. The start-up delta is class loading before the first sync (≈300 more classes: the\n'
  printf 'Prometheus client, the HTTP server, which the image'"'"'s AOT cache, trained on `run --once`, does not hold).\n'
  printf 'JVM metrics were measured and\n'
  printf 'left out, see docs/decisions.md D4.\n\n'
  cat "$tmp/result.md"
} > "$tmp/head.md"
# Keep the hand-measured sections that follow (from the first '### ' heading on).
if [ -f "$page" ] && grep -q '^### ' "$page"; then
  { cat "$tmp/head.md"; echo; sed -n '/^### /,$p' "$page"; } > "$tmp/all.md"
else
  cp "$tmp/head.md" "$tmp/all.md"
fi
cp "$tmp/all.md" "$page"
echo "written to $page"
