# Shell helpers shared by the benchmark scripts (sourced; the caller has cd'ed to the repository root).

# bench_need_root: benchmarks create network namespaces.
bench_need_root() {
  if [ "$(id -u)" != 0 ]; then echo "error: $0 needs root (it creates network namespaces)" >&2; exit 1; fi
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

# bench_image: path of the jlinked runtime image, built first (tests skipped) when missing.
bench_image() {
  local image="${IMAGE:-masq-jlink/target/image}"
  if [ ! -x "$image/bin/ip-masq-agent" ]; then
    echo "building the runtime image (tests skipped)" >&2
    ( . scripts/java-env.sh && ./mvnw -B -q -DskipTests package -pl masq-jlink -am >&2 )
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
