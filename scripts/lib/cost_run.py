"""Issue 13's benchmark: what a change costs, before and after, interleaved in one run (scripts/bench-cost.sh).

Two agents (jlinked images: BEFORE and AFTER) run side by side, each in its own throw-away network namespace
with its own kubelet-style config directory. Every scenario alternates between them (random order per round),
so the machine's load hits both alike. The kernel is watched from outside: `nft monitor` (nftables and
iptables-nft, no polling) or, for iptables-legacy, which has no events, an `iptables-legacy-save -t nat` poller
running inside the namespace every POLL seconds (the stated resolution). Agents log JSON; their timestamps
give a breakdown of each change (same host clock).

usage: cost_run.py OUT_MD BEFORE_IMAGE AFTER_IMAGE BEFORE_LABEL AFTER_LABEL quick|full [SCENARIO...]
"""
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime

sys.path.insert(0, os.path.dirname(__file__))
import cmp_lab as lab  # noqa: E402

out_md, before_image, after_image, before_label, after_label, size = sys.argv[1:7]
scenarios = sys.argv[7:] or ["nft10k", "noop10k", "load10k", "nft10", "legacy10", "iptnft10", "gc", "tools"]
FULL = size == "full"
POLL = 0.02
SWAPS_10K = 10 if FULL else 4
SWAPS_10 = 30 if FULL else 8
NOOP_WINDOW_S = 40 if FULL else 12
rng = random.Random(13)
work = lab.scratch("cost-")
IMAGES = {"before": before_image, "after": after_image}
LABELS = {"before": before_label, "after": after_label}
results = []          # markdown sections
raw = {}              # for the summary


def cidrs(n):
    return [f"10.{i // 256}.{i % 256}.0/24" for i in range(n - 1)]


def marker(k):
    return f"100.{64 + k // 65536 % 60}.{k // 256 % 256}.{k % 256}"


def config(n, k, resync="1h"):
    items = cidrs(n) + [marker(k) + "/32"]
    return "nonMasqueradeCIDRs:\n" + "".join(f"  - {c}\n" for c in items) + f"cidrLimit: {max(64, n)}\nresyncInterval: {resync}\n"


def swap(cfg, text):
    """kubelet's atomic writer; returns (monotonic, wall) right after the ..data rename."""
    return lab.write_config(cfg, text, "swap")


class LegacyPoller:
    """iptables-legacy-save -t nat every POLL s from inside the namespace (one python process there, so each
    poll is one spawn, no `ip netns exec`); new -A lines are stamped with the poll's start (CLOCK_MONOTONIC is
    system-wide). Starts saving only once the agent created the nat table (saving would create it)."""
    SCRIPT = r"""
import subprocess, sys, time
poll = float(sys.argv[1])
while 'nat' not in open('/proc/net/ip_tables_names').read().split():
    time.sleep(poll)
seen = set()
while True:
    t = time.monotonic()
    out = subprocess.run(['iptables-legacy-save', '-t', 'nat'], capture_output=True, text=True).stdout
    now = {l for l in out.splitlines() if l.startswith('-A ')}
    for l in sorted(now - seen):
        print(f'{t:.6f} {l}', flush=True)
    seen = now
    time.sleep(max(0.0, t + poll - time.monotonic()))
"""

    def __init__(self, ns):
        self.lines, self.cond = [], threading.Condition()
        self.proc = subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, "-c", self.SCRIPT, str(POLL)],
                                     stdout=subprocess.PIPE, text=True)
        lab._processes.append(self.proc)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            stamp, text = line.rstrip("\n").split(" ", 1)
            with self.cond:
                self.lines.append((float(stamp), text))
                self.cond.notify_all()

    def wait(self, pattern, since, timeout):
        rx, deadline = re.compile(pattern), time.monotonic() + timeout
        with self.cond:
            while True:
                for stamp, line in self.lines:
                    if stamp >= since and rx.search(line):
                        return stamp
                if time.monotonic() >= deadline:
                    return None
                self.cond.wait(0.2)

    def close(self):
        lab.stop(self.proc)


class Agent:
    def __init__(self, which, backend, n, resync="1h", verbose=False, gc=False):
        self.which, self.backend = which, backend
        self.dir = lab.scratch(f"cost-{which}-")
        self.cfg = os.path.join(self.dir, "config")
        os.makedirs(self.cfg)
        self.log = os.path.join(self.dir, "log")
        self.ns = lab.netns("cost")
        swap(self.cfg, config(n, 0, resync))
        if backend == "iptables-legacy":
            self.observer = LegacyPoller(self.ns)
        else:
            self.observer = lab.Observer(self.ns, "nft", None)
        self.gc_log = os.path.join(self.dir, "gc.log")
        env = dict(os.environ, JAVA_OPTS=f"-Xlog:gc:file={self.gc_log}:uptime" if gc else "")
        args = [os.path.join(IMAGES[which], "bin/ip-masq-agent"), "run", f"--backend={backend}",
                f"--config-dir={self.cfg}", f"--lock-file={os.path.join(self.dir, 'lock')}", "--log-format=json"]
        if verbose:
            args.append("--v=4")
        self.launched = time.monotonic()
        self.proc = lab.spawn(["ip", "netns", "exec", self.ns, *args], self.log, env=env)
        if self.observer.wait(pattern(marker(0)), 0, 120) is None:
            raise SystemExit(f"{which} agent ({backend}) did not apply its first config; see {self.log}")

    def events(self):
        out = []
        with open(self.log, errors="replace") as f:
            for line in f:
                if line.startswith("{"):
                    try:
                        j = json.loads(line)
                    except ValueError:
                        continue
                    out.append((datetime.fromisoformat(j["time"].replace("Z", "+00:00")).timestamp(), j["msg"]))
        return out

    def cpu(self):
        return sum(lab.cpu_ticks(self.java_pid()))

    def java_pid(self):
        # ip netns exec execs the launcher, which execs java: the PID we started is the JVM's.
        return self.proc.pid

    def gc_pauses(self, after_s):
        """Pause times (ms) the JVM logged after `after_s` seconds of uptime."""
        out = []
        if os.path.exists(self.gc_log):
            for line in open(self.gc_log):
                m = re.match(r"\[(\d+\.\d+)s\].*Pause.* (\d+\.\d+)ms$", line.strip())
                if m and float(m.group(1)) >= after_s:
                    out.append(float(m.group(2)))
        return out

    def stop(self):
        rss = lab.rss_mb(self.java_pid())
        lab.stop(self.proc)
        self.observer.close()
        lab.drop(self.ns)
        return rss


def pattern(address):
    """The marker as each observer prints it: nft `100.64.0.1`, iptables-save `-d 100.64.0.1/32`."""
    return re.escape(address) + r"(/32)?(?![\d.])"


def pct(values, p):
    v = sorted(x for x in values if x is not None)
    if not v:
        return None
    return v[min(len(v) - 1, max(0, -(-p * len(v) // 100) - 1))]


def fmt(x):
    return "–" if x is None else (f"{x:.1f}" if x < 100 else f"{x:.0f}")


def stats(values):
    return f"{fmt(pct(values, 50))} / {fmt(pct(values, 99))} / {fmt(pct(values, 100))}"


def after_swap(events, wall, prefix):
    return next((ts for ts, m in events if ts >= wall - 0.002 and m.startswith(prefix)), None)


def swaps_scenario(key, title, backend, n, swaps, verbose=False, gc=False):
    """`swaps` config changes per agent, alternating agents; the kernel seeing the marker ends each."""
    agents = {w: Agent(w, backend, n, verbose=verbose, gc=gc) for w in ("before", "after")}
    time.sleep(2)
    uptime0 = {w: time.monotonic() - a.launched for w, a in agents.items()}
    samples = {w: [] for w in agents}
    for k in range(1, swaps + 1):
        for w in rng.sample(list(agents), 2):
            a = agents[w]
            mono, wall = swap(a.cfg, config(n, k))
            seen = a.observer.wait(pattern(marker(k)), mono, 60)
            samples[w].append((mono, wall, seen))
            # Let each agent settle before the other's swap (the before agent reads 10 000 elements back after
            # its own write), so neither measures the other's work.
            time.sleep(rng.uniform(0.2, 0.4) + (1.5 if n >= 10000 else 0))
    rows = {}
    for w, a in agents.items():
        ev = a.events()
        total, until_config, backend_ms, log_to_kernel, load = [], [], [], [], []
        for mono, wall, seen in samples[w]:
            total.append(None if seen is None else (seen - mono) * 1000)
            using = after_swap(ev, wall, "using config")
            synced = after_swap(ev, wall, "rules synced")
            started = after_swap(ev, wall, "sync started (CONFIG_CHANGED)")
            until_config.append(None if using is None else (using - wall) * 1000)
            backend_ms.append(None if using is None or synced is None else (synced - using) * 1000)
            log_to_kernel.append(None if synced is None or seen is None else (seen - mono) * 1000 - (synced - wall) * 1000)
            load.append(None if started is None or using is None else (using - started) * 1000)
        rows[w] = dict(total=total, until_config=until_config, backend=backend_ms, lag=log_to_kernel, load=load,
                       missed=sum(1 for x in total if x is None), gc=a.gc_pauses(uptime0[w]), rss=a.stop())
    raw[key] = rows
    return rows


def section_swaps(key, title, backend, n, swaps, note):
    rows = swaps_scenario(key, title, backend, n, swaps)
    md = [f"## {title}", "", note, "",
          "| agent | swap → kernel p50 / p99 / max ms | of which: swap → `using config` (watch, quiet period, load) "
          "| `using config` → `rules synced` (backend) | `rules synced` → seen in the kernel | not seen | RSS MB at the end |",
          "|---|---|---|---|---|---|---|"]
    for w in ("before", "after"):
        r = rows[w]
        md.append(f"| {w} ({LABELS[w]}) | {stats(r['total'])} | {stats(r['until_config'])} | {stats(r['backend'])} "
                  f"| {stats(r['lag'])} | {r['missed']} | {r['rss']:.1f} |")
    b, a = pct(rows["before"]["total"], 50), pct(rows["after"]["total"], 50)
    if a and b:
        md.append(f"\nMedian swap → kernel, before / after: {b / a:.1f}×.")
    results.append("\n".join(md) + "\n")


def scenario_noop():
    """10 000 CIDRs, resync every second, nothing changes: per-resync cost and kernel writes."""
    agents = {w: Agent(w, "nftables", 10000, resync="1s", verbose=True) for w in ("before", "after")}
    time.sleep(5)
    starts = {w: (a.cpu(), time.monotonic(), time.time(), len(a.observer.lines)) for w, a in agents.items()}
    time.sleep(NOOP_WINDOW_S)
    md = ["## nftables, 10 000 CIDRs: no-op resync", "",
          f"Both agents with `resyncInterval: 1s` and `--v=4` for {NOOP_WINDOW_S} s, nothing changing. Duration: "
          "`sync started (PERIODIC)` → `rules in sync` from the agent's log (DEBUG lines; config read and compare, "
          "backend). CPU: the agent's own and its children's CPU time (/proc) over the window / resyncs. Kernel "
          "writes: lines `nft monitor` printed for our table in the window.", "",
          "| agent | resyncs | resync p50 / p99 / max ms | CPU per resync ms | kernel writes | RSS MB at the end |",
          "|---|---|---|---|---|---|"]
    rows = {}
    for w, a in agents.items():
        cpu0, mono0, wall0, lines0 = starts[w]
        cpu1, mono1, wall1 = a.cpu(), time.monotonic(), time.time()
        ev = [(ts, m) for ts, m in a.events() if wall0 <= ts <= wall1]
        durations, open_start = [], None
        for ts, m in ev:
            if m.startswith("sync started (PERIODIC)"):
                open_start = ts
            elif open_start is not None and (m.startswith("rules in sync") or m.startswith("rules synced")):
                durations.append((ts - open_start) * 1000)
                open_start = None
        writes = [line for stamp, line in a.observer.lines[lines0:] if "ip-masq-agent" in line and stamp <= mono1]
        per_cpu = (cpu1 - cpu0) * 1000 / len(durations) if durations else None
        rows[w] = (len(durations), durations, per_cpu, len(writes), a.stop())
        md.append(f"| {w} ({LABELS[w]}) | {len(durations)} | {stats(durations)} | {fmt(per_cpu)} | {len(writes)} | {rows[w][4]:.1f} |")
    raw["noop10k"] = rows
    md.append("\nThe after agent reads the table back only every 10th sync (docs/nftables.md): its max is that read.")
    results.append("\n".join(md) + "\n")


def scenario_load():
    rows = swaps_scenario("load10k", "", "nftables", 10000, SWAPS_10K, verbose=True)
    md = ["## Loading 10 000 CIDRs in the running agent", "",
          "nftables agents at `--v=4`, each swap changes one CIDR of 10 000: from the agent's "
          "`sync started (CONFIG_CHANGED)` to its `using config` line (read the files, parse, validate, merge, "
          "build the policy), from its own log. (`--v=4` also logs the whole policy after that line, so this run's "
          "end-to-end times are not the ones above.)", "",
          "| agent | load p50 / p99 / max ms |", "|---|---|"]
    for w in ("before", "after"):
        md.append(f"| {w} ({LABELS[w]}) | {stats(rows[w]['load'])} |")
    results.append("\n".join(md) + "\n")


def scenario_gc():
    rows = swaps_scenario("gc10", "", "iptables-legacy", 10, SWAPS_10, gc=True)
    md = ["## Garbage collection during the iptables-legacy swaps", "",
          f"The iptables-legacy scenario again ({SWAPS_10} swaps per agent), the agents started with "
          "`JAVA_OPTS=-Xlog:gc:file=…` (the only difference): every GC pause the JVM logged while the swaps ran.", "",
          "| agent | swap → kernel p50 / p99 / max ms | GC pauses | total pause ms | longest pause ms |",
          "|---|---|---|---|---|"]
    for w in ("before", "after"):
        r = rows[w]
        md.append(f"| {w} ({LABELS[w]}) | {stats(r['total'])} | {len(r['gc'])} | {fmt(sum(r['gc']))} | "
                  f"{fmt(max(r['gc']) if r['gc'] else 0.0)} |")
    results.append("\n".join(md) + "\n")


def raw_tools():
    """The iptables tools alone, spawned from Python inside a namespace, for the breakdown."""
    ns = lab.netns("costraw")
    subprocess.run(["ip", "netns", "exec", ns, "iptables-legacy", "-t", "nat", "-N", "IP-MASQ-AGENT"], check=True)
    subprocess.run(["ip", "netns", "exec", ns, "iptables-nft", "-t", "nat", "-N", "IP-MASQ-AGENT"], check=True)
    payload = "*nat\n:IP-MASQ-AGENT - [0:0]\n" + "".join(
        f"-A IP-MASQ-AGENT -d {c} -m comment --comment \"x\" -j RETURN\n" for c in cidrs(10)) + "COMMIT\n"
    script = r"""
import subprocess, sys, time, statistics
payload = sys.stdin.read()
cmds = {'iptables-legacy-save -t nat': (['iptables-legacy-save', '-t', 'nat'], ''),
        'iptables-legacy-restore --noflush': (['iptables-legacy-restore', '-w', '5', '--noflush'], payload),
        'iptables-nft -S POSTROUTING (one listing)': (['iptables-nft', '-w', '5', '-t', 'nat', '-S', 'POSTROUTING'], ''),
        'iptables-nft-restore --noflush': (['iptables-nft-restore', '-w', '5', '--noflush'], payload),
        '/bin/true': (['/bin/true'], '')}
for name, (argv, stdin) in cmds.items():
    t = []
    for i in range(25):
        s = time.perf_counter(); subprocess.run(argv, input=stdin, capture_output=True, text=True); t.append((time.perf_counter() - s) * 1000)
    print(f'{name}\t{statistics.median(t):.1f}')
"""
    out = subprocess.run(["ip", "netns", "exec", ns, sys.executable, "-c", script], input=payload, capture_output=True,
                         text=True, check=True).stdout
    lab.drop(ns)
    md = ["## The iptables tools alone", "",
          "Spawned from Python inside a fresh namespace, 25 times each, median (10-CIDR chain payload): the floor "
          "under the backend column above (legacy: one save + one restore per change; iptables-nft: two "
          "single-chain listings + one restore).", "", "| command | median ms |", "|---|---|"]
    for line in out.strip().splitlines():
        name, ms = line.split("\t")
        md.append(f"| `{name}` | {ms} |")
    results.append("\n".join(md) + "\n")


def summary():
    """Issue 13's table: what each covered row was and is, against its target."""
    rows = ["| what | before | after | target |", "|---|---|---|---|"]

    def total(key, w):
        return raw[key][w]["total"]

    if "nft10k" in raw:
        rows.append("| nftables, 10 000 CIDRs: add one CIDR → in the kernel, p50 / max ms | "
                    f"{fmt(pct(total('nft10k', 'before'), 50))} / {fmt(pct(total('nft10k', 'before'), 100))} | "
                    f"{fmt(pct(total('nft10k', 'after'), 50))} / {fmt(pct(total('nft10k', 'after'), 100))} | max ≤ 30 |")
    if "noop10k" in raw:
        b, a = raw["noop10k"]["before"], raw["noop10k"]["after"]
        rows.append(f"| nftables, 10 000 CIDRs: no-op resync, p50 ms (kernel writes) | {fmt(pct(b[1], 50))} ({b[3]}) | "
                    f"{fmt(pct(a[1], 50))} ({a[3]}) | ≤ 5, no kernel write |")
    for key, name, p, target in (("nft10", "nftables, 10 CIDRs: swap → kernel, p50 / max ms", 100, "max ≤ 30"),
                                 ("legacy10", "iptables-legacy, 10 CIDRs: swap → kernel, p50 / p99 ms (20 ms poll)", 99,
                                  "p99 ≤ 50"),
                                 ("iptnft10", "iptables-nft, 10 CIDRs: swap → kernel, p50 / p99 ms", 99, "p99 ≤ 50")):
        if key in raw:
            rows.append(f"| {name} | {fmt(pct(total(key, 'before'), 50))} / {fmt(pct(total(key, 'before'), p))} | "
                        f"{fmt(pct(total(key, 'after'), 50))} / {fmt(pct(total(key, 'after'), p))} | {target} |")
    if "load10k" in raw:
        rows.append(f"| loading 10 000 CIDRs in the running agent, p50 ms | {fmt(pct(raw['load10k']['before']['load'], 50))} "
                    f"| {fmt(pct(raw['load10k']['after']['load'], 50))} | ≤ 50 |")
    return rows


def main():
    load_start = open("/proc/loadavg").read().split()[:3]
    started = time.time()
    swaps = {
        "nft10k": ("nftables, 10 000 CIDRs: add one CIDR → in the kernel", "nftables", 10000, SWAPS_10K,
                   f"{SWAPS_10K} swaps per agent, each replacing the one CIDR that differs (`nft monitor`)."),
        "nft10": ("nftables, 10 CIDRs: swap → kernel", "nftables", 10, SWAPS_10, f"{SWAPS_10} swaps per agent (`nft monitor`)."),
        "legacy10": ("iptables-legacy, 10 CIDRs: swap → kernel", "iptables-legacy", 10, SWAPS_10,
                     f"{SWAPS_10} swaps per agent. iptables-legacy has no events: a poller inside the namespace runs "
                     f"`iptables-legacy-save -t nat` every {POLL * 1000:.0f} ms and stamps new rules with the poll's "
                     f"start, so the kernel column is late by up to {POLL * 1000:.0f} ms plus one save (resolution)."),
        "iptnft10": ("iptables-nft, 10 CIDRs: swap → kernel", "iptables-nft", 10, SWAPS_10,
                     f"{SWAPS_10} swaps per agent (`nft monitor` shows iptables-nft's rules too)."),
    }
    others = {"noop10k": scenario_noop, "load10k": scenario_load, "gc": scenario_gc, "tools": raw_tools}
    for s in scenarios:
        if s in swaps:
            section_swaps(s, *swaps[s])
        elif s in others:
            others[s]()
        else:
            raise SystemExit(f"unknown scenario {s}")
    load_end = open("/proc/loadavg").read().split()[:3]
    head = ["# Cost of a change: before and after (issue 13)", "",
            "Written by `scripts/bench-cost.sh` (do not edit by hand). The first table sums up the rows of issue 13 "
            "this run covers; the sections below give each scenario with its breakdown.", "",
            *summary(), "",
            f"Measured {datetime.utcnow().strftime('%Y-%m-%dT%H:%MZ')} on {os.cpu_count()} vCPU, kernel "
            f"{os.uname().release}; load average {' '.join(load_start)} at the start, {' '.join(load_end)} at the end; "
            f"{(time.time() - started) / 60:.0f} min; {size} run. Before: {before_label}. After: {after_label}.",
            "Cells are p50 / p99 / max in ms (nearest rank: with 30 samples p99 is the largest, the max)."]
    with open(out_md, "w") as f:
        f.write("\n".join(head) + "\n\n" + "\n".join(results))
    with open(out_md + ".json", "w") as f:
        json.dump(raw, f, default=str)


main()
