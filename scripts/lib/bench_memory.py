"""Steady RSS and launch -> first completed sync of the runtime image, endpoints on, variants interleaved.

Driven by scripts/bench-memory.sh. A variant is a runtime image (its launcher, so its JVM options and
environment) plus optional extra JAVA_OPTS and environment: `NAME=IMAGE_DIR[;OPT OPT ...]`, where an OPT
`env:KEY=VALUE` sets an environment variable instead. Every run gets a fresh network namespace of its own
(deleted after it) with the agent's endpoints on 127.0.0.1:10266 (/healthz, /readyz) and 127.0.0.1:10267
(/metrics); nothing touches the root namespace.

launch: t0 just before the launcher is spawned; "ready" = the first 200 from /readyz, polled from outside
  every POLL_S (the resolution; a refused connection costs the agent nothing); for the nf_tables backends
  also "rules" = the masquerade rule seen by `nft monitor` in the namespace (no polling, stamped on arrival).
steady: the agent runs at a 1 s resync while /healthz, /readyz and /metrics are fetched every second for
  SETTLE_S; then VmRSS, RssAnon, RssFile, VmHWM, threads (and with --nmt the JVM's Native Memory Tracking
  summary through JAVA_HOME's jcmd, which attaches across namespaces).
Output: one CSV row per measurement, and Markdown tables (launch p50/p99/max, steady medians, NMT medians)
per backend and variant; `bench_memory.py --from-csv CSV` prints the tables of an earlier run again.
"""
import argparse
import csv
import ctypes
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import cmp_lab as lab  # noqa: E402

POLL_S = 0.005
HEALTH, METRICS = ("127.0.0.1", 10266), ("127.0.0.1", 10267)
CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)
_root_ns = os.open("/proc/self/ns/net", os.O_RDONLY)


def enter(ns):
    """Moves this (single, main) thread into ns, or back to the namespace it started in (ns None)."""
    fd = os.open(f"/run/netns/{ns}", os.O_RDONLY) if ns else _root_ns
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {ns}")
    finally:
        if ns:
            os.close(fd)


def get(addr, path, timeout=2.0):
    """HTTP/1.1 GET; the status code, or None when nothing answers."""
    try:
        with socket.create_connection(addr, timeout=timeout) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
        return int(m.group(1)) if m else None
    except OSError:
        return None


def parse_variant(text):
    name, _, rest = text.partition("=")
    image, _, opts = rest.partition(";")
    env, java = {}, []
    for o in opts.split():
        if o.startswith("env:"):
            k, _, v = o[4:].partition("=")
            env[k] = v
        else:
            java.append(o)
    return name, os.path.abspath(image), java, env


class Run:
    """One agent in a fresh namespace (this thread moved into it while the run lasts)."""

    def __init__(self, variant, backend, config, work, nft_observer):
        self.name, image, java, env = variant
        self.ns = lab.netns("mem")
        self.obs = lab.Observer(self.ns, "nft", None) if nft_observer else None
        enter(self.ns)
        full_env = dict(os.environ, **env)
        full_env["JAVA_OPTS"] = " ".join(java)
        self.log = os.path.join(work, f"{self.ns}.log")
        self.t0 = time.monotonic()
        # Spawned from inside the namespace: no `ip netns exec` between the clock and the launcher.
        self.proc = lab.spawn([os.path.join(image, "bin/ip-masq-agent"), "run", f"--backend={backend}",
                               f"--config-dir={config}", f"--lock-file={os.path.join(work, self.ns)}.lock",
                               "--health-bind-address=127.0.0.1:10266",
                               "--metrics-bind-address=127.0.0.1:10267"], self.log, env=full_env)

    def wait_ready(self, timeout=30):
        deadline = self.t0 + timeout
        while time.monotonic() < deadline:
            if get(HEALTH, "/readyz", timeout=1) == 200:
                return (time.monotonic() - self.t0) * 1000
            if self.proc.poll() is not None:
                break
            time.sleep(POLL_S)
        return None

    def rules_ms(self):
        if not self.obs:
            return None
        t = self.obs.wait(lab.MASQ, self.t0, 10)
        return None if t is None else (t - self.t0) * 1000

    def close(self):
        lab.stop(self.proc)
        if self.obs:
            self.obs.close()
        enter(None)
        lab.drop(self.ns)


def status(pid):
    with open(f"/proc/{pid}/status") as f:
        text = f.read()
    pick = lambda k: int(re.search(rf"^{k}:\s+(\d+)", text, re.M).group(1))  # noqa: E731
    return {"rss_mb": pick("VmRSS") / 1024, "anon_mb": pick("RssAnon") / 1024, "file_mb": pick("RssFile") / 1024,
            "hwm_mb": pick("VmHWM") / 1024, "threads": pick("Threads")}


def nmt(pid):
    jcmd = os.path.join(os.environ["JAVA_HOME"], "bin", "jcmd")
    out = subprocess.run([jcmd, str(pid), "VM.native_memory", "summary"], capture_output=True, text=True).stdout
    return {m.group(1).strip(): int(m.group(2)) / 1024
            for m in re.finditer(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB", out, re.M)} | \
        {"Total": int(re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", out).group(1)) / 1024}


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--variant", action="append", required=True)
    ap.add_argument("--backend", action="append", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--launch-runs", type=int, default=15)
    ap.add_argument("--steady-runs", type=int, default=3)
    ap.add_argument("--settle", type=float, default=20)
    ap.add_argument("--nmt", action="store_true")
    ap.add_argument("--csv", required=True)
    args = ap.parse_args()
    variants = [parse_variant(v) for v in args.variant]
    if args.nmt:  # NMT costs memory itself: only in runs that ask for the breakdown
        variants = [(n, i, ["-XX:NativeMemoryTracking=summary", *j], e) for n, i, j, e in variants]
    work = lab.scratch("mem-")
    rng = random.Random(13)
    rows = []

    def record(phase, metric, backend, variant, rep, value):
        rows.append({"phase": phase, "metric": metric, "backend": backend, "variant": variant, "rep": rep,
                     "value": "" if value is None else round(value, 2), "load1": lab.load1()})

    for rep in range(args.launch_runs):
        for backend in args.backend:
            for v in rng.sample(variants, len(variants)):
                r = Run(v, backend, args.config, work, backend in ("nftables", "iptables-nft"))
                try:
                    record("launch", "ready_ms", backend, v[0], rep, r.wait_ready())
                    if r.obs:
                        record("launch", "rules_ms", backend, v[0], rep, r.rules_ms())
                finally:
                    r.close()
    for rep in range(args.steady_runs):
        for backend in args.backend:
            for v in rng.sample(variants, len(variants)):
                r = Run(v, backend, args.config, work, False)
                try:
                    if r.wait_ready() is None:
                        record("steady", "rss_mb", backend, v[0], rep, None)
                        continue
                    end = time.monotonic() + args.settle
                    while time.monotonic() < end:
                        get(HEALTH, "/healthz"), get(HEALTH, "/readyz"), get(METRICS, "/metrics")
                        time.sleep(1)
                    for k, val in status(r.proc.pid).items():
                        record("steady", k, backend, v[0], rep, val)
                    if args.nmt:
                        for k, val in nmt(r.proc.pid).items():
                            record("nmt", k, backend, v[0], rep, val)
                finally:
                    r.close()
    with open(args.csv, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    summary(rows, [v[0] for v in variants], args.backend)


def summary(rows, variants, backends):
    """Markdown tables: launch p50/p99/max, steady memory medians, NMT medians; per backend and variant."""
    def values(phase, metric, b, v):
        return [float(r["value"]) for r in rows if (r["phase"], r["metric"], r["backend"], r["variant"]) == (phase, metric, b, v)
                and r["value"] != ""]

    def fails(phase, metric, b, v):
        return sum(1 for r in rows if (r["phase"], r["metric"], r["backend"], r["variant"]) == (phase, metric, b, v) and r["value"] == "")

    cells = [(b, v) for b in backends for v in variants]
    launch = [m for m in ("ready_ms", "rules_ms") if any(r["metric"] == m for r in rows)]
    if launch:
        print("| backend | variant | runs | ready p50 | ready p99 | ready max | rules p50 | rules p99 | rules max |")
        print("|---|---|---|---|---|---|---|---|---|")
        for b, v in cells:
            out = [b, v, str(len(values("launch", "ready_ms", b, v))) + (f" ({fails('launch', 'ready_ms', b, v)} failed)" if fails("launch", "ready_ms", b, v) else "")]
            for m in ("ready_ms", "rules_ms"):
                x = values("launch", m, b, v)
                out += [f"{statistics.median(x):.0f}", f"{pct(x, 99):.0f}", f"{max(x):.0f}"] if x else ["-"] * 3
            print("| " + " | ".join(out) + " |")
        print()
    steady = ["rss_mb", "anon_mb", "file_mb", "hwm_mb", "threads"]
    if any(r["phase"] == "steady" for r in rows):
        print("| backend | variant | runs | VmRSS MB (min-max) | RssAnon MB | RssFile MB | VmHWM MB | threads |")
        print("|---|---|---|---|---|---|---|---|")
        for b, v in cells:
            x = values("steady", "rss_mb", b, v)
            if not x:
                continue
            med = [statistics.median(values("steady", m, b, v)) for m in steady]
            print(f"| {b} | {v} | {len(x)} | **{med[0]:.1f}** ({min(x):.1f}-{max(x):.1f}) | {med[1]:.1f} | {med[2]:.1f} | {med[3]:.1f} | {med[4]:.0f} |")
        print()
    nmt_keys = []
    for r in rows:
        if r["phase"] == "nmt" and r["metric"] not in nmt_keys:
            nmt_keys.append(r["metric"])
    shown = [k for k in nmt_keys if max(float(r["value"] or 0) for r in rows if r["phase"] == "nmt" and r["metric"] == k) >= 0.1]
    if shown:
        print("NMT committed MB (median):")
        print()
        print("| category | " + " | ".join(f"{b} {v}" for b, v in cells) + " |")
        print("|---|" + "---|" * len(cells))
        for k in shown:
            print(f"| {k} | " + " | ".join(f"{statistics.median(x):.1f}" if (x := values('nmt', k, b, v)) else "-" for b, v in cells) + " |")
        print()


def from_csv(path):
    """Prints the summary of an earlier run's rows (variants and backends in their order of appearance)."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    order = lambda key: list(dict.fromkeys(r[key] for r in rows))  # noqa: E731
    summary(rows, order("variant"), order("backend"))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--from-csv"]:
        from_csv(sys.argv[2])
    else:
        main()
