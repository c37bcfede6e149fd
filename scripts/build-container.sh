#!/usr/bin/env bash
# Builds the agent's container image with podman, FROM scratch, from this repository and this
# machine's Debian packages (no registry pull):
#   scripts/build-container.sh [--image-dir DIR | --rebuild] [--tag NAME[:TAG]]
# Without --image-dir: masq-jlink/target/image when it was built already (e.g. by `./mvnw verify`),
# else (or with --rebuild) it is built first. Installs podman, runc,
# catatonit, iptables, nftables when missing. Podman state stays under target/podman (see
# container/podman-env.sh). The tag is always the agent's own version (`ip-masq-agent version`, the Maven
# project version): NAME defaults to localhost/ip-masq-agent, a TAG that differs is refused. Outputs: the
# image in podman's store (label org.opencontainers.image.version = the version) and an OCI archive,
# target/ip-masq-agent-VERSION.oci.tar (`podman save --format oci-archive`), to push with
# `skopeo copy oci-archive:ARCHIVE docker://REGISTRY/ip-masq-agent:VERSION` (docs/deploy.md). Prints the
# image name and size, then the archive's path.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
tag="localhost/ip-masq-agent"
image_dir=""
rebuild=false
while [ $# -gt 0 ]; do
  case "$1" in
    --image-dir) image_dir="$2"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    --rebuild) rebuild=true; shift ;;
    *) echo "usage: $0 [--image-dir DIR | --rebuild] [--tag NAME[:TAG]]" >&2; exit 2 ;;
  esac
done
. container/podman-env.sh
podman_install
bash scripts/install-test-deps.sh
if [ -z "$image_dir" ]; then
  image_dir="$repo/masq-jlink/target/image"
  if $rebuild || [ ! -x "$image_dir/bin/ip-masq-agent" ]; then
    . scripts/java-env.sh
    ./mvnw -B -q -pl masq-jlink -am package -DskipTests
  else
    echo "using the runtime image built already: $image_dir (--rebuild to rebuild)" >&2
  fi
fi
version="$("$image_dir/bin/ip-masq-agent" version | sed -n 's/^ip-masq-agent //p')"
[ -n "$version" ] || { echo "error: cannot read the agent's version from $image_dir/bin/ip-masq-agent" >&2; exit 1; }
last="${tag##*/}"   # NAME may hold a registry port (host:5000/name): a tag is a ':' in the last part only
if [ "${last#*:}" = "$last" ]; then
  tag="$tag:$version"
elif [ "${last##*:}" != "$version" ]; then
  echo "error: --tag $tag: the tag must be the agent's version, $version (give NAME alone)" >&2; exit 2
fi
context="$repo/target/container-context"
bash container/assemble-rootfs.sh "$image_dir" "$context/rootfs"
podman_env "$repo"
start=$(date +%s%N)
podman build --quiet --network=none --pull=never --label "org.opencontainers.image.version=$version" \
  --label org.opencontainers.image.title=ip-masq-agent -f container/Containerfile -t "$tag" "$context" >/dev/null
end=$(date +%s%N)
size=$(podman image inspect --format '{{.Size}}' "$tag")
echo "built $tag: $((size / 1000000)) MB in $(((end - start) / 1000000)) ms"
archive="$repo/target/ip-masq-agent-$version.oci.tar"
rm -f "$archive"
podman save --quiet --format oci-archive -o "$archive" "$tag"
echo "oci archive: $archive"
