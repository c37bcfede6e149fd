#!/usr/bin/env bash
# Prints the path of a promtool, the real one from Debian's `prometheus` package: on PATH if installed, else
# target/tools/bin/promtool, taken out of the package (`apt-get download` + `dpkg-deb -x`) when missing.
# The package is not installed: that would start a Prometheus server on this machine (its init script).
# Exit 1 (and a note on stderr) when it cannot be had (no apt-get, no network).
set -euo pipefail
cd "$(dirname "$0")/../.."
if command -v promtool >/dev/null 2>&1; then command -v promtool; exit 0; fi
tool="$PWD/target/tools/bin/promtool"
if [ ! -x "$tool" ]; then
  command -v apt-get >/dev/null 2>&1 || { echo "note: no promtool and no apt-get to fetch it" >&2; exit 1; }
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  chmod 755 "$scratch"  # apt-get download runs as _apt where it can
  if ! (cd "$scratch" && apt-get download -qq prometheus >/dev/null 2>&1) ; then
    [ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1 || true
    (cd "$scratch" && apt-get download -qq prometheus >/dev/null 2>&1) || { echo "note: cannot download Debian's prometheus package (for promtool)" >&2; exit 1; }
  fi
  dpkg-deb -x "$scratch"/prometheus_*.deb "$scratch/x"
  mkdir -p "$(dirname "$tool")"
  install -m 0755 "$scratch/x/usr/bin/promtool" "$tool"
fi
echo "$tool"
