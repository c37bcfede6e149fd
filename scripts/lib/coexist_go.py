"""Both agents at once on one node: the Go agent and ours in ONE node namespace, as during an in-place
migration or a blue/green overlap on a node. Counts, over a window, every rule change `nft monitor` sees
in that namespace, who made it (the Go agent's resyncs from its log, ours from its /metrics), and which
source address real packets from a pod leave with.

usage: coexist_go.py OUT_DIR IMAGE GO_BINARY WINDOW_S
Four scenarios run at the same time, each in namespaces of its own (iptables-nft mode for the Go agent):
ours with --backend=iptables-nft or --backend=nftables, with the same policy as the Go agent or with one
more exempt range (a file `ip-masq-agent-extra` that only ours reads). Both agents resync every 10 s
(`resyncInterval: 10s`; the Go agent's first sleep is always 60 s, so the window starts after its second
sync). Writes OUT_DIR/coexist-go.md and OUT_DIR/coexist-go.json.
"""
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request  # noqa: F401  (used inside the namespace through -c)

sys.path.insert(0, os.path.dirname(__file__))
import cmp_lab as lab  # noqa: E402

out_dir, image, go_binary, window_s = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
work = lab.scratch("coexist-")
tools = lab.Tools("nft", work)
agents = lab.Agents(image, go_binary, tools, work)
RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
EXTRA = "203.0.113.0/24"
MASQUERADED, EXEMPT = "203.0.113.2", "192.168.99.2"   # ext's addresses: outside / inside the shared policy
POD, NODE_OUT = "10.244.1.2", "203.0.113.1"
PROBE_EVERY_S = 2.0
SCENARIOS = [
    ("iptables-nft-same", "iptables-nft", False),
    ("iptables-nft-differ", "iptables-nft", True),
    ("nftables-same", "nftables", False),
    ("nftables-differ", "nftables", True),
]
# nft monitor lines, by what they change.
EVENTS = {
    "jump_added": r"^add rule ip nat POSTROUTING .*jump IP-MASQ-AGENT",
    "postrouting_rule_deleted": r"^delete rule ip nat POSTROUTING ",
    "chain_rule_added": r"^add rule ip nat IP-MASQ-AGENT ",
    "chain_rule_deleted": r"^delete rule ip nat IP-MASQ-AGENT |^flush chain ip nat IP-MASQ-AGENT",
    "chain_deleted": r"^delete chain ip nat IP-MASQ-AGENT",
    "nft_table_changed": r" inet ip-masq-agent",
}
RECEIVER = r"""
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('0.0.0.0', 9999))
while True:
    data, peer = s.recvfrom(64)
    print(data.decode(), peer[0], flush=True)
"""
SENDER = r"""
import socket, sys
for dst in sys.argv[2:]:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)   # a new socket: a new flow, NATed afresh
    s.sendto(f'{sys.argv[1]} {dst}'.encode(), (dst, 9999))
    s.close()
"""
SCRAPE = "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:10267/metrics', timeout=5).read().decode())"


def count(path, pattern):
    with open(path, errors="replace") as f:
        return len(re.findall(pattern, f.read(), re.M))


def metrics(ns):
    out = subprocess.run(["ip", "netns", "exec", ns, sys.executable, "-c", SCRAPE], capture_output=True, text=True)
    values = {}
    for line in out.stdout.splitlines():
        m = re.match(r"^(ip_masq_agent_(?:drift_repairs_total|syncs_total\{result=\"synced\"\}|"
                     r"sync_triggers_total\{trigger=\"(?:periodic|external_change)\"\}))\s+(\S+)$", line)
        if m:
            values[m.group(1)] = float(m.group(2))
    return values


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def bursts(stamps, gap=0.3):
    """Changes closer than `gap` seconds belong to one write (a transaction shows as several lines)."""
    n, last = 0, None
    for s in sorted(stamps):
        if last is None or s - last > gap:
            n += 1
        last = s
    return n


def scenario(name, backend, differ, results):
    pod, node, ext = lab.topology()
    subprocess.run(["ip", "-n", ext, "addr", "add", f"{EXEMPT}/24", "dev", "eth0"], check=True)
    subprocess.run(["ip", "-n", ext, "route", "add", "10.244.0.0/16", "via", NODE_OUT], check=True)
    d = lab.scratch(f"coexist-{name}-")
    cfg = os.path.join(d, "config")
    lab.write_config(cfg, lab.cidr_config(RFC1918, "10s"))
    if differ:  # only ours reads it: the Go agent reads /etc/config/ip-masq-agent alone
        with open(os.path.join(cfg, "ip-masq-agent-extra"), "w") as f:
            f.write(f"nonMasqueradeCIDRs: [{EXTRA}]\n")
    received = os.path.join(d, "received")
    lab.spawn(["ip", "netns", "exec", ext, sys.executable, "-u", "-c", RECEIVER], received)
    observer = lab.Observer(node, "nft", tools)
    go_log, our_log = os.path.join(d, "go.log"), os.path.join(d, "ours.log")
    go = agents.go_agent(node, cfg, go_log, ["--v=2"])
    if not observer.wait(lab.JUMP, 0, 30):
        raise SystemExit(f"{name}: the Go agent wrote no jump within 30 s (see {go_log})")
    ours = agents.ours(node, cfg, backend, our_log)
    # The Go agent's first sleep is 60 s whatever the config says: start after its second sync.
    if not wait_for(lambda: count(go_log, r"using config:") >= 2, 90):
        raise SystemExit(f"{name}: the Go agent did not resync within 90 s (see {go_log})")
    time.sleep(1)
    t0, m0 = time.monotonic(), metrics(node)
    go0, rep0 = count(go_log, r"using config:"), count(our_log, r"rules repaired")
    probes, k = [], 0
    while time.monotonic() - t0 < window_s:
        tag = f"p{k}"
        subprocess.run(["ip", "netns", "exec", pod, sys.executable, "-c", SENDER, tag, MASQUERADED, EXEMPT], check=True)
        probes.append(tag)
        k += 1
        time.sleep(PROBE_EVERY_S)
    t1, m1 = time.monotonic(), metrics(node)
    go1, rep1 = count(go_log, r"using config:"), count(our_log, r"rules repaired")
    time.sleep(0.5)
    seen = {}
    with open(received) as f:
        for line in f:
            tag, dst, src = line.split()
            seen[(tag, dst)] = src
    lines = [(s, ln) for s, ln in observer.lines if t0 <= s <= t1]
    events = {k2: sum(1 for _, ln in lines if re.search(rx, ln)) for k2, rx in EVENTS.items()}
    save = tools.run(node, "iptables-save", "-t", "nat").stdout
    nft_table = subprocess.run(["ip", "netns", "exec", node, "nft", "list", "table", "inet", "ip-masq-agent"],
                               capture_output=True, text=True).stdout
    alive = {"go": go.poll() is None, "ours": ours.poll() is None}
    observer.close()
    lab.stop(ours)
    lab.stop(go)

    def verdicts(dst):
        got = [seen.get((t, dst)) for t in probes]
        return {"masqueraded": got.count(NODE_OUT), "pod_address": got.count(POD), "lost": got.count(None)}

    delta = {k2: m1.get(k2, 0) - m0.get(k2, 0) for k2 in set(m0) | set(m1)}
    results[name] = {
        "backend": backend, "ours_exempts_extra": differ, "window_s": round(t1 - t0, 1),
        "go_resyncs": go1 - go0, "ours_metrics_delta": delta, "ours_repair_log_lines": rep1 - rep0,
        "rule_change_bursts": bursts([s for s, _ in lines]), "events": events,
        "probes": {MASQUERADED: verdicts(MASQUERADED), EXEMPT: verdicts(EXEMPT)},
        "final_jumps": len(re.findall(r"^-A POSTROUTING .*-j IP-MASQ-AGENT", save, re.M)),
        "final_quoted_jumps": len(re.findall(r'^-A POSTROUTING .*--comment "\\"', save, re.M)),
        "final_chain_rules": len(re.findall(r"^-A IP-MASQ-AGENT ", save, re.M)),
        "final_nft_table": bool(nft_table.strip()), "alive_at_end": alive,
        "iptables_save": [ln for ln in save.splitlines() if ln.startswith("-A")],
        "monitor_sample": [f"{s - t0:7.3f} {ln}" for s, ln in lines[:120]],
    }


def fight(r):
    repairs = r["ours_metrics_delta"].get("ip_masq_agent_drift_repairs_total", 0)
    return repairs > 0 and r["go_resyncs"] > 0


def main():
    results, errors = {}, []

    def run(args):
        try:
            scenario(*args, results)
        except BaseException as e:  # noqa: BLE001  (reported, the other scenarios go on)
            errors.append(f"{args[0]}: {e}")

    threads = [threading.Thread(target=run, args=(s,)) for s in SCENARIOS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "coexist-go.json"), "w") as f:
        json.dump({"go": os.path.basename(os.path.dirname(go_binary)), "window_s": window_s,
                   "scenarios": results, "errors": errors}, f, indent=1, sort_keys=True)
    rows = []
    for name, _, _ in SCENARIOS:
        r = results.get(name)
        if r is None:
            rows.append(f"| {name} | error | | | | | | | |")
            continue
        e, p = r["events"], r["probes"]
        rows.append(
            f"| {name} | {r['go_resyncs']} | {int(r['ours_metrics_delta'].get('ip_masq_agent_drift_repairs_total', 0))} "
            f"| {r['rule_change_bursts']} | +{e['jump_added']} / -{e['postrouting_rule_deleted']} "
            f"| +{e['chain_rule_added']} / -{e['chain_rule_deleted']} | {e['nft_table_changed']} "
            f"| {p[MASQUERADED]['masqueraded']}/{p[MASQUERADED]['pod_address']}/{p[MASQUERADED]['lost']} "
            f"| {p[EXEMPT]['masqueraded']}/{p[EXEMPT]['pod_address']}/{p[EXEMPT]['lost']} "
            f"| {r['final_jumps']} ({r['final_quoted_jumps']} quoted), {r['final_chain_rules']} chain rules"
            f"{', nft table' if r['final_nft_table'] else ''} | {'**yes**' if fight(r) else 'no'} |")
    with open(os.path.join(out_dir, "coexist-go.md"), "w") as f:
        f.write(f"""# Both agents at once on one node: last results

Written by `scripts/coexist-go.sh` {time.strftime('%Y-%m-%d')}: {os.path.basename(os.path.dirname(go_binary))} and this agent
in one node network namespace, both resyncing every 10 s, observed for {window_s:.0f} s with `nft monitor`
(iptables-nft mode). "differ": ours also reads `ip-masq-agent-extra` (`{EXTRA}` exempt), the Go agent does
not. Probes: a new UDP flow from the pod ({POD}) to {MASQUERADED} (masqueraded by both policies unless ours
exempts it) and to {EXEMPT} (exempt in both) every {PROBE_EVERY_S:.0f} s; the source address seen by the
receiver is counted as masqueraded / pod address / lost. Fight = ours repaired its rules while its policy
did not change, and the Go agent resynced in the same window. Raw data: [coexist-go.json](coexist-go.json).
What it means for a migration: [migration.md](../migration.md#both-agents-at-once).

| scenario | Go resyncs | ours: drift repairs | bursts of rule changes | POSTROUTING jump added / rule deleted | IP-MASQ-AGENT rules added / deleted | changes to `inet ip-masq-agent` | to {MASQUERADED}: masq / pod / lost | to {EXEMPT}: masq / pod / lost | at the end: jumps | fight |
|---|---|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}
""" + ("\nErrors: " + "; ".join(errors) + "\n" if errors else ""))
    print("\n".join(rows))
    if errors:
        print("errors: " + "; ".join(errors), file=sys.stderr)
        sys.exit(2)
    sys.exit(1 if any(fight(r) for r in results.values()) else 0)


main()
