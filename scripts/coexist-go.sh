#!/usr/bin/env bash
# Both agents at once on one node (docs/migration.md "Both agents at once"): the Go original and this
# agent in one node network namespace, rule changes counted with `nft monitor` over a window, packets
# from a pod checked. Not in CI's reach (it needs the Go build): without GO it skips and exits 0.
#   scripts/coexist-go.sh [GO] [--window SECONDS] [--out DIR]
# GO: a built Go ip-masq-agent or its source tarball with vendor/ (see scripts/bench-compare.sh); default
# $IP_MASQ_GO_PEER. Writes DIR/coexist-go.md and DIR/coexist-go.json (default target/coexist-go;
# docs/comparison holds the committed run). Exit 0: no fight; 1: a fight (the agents keep rewriting each
# other's rules); 2: a scenario could not run. Needs root; ~2.5 minutes (scenarios run at the same time).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
go_source="${IP_MASQ_GO_PEER:-}" window=60 out=target/coexist-go
while [ $# -gt 0 ]; do
  case "$1" in
    --window) window="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -*) echo "unknown argument: $1" >&2; exit 2 ;;
    *) go_source="$1"; shift ;;
  esac
done
if [ -z "$go_source" ] || [ ! -e "$go_source" ]; then
  echo "coexist-go: skipped (no Go agent: pass a binary or source tarball, or set IP_MASQ_GO_PEER)"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then echo "coexist-go: skipped (needs root for network namespaces)"; exit 0; fi
bash scripts/install-test-deps.sh
bench_apt python3 python3
bench_apt stdbuf coreutils
go_bin="$(bench_go_peer "$go_source")"
image="$(bench_image)"
echo "Go agent: $go_bin; ours: $image; window ${window}s; into $out" >&2
python3 scripts/lib/coexist_go.py "$out" "$image" "$go_bin" "$window"
