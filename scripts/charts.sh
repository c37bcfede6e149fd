#!/usr/bin/env bash
# Draws the benchmark charts (SVG, gnuplot) from committed results; installs gnuplot when missing.
#   scripts/charts.sh [RESULTS_DIR]   comparison charts from RESULTS_DIR (default docs/comparison, written
#                                     next to its results.csv) and the charts of the docs/benchmarks-*.md
#                                     tables into docs/charts/
#   scripts/charts.sh --check         CI: draws every chart from a small committed sample into
#                                     target/charts-check/ and checks each is a labelled SVG
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
if [ "${1:-}" = "--check" ] && ! command -v gnuplot >/dev/null 2>&1 && [ "$(id -u)" != 0 ]; then
  echo "note: gnuplot missing and not root: charts check skipped (scripts/install-test-deps.sh as root installs it)" >&2
  exit 0
fi
bench_apt gnuplot gnuplot-nox
bench_apt python3 python3
if [ "${1:-}" = "--check" ]; then
  out=target/charts-check
  rm -rf "$out" && mkdir -p "$out"
  cp -r scripts/lib/testdata/compare-sample "$out/sample"
  python3 scripts/lib/charts.py "$out/sample" docs "$out/comparison" "$out/pages" >"$out/log" 2>&1 \
    || { cat "$out/log" >&2; echo "charts check: gnuplot failed" >&2; exit 1; }
  python3 scripts/lib/cmp_report.py "$out/sample" >/dev/null && grep -q '^| launch → rules' "$out/sample/summary.md" \
    || { echo "charts check: summary table failed" >&2; exit 1; }
  expected="cmp-launch cmp-memory cmp-idle-cpu cmp-reload cmp-sync-cost cmp-dataplane cmp-disk"
  expected="$expected reload-latency rss-churn iptables-sync-cost nftables-apply-cost new-flow-rate"
  bad=0
  for c in $expected; do
    f=$(ls "$out"/*/"$c.svg" 2>/dev/null | head -1)
    if [ -z "$f" ] || ! grep -q '<svg' "$f" || [ "$(grep -c '<text' "$f")" -lt 5 ]; then
      echo "charts check: $c.svg missing or without labels" >&2; bad=1
    fi
  done
  [ "$bad" = 0 ] && echo "charts check: $(echo $expected | wc -w) charts drawn from the sample"
  exit "$bad"
fi
results="${1:-docs/comparison}"
mkdir -p docs/charts
if [ -f "$results/results.csv" ]; then
  python3 scripts/lib/charts.py "$results" docs "$results" docs/charts
else
  python3 scripts/lib/charts.py - docs "$results" docs/charts
fi
