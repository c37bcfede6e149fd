# The deploy/validator tool (sourced; the caller has cd'ed to the repository root and sourced java-env.sh).

# validator_build [always]: builds the tool and copies its dependencies; without "always" only when the jar
# is missing or older than a source file.
validator_build() {
  local jar=deploy/validator/target/deploy-validator-0.1.0-SNAPSHOT.jar
  if [ "${1:-}" = always ] || [ ! -f "$jar" ] || [ -n "$(find deploy/validator/src deploy/validator/pom.xml -newer "$jar" -type f | head -1)" ]; then
    ./mvnw -B -q -f deploy/validator/pom.xml package dependency:copy-dependencies \
      -DoutputDirectory=target/lib -DincludeScope=runtime >&2
  fi
}

# validator_java CLASS ARG...: runs one of the tool's main classes.
validator_java() {
  local main="$1"; shift
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "deploy/validator/target/deploy-validator-0.1.0-SNAPSHOT.jar:deploy/validator/target/lib/*" "deploycheck.$main" "$@"
}
