#!/usr/bin/env bash
# Builds the agent's container image with podman, FROM scratch, from this repository and this
# machine's Debian packages (no registry pull):
#   scripts/build-container.sh [--image-dir DIR | --rebuild] [--tag NAME:TAG]
# Without --image-dir: masq-jlink/target/image when it was built already (e.g. by `./mvnw verify`),
# else (or with --rebuild) it is built first. Installs podman, runc,
# catatonit, iptables, nftables when missing. Podman state stays under target/podman (see
# container/podman-env.sh). Prints the image name and size.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
tag="localhost/ip-masq-agent:0.1.0"
image_dir=""
rebuild=false
while [ $# -gt 0 ]; do
  case "$1" in
    --image-dir) image_dir="$2"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    --rebuild) rebuild=true; shift ;;
    *) echo "usage: $0 [--image-dir DIR | --rebuild] [--tag NAME:TAG]" >&2; exit 2 ;;
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
context="$repo/target/container-context"
bash container/assemble-rootfs.sh "$image_dir" "$context/rootfs"
podman_env "$repo"
start=$(date +%s%N)
podman build --quiet --network=none --pull=never -f container/Containerfile -t "$tag" "$context" >/dev/null
end=$(date +%s%N)
size=$(podman image inspect --format '{{.Size}}' "$tag")
echo "built $tag: $((size / 1000000)) MB in $(((end - start) / 1000000)) ms"
