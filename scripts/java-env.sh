# Sourced by the other scripts: finds a JDK 25 (JAVA_HOME if it is one, else the newest 25 under the
# distribution's JVM directory) and exports JAVA_HOME. The default `java` on these machines is 17.
is_jdk25() { [ -x "$1/bin/javac" ] && "$1/bin/java" -version 2>&1 | grep -q 'version "25'; }
if [ -z "${JAVA_HOME:-}" ] || ! is_jdk25 "$JAVA_HOME"; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/*25*; do
    if is_jdk25 "$candidate"; then JAVA_HOME="$candidate"; fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "error: no JDK 25 found; set JAVA_HOME to a JDK 25 (e.g. apt-get install temurin-25-jdk)" >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
