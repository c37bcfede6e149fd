# Shell helpers shared by the benchmark scripts (sourced; the caller has cd'ed to the repository root).
#   bench_java                     JDK 25 in JAVA_HOME and first on PATH (the lookup of scripts/java-env.sh)
#   bench_need_root                exits unless root (benchmarks create network namespaces)
#   bench_image [DIR]              the runtime image's absolute path, built first when the default is missing
#   bench_run MODULE CLASS OUT ... runs one Java benchmark (the only way to run one), results into OUT
#   bench_result NAME              where to write the results page docs/NAME (BENCH_OUT_DIR redirects it)
#   bench_example_config DIR       examples/config copied into DIR with a 1 s resync interval
#   median                         the median of the numbers on stdin, one per line
#   bench_apt CMD PACKAGE...       installs Debian packages when CMD is missing
#   bench_go_peer SOURCE           a built Go ip-masq-agent, for the comparison scripts

# bench_java: a JDK 25 for Maven and for the benchmarks (exits when there is none).
bench_java() {
  # shellcheck source=scripts/java-env.sh
  . scripts/java-env.sh
}

# bench_need_root: benchmarks create network namespaces.
bench_need_root() {
  if [ "$(id -u)" != 0 ]; then echo "error: $0 needs root (it creates network namespaces)" >&2; exit 1; fi
}

# bench_run MODULE CLASS OUT [MAVEN_ARG...]: runs the benchmark CLASS, a JUnit class named *Bench in MODULE's
# tests (surefire's default includes never match that name, and masq.testlab.Bench skips it without
# -Dbench.out, so a plain build never runs one). Builds what MODULE needs (-am, every other test skipped;
# masq-e2e's upstream includes the image), then runs CLASS through surefire with -Dbench.out=OUT. MAVEN_ARGs
# pass parameters, e.g. -Dbench.swaps=3. Fails when the benchmark wrote nothing (it skipped itself).
bench_run() {
  local module="$1" class="$2" out="$3"; shift 3
  bench_java
  out="$(readlink -f "$out")"
  rm -f "$out"
  ./mvnw -B -q -pl "$module" -am verify -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
    -Dbench.out="$out" "$@" >&2
  [ -s "$out" ] || { echo "error: $class wrote no results (skipped: not root, or a kernel tool missing?)" >&2; return 1; }
}

# bench_result NAME: the file a script writes its results page to: docs/NAME, or $BENCH_OUT_DIR/NAME when
# that is set (a smoke run that must not overwrite the measured page; the page is copied there first, for
# scripts that update part of it).
bench_result() {
  local name="$1" dir="${BENCH_OUT_DIR:-docs}"
  mkdir -p "$dir"
  if [ "$(readlink -f "$dir")" != "$(readlink -f docs)" ] && [ -f "docs/$name" ] && [ ! -f "$dir/$name" ]; then
    cp "docs/$name" "$dir/$name"
  fi
  echo "$dir/$name"
}

# bench_example_config DIR: examples/config copied into DIR (created) with `resyncInterval: 1s` (a config
# file's resyncInterval wins over the flag), for benchmarks of the running agent.
bench_example_config() {
  mkdir -p "$1"
  local f
  for f in examples/config/*; do sed 's/^resyncInterval:.*/resyncInterval: 1s/' "$f" > "$1/$(basename "$f")"; done
}

# median: the median of the numbers on stdin, one per line (the mean of the middle two for an even count).
median() {
  sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

# bench_apt CMD PACKAGE...: installs the Debian packages when CMD is missing (root, apt-get).
bench_apt() {
  local cmd="$1"; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "error: $cmd is missing; install $* (as root: apt-get install $*)" >&2; return 1
  fi
  echo "installing $* (for $cmd)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# bench_image [DIR]: absolute path of a jlinked runtime image: DIR, else $IMAGE, else this tree's
# masq-jlink/target/image, which is built first (tests skipped) when missing.
bench_image() {
  local default=masq-jlink/target/image
  local image="${1:-${IMAGE:-$default}}"
  if [ ! -x "$image/bin/ip-masq-agent" ]; then
    if [ "$image" != "$default" ]; then echo "error: $image holds no bin/ip-masq-agent" >&2; return 1; fi
    echo "building the runtime image (tests skipped)" >&2
    ( bench_java && ./mvnw -B -q -DskipTests package -pl masq-jlink -am >&2 )
  fi
  (cd "$image" && pwd)
}

# bench_go_peer SOURCE: path of a built Go ip-masq-agent. SOURCE is a binary (used as is) or the
# source tarball of kubernetes-sigs/ip-masq-agent with its vendor/ directory (e.g.
# `git archive --prefix=ip-masq-agent-v2.11.0/ v2.11.0 | gzip`), built offline with Debian's golang-go
# into target/go-peer/ (never committed).
bench_go_peer() {
  local source="$1" out="target/go-peer"
  if [ -f "$source" ] && [ -x "$source" ] && ! tar -tzf "$source" >/dev/null 2>&1; then
    readlink -f "$source"; return 0
  fi
  [ -f "$source" ] || { echo "error: $source: no such tarball or binary" >&2; return 1; }
  local name bin
  name="$(basename "$source" .tar.gz)"; name="${name%-src}"
  bin="$PWD/$out/$name/ip-masq-agent"
  if [ ! -x "$bin" ] || [ "$source" -nt "$bin" ]; then
    bench_apt go golang-go >&2
    rm -rf "${out:?}/$name" && mkdir -p "$out/$name/src"
    tar -xzf "$source" -C "$out/$name/src"
    local tree cache="$PWD/$out/$name/gocache"
    tree="$(dirname "$(find "$out/$name/src" -maxdepth 3 -path '*/cmd/ip-masq-agent' -type d | head -1)")/.."
    [ -d "$tree/vendor" ] || { echo "error: $source has no vendor/ directory (needed for an offline build)" >&2; return 1; }
    echo "building the Go agent from $source (Debian golang-go, vendored, offline)" >&2
    (cd "$tree" && GOFLAGS=-mod=vendor GOTOOLCHAIN=local GOPROXY=off CGO_ENABLED=0 GOCACHE="$cache" \
      go build -ldflags "-s -w" -o "$bin" ./cmd/ip-masq-agent) >&2
    rm -rf "$out/$name/src" "$out/$name/gocache"
  fi
  echo "$bin"
}
