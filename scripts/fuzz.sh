#!/usr/bin/env bash
# Coverage-guided fuzzing of the agent's input paths with Jazzer (masq-fuzz, docs/fuzzing.md).
#
#   scripts/fuzz.sh --short [SECONDS]    every target for SECONDS in all (default 54), split evenly; for CI
#   scripts/fuzz.sh [--runs N] [--max-seconds S] [TARGET...]   a long campaign: N executions per target
#                                        (default 1 000 000), each stopped after S seconds at most (default a day);
#                                        results (executions, coverage, corpus, finds) to docs/fuzz-results.md
#
# TARGET is Class#method or a unique part of it (oneFile, flags, ...); default: all. One JVM per target
# (Jazzer fuzzes one test per JVM), started directly on masq-fuzz's test class path (target/fuzz.classpath,
# written by the build). The growing corpus lives in masq-fuzz/.cifuzz-corpus/ (not committed) and starts
# from the committed inputs (masq-fuzz/src/test/resources/**/*Inputs/) plus the generated big seeds
# (masq.fuzz.SeedWriter, into the corpus directory). A finding stops its target: Jazzer writes the input
# to the target's Inputs directory (a regression case once committed) and this script exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh

TARGETS=(
  masq.fuzz.ConfigFuzzTest#oneFile
  masq.fuzz.ConfigFuzzTest#severalFiles
  masq.app.AppFuzzTest#flags
  masq.app.AppFuzzTest#checkAgreesWithRunOnce
  masq.backend.nftables.NftListingFuzzTest#listing
  masq.backend.iptables.IptablesSaveFuzzTest#save
)

mode=campaign runs=1000000 seconds=54 max_seconds=86400 selected=()
while [ $# -gt 0 ]; do
  case "$1" in
    --short) mode=short; if [[ "${2:-}" =~ ^[0-9]+$ ]]; then seconds=$2; shift; fi ;;
    --runs) runs=$2; shift ;;
    --max-seconds) max_seconds=$2; shift ;;
    -h|--help) sed -n 2,17p "$0"; exit 0 ;;
    *) selected+=("$1") ;;
  esac
  shift
done
if [ ${#selected[@]} -gt 0 ]; then
  chosen=()
  for s in "${selected[@]}"; do
    match=$(printf '%s\n' "${TARGETS[@]}" | grep -F -- "$s" || true)
    [ "$(printf '%s' "$match" | grep -c .)" = 1 ] || { echo "error: '$s' matches no single target" >&2; exit 2; }
    chosen+=("$match")
  done
  TARGETS=("${chosen[@]}")
fi

module=masq-fuzz
# The project's own modules must come from this tree, never from a local repository's stale snapshots.
if [ ! -f $module/target/fuzz.classpath ] || [ ! -d $module/target/test-classes/masq ] \
    || grep -q '/io/github/ipmasq/' $module/target/fuzz.classpath; then
  echo "building $module (test classes and class path)" >&2
  ./mvnw -B -q -pl $module -am test-compile -Dkernel.tests=false >&2
fi
cp="$PWD/$module/target/test-classes:$(cat $module/target/fuzz.classpath)"   # absolute: the JVMs run in $module
logs=$module/target/fuzz-logs
mkdir -p "$logs"

# Big reproductions of the hostile-input issue, generated (not committed) into each target's corpus.
(cd $module && java -cp "$cp" masq.fuzz.SeedWriter .cifuzz-corpus)

# fuzz TARGET SECONDS RUNS: one Jazzer run; its log goes to $logs/TARGET.log.
fuzz() {
  local target=$1 secs=$2 n=$3 log
  log="$PWD/$logs/${target##*.}.log"
  local args=(-Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$secs"
    -Djazzer.internal.arg.2=-timeout=20 -Djazzer.internal.arg.3=-max_len=8192)
  [ "$n" -gt 0 ] && args+=(-Djazzer.internal.arg.4=-runs="$n")
  echo "fuzzing $target (${n:+$n runs, }at most ${secs}s)" >&2
  (cd $module && JAZZER_FUZZ=1 java -Xmx2g --enable-native-access=ALL-UNNAMED -XX:+EnableDynamicAgentLoading \
    -Djazzer.instrumentation_includes='masq.**' -Djazzer.disabled_hooks="${DISABLED_HOOKS:-com.code_intelligence.jazzer.sanitizers.RegexRoadblocks:com.code_intelligence.jazzer.sanitizers.RegexInjection}" "${args[@]}" -cp "$cp" masq.fuzz.FuzzMain "$target") >"$log" 2>&1
}

# stat LOG: "executions coverage features corpus-entries exec/s seconds" from libFuzzer's last status line.
stat() {
  local done
  done=$(grep -a -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$1" | tail -1 || true)
  local secs
  secs=$(grep -a -oE '^Done [0-9]+ runs in [0-9]+ second' "$1" | awk '{print $5}' | tail -1 || true)
  echo "$done" | awk -v s="${secs:-?}" '{
    for (i = 1; i <= NF; i++) { if ($i == "cov:") c = $(i+1); if ($i == "ft:") f = $(i+1);
      if ($i == "corp:") { split($(i+1), a, "/"); k = a[1] } if ($i == "exec/s:") e = $(i+1) }
    sub("#", "", $1); print $1, c, f, k, e, s }'
}

status=0
if [ $mode = short ]; then
  per=$(( seconds / ${#TARGETS[@]} )); [ $per -ge 1 ] || per=1
  for t in "${TARGETS[@]}"; do
    if fuzz "$t" "$per" 0; then
      read -r execs cov _ _ _ _ < <(stat "$logs/${t##*.}.log")
      echo "$t: $execs executions, coverage $cov, no finding"
    else
      echo "FINDING (or failure) in $t; see $logs/${t##*.}.log:" >&2
      grep -E 'FuzzTestFindingException|AssertionError|Exception|crash-|passed' "$logs/${t##*.}.log" | head -20 >&2
      status=1
    fi
  done
  exit $status
fi

out=docs/fuzz-results.md
rows=()
for t in "${TARGETS[@]}"; do
  before=$(find $module/src/test/resources -name 'crash-*' | wc -l)
  start=$(date +%s)
  if fuzz "$t" "$max_seconds" "$runs"; then result="no finding"; else result="FINDING: see $logs/${t##*.}.log"; status=1; fi
  after=$(find $module/src/test/resources -name 'crash-*' | wc -l)
  read -r execs cov ft corp eps _ < <(stat "$logs/${t##*.}.log")
  rows+=("| \`${t#masq.}\` | $execs | $(( $(date +%s) - start )) | $eps | $cov | $ft | $corp | $(( after - before )) | $result |")
  echo "${rows[-1]}"
done
{
  echo "# Fuzzing campaign results"
  echo
  echo "Written by \`scripts/fuzz.sh\` on $(date -u +%Y-%m-%d) ($(nproc) CPUs, shared; Jazzer $(grep -o 'jazzer-junit/[0-9.]*' $module/target/fuzz.classpath | head -1 | cut -d/ -f2));"
  echo "$runs executions asked per target, each from the committed corpus plus the generated seeds and what earlier"
  echo "campaigns on this machine kept in \`masq-fuzz/.cifuzz-corpus/\`. Coverage is libFuzzer's: \`cov\` edges and \`ft\`"
  echo "features of the instrumented classes (\`masq.**\`). What the targets check, and every finding with its fix:"
  echo "[fuzzing.md](fuzzing.md)."
  echo
  echo "| target | executions | seconds | exec/s | cov | ft | corpus | new findings | result |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
} >"$out"
echo "wrote $out" >&2
exit $status
