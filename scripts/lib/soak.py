"""Soak: the runtime image as a long-running agent, one network namespace per kernel backend, all at once.

usage: soak.py IMAGE OUT_DIR MINUTES BACKEND...
Per backend, for MINUTES: the config directory (kubelet's ConfigMap layout, `..data` swapped atomically)
changes every 2 s, alternating a valid config (a new one each time) and an invalid one; every minute someone
else changes the agent's rules (drift); the endpoints are scraped every 10 s; four slow clients keep
connections half-open. Every 30 s a sample: RSS, heap after the last GC (the JVM's GC log), threads, open
fds, mean sync duration over the window (from /metrics), the slowest probe answer. At the end the rules must
equal what a fresh agent writes for the last valid config, and no sample after the warm-up may exceed the
warm-up's maximum by more than the stated margins. Writes OUT_DIR/samples.csv and OUT_DIR/summary.md.
"""
import csv
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import cmp_lab  # noqa: E402  (namespaces, processes and scratch directories removed at exit)

image, out_dir, minutes, backends = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
AGENT = os.path.join(image, "bin", "ip-masq-agent")
DURATION = minutes * 60
WARMUP = max(60.0, DURATION * 0.2)
# Margins over the warm-up's maximum that a later sample may not pass.
MARGIN = {"rss_mb": 16.0, "heap_after_gc_mb": 8.0, "threads": 8, "fds": 16}
LOCK = threading.Lock()
HEALTH, METRICS = "127.0.0.1:10266", "127.0.0.1:10267"
VALID = "nonMasqueradeCIDRs:\n  - 10.0.0.0/8\n  - 172.16.0.0/12\n  - 198.51.{a}.{b}/32\nmasqLinkLocal: {ll}\nresyncInterval: 5s\n"
INVALID = "nonMasqueradeCIDRs:\n  - 10.0.0.0/33\n  - not-a-cidr\nresyncInterval: 5s\n"
SLOW_CLIENTS = r"""
import socket, sys, threading, time
end = time.time() + float(sys.argv[1])
def client():
    while time.time() < end:
        try:
            s = socket.create_connection(("127.0.0.1", 10266), timeout=15)
            s.sendall(b"GET /healthz HTTP/1.1\r\n")
            while time.time() < end:
                time.sleep(2)
                s.sendall(b"X")
        except OSError:
            time.sleep(0.5)
threads = [threading.Thread(target=client) for _ in range(4)]
[t.start() for t in threads]
[t.join() for t in threads]
"""


def ns_run(ns, *args, check=True, timeout=30):
    return subprocess.run(["ip", "netns", "exec", ns, *args], capture_output=True, text=True, check=check, timeout=timeout)


def dump(ns, backend):
    """The agent's state in the namespace, without counters or generated-by lines."""
    if backend == "nftables":
        text = ns_run(ns, "nft", "list", "table", "inet", "ip-masq-agent").stdout
    else:
        text = ns_run(ns, backend + "-save", "-t", "nat").stdout
    return [re.sub(r"\[\d+:\d+\]", "[0:0]", line) for line in text.splitlines() if line and not line.startswith("#")]


def drift(ns, backend):
    if backend == "nftables":
        ns_run(ns, "nft", "flush", "chain", "inet", "ip-masq-agent", "postrouting")
    else:
        ns_run(ns, backend, "-t", "nat", "-F", "IP-MASQ-AGENT")


class ConfigDir:
    """kubelet's ConfigMap volume: KEY -> ..data/KEY, ..data -> ..TIMESTAMP/, replaced by renaming ..data_tmp."""

    def __init__(self, root):
        self.root, self.n, self.last_valid = root, 0, None

    def write(self, text):
        self.n += 1
        stamp = f"..{self.n:06d}"
        os.mkdir(os.path.join(self.root, stamp))
        with open(os.path.join(self.root, stamp, "ip-masq-agent"), "w") as f:
            f.write(text)
        tmp = os.path.join(self.root, "..data_tmp")
        os.symlink(stamp, tmp)
        old = os.readlink(os.path.join(self.root, "..data")) if os.path.islink(os.path.join(self.root, "..data")) else None
        os.rename(tmp, os.path.join(self.root, "..data"))
        if not os.path.lexists(os.path.join(self.root, "ip-masq-agent")):
            os.symlink("..data/ip-masq-agent", os.path.join(self.root, "ip-masq-agent"))
        if old:
            subprocess.run(["rm", "-rf", os.path.join(self.root, old)], check=True)

    def change(self):
        """Alternates: a new valid config, then an invalid one."""
        if self.n % 2 == 0:
            self.last_valid = VALID.format(a=100 + self.n // 512 % 100, b=self.n // 2 % 256, ll="true" if self.n % 4 == 0 else "false")
            self.write(self.last_valid)
        else:
            self.write(INVALID)


def metrics(ns):
    r = ns_run(ns, "curl", "-s", "-m", "5", f"http://{METRICS}/metrics", check=False)
    values = {}
    for line in r.stdout.splitlines():
        m = re.match(r"(ip_masq_agent_sync_duration_seconds_(?:sum|count)|ip_masq_agent_drift_repairs_total"
                     r"|ip_masq_agent_syncs_total\{result=\"(\w+)\"\})\s+(\S+)", line)
        if m:
            values[m.group(2) or m.group(1)] = float(m.group(3))
    return values


def probe_ms(ns, path):
    start = time.monotonic()
    r = ns_run(ns, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "5", f"http://{HEALTH}{path}", check=False)
    return (time.monotonic() - start) * 1000, r.stdout.strip()


def heap_after_gc(gc_log):
    last = None
    try:
        with open(gc_log) as f:
            for line in f:
                m = re.search(r"(\d+)M->(\d+)M\(\d+M\)", line)
                if m:
                    last = int(m.group(2))
    except FileNotFoundError:
        pass
    return last


def proc(pid):
    with open(f"/proc/{pid}/status") as f:
        status = f.read()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
    threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))
    return rss, threads, len(os.listdir(f"/proc/{pid}/fd"))


def soak(backend, ns, rows, verdicts):
    work = cmp_lab.scratch(f"soak-{backend}-")
    config = ConfigDir(os.path.join(work, "config"))
    os.mkdir(config.root)
    config.change()
    gc_log = os.path.join(work, "gc.log")
    env = dict(os.environ, JAVA_OPTS=f"-Xlog:gc:file={gc_log}:uptime " + os.environ.get("SOAK_JAVA_OPTS", ""))
    agent = cmp_lab.spawn(["ip", "netns", "exec", ns, AGENT, "run", f"--backend={backend}", f"--config-dir={config.root}",
                           "--lock-file=", f"--health-bind-address={HEALTH}", f"--metrics-bind-address={METRICS}"],
                          os.path.join(out_dir, f"agent-{backend}.log"), env=env)
    slow = cmp_lab.spawn(["ip", "netns", "exec", ns, "python3", "-c", SLOW_CLIENTS, str(DURATION)], os.devnull)
    start = time.monotonic()
    next_change, next_drift, next_scrape, next_sample = start + 2, start + 60, start + 10, start + 30
    worst_probe, previous = 0.0, {}
    while time.monotonic() < start + DURATION and agent.poll() is None:
        now = time.monotonic()
        if now >= next_change:
            config.change()
            next_change += 2
        if now >= next_drift:
            drift(ns, backend)
            next_drift += 60
        if now >= next_scrape:
            for path in ("/healthz", "/readyz"):
                worst_probe = max(worst_probe, probe_ms(ns, path)[0])
            next_scrape += 10
        if now >= next_sample:
            m = metrics(ns)
            dc = m.get("ip_masq_agent_sync_duration_seconds_count", 0) - previous.get("ip_masq_agent_sync_duration_seconds_count", 0)
            ds = m.get("ip_masq_agent_sync_duration_seconds_sum", 0) - previous.get("ip_masq_agent_sync_duration_seconds_sum", 0)
            previous = m
            rss, threads, fds = proc(agent.pid)
            rows.append({"backend": backend, "t_s": round(now - start), "rss_mb": round(rss, 1),
                         "heap_after_gc_mb": heap_after_gc(gc_log), "threads": threads, "fds": fds,
                         "sync_ms": round(ds / dc * 1000, 1) if dc else "", "syncs": int(m.get("synced", 0) + m.get("config_invalid", 0)),
                         "failed_syncs": int(m.get("failed", 0)), "drift_repairs": int(m.get("ip_masq_agent_drift_repairs_total", 0)),
                         "worst_probe_ms": round(worst_probe)})
            worst_probe = 0.0
            next_sample += 30
        time.sleep(0.05)
    alive = agent.poll() is None
    # The last change written is the invalid one or a valid one; either way the rules must be the last valid config's.
    time.sleep(8)
    final = dump(ns, backend) if alive else []
    cmp_lab.stop(slow)
    cmp_lab.stop(agent)
    with LOCK:
        ref_ns = cmp_lab.netns("soakref")
    ref_dir = os.path.join(work, "reference")
    os.mkdir(ref_dir)
    with open(os.path.join(ref_dir, "ip-masq-agent"), "w") as f:
        f.write(config.last_valid)
    once = ns_run(ref_ns, AGENT, "run", "--once", f"--backend={backend}", f"--config-dir={ref_dir}", "--lock-file=", check=False, timeout=120)
    expected = dump(ref_ns, backend) if once.returncode == 0 else ["run --once failed: " + once.stderr[-300:]]
    cmp_lab.drop(ref_ns)
    verdicts[backend] = {"alive": alive, "rules_match": final == expected, "final": final, "expected": expected}


def bounds(rows):
    """Per backend and column: (warm-up max, later max, within the margin)."""
    out = {}
    for b in backends:
        mine = [r for r in rows if r["backend"] == b]
        for col, margin in MARGIN.items():
            warm = [r[col] for r in mine if r["t_s"] <= WARMUP and r[col] not in ("", None)]
            later = [r[col] for r in mine if r["t_s"] > WARMUP and r[col] not in ("", None)]
            if warm and later:
                out[(b, col)] = (max(warm), max(later), max(later) <= max(warm) + margin)
    return out


def main():
    os.makedirs(out_dir, exist_ok=True)
    rows, verdicts = [], {}
    namespaces = [cmp_lab.netns("soak") for _ in backends]  # created one by one: cmp_lab's names are not thread-safe
    threads = [threading.Thread(target=soak, args=(b, ns, rows, verdicts)) for b, ns in zip(backends, namespaces)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    rows.sort(key=lambda r: (r["backend"], r["t_s"]))
    with open(os.path.join(out_dir, "samples.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    checks = bounds(rows)
    ok = all(v["alive"] and v["rules_match"] for v in verdicts.values()) and all(c[2] for c in checks.values()) \
        and len(verdicts) == len(backends)
    load = open("/proc/loadavg").read().split()[:3]
    with open(os.path.join(out_dir, "summary.md"), "w") as f:
        f.write(f"Soak of {minutes:g} min, {time.strftime('%Y-%m-%d', time.gmtime())}, backends {', '.join(backends)} at once "
                f"({os.cpu_count()} vCPU shared, load average {' '.join(load)} at the end); warm-up {WARMUP:.0f} s; "
                f"margins {', '.join(f'{k} +{v}' for k, v in MARGIN.items())}. Verdict: **{'PASS' if ok else 'FAIL'}**.\n\n")
        f.write("| backend | agent alive | rules = last valid config | syncs | failed | drift repairs | worst probe ms |"
                " RSS MB warm-up max → later max | heap after GC MB | threads | fds | sync ms (median of windows) |\n")
        f.write("|---|---|---|---:|---:|---:|---:|---|---|---|---|---:|\n")
        for b in backends:
            mine = [r for r in rows if r["backend"] == b]
            last = mine[-1] if mine else {}
            v = verdicts.get(b, {})
            syncs = sorted(r["sync_ms"] for r in mine if r["sync_ms"] != "")

            def cell(col):
                c = checks.get((b, col))
                return f"{c[0]} → {c[1]} {'ok' if c[2] else '**over**'}" if c else "n/a"
            f.write(f"| {b} | {v.get('alive')} | {v.get('rules_match')} | {last.get('syncs', '')} | {last.get('failed_syncs', '')} | "
                    f"{last.get('drift_repairs', '')} | {max((r['worst_probe_ms'] for r in mine), default='')} | {cell('rss_mb')} | "
                    f"{cell('heap_after_gc_mb')} | {cell('threads')} | {cell('fds')} | {syncs[len(syncs) // 2] if syncs else ''} |\n")
        for b, v in verdicts.items():
            if not v["rules_match"]:
                f.write(f"\n{b}: rules differ.\n\nin the soak namespace:\n```\n" + "\n".join(v["final"]) + "\n```\nexpected:\n```\n"
                        + "\n".join(v["expected"]) + "\n```\n")
    print(open(os.path.join(out_dir, "summary.md")).read())
    sys.exit(0 if ok else 1)


main()
