"""Writes DIR/summary.md from DIR/results.csv + DIR/meta.json (cmp_run.py), and when DIR is the docs'
results directory, the table between the markers of docs/comparison.md.
usage: cmp_report.py DIR [PAGE]
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from cmp_stats import Results, load  # noqa: E402

out = sys.argv[1]
page = sys.argv[2] if len(sys.argv) > 2 else None
res = Results(load(os.path.join(out, "results.csv")))
meta = json.load(open(os.path.join(out, "meta.json")))
ipt = "iptables-" + meta["mode"]


def fmt(s, unit):
    if s is None:
        return "–"
    med, lo, hi, _ = s
    digits = 0 if med >= 100 else 1 if med >= 10 else 2
    f = lambda x: f"{x:.{digits}f}"  # noqa: E731
    return f"{f(med)} ({f(lo)}–{f(hi)}) {unit}"


def verdict(r, lower_better=True):
    """Who wins by the median ratio ours/Go: "**ours**, 20× less" or "**Go**: ours 8.8× as much"."""
    if r is None:
        return "–"
    med, lo, hi = r[0], r[1], r[2]
    if med == 0 or abs(med - 1) < 0.05:
        return "even"
    if lo < 1 < hi:   # repetitions disagree on the winner
        return "no clear winner (repetitions disagree)"
    ours_better = med < 1 if lower_better else med > 1
    factor = 1 / med if med < 1 else med
    x = f"{factor:.0f}" if factor >= 10 else f"{factor:.1f}"
    if ours_better:
        return f"**ours**, {x}× {'less' if lower_better else 'more'}"
    return f"**Go**: ours {x}× {'as much' if lower_better else 'less'}"


def ratio_text(r):
    f = lambda x: f"{x:.2f}" if x >= 0.1 or x == 0 else f"{x:.2g}"  # noqa: E731
    return "–" if r is None else f"{f(r[0])} ({f(r[1])}–{f(r[2])})"


ROWS = [  # label, metric, n, unit
    ("launch → rules in the kernel, 3 CIDRs", "launch_to_rules", 3, "ms"),
    ("launch → rules in the kernel, 64 CIDRs", "launch_to_rules", 64, "ms"),
    ("RSS 20 s after launch", "rss_20s", 3, "MB"),
    ("RSS at the end of the idle window", "rss_end", 3, "MB"),
    ("idle CPU per hour, agent process (default resync)", "cpu_agent_per_h", 3, "s"),
    ("idle CPU per hour, its iptables children", "cpu_children_per_h", 3, "s"),
    ("config change → rules, kubelet `..data` swap, default resync", "change_swap_default", 3, "ms"),
    ("config change → rules, plain rename, default resync", "change_rename_default", 3, "ms"),
    ("drift (chain flushed, jump deleted) → healed, default resync", "drift_default", 3, "ms"),
    ("config change → rules, `..data` swap, resync 1 s", "change_swap_1s", 3, "ms"),
    ("config change → rules, plain rename, resync 1 s", "change_rename_1s", 3, "ms"),
    ("drift → healed, resync 1 s", "drift_1s", 3, "ms"),
] + [(f"CPU per resync with nothing to change, {n} CIDRs", "noop_cpu_per_sync", n, "ms") for n in (3, 10, 64, 1000, 10000)] \
  + [(f"CPU per config change applied, {n} CIDRs", "apply_cpu_per_sync", n, "ms") for n in (3, 10, 64, 1000, 10000)] \
  + [(f"`..data` swap → rules, watcher only (resync 1 h), {n} CIDRs", "apply_latency", n, "ms") for n in (3, 10, 64, 1000, 10000)]

lines = [
    f"Measured {meta['started']} – {meta['finished']} on {meta['cpus']} vCPU, kernel {meta['kernel']}, {meta['iptables']}, "
    f"{meta['nft']}; load average {' '.join(meta['load_start'])} at the start, {' '.join(meta['load_end'])} at the end. "
    f"Go: {meta['go']}; ours: {meta['ours']}. {meta['reps']} repetitions ({meta['size']} run), "
    f"observer: {meta['observer']}. Values: median (min–max); ratio = ours/Go within one repetition, median (min–max).",
    *([f"Partial reruns merged into these results: {'; '.join(meta['merged'])}."] if meta.get("merged") else []),
    "",
    f"| measurement | Go ({ipt}) | ours, {ipt} | ratio | ours, nftables | ratio | winner (iptables vs Go; lower is better) |",
    "|---|---|---|---|---|---|---|",
]
for label, metric, n, unit in ROWS:
    go = res.stat(metric, "go", ipt, n)
    ours = res.stat(metric, "ours", ipt, n)
    nft = res.stat(metric, "ours", "nftables", n)
    if go is None and ours is None and nft is None:
        continue
    r = res.ratio(metric, ("ours", ipt, n), ("go", ipt, n))
    rn = res.ratio(metric, ("ours", "nftables", n), ("go", ipt, n))
    lines.append(f"| {label} | {fmt(go, unit) if go else 'n/a'} | {fmt(ours, unit)} | {ratio_text(r)} | {fmt(nft, unit)} | "
                 f"{ratio_text(rn)} | {verdict(r) if r else ('ours only' if go is None else '–')} |")

flows_n = sorted({n for n in res.ns("flows_per_cpu_s", "chain", ipt)})
if flows_n:
    lines += ["", f"Dataplane: new UDP flows per CPU-second of the sender (the Go agent's chain and our `{ipt}` chain are the same",
              "rules; our nftables backend uses an interval set). Relative = rate / rate at 0 CIDRs of the same repetition.", "",
              f"| CIDRs | linear chain ({ipt}) | relative | nftables set | relative | set / chain |", "|---|---|---|---|---|---|"]
    for n in flows_n:
        chain, setv = res.stat("flows_per_cpu_s", "chain", ipt, n), res.stat("flows_per_cpu_s", "set", "nftables", n)
        rc = res.ratio("flows_per_cpu_s", ("chain", ipt, n), ("chain", ipt, 0))
        rs = res.ratio("flows_per_cpu_s", ("set", "nftables", n), ("set", "nftables", 0))
        sc = res.ratio("flows_per_cpu_s", ("set", "nftables", n), ("chain", ipt, n))
        lines.append(f"| {n} | {fmt(chain, '/s')} | {ratio_text(rc)} | {fmt(setv, '/s')} | {ratio_text(rs)} | {ratio_text(sc)} |")

disk = [(label, res.stat(m, a, ipt, 0)) for label, m, a in (
    ("Go binary (static)", "binary", "go"), ("our runtime image (jlink + AOT cache)", "runtime_image", "ours"),
    ("our runtime image without the AOT cache", "runtime_image_without_aot", "ours"),
    ("our container image (FROM scratch, + iptables, nft, libs)", "container_image", "ours"))]
if any(s for _, s in disk):
    lines += ["", "| on disk | MB |", "|---|---|"] + [f"| {label} | {s[0]:.1f} |" for label, s in disk if s]

text = "\n".join(lines) + "\n"
with open(os.path.join(out, "summary.md"), "w") as f:
    f.write(text)
if page:
    body = open(page).read()
    new = re.sub(r"(<!-- summary:begin[^>]*-->\n).*?(<!-- summary:end -->)", lambda m: m.group(1) + text + m.group(2), body, flags=re.S)
    open(page, "w").write(new)
print(text)
