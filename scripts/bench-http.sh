#!/usr/bin/env bash
# The HTTP endpoints under slow and hostile clients: probe latency, the agent's RSS, threads and open file
# descriptors, idle / with 1 000 half-sent requests held on each port / during a connection flood.
# Writes docs/benchmarks-http.md (or into $BENCH_OUT_DIR). Uses the loopback only (127.0.0.1 and 127.0.0.2,
# random ports).
# Usage: scripts/bench-http.sh [IMAGE]   (default: masq-jlink/target/image, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
image=$(bench_image "${1:-}")
page=$(bench_result benchmarks-http.md)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$image" "$tmp" examples/config > "$tmp/result.md" <<'PY'
import os, re, resource, signal, socket, statistics, subprocess, sys, threading, time
image, tmp, config = sys.argv[1], sys.argv[2], sys.argv[3]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
PARTIAL = b"GET /healthz HTTP/1.1\r\nHost: x\r\n"

failures = {}

def probe(address, path, timeout=5.0):
    """One kubelet-style GET on a new connection: ms, or None when it failed or timed out (counted by reason)."""
    start = time.monotonic()
    stage = "connect"
    try:
        with socket.create_connection(address, timeout=timeout) as s:
            stage = "response"
            s.settimeout(timeout)
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        if data[9:12] == b"200":
            return (time.monotonic() - start) * 1000
        reason = f"{stage}: {'closed without an answer' if not data else data[:12].decode(errors='replace')}"
    except OSError as e:
        reason = f"{stage}: {type(e).__name__}"
    failures[reason] = failures.get(reason, 0) + 1
    return None

def status(pid):
    text = open(f"/proc/{pid}/status").read()
    kb = lambda key: int(re.search(key + r":\s+(\d+)", text).group(1))
    return kb("VmRSS") // 1024, kb("RssAnon") // 1024, kb("Threads"), len(os.listdir(f"/proc/{pid}/fd"))

def probes(addresses, rounds):
    got = [probe(a, p) for _ in range(rounds) for a, p in addresses]
    ok = [x for x in got if x is not None]
    return len(got), len(got) - len(ok), statistics.median(ok) if ok else None, max(ok) if ok else None

log = os.path.join(tmp, "agent.log")
args = [os.path.join(image, "bin/ip-masq-agent"), "run", "--backend=dryrun", "--config-dir", config, "--lock-file=",
        "--health-bind-address=127.0.0.1:0", "--metrics-bind-address=127.0.0.2:0"]
p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=open(log, "w"))
rows = []
try:
    deadline = time.monotonic() + 60
    ports = []
    while len(ports) < 2 and time.monotonic() < deadline:
        ports = [(h, int(n)) for h, n in re.findall(r"serving \[[^\]]*\] on (127\.0\.0\.[12]):(\d+)", open(log).read())]
        time.sleep(0.05)
    health, metrics = ports
    targets = [(health, "/healthz"), (health, "/readyz"), (metrics, "/metrics")]
    while probe(health, "/readyz") is None and time.monotonic() < deadline:  # the first sync
        time.sleep(0.05)
    probes(targets, 20)  # warm up
    failures.clear()

    def row(what, result, st):
        n, failed, med, worst = result
        rows.append(f"| {what} | {n - failed}/{n} | {med:.1f} ms | {worst:.1f} ms | {st[0]} MB | {st[1]} MB | {st[2]} | {st[3]} |"
                    if med is not None else f"| {what} | 0/{n} | - | - | {st[0]} MB | {st[1]} MB | {st[2]} | {st[3]} |")

    row("idle", probes(targets, 50), status(p.pid))

    held = []
    for _ in range(1000):
        for a in (health, metrics):
            s = socket.create_connection(a, timeout=5)
            s.sendall(PARTIAL)
            held.append(s)
    row("1 000 half-sent requests held on each port (2 000 sockets)", probes(targets, 50), status(p.pid))
    for s in held:
        s.close()

    # Flood: 4 threads open connections as fast as they can, send half a request and hold the newest 500
    # each, for 10 s, while probes run.
    stop = time.monotonic() + 10
    opened = [0]
    lock = threading.Lock()
    def flood(address):
        mine = []
        while time.monotonic() < stop:
            try:
                s = socket.create_connection(address, timeout=5)
                s.sendall(PARTIAL)
                mine.append(s)
                with lock:
                    opened[0] += 1
            except OSError:
                pass
            if len(mine) > 500:
                mine.pop(0).close()
        for s in mine:
            s.close()
    threads = [threading.Thread(target=flood, args=(a,)) for a in (health, metrics, health, metrics)]
    for t in threads:
        t.start()
    results, peak = [], (0, 0, 0, 0)
    while time.monotonic() < stop:
        results.append(probes(targets, 1))
        st = status(p.pid)
        peak = tuple(max(x, y) for x, y in zip(peak, st))
    for t in threads:
        t.join()
    n = sum(r[0] for r in results); failed = sum(r[1] for r in results)
    ok = [r[2] for r in results if r[2] is not None]
    row(f"flood: {opened[0]} connections in 10 s (half-sent, up to 2 000 held), peak values",
        (n, failed, statistics.median(ok) if ok else None, max(r[3] for r in results if r[3] is not None) if ok else None), peak)
    time.sleep(1)
    row("after the flood", probes(targets, 20), status(p.pid))
finally:
    p.send_signal(signal.SIGTERM)
    p.wait(30)
load = open("/proc/loadavg").read().split()[:3]
print(f"Measured {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())} ({os.cpu_count()} vCPU, load average {' '.join(load)} at the end), "
      f"image `{os.path.basename(os.path.dirname(image))}/image`, `--backend=dryrun`, health and metrics on two loopback addresses. "
      "Probe = new connection, `GET`, read to the end, 5 s client timeout; latencies over the probes that succeeded.")
print()
print("| situation | probes answered 200 | median | worst | agent VmRSS | of it anonymous | threads | open fds |")
print("|---|---|---|---|---|---|---|---|")
print("\n".join(rows))
if failures:
    print()
    print("Failed probes by reason: " + ", ".join(f"{k} ({v})" for k, v in sorted(failures.items())) + ".")
PY
cat "$tmp/result.md"
{
  printf '# Benchmarks: HTTP endpoints under slow and hostile clients\n\n'
  printf 'Written by `scripts/bench-http.sh` (rerun it to refresh); the bounds are in docs/metrics.md\n'
  printf '("Slow and hostile clients"). Each listener keeps at most 512 connections (one more closes the oldest),\n'
  printf 'so the agent'"'"'s open file descriptors stay near 2 x 512 whatever the clients do. The flood clients run on\n'
  printf 'the same 2 vCPUs as the agent, so probe latency during the flood is mostly CPU contention. The RSS\n'
  printf 'growth under the flood is the JVM heap growing to its -Xmx64m cap (SerialGC), see docs/metrics.md.\n\n'
  cat "$tmp/result.md"
} > "$page"
echo "written to $page"
