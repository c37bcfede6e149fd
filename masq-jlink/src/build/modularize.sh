#!/usr/bin/env bash
# Turns every automatic module in MODULE_DIR into an explicit one, in place, so jlink accepts it
# (jlink rejects automatic modules). Used for the Prometheus client jars, which ship only an
# Automatic-Module-Name. JDK tools only (see docs/decisions.md D4):
#   jdeps --generate-module-info  writes a module-info.java from the jar's real dependencies
#                                 (requires transitive where a dependency's types appear in its API,
#                                 every package exported, as the automatic module did);
#   javac --patch-module          compiles it against the jar;
#   jar --update                  adds module-info.class to the copied jar (never the one in ~/.m2).
# Missing optional dependencies (OpenTelemetry for exemplars, javax.annotation) are ignored: the client
# looks for them at run time and works without them.
# Usage: modularize.sh MODULE_DIR
set -euo pipefail
modules_dir=$1
java_home=${JAVA_HOME:?set JAVA_HOME to a JDK 25}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

automatic=()
for jar in "$modules_dir"/*.jar; do
  if "$java_home/bin/jar" --describe-module --file "$jar" | head -1 | grep -q '^No module descriptor found'; then
    automatic+=("$jar")
  fi
done
if [ ${#automatic[@]} -eq 0 ]; then
  exit 0
fi

# --multi-release: Jackson on the module path is a multi-release jar, which jdeps refuses to read otherwise.
"$java_home/bin/jdeps" --ignore-missing-deps --multi-release 25 --module-path "$modules_dir" \
  --generate-module-info "$work/src" "${automatic[@]}" >/dev/null
for jar in "${automatic[@]}"; do
  # The name the automatic module had (Automatic-Module-Name or derived), which jdeps used as its directory.
  name=$("$java_home/bin/jar" --describe-module --file "$jar" | sed -n '3s/@.*//p')
  info=$(find "$work/src/$name" -name module-info.java 2>/dev/null | head -1)
  [ -n "$info" ] || { echo "modularize: jdeps wrote no module-info for $name ($jar)" >&2; exit 1; }
  version=$("$java_home/bin/jar" --describe-module --file "$jar" | sed -n '3s/^[^@]*@\([^ ]*\).*/\1/p')
  mkdir -p "$work/classes/$name"
  "$java_home/bin/javac" -nowarn -d "$work/classes/$name" --module-path "$modules_dir" \
    ${version:+--module-version "$version"} --patch-module "$name=$jar" "$info"
done
for jar in "${automatic[@]}"; do
  name=$("$java_home/bin/jar" --describe-module --file "$jar" | sed -n '3s/@.*//p')
  "$java_home/bin/jar" --update --file "$jar" -C "$work/classes/$name" module-info.class
  echo "modularize: $name is now an explicit module ($(basename "$jar"))"
done
