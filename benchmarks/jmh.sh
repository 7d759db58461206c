#!/usr/bin/env bash
# JMH benchmark of the starter's per-request bookkeeping (InFlightRequests.arrived() + finished(),
# isDraining()), now and before issue 11 (InFlightRequestsBeforeIssue11), at 1, 2, 4 and 8 threads
# sharing one instance. Prints one table, ns per call and thread: rows thread counts, columns
# before/after with draining false and true, plus the machine's CPU count and model. Then, on one
# thread, the reactive InFlightWebFilter's cost per request (InFlightWebFilterBenchmark, ~40 s).
#
# Usage: benchmarks/jmh.sh                      1, 2, 4, 8 threads; 1 fork, 5 x 1 s warm-up, 5 x 1 s measured (~5 min)
#        benchmarks/jmh.sh -f 1 -wi 1 -i 1      extra arguments go to JMH (org.openjdk.jmh.Main -h lists them)
#        BENCH_THREADS="1 2" benchmarks/jmh.sh  thread counts to run
#        BENCH_FILTER=0                         skip the reactive filter's benchmark
#        BENCH_SKIP_BUILD=1                     reuse autoconfigure/target/classes as they are
#        BENCH_STARTER_JAR=<jar>                measure that build of the starter instead
# Installs nothing: the starter is compiled (./mvnw -pl autoconfigure compile) and its classes put on
# the classpath; Maven only resolves JMH's jars (-P jmh), and javac compiles src/jmh/java.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OUT="${BENCH_DIR}/target/jmh"
THREADS="${BENCH_THREADS:-1 2 4 8}"
BENCHMARK='dev.orderly.shutdown.internal.drain.InFlightRequestsBenchmark'
mkdir -p "${OUT}"

if [[ -n "${BENCH_STARTER_JAR:-}" ]]; then
  [[ -f "${BENCH_STARTER_JAR}" ]] || { echo "BENCH_STARTER_JAR ${BENCH_STARTER_JAR} not found" >&2; exit 1; }
  STARTER="$(cd "$(dirname "${BENCH_STARTER_JAR}")" && pwd)/$(basename "${BENCH_STARTER_JAR}")"
else
  STARTER="${ROOT}/autoconfigure/target/classes"
  if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
    echo "Compiling the starter (./mvnw -q -B -pl autoconfigure compile) ..."
    (cd "${ROOT}" && "${MVN}" -q -B -pl autoconfigure compile)
  fi
fi
echo "Compiling the JMH benchmarks (src/jmh/java, into target/jmh/classes) ..."
"${MVN}" -q -B -f "${BENCH_DIR}/pom.xml" -P jmh dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="${OUT}/jmh.cp"
JMH_CP="$(cat "${OUT}/jmh.cp")"
rm -rf "${OUT}/classes" && mkdir -p "${OUT}/classes"
javac -d "${OUT}/classes" -cp "${STARTER}:${JMH_CP}" -processorpath "${JMH_CP}" \
  $(find "${BENCH_DIR}/src/jmh/java" -name '*.java')
CP="${OUT}/classes:${STARTER}:${JMH_CP}"

# Defaults for the JMH options not given on the command line (JMH rejects an option given twice).
OPTIONS=()
for default in "-f 1" "-wi 5" "-w 1s" "-i 5" "-r 1s"; do
  [[ " $* " == *" ${default%% *} "* ]] || OPTIONS+=(${default})
done

CPUS="$(nproc)"
MODEL="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
MACHINE="${CPUS} CPUs (nproc), ${MODEL:-CPU model unknown};$(machine | cut -d, -f2-)"
echo "Machine: ${MACHINE}" | tee "${OUT}/machine.txt"
for threads in ${THREADS}; do
  echo "=== ${threads} thread(s) ==="
  # English number format, so that the CSV below parses
  java -Duser.language=en -Duser.country=US -cp "${CP}" org.openjdk.jmh.Main "${BENCHMARK}" \
    -t "${threads}" "${OPTIONS[@]}" "$@" \
    -rf csv -rff "${OUT}/result-${threads}-threads.csv" | tee "${OUT}/output-${threads}-threads.txt"
done

# One row per thread count; "score ± error" in ns per call and thread (JMH's 99.9 % error; none
# with a single iteration). after/before compares the means without draining.
{
  echo "Machine: ${MACHINE}"
  echo
  echo "| threads | arrived+finished before | after | before, draining | after, draining | after/before | nanoTime (floor) | isDraining |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  for threads in ${THREADS}; do
    awk -F, -v threads="${threads}" -v cpus="${CPUS}" '
      function cell(key) { return (key in score) ? score[key] : "-" }
      NR > 1 {
        gsub(/["\r]/, "")
        name = $1; sub(/.*\./, "", name)
        key = name ($8 == "" ? "" : ":" $8)
        mean[key] = $5
        score[key] = sprintf("%.1f", $5) ($6 == "NaN" || $6 == "" ? "" : sprintf(" ± %.1f", $6))
      }
      END {
        ratio = ("arrivedAndFinished:false" in mean && mean["arrivedAndFinishedBeforeIssue11:false"] > 0) \
          ? sprintf("%.2f", mean["arrivedAndFinished:false"] / mean["arrivedAndFinishedBeforeIssue11:false"]) : "-"
        label = threads (threads > cpus ? " (" cpus " CPUs: oversubscribed)" : "")
        printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", label,
          cell("arrivedAndFinishedBeforeIssue11:false"), cell("arrivedAndFinished:false"),
          cell("arrivedAndFinishedBeforeIssue11:true"), cell("arrivedAndFinished:true"),
          ratio, cell("nanoTime"), cell("isDraining")
      }' "${OUT}/result-${threads}-threads.csv"
  done
} > "${OUT}/summary.txt"
echo "=== Summary (ns per call and thread; ${OUT}/summary.txt) ==="
cat "${OUT}/summary.txt"

# The reactive filter per request, one thread: a chain that commits the response, without and
# with InFlightWebFilter in front (BENCH_FILTER=0 skips it)
if [[ "${BENCH_FILTER:-1}" != 0 ]]; then
  echo "=== InFlightWebFilterBenchmark, 1 thread ==="
  java -Duser.language=en -Duser.country=US -cp "${CP}" org.openjdk.jmh.Main \
    'dev.orderly.shutdown.internal.drain.InFlightWebFilterBenchmark' -t 1 "${OPTIONS[@]}" "$@" \
    -rf csv -rff "${OUT}/result-filter.csv" | tee "${OUT}/output-filter.txt"
  {
    echo
    echo "| reactive request through a committing chain | ns per request |"
    echo "|---|---:|"
    awk -F, 'NR > 1 { gsub(/["\r]/, ""); name = $1; sub(/.*\./, "", name)
      printf "| %s%s | %.0f ± %.0f |\n", name, ($8 == "true" ? ", draining" : ""), $5, $6 }' "${OUT}/result-filter.csv"
  } | tee -a "${OUT}/summary.txt"
fi
