#!/usr/bin/env bash
# Installs the OS packages the kernel tests drive (iptables legacy+nft, nft + libnftables, iproute2),
# and gnuplot for the charts check (scripts/charts.sh --check), when missing and when we are root. Without them (or without root) the kernel tests skip themselves
# and say so; every other test still runs.
set -euo pipefail
# promtool for the alert rules' tests, out of Debian's `prometheus` package (scripts/lib/promtool.sh).
bash "$(dirname "$0")/lib/promtool.sh" >/dev/null || true
need=()
command -v iptables-legacy-restore >/dev/null 2>&1 || need+=(iptables)
command -v nft >/dev/null 2>&1 || need+=(nftables)
[ -e /usr/lib/x86_64-linux-gnu/libnftables.so.1 ] || ldconfig -p 2>/dev/null | grep -q libnftables.so.1 || need+=(libnftables1)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v gnuplot >/dev/null 2>&1 || need+=(gnuplot-nox)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: missing ${need[*]}; kernel tests will be skipped (install them as root to run them)" >&2
  exit 0
fi
echo "installing ${need[*]} for the kernel tests and the charts check" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
