#!/usr/bin/env bash
# Assembles the container's root file system from this machine's Debian packages:
#   assemble-rootfs.sh JLINK_IMAGE_DIR OUT_DIR
# Copies the jlink runtime image to /opt/ip-masq-agent, xtables-legacy-multi, xtables-nft-multi and nft
# with every iptables/ip6tables name as a symlink, dash as /bin/sh (the jlink launcher is a shell
# script), every library `ldd` lists for them and for the JVM's own .so files, the xtables extensions
# (dlopened, so ldd misses them), /etc/protocols and /etc/services (protocol names in rules),
# a minimal passwd/group, /tmp 1777 and /run.
set -euo pipefail
image="$(cd "$1" && pwd)"
out="$2"
[ -x "$image/bin/java" ] || { echo "error: $image is not a runtime image (no bin/java)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"/{usr/sbin,usr/bin,usr/lib/x86_64-linux-gnu,usr/lib64,etc,opt,run,etc/config}
# Debian 12 is merged-/usr: keep the same shape so ldd's /lib/... paths resolve.
ln -s usr/lib "$out/lib"; ln -s usr/lib64 "$out/lib64"; ln -s usr/bin "$out/bin"; ln -s usr/sbin "$out/sbin"
install -d -m 1777 "$out/tmp"

cp -a "$image" "$out/opt/ip-masq-agent"

# dirname, readlink: the launcher script calls them.
binaries=(/usr/sbin/xtables-legacy-multi /usr/sbin/xtables-nft-multi /usr/sbin/nft /usr/bin/dash /usr/bin/dirname /usr/bin/readlink)
for b in "${binaries[@]}"; do cp -L "$b" "$out$b"; done
ln -s dash "$out/usr/bin/sh"
cd "$out/usr/sbin"
for fam in iptables ip6tables; do
  for suffix in "" -save -restore; do
    ln -s xtables-legacy-multi "$fam-legacy$suffix"
    ln -s xtables-nft-multi "$fam-nft$suffix"
    # Plain names follow Debian's default alternative (nft); the agent's backend chooses explicitly.
    ln -s xtables-nft-multi "$fam$suffix"
  done
done
ln -s xtables-legacy-multi iptables-legacy-multi 2>/dev/null || true
cd - >/dev/null

xt=/usr/lib/x86_64-linux-gnu/xtables
mkdir -p "$out$xt"
cp -L "$xt"/*.so "$out$xt/"

# Every shared library needed by the binaries, the xtables extensions and the JVM's libraries.
objects=("${binaries[@]}" "$xt"/*.so)
while IFS= read -r -d '' so; do objects+=("$so"); done < <(find "$image/lib" -name '*.so' -print0)
ldd "${objects[@]}" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $1 !~ /:$/ {print $1}' | sort -u |
while read -r lib; do
  real="$(readlink -f "$lib")"
  dest="$out${real}"
  mkdir -p "$(dirname "$dest")"
  cp -n "$real" "$dest"
  # Also reachable under the name the loader asks for (the soname symlink).
  [ "$(basename "$lib")" = "$(basename "$real")" ] || ln -sf "$(basename "$real")" "$(dirname "$dest")/$(basename "$lib")"
done
# The loader's own path as ldd reports it (/lib64 -> usr/lib64 in the rootfs).
ld=/lib64/ld-linux-x86-64.so.2
[ -e "$out$ld" ] || { mkdir -p "$out/usr/lib64"; cp -L "$ld" "$out/usr/lib64/"; }

cp /etc/protocols /etc/services "$out/etc/"
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$out/etc/group"
printf 'hosts: files\nprotocols: files\nservices: files\n' > "$out/etc/nsswitch.conf"
