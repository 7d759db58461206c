#!/usr/bin/env bash
# JMH benchmark of the starter's per-request bookkeeping (InFlightRequests.arrived() + finished(),
# isDraining()), single-threaded and with 2 threads sharing one instance. Prints ns/op.
#
# Usage: benchmarks/jmh.sh                    (1 and 2 threads; 2 forks, 5 x 1 s warm-up, 5 x 1 s measured)
#        benchmarks/jmh.sh -f 1 -i 3          extra arguments go to JMH (org.openjdk.jmh.Main -h lists them)
#        BENCH_THREADS="1" benchmarks/jmh.sh  thread counts to run;  BENCH_SKIP_BUILD=1  reuse the installed starter
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OUT="${BENCH_DIR}/target/jmh"
build_starter
echo "Compiling the JMH benchmarks (-P jmh, into target/jmh/classes) ..."
"${MVN}" -q -B -f "${BENCH_DIR}/pom.xml" -P jmh compile
"${MVN}" -q -B -f "${BENCH_DIR}/pom.xml" -P jmh dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="${OUT}/jmh.cp"
CP="${OUT}/classes:$(cat "${OUT}/jmh.cp")"

echo "Machine: $(machine)"
for threads in ${BENCH_THREADS:-1 2}; do
  echo "=== ${threads} thread(s) ==="
  java -cp "${CP}" org.openjdk.jmh.Main 'dev.orderly.shutdown.internal.drain.InFlightRequestsBenchmark' \
    -t "${threads}" -f 2 -wi 5 -w 1s -i 5 -r 1s "$@" \
    -rf text -rff "${OUT}/result-${threads}-threads.txt" | tee "${OUT}/output-${threads}-threads.txt"
done
echo "=== Summary (ns/op) ==="
for threads in ${BENCH_THREADS:-1 2}; do echo "--- ${threads} thread(s)"; cat "${OUT}/result-${threads}-threads.txt"; done \
  | tee "${OUT}/summary.txt"
