#!/usr/bin/env bash
# Differential test against the Go original: both agents on the same configs (the original's README and
# unit-test cases, the quirks listed in docs/compatibility.md, seeded random ones, valid and invalid), one
# sync each in throw-away network namespaces, `iptables-save -t nat` (and ip6tables with --enable-ipv6)
# compared. Every difference must be a documented deliberate one (tagged with its compatibility.md row)
# or it is reported as UNEXPLAINED. Not in CI (it needs the Go build).
#   scripts/diff-go.sh GO [--mode nft|legacy] [--seed N] [--random N] [--out DIR]
# GO: a built Go ip-masq-agent or its source tarball with vendor/ (see scripts/bench-compare.sh).
# Writes DIR/diff-go.md and DIR/diff-go.json (default docs/comparison). Exits 1 if any case is unexplained.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
go_source="${1:?usage: $0 GO_BINARY_OR_SOURCE_TARBALL [--mode nft|legacy] [--seed N] [--random N] [--out DIR]}"
shift
mode=nft seed=16 random=60 out=docs/comparison
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --random) random="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
bench_need_root
bash scripts/install-test-deps.sh
bench_apt python3 python3
go_bin="$(bench_go_peer "$go_source")"
image="$(bench_image)"
CMP_GO_NAME="$(basename "$(dirname "$go_bin")")" python3 scripts/lib/diff_go.py "$out" "$image" "$go_bin" "$mode" "$seed" "$random"
! grep -q '| UNEXPLAINED |' "$out/diff-go.md"
