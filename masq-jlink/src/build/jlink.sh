#!/usr/bin/env bash
# Links the agent's runtime image and writes its launcher. Called by Maven (exec-maven-plugin, package).
# Usage: jlink.sh MODULE_DIR IMAGE_DIR MODULES [TRAINING_CONFIG_DIR]
# With TRAINING_CONFIG_DIR, a JDK 25 AOT cache (JEP 483/514) is trained on `run` over that config directory
# (aot-train.sh; see below for the backend) and written to lib/ip-masq-agent.aot; the launcher uses it.
set -euo pipefail
modules_dir=$1 image=$2 modules=$3 training=${4:-}
java_home=${JAVA_HOME:?set JAVA_HOME to a JDK 25}
# Every dependency is an explicit module (jlink rejects automatic ones; docs/decisions.md D4).
rm -rf "$image"
"$java_home/bin/jlink" \
  --module-path "$modules_dir" \
  --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
  --output "$image"
# A script launcher (not jlink --launcher) so JVM options can be set in one place and an AOT cache
# added later. Options for a small node agent, see docs/benchmarks.md "Runtime image":
#   SerialGC: one GC thread, smallest footprint; -Xss256k: few, shallow threads;
#   TieredStopAtLevel=1: C1 only, faster warm-up for a process that mostly sleeps; -Xmx64m: the policy is
#   tiny (10 000 CIDRs is well under 10 MB), so cap the heap to keep RSS predictable on every node;
#   -Xms8m: the default initial heap is 1/64 of the node's RAM, which SerialGC partly touches (-15 MB RSS).
#   Measured one at a time, steady RSS with endpoints scraped (docs/memory.md, scripts/bench-memory.sh):
#   -XX:TrimNativeHeapInterval=5000: glibc keeps the malloc memory freed by the JIT and libnftables in its
#   arenas; a malloc_trim every 5 s returns it (-5 MB iptables, -7 MB nftables, and no slow arena growth);
#   Not kept (docs/memory.md): -Xmn1m (-1.3 MB, but more young collections while a 10 000-CIDR config loads),
#   CompileThresholdScaling=10 (-1.6 MB, but a 10 000-CIDR load 20 % slower),
#   TieredStopAtLevel=0 (-10 MB, 5x slower), UseCompactObjectHeaders (+1 MB: a larger AOT cache).
#   (The HTTP endpoints bound their own connections and times: masq.app.ops.http.HttpListener, no JVM option.)
# JAVA_OPTS adds to (and can override) them.
# FFM downcalls need native access: masq.app calls geteuid(2) (who may own plugin files), masq.config reads
# config files through their descriptors (open/statx/read, never blocking on a FIFO), and the nftables backend
# calls libnftables; that module is named only once it provides a backend (naming a module that is not
# resolved makes the JVM warn each start).
native_access="--enable-native-access=masq.app,masq.config"
if "$image/bin/java" --describe-module masq.backend.nftables 2>/dev/null | grep -q '^provides'; then
  native_access="$native_access,masq.backend.nftables"
fi
# The same options for the training run and the launcher: an AOT cache is only used by a JVM started
# with compatible options (GC, module graph).
jvm_opts="-XX:+UseSerialGC -Xss256k -XX:TieredStopAtLevel=1 -Xms8m -Xmx64m"
jvm_opts="$jvm_opts -XX:TrimNativeHeapInterval=5000 -XX:-UsePerfData $native_access"
# -XX:AOTCache is added by the launcher, not baked into the image (jlink --add-options): a baked-in
# AOTCache option would also apply to the training run below and break it.
cat > "$image/bin/ip-masq-agent" <<LAUNCHER
#!/bin/sh
# ip-masq-agent launcher: runs the agent from this runtime image. JAVA_OPTS adds JVM options.
here=\$(dirname "\$(readlink -f "\$0")")
aot=""
if [ -r "\$here/../lib/ip-masq-agent.aot" ]; then aot="-XX:AOTCache=\$here/../lib/ip-masq-agent.aot"; fi
exec "\$here/java" $jvm_opts \$aot \\
  \$JAVA_OPTS -m masq.app/masq.app.Main "\$@"
LAUNCHER
chmod 755 "$image/bin/ip-masq-agent"

if [ -n "$training" ]; then
  # Training run (aot-train.sh): the agent as on a node, `run` with both endpoints on, scraped, and one config
  # reload; it loads, links and profiles the classes of start-up, sync, endpoints and watcher and writes the
  # cache when the JVM exits (JDK 25 one-step -XX:AOTCacheOutput). One run = one backend. As root (CI,
  # container builds) it trains the
  # DaemonSet's default backend, `iptables` (mode detection + iptables-nft in an empty namespace),
  # inside a network namespace of its own made by `unshare --net` that vanishes with the process: the
  # build's own firewall is never read or touched. Otherwise (or if that fails) it trains `dryrun`.
  # Classes of backends not trained load normally at first use.
  log="$(dirname "$image")/aot-training.log"
  aot="$image/lib/ip-masq-agent.aot"
  train() { # train BACKEND [WRAPPER...]
    local backend=$1; shift
    rm -f "$aot"
    # shellcheck disable=SC2086
    "$@" bash "$(dirname "$0")/aot-train.sh" "$image/bin/java" "$aot" "$backend" "$training" "$log" $jvm_opts
  }
  if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v iptables-nft-restore >/dev/null \
      && "$image/bin/java" --describe-module masq.backend.iptables 2>/dev/null | grep -q "^provides" \
      && train iptables unshare --net; then
    echo "AOT cache trained on run --backend=iptables, endpoints scraped, one reload (private network namespace)" >&2
  elif train dryrun; then
    echo "AOT cache trained on run --backend=dryrun, endpoints scraped, one reload" >&2
  else
    echo "AOT training run failed, see $log" >&2; cat "$log" >&2; exit 1
  fi
fi
