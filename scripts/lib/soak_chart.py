"""Charts (SVG, gnuplot) of a soak's samples: usage: soak_chart.py DIR (reads DIR/samples.csv, writes DIR/soak-*.svg)."""
import csv
import os
import subprocess
import sys
import tempfile

out = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(out, "samples.csv"))))
backends = sorted({r["backend"] for r in rows})
tmp = tempfile.mkdtemp(prefix="soak-chart-")
COLORS = ["#4c72b0", "#dd8452", "#55a868", "#c44e52"]
CHARTS = [("soak-memory", "RSS (solid) and heap after GC (dashed)", "MB", [("rss_mb", 1), ("heap_after_gc_mb", 2)]),
          ("soak-threads-fds", "threads (solid) and open fds (dashed)", "count", [("threads", 1), ("fds", 2)]),
          ("soak-sync", "mean sync duration per 30 s window", "ms", [("sync_ms", 1)])]
for name, title, unit, series in CHARTS:
    plots = []
    for i, b in enumerate(backends):
        dat = os.path.join(tmp, f"{name}-{b}.dat")
        with open(dat, "w") as f:
            for r in rows:
                if r["backend"] == b:
                    f.write(f"{int(r['t_s']) / 60:.2f} " + " ".join(r[c] or "?" for c, _ in series) + "\n")
        for k, (col, dash) in enumerate(series):
            label = b if k == 0 else ""
            plots.append(f"'{dat}' using 1:{k + 2} with lines lw 2 dt {dash} lc rgb '{COLORS[i % 4]}' title '{label}'")
    script = f"""set terminal svg size 760,440 dynamic enhanced font "Helvetica,13" background rgb "white"
set output '{os.path.join(out, name + '.svg')}'
set title "{title}"
set xlabel "minutes"
set ylabel "{unit}"
set grid ytics
set key outside right top
set datafile missing "?"
set yrange [0:*]
plot {", ".join(plots)}
"""
    gp = os.path.join(tmp, name + ".gp")
    open(gp, "w").write(script)
    subprocess.run(["gnuplot", gp], check=True)
    print("wrote", os.path.join(out, name + ".svg"))
