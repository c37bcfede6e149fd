"""Charts (SVG, drawn by gnuplot) of the comparison results and of the existing benchmark pages.

usage: charts.py RESULTS_DIR PAGES_DIR OUT_COMPARE OUT_PAGES
  RESULTS_DIR: a results.csv + meta.json of cmp_run.py ("-" to skip); charts into OUT_COMPARE.
  PAGES_DIR: where docs/benchmarks-*.md are; charts of their tables into OUT_PAGES.
A chart whose data is missing is skipped (and named); gnuplot errors fail the run.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from cmp_stats import Results, load  # noqa: E402

results_dir, pages_dir, out_cmp, out_pages = sys.argv[1:5]
tmp = tempfile.mkdtemp(prefix="charts-")
made, skipped = [], []

HEAD = """set terminal svg size 760,440 dynamic enhanced font "Helvetica,13" background rgb "white"
set output '{out}'
set title "{title}"
set xlabel "{xlabel}"
set ylabel "{ylabel}"
set grid ytics
set key {key}
set datafile missing "?"
set border 3
set xtics nomirror
set ytics nomirror
"""
BARS = """set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.75 border -1
set boxwidth 0.9
set yrange [{ymin}:*]
"""
COLORS = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c"]


def q(s):
    return '"' + str(s).replace('"', "'") + '"'


def num(x):
    return "?" if x is None else f"{x:.6g}"


def render(name, out_dir, script, data):
    os.makedirs(out_dir, exist_ok=True)
    dat = os.path.join(tmp, name + ".dat")
    with open(dat, "w") as f:
        f.write(data)
    gp = os.path.join(tmp, name + ".gp")
    with open(gp, "w") as f:
        f.write(script.replace("DATA", q(dat)))
    subprocess.run(["gnuplot", gp], check=True)
    preview = os.environ.get("CHARTS_PREVIEW")   # a directory: PNG copies to look at
    if preview:
        os.makedirs(preview, exist_ok=True)
        png = script.replace("DATA", q(dat)).replace("set terminal svg", "set terminal pngcairo")
        png = re.sub(r"set output '.*'", f"set output '{preview}/{name}.png'", png).replace("Helvetica,13", "Sans,10").replace(" dynamic", "")
        subprocess.run(["gnuplot"], input=png, text=True, check=True)
    made.append(os.path.join(out_dir, name + ".svg"))


def bars(name, out_dir, title, ylabel, groups, series, log=False, xlabel="", key="outside bottom center horizontal"):
    """groups: [(label, [(med, lo, hi) or None per series])]; series: titles."""
    if not groups or all(s is None for _, ss in groups for s in ss):
        skipped.append(name)
        return
    data = "".join(q(g) + " " + " ".join(" ".join(num(v) for v in (s or (None, None, None))) for s in ss) + "\n"
                   for g, ss in groups)
    head = HEAD.format(out=os.path.join(out_dir, name + ".svg"), title=title, xlabel=xlabel, ylabel=ylabel, key=key)
    head += BARS.format(ymin="0.5" if log else "0") + ("set logscale y\n" if log else "")
    plots = [f"DATA using {2 + 3 * i}:{3 + 3 * i}:{4 + 3 * i}{':xtic(1)' if i == 0 else ''} title {q(t)} lc rgb '{COLORS[i]}'"
             for i, t in enumerate(series)]
    render(name, out_dir, head + "plot " + ", \\\n  ".join(plots) + "\n", data)


def lines(name, out_dir, title, xlabel, ylabel, curves, logx=True, logy=True, key="top left", yrange="*:*"):
    """curves: [(title, [(x, med, lo, hi)])]; one data block per curve."""
    curves = [(t, pts) for t, pts in curves if pts]
    if not curves:
        skipped.append(name)
        return
    data = "\n\n\n".join("\n".join(f"{x} {num(m)} {num(lo)} {num(hi)}" for x, m, lo, hi in pts) for _, pts in curves) + "\n"
    head = HEAD.format(out=os.path.join(out_dir, name + ".svg"), title=title, xlabel=xlabel, ylabel=ylabel, key=key)
    head += ("set logscale x\n" if logx else "") + ("set logscale y\n" if logy else "") + f"set yrange [{yrange}]\n"
    plots = [f"DATA index {i} using 1:2:3:4 with yerrorlines lw 2 pt 7 lc rgb '{COLORS[i % 8]}' title {q(t)}"
             for i, (t, _) in enumerate(curves)]
    render(name, out_dir, head + "plot " + ", \\\n  ".join(plots) + "\n", data)


def s3(s):
    return None if s is None else s[:3]


def comparison():
    res = Results(load(os.path.join(results_dir, "results.csv")))
    meta = json.load(open(os.path.join(results_dir, "meta.json")))
    ipt = "iptables-" + meta["mode"]
    go = f"Go {meta['go'].replace('ip-masq-agent-', '')} ({ipt})"
    trio = [("go", ipt), ("ours", ipt), ("ours", "nftables")]
    names = [go, f"ours, {ipt}", "ours, nftables"]
    bars("cmp-launch", out_cmp, "Launch to rules in the kernel (median, min-max)", "milliseconds",
         [(f"{n} CIDRs", [s3(res.stat("launch_to_rules", a, b, n)) for a, b in trio]) for n in (3, 64)], names)
    bars("cmp-memory", out_cmp, "Resident memory (VmRSS) of the idle agent", "MB",
         [(label, [s3(res.stat(m, a, b, 3)) for a, b in trio]) for label, m in
          (("20 s after launch", "rss_20s"), (f"after {meta['idle_seconds'] // 60} min", "rss_end"))], names)
    bars("cmp-idle-cpu", out_cmp, f"Idle CPU per hour at the default resync ({meta['idle_seconds'] // 60} min window, scaled)",
         "CPU seconds per hour", [(label, [s3(res.stat(m, a, b, 3)) for a, b in trio]) for label, m in
                                  (("agent process", "cpu_agent_per_h"), ("iptables children", "cpu_children_per_h"))], names)
    dflt = meta.get("default_resync", "default")
    scen = [(f"swap {dflt}", "change_swap_default"), (f"rename {dflt}", "change_rename_default"),
            (f"drift {dflt}", "drift_default"), ("swap 1s", "change_swap_1s"),
            ("rename 1s", "change_rename_1s"), ("drift 1s", "drift_1s")]
    bars("cmp-reload", out_cmp, "Config change (kubelet ..data swap, plain rename) or drift to rules, at two resync intervals", "milliseconds (log)",
         [(label, [s3(res.stat(m, a, ipt, 3)) for a in ("go", "ours")]) for label, m in scen
          if res.stat(m, "go", ipt, 3) or res.stat(m, "ours", ipt, 3)], [go, f"ours, {ipt}"], log=True)
    curves = []
    for agent, backend, metric, title in (("go", ipt, "apply_cpu_per_sync", f"{go}: every resync (full rewrite)"),
                                          ("ours", ipt, "noop_cpu_per_sync", f"ours {ipt}: resync, nothing to change"),
                                          ("ours", ipt, "apply_cpu_per_sync", f"ours {ipt}: config change"),
                                          ("ours", "nftables", "noop_cpu_per_sync", "ours nftables: resync, nothing to change"),
                                          ("ours", "nftables", "apply_cpu_per_sync", "ours nftables: config change")):
        curves.append((title, [(n, *s3(res.stat(metric, agent, backend, n))) for n in res.ns(metric, agent, backend)]))
    lines("cmp-sync-cost", out_cmp, "CPU per sync (agent + its children) vs number of CIDRs", "CIDRs (log)",
          "CPU milliseconds per sync (log)", curves)
    flows = []
    for kind, backend, title in (("chain", ipt, f"linear chain ({ipt}; the Go agent's rules)"), ("set", "nftables", "nftables interval set (ours)")):
        pts = [(n, *s3(res.ratio("flows_per_cpu_s", (kind, backend, n), (kind, backend, 0)))) for n in res.ns("flows_per_cpu_s", kind, backend) if n > 0]
        flows.append((title, [p for p in pts if p[1] is not None]))
    lines("cmp-dataplane", out_cmp, "New flows per CPU-second, relative to 0 CIDRs", "CIDRs (log)",
          "relative rate (1 = as with no CIDRs)", flows, logy=False, key="bottom left", yrange="0:1.2")
    disk = [(label, [s3(res.stat(m, a, ipt, 0))]) for label, m, a in (
        ("Go binary", "binary", "go"), ("our jlink image", "runtime_image", "ours"),
        ("our image, no AOT cache", "runtime_image_without_aot", "ours"), ("our container image", "container_image", "ours"))]
    bars("cmp-disk", out_cmp, "On disk", "MB", [d for d in disk if d[1][0]], ["size"], key="off")


def md_tables(path):
    """Every markdown table of a page as (heading, header cells, rows of cells)."""
    tables, heading, cur = [], "", None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("#"):
            heading = line.lstrip("# ")
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if cur is None:
                cur = (heading, cells, [])
                tables.append(cur)
            elif not set("".join(cells)) <= set("-: "):
                cur[2].append(cells)
        else:
            cur = None
    return tables


def table(page, *header_words):
    path = os.path.join(pages_dir, page)
    if not os.path.exists(path):
        return None
    for heading, head, rows in md_tables(path):
        if all(any(w in h for h in head) for w in header_words):
            return head, rows
    return None


def col(head, word):
    return next(i for i, h in enumerate(head) if word in h)


def f(x):
    m = re.match(r"[-+]?\d+(\.\d+)?", x.replace(",", ""))
    return float(m.group(0)) if m else None


def pages():
    t = table("benchmarks-reconciler.md", "p50", "p99")
    if t:
        head, rows = t
        groups = [(r[0], [(f(r[col(head, k)]), None, None) for k in ("p50", "p90", "p99", "max")]) for r in rows]
        groups = [(g, [(m, m, m) for m, _, _ in ss]) for g, ss in groups]
        bars("reload-latency", out_pages, "..data swap to rules in the kernel, per backend (100 swaps)", "milliseconds",
             groups, ["p50", "p90", "p99", "max"], key="top right")
    t = table("benchmarks-reconciler.md", "RSS start")
    if t:
        head, rows = t
        bars("rss-churn", out_pages, "Agent RSS during 10 config changes per second, per backend", "MB",
             [(r[0], [(f(r[col(head, k)]),) * 3 for k in ("RSS start", "RSS middle", "RSS end")]) for r in rows],
             ["after the first sync", "halfway", "at the end"], key="bottom right")
    t = table("benchmarks-iptables.md", "sync (rewrite)")
    if t:
        head, rows = t
        curves = []
        for mode in ("legacy", "nft"):
            sel = [r for r in rows if r[0] == mode and f(r[col(head, "unrelated")]) == 0]
            for k, label in (("sync (rewrite)", "sync, rewrite"), ("no-op sync", "sync, nothing to change"), ("raw restore", "raw iptables-restore")):
                curves.append((f"{mode}: {label}", [(f(r[1]), f(r[col(head, k)]), f(r[col(head, k)]), f(r[col(head, k)])) for r in sel]))
        lines("iptables-sync-cost", out_pages, "iptables backend: sync cost vs CIDRs (wall, median)", "CIDRs (log)",
              "milliseconds (log)", curves)
    t = table("benchmarks-nftables.md", "in-process libnftables")
    if t:
        head, rows = t
        curves = [(label, [(f(r[0]), f(r[col(head, k)]), f(r[col(head, k)]), f(r[col(head, k)])) for r in rows])
                  for k, label in (("in-process libnftables", "in-process replace (libnftables)"),
                                   ("spawned", "spawned nft -f -"), ("raw", "raw nft -f FILE"),
                                   ("no-op", "no-op sync, in-process"))]
        lines("nftables-apply-cost", out_pages, "nftables backend: apply cost vs CIDRs (wall, median)", "CIDRs (log)",
              "milliseconds (log)", curves)
    t = table("benchmarks-nftables.md", "relative to its 0")
    if t:
        head, rows = t
        rel = [i for i, h in enumerate(head) if "relative" in h]
        curves = [(label, [(f(r[0]), f(r[i]), f(r[i]), f(r[i])) for r in rows if f(r[0])])
                  for i, label in zip(rel, ("nftables interval set", "iptables-legacy linear chain"))]
        lines("new-flow-rate", out_pages, "New UDP flows per second relative to 0 CIDRs", "CIDRs (log)",
              "relative rate", curves, logy=False, key="bottom left", yrange="0:1.2")


try:
    if results_dir != "-":
        comparison()
    pages()
finally:
    shutil.rmtree(tmp, ignore_errors=True)
print(f"charts: {len(made)} written" + (f"; skipped (no data): {', '.join(skipped)}" if skipped else ""))
for m in made:
    print("  " + m)
