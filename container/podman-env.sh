# Sourced by the container scripts: a private podman configuration for this repository only. Writes
# containers.conf and storage.conf under $PODMAN_DIR (default: <repo>/target/podman) and points podman
# at them through CONTAINERS_CONF / CONTAINERS_STORAGE_CONF; nothing global is changed.
# Settings that work on these machines (docs/deploy.md): runc (crun fails on this hybrid cgroup
# layout), cgroupfs (no systemd), file events, ulimits root may set here. The default network is
# "none": podman's bridge network (CNI) writes NAT rules into the root namespace and must never be used;
# containers join our own namespaces explicitly (--network ns:/run/netns/NAME or nsenter + host).
podman_env() {
  local repo="$1"
  PODMAN_DIR="${PODMAN_DIR:-$repo/target/podman}"
  mkdir -p "$PODMAN_DIR/storage" "$PODMAN_DIR/run" "$PODMAN_DIR/tmp" "$PODMAN_DIR/cni"
  cat > "$PODMAN_DIR/containers.conf" <<CONF
[containers]
netns = "none"
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
log_driver = "k8s-file"

[network]
network_config_dir = "$PODMAN_DIR/cni"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$PODMAN_DIR/events.log"
tmp_dir = "$PODMAN_DIR/tmp"
CONF
  cat > "$PODMAN_DIR/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$PODMAN_DIR/storage"
runroot = "$PODMAN_DIR/run"
CONF
  export CONTAINERS_CONF="$PODMAN_DIR/containers.conf"
  export CONTAINERS_STORAGE_CONF="$PODMAN_DIR/storage.conf"
}

# Installs podman and what it needs from Debian when missing (root only).
podman_install() {
  local need=()
  command -v podman >/dev/null 2>&1 || need+=(podman)
  command -v runc >/dev/null 2>&1 || need+=(runc)
  [ -x /usr/libexec/podman/catatonit ] || command -v catatonit >/dev/null 2>&1 || need+=(catatonit)
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}
