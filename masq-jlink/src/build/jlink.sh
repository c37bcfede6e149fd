#!/usr/bin/env bash
# Links the agent's runtime image and writes its launcher. Called by Maven (exec-maven-plugin, package).
# Usage: jlink.sh MODULE_DIR IMAGE_DIR MODULES
set -euo pipefail
modules_dir=$1 image=$2 modules=$3
java_home=${JAVA_HOME:?set JAVA_HOME to a JDK 25}
# Only jars that are explicit modules may be linked; jlink rejects automatic modules, so the automatic
# ones (the Prometheus client) get a generated module-info first.
bash "$(dirname "$0")/modularize.sh" "$modules_dir"
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
#   sun.net.httpserver.maxReqTime/maxRspTime (seconds): the JDK HTTP server reads a request on a
#   handler thread with no time limit by default, so one client that sends half a request would hold one
#   of the two handler threads (and /healthz) forever.
# JAVA_OPTS adds to (and can override) them.
# The nftables backend calls libnftables through FFM and needs native access; the option is added only
# once that module provides a backend (naming a module that is not resolved makes the JVM warn each start).
native_access=""
if "$image/bin/java" --describe-module masq.backend.nftables 2>/dev/null | grep -q '^provides'; then
  native_access="--enable-native-access=masq.backend.nftables"
fi
cat > "$image/bin/ip-masq-agent" <<LAUNCHER
#!/bin/sh
# ip-masq-agent launcher: runs the agent from this runtime image. JAVA_OPTS adds JVM options.
here=\$(dirname "\$(readlink -f "\$0")")
exec "\$here/java" -XX:+UseSerialGC -Xss256k -XX:TieredStopAtLevel=1 -Xms8m -Xmx64m -XX:-UsePerfData $native_access \\
  -Dsun.net.httpserver.maxReqTime=10 -Dsun.net.httpserver.maxRspTime=10 \\
  \$JAVA_OPTS -m masq.app/masq.app.Main "\$@"
LAUNCHER
chmod 755 "$image/bin/ip-masq-agent"
