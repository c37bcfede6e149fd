#!/usr/bin/env bash
# Side by side with the Go original (kubernetes-sigs/ip-masq-agent), both in throw-away network
# namespaces, interleaved, then the charts and the summary table of docs/comparison.md.
#
#   scripts/bench-compare.sh GO [--quick | --full] [--mode nft|legacy] [--out DIR] [--container] [PHASE...]
#
# GO is the Go agent: a built binary, or the source tarball of a tag with its vendor/ directory
# (`git archive --prefix=ip-masq-agent-v2.11.0/ v2.11.0 | gzip > ip-masq-agent-v2.11.0-src.tar.gz` in a
# clone of the upstream repository), built here with Debian's golang-go into target/go-peer/.
# --quick (default): 2 repetitions, short windows, a smoke run (~5 min) written to target/bench-compare.
# --full: 5 repetitions, the 10-minute idle window, the default-resync reloads (~25 min), written to
#   docs/comparison/ (results.csv, meta.json, charts) and the tables of docs/comparison.md.
# --mode: which iptables both agents use (the Go agent gets a PATH whose `iptables*` are links to
#   xtables-<mode>-multi); default nft (observed with `nft monitor`, no polling).
# --container: also build our container image (podman) to record its size.
# PHASES: launch idle reload cost dataplane disk (default: all).
# Needs root (network namespaces), iptables, nftables, python3, JDK 25; installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
go_source="${1:?usage: $0 GO_BINARY_OR_SOURCE_TARBALL [--quick|--full] [--mode nft|legacy] [--out DIR] [--container] [PHASE...]}"
shift
size=quick mode=nft out="" container=false phases=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) size=quick; shift ;;
    --full) size=full; shift ;;
    --mode) mode="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --container) container=true; shift ;;
    launch|idle|reload|cost|dataplane|disk) phases+=("$1"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ "$mode" = nft ] || [ "$mode" = legacy ] || { echo "--mode is nft or legacy" >&2; exit 2; }
[ -n "$out" ] || { [ "$size" = full ] && out=docs/comparison || out=target/bench-compare; }
bench_need_root
bash scripts/install-test-deps.sh
bench_apt python3 python3
bench_apt stdbuf coreutils
go_bin="$(bench_go_peer "$go_source")"
image="$(bench_image)"
if $container; then
  CMP_CONTAINER_MB="$(scripts/build-container.sh --image-dir "$image" | sed -n 's/.*: \([0-9]*\) MB in.*/\1/p')"
  export CMP_CONTAINER_MB
fi
echo "Go agent: $go_bin; ours: $image; mode $mode; $size run into $out" >&2
CMP_GO_NAME="$(basename "$(dirname "$go_bin")")" python3 scripts/lib/cmp_run.py "$out" "$image" "$go_bin" "$mode" "$size" "${phases[@]}"
page=""
[ "$(readlink -f "$out")" = "$(readlink -f docs/comparison)" ] && page=docs/comparison.md
python3 scripts/lib/cmp_report.py "$out" $page
bash scripts/charts.sh "$out"
