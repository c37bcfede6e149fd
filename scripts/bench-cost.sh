#!/usr/bin/env bash
# Issue 13's benchmark: what a config change, a no-op resync and a 10 000-CIDR config load cost, before and
# after, interleaved in one run. Two jlinked images run side by side in throw-away network namespaces (never
# the root namespace's firewall); the kernel is watched from outside (`nft monitor`; iptables-legacy polled
# inside its namespace every 20 ms). Writes docs/benchmarks-cost.md (and the raw samples next to it, .json).
#
#   scripts/bench-cost.sh [--quick] [--before IMAGE_DIR | --before-rev REV] [SCENARIO...]
#
# --before-rev (default 3f0cd47, main before issue 13): built into target/bench-before/ from a git worktree of
#   that commit. The after image is this tree's, rebuilt first (tests skipped).
# --quick: fewer swaps and a shorter window, written to target/benchmarks-cost.md instead.
# SCENARIOS: nft10k noop10k load10k nft10 legacy10 iptnft10 gc tools (default: all).
# Needs root, iptables (legacy and nft), nftables, python3, JDK 25.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench.sh
size=full before="" rev=3f0cd47 scenarios=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) size=quick; shift ;;
    --before) before="$2"; shift 2 ;;
    --before-rev) rev="$2"; shift 2 ;;
    nft10k|noop10k|load10k|nft10|legacy10|iptnft10|gc|tools) scenarios+=("$1"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ ${#scenarios[@]} -gt 0 ] || scenarios=(nft10k noop10k load10k nft10 legacy10 iptnft10 gc tools)
bench_need_root
bash scripts/install-test-deps.sh
bench_apt python3 python3
bench_apt stdbuf coreutils
. scripts/java-env.sh
echo "building the after image from this tree (tests skipped)" >&2
./mvnw -B -q -DskipTests package -pl masq-jlink -am >&2
after="$(cd masq-jlink/target/image && pwd)"
after_label="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+local changes')"
if [ -z "$before" ]; then
  before="$PWD/target/bench-before/$rev/image"
  if [ ! -x "$before/bin/ip-masq-agent" ]; then
    src="$PWD/target/bench-before/$rev/src"
    rm -rf "$src" && mkdir -p "$(dirname "$src")"
    git worktree add --detach "$src" "$rev" >&2
    echo "building the before image from $rev (tests skipped)" >&2
    (cd "$src" && ./mvnw -B -q -DskipTests package -pl masq-jlink -am >&2)
    cp -a "$src/masq-jlink/target/image" "$before"
    git worktree remove --force "$src"
  fi
  before_label="$rev"
else
  before="$(cd "$before" && pwd)"
  before_label="$before"
fi
out=docs/benchmarks-cost.md
[ "$size" = full ] || out=target/benchmarks-cost.md
mkdir -p "$(dirname "$out")"
python3 scripts/lib/cost_run.py "$out" "$before" "$after" "$before_label" "$after_label" "$size" "${scenarios[@]}"
{
  echo
  echo "Command: \`scripts/bench-cost.sh${*:+ $*}\` ($size run; before image from $before_label)."
} >> "$out"
echo "wrote $out" >&2
