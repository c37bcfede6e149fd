#!/usr/bin/env bash
# Soak (not CI): the runtime image as a long-running agent in a network namespace per kernel backend, all
# backends at once, for MINUTES (default 60): config changes every 2 s (kubelet-style ..data swap, valid and
# invalid in turn), drift every minute, endpoints scraped every 10 s, four slow HTTP clients; a sample of RSS,
# heap after GC, threads, fds and sync duration every 30 s. Passes when the rules end equal to the last valid
# config and no sample after the warm-up exceeds the warm-up's maximum by more than the margins in
# scripts/lib/soak.py. Writes docs/soak/{samples.csv,summary.md,soak-*.svg}; docs/soak.md explains them.
#   scripts/soak.sh [MINUTES] [BACKEND...]   (default 60; iptables-legacy iptables-nft nftables)
# Needs root (network namespaces); builds the image when missing (IMAGE=... to use another).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
bench_need_root
bench_apt curl curl
bench_apt gnuplot gnuplot-nox
bash scripts/install-test-deps.sh >/dev/null
minutes=${1:-60}
[ $# -gt 0 ] && shift
backends=("$@")
[ ${#backends[@]} -gt 0 ] || backends=(iptables-legacy iptables-nft nftables)
image=$(bench_image)
out=docs/soak
mkdir -p "$out"
status=0
python3 scripts/lib/soak.py "$image" "$out" "$minutes" "${backends[@]}" || status=$?
python3 scripts/lib/soak_chart.py "$out"
exit $status
