#!/usr/bin/env bash
# End-to-end test of the container image with podman, on real packets, in network namespaces of our
# own (never the root namespace's firewall or routes; never podman's bridge network):
#   pod (10.244.1.2/24, default via 10.244.1.1) -- node (router, runs the agent) -- ext (203.0.113.2/24
#   and 192.168.99.2/24, routes 10.244.0.0/16 back via the node). A socat server in ext prints the peer
#   address it sees: 203.0.113.1 (the node) = masqueraded, 10.244.1.2 (the pod) = not.
# Checks: 1) capabilities: iptables-legacy needs NET_RAW, iptables-nft and nft do not; 2) the image
# run with --network ns:/run/netns/<node>, only the capabilities of the DaemonSet, read-only root, for
# the iptables and nftables backends, with /etc/config bind-mounted in kubelet's ConfigMap layout
# (two files: user + reconciled) and a kubelet-style atomic config swap picked up (--resync-interval=1s);
# 3) the DaemonSet's pod template played with `podman kube play` (host network = node namespace via
# nsenter, ConfigMap via --configmap). Usage: scripts/container-e2e.sh [--image NAME:TAG]
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
image=""
[ "${1:-}" = "--image" ] && image="$2"
[ "$(id -u)" = 0 ] || { echo "container e2e: needs root (network namespaces, podman); skipped"; exit 0; }
. container/podman-env.sh
podman_install
bash scripts/install-test-deps.sh
command -v socat >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends socat >/dev/null
archive=""
if [ -z "$image" ]; then
  built="$(bash scripts/build-container.sh)"
  echo "$built"
  image="$(sed -n 's/^built \(.*\): [0-9]* MB in .*/\1/p' <<<"$built")"
  archive="$(sed -n 's/^oci archive: //p' <<<"$built")"
fi
. scripts/java-env.sh
./mvnw -B -q -f deploy/validator/pom.xml package dependency:copy-dependencies -DoutputDirectory=target/lib -DincludeScope=runtime
podman_env "$repo"

p="shipe2e$$$RANDOM"
pod="$p-pod" node="$p-node" ext="$p-ext"
tmp="$(mktemp -d "/tmp/$p.XXXX")"
pids=()
passed=0 failed=0 skipped=0
# Reads the root namespace's nat rules without creating anything: iptables-legacy-save -t nat would
# create the legacy nat table there (then every iptables-nft-save on the machine warns about legacy
# tables), so it runs only when /proc/net/ip_tables_names lists nat; nft reads never create.
root_legacy_nat() { if grep -qx nat /proc/net/ip_tables_names 2>/dev/null; then iptables-legacy-save -t nat 2>/dev/null; fi; }
root_state() { { root_legacy_nat; iptables-nft-save -t nat 2>/dev/null; nft list ruleset 2>/dev/null; } | grep -ciE 'ip-masq|cni|podman|10\.244\.' || true; }
root_before="$(root_state)"

cleanup() {
  set +e
  podman rm -f -t 1 "$p-agent" >/dev/null 2>&1
  [ -f "$tmp/pod.yaml" ] && podman kube down "$tmp/pod.yaml" >/dev/null 2>&1
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  topo_down
  rm -rf "$tmp"
}
trap cleanup EXIT

topo_down() {
  for n in "$pod" "$node" "$ext"; do ip netns del "$n" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  pids=()
}
topo_up() {
  topo_down
  for n in "$pod" "$node" "$ext"; do ip netns add "$n"; ip -n "$n" link set lo up; done
  ip -n "$node" link add eth-pod type veth peer name eth0 netns "$pod"
  ip -n "$node" link add eth-ext type veth peer name eth0 netns "$ext"
  ip -n "$pod" addr add 10.244.1.2/24 dev eth0
  ip -n "$node" addr add 10.244.1.1/24 dev eth-pod
  ip -n "$node" addr add 203.0.113.1/24 dev eth-ext
  ip -n "$ext" addr add 203.0.113.2/24 dev eth0
  ip -n "$ext" addr add 192.168.99.2/24 dev eth0
  for l in "$pod:eth0" "$node:eth-pod" "$node:eth-ext" "$ext:eth0"; do ip -n "${l%%:*}" link set "${l#*:}" up; done
  ip -n "$pod" route add default via 10.244.1.1
  ip -n "$node" route add 192.168.99.0/24 via 203.0.113.2
  ip -n "$ext" route add 10.244.0.0/16 via 203.0.113.1
  ip netns exec "$node" sysctl -qw net.ipv4.ip_forward=1
  # One listener on every address of ext (203.0.113.2 and 192.168.99.2).
  ip netns exec "$ext" socat TCP-LISTEN:8080,fork,reuseaddr SYSTEM:'echo $SOCAT_PEERADDR' & pids+=($!)
}
# The source address ext sees for a new TCP connection from the pod.
peer() { ip netns exec "$pod" socat -T 2 -u "TCP:$1:8080,connect-timeout=2" - 2>/dev/null || true; }
# wait_peer DESCRIPTION DEST EXPECTED: polls (new connection each time) until ext sees EXPECTED, 30 s.
wait_peer() {
  local deadline=$((SECONDS + ${E2E_WAIT:-30})) got=""
  while [ $SECONDS -lt $deadline ]; do
    got="$(peer "$2")"
    if [ "$got" = "$3" ]; then echo "ok   $1 (ext saw $got)"; passed=$((passed + 1)); return 0; fi
    sleep 0.2
  done
  echo "FAIL $1: ext saw '${got}', expected $3"; failed=$((failed + 1)); return 1
}
check() { # check DESCRIPTION COMMAND...: expects success
  if "${@:2}" >"$tmp/out" 2>&1; then echo "ok   $1"; passed=$((passed + 1));
  else echo "FAIL $1:"; sed 's/^/     /' "$tmp/out" | tail -5; failed=$((failed + 1)); fi
}
check_fails() { # check_fails DESCRIPTION COMMAND...: expects failure
  if "${@:2}" >"$tmp/out" 2>&1; then echo "FAIL $1: succeeded"; failed=$((failed + 1));
  else echo "ok   $1 ($(head -c 120 "$tmp/out" | tr '\n' ' '))"; passed=$((passed + 1)); fi
}
# kubelet's ConfigMap volume layout: KEY -> ..data/KEY, ..data -> ..TIMESTAMP/. An update writes a new
# ..TIMESTAMP2/ and renames a ..data_tmp symlink over ..data (atomic).
kubelet_write() { # kubelet_write DIR STAMP FILE=CONTENT...
  local dir="$1" stamp="..$2"; shift 2
  mkdir -p "$dir/$stamp"
  for kv in "$@"; do printf '%s\n' "${kv#*=}" > "$dir/$stamp/${kv%%=*}"; chmod 0444 "$dir/$stamp/${kv%%=*}"; done
  ln -sfn "$stamp" "$dir/..data_tmp" && mv -T "$dir/..data_tmp" "$dir/..data"
  for kv in "$@"; do [ -L "$dir/${kv%%=*}" ] || ln -s "..data/${kv%%=*}" "$dir/${kv%%=*}"; done
}
agent_logs() { podman logs "$p-agent" 2>&1 | tail -20 | sed 's/^/     agent: /'; }

echo "== capabilities (image's own tools, node namespace, everything but the listed capabilities dropped)"
topo_up
run_tool() { podman run --rm --network "ns:/run/netns/$node" --cap-drop ALL "$@"; }
# 0) The version inside the image is its tag; the OCI archive (when built here) carries that tag and label.
version_is_tag() { test "$(podman run --rm --network none "$image" version)" = "ip-masq-agent ${image##*:}"; }
archive_names_tag() {
  tar -xOf "$archive" index.json | grep -qF "\"org.opencontainers.image.ref.name\":\"$image\"" \
    && test "$(podman image inspect --format '{{index .Labels "org.opencontainers.image.version"}}' "$image")" = "${image##*:}"
}
check "version inside the image equals its tag (${image##*:})" version_is_tag
if [ -n "$archive" ]; then check "OCI archive $(basename "$archive") names $image; label version = tag" archive_names_tag; fi
check_fails "iptables-legacy with NET_ADMIN only fails" run_tool --cap-add NET_ADMIN --entrypoint /usr/sbin/iptables-legacy-save "$image" -t nat
check "iptables-legacy with NET_ADMIN+NET_RAW works" run_tool --cap-add NET_ADMIN --cap-add NET_RAW --entrypoint /usr/sbin/iptables-legacy-save "$image" -t nat
check "iptables-nft with NET_ADMIN only works" run_tool --cap-add NET_ADMIN --entrypoint /usr/sbin/iptables-nft-save "$image" -t nat
check "nft with NET_ADMIN only works" run_tool --cap-add NET_ADMIN --entrypoint /usr/sbin/nft "$image" list ruleset

# Backends linked into the image (all of them once the backend modules are merged; a missing one is
# reported as skipped, never as passed).
available="$(podman run --rm --network none "$image" help 2>&1 | awk '/^  [a-z-]+ - /{print $1}' | tr '\n' ' ')"
echo "backends in the image: $available"
has_backend() { case " $available " in *" $1 "*) return 0 ;; *) echo "SKIP --backend=$1: not in this image"; skipped=$((skipped + 1)); return 1 ;; esac; }

for backend in iptables nftables; do
  has_backend "$backend" || continue
  echo "== podman run --backend=$backend: kubelet ConfigMap layout, live swap"
  topo_up
  wait_peer "before the agent: nothing masqueraded" 203.0.113.2 10.244.1.2
  caps=(--cap-add NET_ADMIN); [ "$backend" = iptables ] && caps+=(--cap-add NET_RAW)
  cfg="$tmp/config-$backend"; : > "$tmp/xtables.lock"
  kubelet_write "$cfg" 2026_01_01_00_00_00.000000001 \
    "ip-masq-agent=nonMasqueradeCIDRs: [10.0.0.0/8]" \
    "ip-masq-agent-reconciled=nonMasqueradeCIDRs: [192.168.99.0/24]"
  podman run -d --name "$p-agent" --network "ns:/run/netns/$node" --cap-drop ALL "${caps[@]}" \
    --read-only --read-only-tmpfs=false -v "$cfg:/etc/config:ro" -v "$tmp/xtables.lock:/run/xtables.lock" \
    "$image" --backend="$backend" --config-dir=/etc/config --resync-interval=1s >/dev/null
  wait_peer "$backend: 203.0.113.2 not listed -> masqueraded" 203.0.113.2 203.0.113.1 || agent_logs
  wait_peer "$backend: 192.168.99.2 listed in the reconciled file -> not masqueraded" 192.168.99.2 10.244.1.2 || agent_logs
  kubelet_write "$cfg" 2026_01_01_00_01_00.000000002 \
    "ip-masq-agent=nonMasqueradeCIDRs: [10.0.0.0/8, 203.0.113.0/24]" \
    "ip-masq-agent-reconciled=nonMasqueradeCIDRs: [192.168.99.0/24]"
  wait_peer "$backend: after the ConfigMap swap 203.0.113.2 -> not masqueraded" 203.0.113.2 10.244.1.2 || agent_logs
  check "$backend: agent still running, root filesystem read-only" \
    test "$(podman inspect -f '{{.State.Running}} {{.HostConfig.ReadonlyRootfs}}' "$p-agent")" = "true true"
  podman rm -f -t 1 "$p-agent" >/dev/null
done

if has_backend iptables; then
  echo "== podman kube play: the DaemonSet's pod template as a Pod, ConfigMap deploy/examples/configmap-original.yaml"
  topo_up
  : > "$tmp/xtables.lock"
  health=""; podman run --rm --network none "$image" help 2>&1 | grep -q -- '--health-bind-address' || health="--no-health"
  "$JAVA_HOME/bin/java" -cp "deploy/validator/target/deploy-validator-0.1.0-SNAPSHOT.jar:deploy/validator/target/lib/*" \
    deploycheck.PlayablePod deploy/ip-masq-agent.yaml "$image" "$tmp/xtables.lock" $health --resync-interval=1s \
    | sed "0,/^  name: ip-masq-agent\$/s//  name: $p/" > "$tmp/pod.yaml"
  check "kube play (node namespace as host network)" nsenter --net="/run/netns/$node" \
    podman kube play --configmap deploy/examples/configmap-original.yaml "$tmp/pod.yaml"
  ctr="$p-ip-masq-agent"
  wait_peer "kube play: 203.0.113.2 not in the example's ranges -> masqueraded" 203.0.113.2 203.0.113.1 || podman logs "$ctr" 2>&1 | tail -20
  wait_peer "kube play: 192.168.99.2 in 192.168.0.0/16 -> not masqueraded" 192.168.99.2 10.244.1.2
  check "kube play: capabilities as the DaemonSet's (NET_ADMIN, NET_RAW), read-only root" \
    test "$(podman inspect -f '{{.EffectiveCaps}} {{.HostConfig.ReadonlyRootfs}}' "$ctr")" = "[CAP_NET_ADMIN CAP_NET_RAW] true"
  podman kube down "$tmp/pod.yaml" >/dev/null
  rm -f "$tmp/pod.yaml"
  topo_down
fi

check "root namespace untouched (no ip-masq/CNI/pod-range rules)" test "$(root_state)" = "$root_before"
echo "container-e2e: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
