"""The side-by-side benchmark of this agent and the Go original (driven by scripts/bench-compare.sh).

Writes one CSV row per measurement (phase, metric, agent, backend, n, rep, value, unit, load1) and a
meta JSON. Variants are interleaved within each repetition (shuffled order) or run at the same time,
so a repetition's ratio ours/Go compares like with like on a shared machine.
usage: cmp_run.py OUT_DIR IMAGE GO_BINARY MODE quick|full [PHASE...]
"""
import csv
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import cmp_lab as lab  # noqa: E402

out_dir, image, go_binary, mode, size = sys.argv[1:6]
phases = sys.argv[6:] or ["launch", "idle", "reload", "cost", "dataplane", "disk"]
FULL = size == "full"
REPS = 5 if FULL else 2
IDLE_S = 600 if FULL else 40
DEFAULT_RESYNC = "60s"       # both agents' default; the full mode only (a change waits up to 60 s)
COST_N = [3, 10, 64, 1000, 10000] if FULL else [3, 64, 1000]
GO_MAX_N = 64
WINDOW_S = 10 if FULL else 3
APPLY_K = 6 if FULL else 2
FLOWS = 40000 if FULL else 5000
FLOW_N = [0, 100, 1000, 10000] if FULL else [0, 1000]
GO_FIRST_SLEEP = 60          # v2.11.0's first sleep is always 60 s (deferred before the file is read)
IPT = f"iptables-{mode}"
POLL = 0.02                  # legacy observer period (s); nft mode uses `nft monitor` (no polling)

work = lab.scratch("cmp-")
tools = lab.Tools(mode, work)
agents = lab.Agents(image, go_binary, tools, work)
rows, rows_lock = [], threading.Lock()
rng = random.Random(16)


def record(phase, metric, agent, backend, n, rep, value, unit):
    with rows_lock:
        rows.append([phase, metric, agent, backend, n, rep, "" if value is None else round(value, 4), unit, lab.load1()])


def rfc1918():
    return ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]


def cidrs(n):
    return rfc1918() if n == 3 else [f"10.{i // 256}.{i % 256}.0/24" for i in range(n)]


def marker(k):
    return f"100.{64 + k % 60}.{k // 60}.0/24"


def instance_dir():
    return tempfile.mkdtemp(dir=work, prefix="inst-")


def start(agent, backend, ns, cfg, log, extra=()):
    if agent == "go":
        return agents.go_agent(ns, cfg, log, extra)
    return agents.ours(ns, cfg, backend, log, extra)


def observer(ns, backend, poll=POLL):
    return lab.Observer(ns, "nft" if backend == "nftables" else mode, tools, poll)


def present_patterns(backend):
    return [lab.MASQ] if backend == "nftables" else [lab.MASQ, lab.JUMP]


def variants_launch():
    return [("go", IPT), ("ours", IPT), ("ours", "nftables")]


def phase_launch():
    for rep in range(REPS):
        for n in (3, 64):
            for agent, backend in rng.sample(variants_launch(), 3):
                d = instance_dir()
                lab.write_config(os.path.join(d, "config"), lab.cidr_config(cidrs(n)))
                ns = lab.netns()
                obs = observer(ns, backend)
                t0 = time.monotonic()
                p = start(agent, backend, ns, os.path.join(d, "config"), os.path.join(d, "log"))
                t = obs.wait_all(present_patterns(backend), t0, 30)
                record("launch", "launch_to_rules", agent, backend, n, rep, None if t is None else (t - t0) * 1000, "ms")
                lab.stop(p)
                obs.close()
                lab.drop(ns)


def phase_idle():
    """Every variant of every repetition at once, at the default resync, untouched for IDLE_S."""
    insts = []
    for rep in range(REPS):
        for agent, backend in variants_launch():
            d = instance_dir()
            lab.write_config(os.path.join(d, "config"), lab.cidr_config(rfc1918()))
            ns = lab.netns()
            insts.append((agent, backend, rep, ns, start(agent, backend, ns, os.path.join(d, "config"), os.path.join(d, "log"))))
    time.sleep(20)
    base = {}
    for agent, backend, rep, ns, p in insts:
        record("idle", "rss_20s", agent, backend, 3, rep, lab.rss_mb(p.pid), "MB")
        base[p.pid] = (time.monotonic(), lab.cpu_ticks(p.pid))
    time.sleep(max(0, IDLE_S - 20))
    for agent, backend, rep, ns, p in insts:
        t0, (s0, c0) = base[p.pid]
        s1, c1 = lab.cpu_ticks(p.pid)
        hours = (time.monotonic() - t0) / 3600
        record("idle", "rss_end", agent, backend, 3, rep, lab.rss_mb(p.pid), "MB")
        record("idle", "cpu_agent_per_h", agent, backend, 3, rep, (s1 - s0) / hours, "s/h")
        record("idle", "cpu_children_per_h", agent, backend, 3, rep, (c1 - c0) / hours, "s/h")
    for *_, ns, p in insts:
        lab.stop(p)
        lab.drop(ns)


def drift(ns):
    tools.run(ns, "iptables", "-w", "5", "-t", "nat", "-F", "IP-MASQ-AGENT")
    tools.run(ns, "iptables", "-w", "5", "-t", "nat", "-D", "POSTROUTING", "1")


def reload_scenario(agent, rep, interval):
    """Config change (kubelet `..data` swap, plain rename) and drift -> rules in the kernel."""
    label = "1s" if interval == "1s" else "default"
    seconds = 1 if interval == "1s" else int(interval[:-1])
    d = instance_dir()
    cfg = os.path.join(d, "config")
    lab.write_config(cfg, lab.cidr_config(rfc1918(), "1s" if interval == "1s" else None), "swap")
    ns = lab.netns()
    obs = observer(ns, IPT, 0.05)
    launched = time.monotonic()
    p = start(agent, IPT, ns, cfg, os.path.join(d, "log"))
    obs.wait_all(present_patterns(IPT), launched, 30)
    # Go's first sleep is 60 s whatever the file says: measure both agents only after it.
    time.sleep(max(0.0, launched + GO_FIRST_SLEEP + 2 - time.monotonic()) if interval == "1s" else 0)
    cycles = (3 if FULL else 1) if interval == "1s" else 1
    k = 0
    for c in range(cycles):
        for kind in ("swap", "rename"):
            k += 1
            text = lab.cidr_config(rfc1918() + [marker(k)], "1s" if interval == "1s" else None)
            if kind == "swap" and c > 0:   # put kubelet's layout back (same content), then change
                lab.write_config(cfg, lab.cidr_config(rfc1918() + [marker(k - 1)], "1s"), "swap")
            time.sleep(rng.uniform(0.2, seconds + 0.2))
            lab.write_config(cfg, text, "swap" if kind == "swap" else "plain")
            t0 = time.monotonic()
            t = obs.wait(re.escape(marker(k)), t0, 2 * seconds + 15)
            record("reload", f"change_{kind}_{label}", agent, IPT, 3, rep * 10 + c, None if t is None else (t - t0) * 1000, "ms")
        time.sleep(rng.uniform(0.2, seconds + 0.2))
        drift(ns)
        t0 = time.monotonic()
        t = obs.wait_all([lab.JUMP, lab.MASQ], t0, 2 * seconds + 15)
        record("reload", f"drift_{label}", agent, IPT, 3, rep * 10 + c, None if t is None else (t - t0) * 1000, "ms")
    lab.stop(p)
    obs.close()
    lab.drop(ns)


def phase_reload():
    threads = [threading.Thread(target=reload_scenario, args=(agent, rep, interval))
               for rep in range(REPS) for agent in ("go", "ours") for interval in ((DEFAULT_RESYNC, "1s") if FULL else ("1s",))]
    for t in threads:
        t.start()
        time.sleep(0.3)   # stagger launches
    for t in threads:
        t.join()


def count(log, pattern):
    with open(log, errors="replace") as f:
        return len(re.findall(pattern, f.read()))


def phase_cost():
    """CPU per resync with nothing to change (every variant at once, same windows), then CPU and
    latency per config change (ours; the Go agent rewrites everything on every resync anyway)."""
    insts = []
    for backend in (IPT, "nftables"):
        for n in COST_N:
            insts.append(("ours", backend, n))
    insts += [("go", IPT, n) for n in COST_N if n <= GO_MAX_N]
    running = []
    for agent, backend, n in insts:
        d = instance_dir()
        lab.write_config(os.path.join(d, "config"), lab.cidr_config(cidrs(n), "1s", max(64, n)))
        ns = lab.netns()
        log = os.path.join(d, "log")
        extra = ["--v=2"] if agent == "go" else ["--v=4"]
        running.append((agent, backend, n, ns, log, start(agent, backend, ns, os.path.join(d, "config"), log, extra)))
    time.sleep(GO_FIRST_SLEEP + 3)
    sync_line = {"go": r"using config:", "ours": r"rules (in sync|synced)"}
    for rep in range(REPS):
        snap = {r[5].pid: (lab.cpu_ticks(r[5].pid), count(r[4], sync_line[r[0]])) for r in running}
        time.sleep(WINDOW_S)
        for agent, backend, n, ns, log, p in running:
            (s0, c0), k0 = snap[p.pid]
            s1, c1 = lab.cpu_ticks(p.pid)
            syncs = count(log, sync_line[agent]) - k0
            per = None if syncs == 0 else ((s1 - s0) + (c1 - c0)) * 1000 / syncs
            record("cost", "noop_cpu_per_sync", agent, backend, n, rep, per, "ms")
            if agent == "go":   # every Go resync is a full apply
                record("cost", "apply_cpu_per_sync", agent, backend, n, rep, per, "ms")
    for *_, ns, log, p in running:
        lab.stop(p)
        lab.drop(ns)
    phase_apply()


def phase_apply():
    variants = [(backend, n) for backend in (IPT, "nftables") for n in COST_N]
    live = {}
    for backend, n in variants:
        d = instance_dir()
        cfg = os.path.join(d, "config")
        lab.write_config(cfg, lab.cidr_config(cidrs(n)[:-1] + [marker(0)], "1h", max(64, n)), "swap")
        ns = lab.netns()
        p = start("ours", backend, ns, cfg, os.path.join(d, "log"))
        live[(backend, n)] = (ns, cfg, p)
    time.sleep(15)
    k = 0
    for rep in range(REPS):
        for backend, n in rng.sample(variants, len(variants)):
            ns, cfg, p = live[(backend, n)]
            obs = observer(ns, backend)
            s0, c0 = lab.cpu_ticks(p.pid)
            lat = []
            for _ in range(APPLY_K):
                k += 1
                lab.write_config(cfg, lab.cidr_config(cidrs(n)[:-1] + [marker(k)], "1h", max(64, n)), "swap")
                t0 = time.monotonic()
                t = obs.wait(re.escape(marker(k)), t0, 60)
                lat.append(None if t is None else (t - t0) * 1000)
                time.sleep(0.3)
            s1, c1 = lab.cpu_ticks(p.pid)
            obs.close()
            record("cost", "apply_cpu_per_sync", "ours", backend, n, rep, ((s1 - s0) + (c1 - c0)) * 1000 / APPLY_K, "ms")
            ok = [x for x in lat if x is not None]
            record("cost", "apply_latency", "ours", backend, n, rep, statistics.median(ok) if ok else None, "ms")
    for ns, cfg, p in live.values():
        lab.stop(p)
        lab.drop(ns)


SENDER = r"""
import socket, sys, time
n = int(sys.argv[1]); s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(200): s.sendto(b'w', ('198.18.0.1', 1000 + i))
time.sleep(0.1)
c0, w0 = time.thread_time(), time.monotonic()
for i in range(n): s.sendto(b'x', ('198.18.0.1', 1300 + i))
print(n / (time.thread_time() - c0), n / (time.monotonic() - w0))
"""


def phase_dataplane():
    """New UDP flows (each datagram a new conntrack entry, masqueraded after walking every CIDR) per
    CPU-second of the sending thread, whose syscalls carry the forwarding and NAT (softirq on the same
    CPU); a fresh topology per measurement."""
    kinds = [("chain", IPT), ("set", "nftables")]
    for rep in range(REPS):
        for n in FLOW_N:
            for kind, backend in rng.sample(kinds, 2):
                pod, node, ext = lab.topology()
                d = instance_dir()
                lab.write_config(os.path.join(d, "config"), lab.cidr_config(cidrs(n) if n else [], None, max(64, n)))
                subprocess.run(["ip", "netns", "exec", node, os.path.join(image, "bin/ip-masq-agent"), "run", "--once",
                                f"--backend={backend}", f"--config-dir={d}/config", f"--lock-file={d}/lock"],
                               check=True, capture_output=True)
                out = subprocess.run(["ip", "netns", "exec", pod, sys.executable, "-c", SENDER, str(FLOWS)],
                                     check=True, capture_output=True, text=True).stdout.split()
                record("dataplane", "flows_per_cpu_s", kind, backend, n, rep, float(out[0]), "1/s")
                record("dataplane", "flows_per_wall_s", kind, backend, n, rep, float(out[1]), "1/s")
                for ns in (pod, node, ext):
                    lab.drop(ns)


def du(path):
    return int(subprocess.run(["du", "-sb", path], capture_output=True, text=True).stdout.split()[0]) / 1e6


def phase_disk():
    record("disk", "binary", "go", IPT, 0, 0, os.path.getsize(go_binary) / 1e6, "MB")
    record("disk", "runtime_image", "ours", IPT, 0, 0, du(image), "MB")
    aot = os.path.join(image, "lib/ip-masq-agent.aot")
    if os.path.exists(aot):
        record("disk", "runtime_image_without_aot", "ours", IPT, 0, 0, du(image) - os.path.getsize(aot) / 1e6, "MB")
    size = os.environ.get("CMP_CONTAINER_MB")
    if size:
        record("disk", "container_image", "ours", IPT, 0, 0, float(size), "MB")


def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


meta = {
    "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "size": size, "mode": mode,
    "reps": REPS, "phases": phases, "cpus": os.cpu_count(), "kernel": os.uname().release,
    "load_start": open("/proc/loadavg").read().split()[:3],
    "iptables": version([os.path.join(tools.bin, "iptables"), "--version"]), "nft": version(["nft", "--version"]),
    "go": os.environ.get("CMP_GO_NAME", os.path.basename(go_binary)),
    "ours": version(["git", "describe", "--always", "--dirty"]),
    "idle_seconds": IDLE_S, "default_resync": DEFAULT_RESYNC, "cost_window_s": WINDOW_S, "apply_changes": APPLY_K,
    "flows": FLOWS, "legacy_poll_ms": POLL * 1000 if mode == "legacy" else None,
    "observer": "nft monitor (event stream)" if mode == "nft" else f"iptables-legacy-save poll every {POLL * 1000:.0f} ms (50 ms in reload)",
}
for ph in phases:
    print(f"== {ph} ({time.strftime('%H:%M:%S')})", flush=True)
    globals()[f"phase_{ph}"]()
meta["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
meta["load_end"] = open("/proc/loadavg").read().split()[:3]
os.makedirs(out_dir, exist_ok=True)
previous = os.path.join(out_dir, "results.csv")
if sys.argv[6:] and os.path.exists(previous):   # a subset of phases rerun: keep the other phases' rows
    with open(previous, newline="") as f:
        kept = [r for r in list(csv.reader(f))[1:] if r[0] not in phases]
    rows = kept + rows
    note = f"phases {' '.join(phases)} rerun {meta['started']}-{meta['finished']}, load {' '.join(meta['load_end'])}"
    if os.path.exists(os.path.join(out_dir, "meta.json")):
        meta = json.load(open(os.path.join(out_dir, "meta.json")))
    meta["merged"] = meta.get("merged", []) + [note]
with open(previous, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["phase", "metric", "agent", "backend", "n", "rep", "value", "unit", "load1"])
    w.writerows(rows)
with open(os.path.join(out_dir, "meta.json"), "w") as f:
    json.dump(meta, f, indent=1)
print(f"wrote {out_dir}/results.csv ({len(rows)} rows) and meta.json")
