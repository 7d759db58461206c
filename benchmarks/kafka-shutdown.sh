#!/usr/bin/env bash
# Kafka write-behind service, with the starter and with plain Spring Boot, side by side: an
# embedded KRaft broker (one broker, a 3-partition topic per run, on 127.0.0.1), a service
# whose @KafkaListener hands each record to an in-memory buffer (flushed every 200 ms, and at
# shutdown: an @OnShutdown task in the flush stage with the starter, @PreDestroy without it),
# a steady stream of records, SIGTERM mid-stream, a restart in the same consumer group. Per run:
# records produced, persisted, lost, redelivered, flushed at shutdown, @Async notifications the
# first shutdown dropped, and the time from SIGTERM to exit. The
# scenario is the one of the Kafka test (autoconfigure/src/test/java/dev/orderly/shutdown/kafka);
# this script runs its KafkaShutdownBenchmark on the module's test class path, in which "plain
# Boot" leaves out the starter's classes.
#
# Usage: benchmarks/kafka-shutdown.sh [runs] [records-per-second] [seconds-before-sigterm]
#        (default 5 runs per variant, 300 records/s, 2 s)
#        BENCH_MVN_ARGS="-Dspring-boot.version=4.1.2 -Dnetty.version=4.2.18.Final -Dkafka.version=4.2.1" ...
# Builds nothing into ~/.m2: it compiles the module's tests (./mvnw -pl autoconfigure test-compile).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${1:-5}"
RATE="${2:-300}"
BEFORE="${3:-2}"
OUT="${BENCH_DIR}/target/kafka-shutdown"
read -r -a MVN_ARGS <<< "${BENCH_MVN_ARGS:-}"

mkdir -p "${OUT}"
echo "Compiling the auto-configuration module and its tests (./mvnw -q -B -pl autoconfigure test-compile) ..."
(cd "${ROOT}" && "${MVN}" -q -B "${MVN_ARGS[@]}" -pl autoconfigure test-compile)
echo "Resolving the test class path ..."
(cd "${ROOT}" && "${MVN}" -q -B "${MVN_ARGS[@]}" -pl autoconfigure dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="${OUT}/test.cp")
MODULE="${ROOT}/autoconfigure/target"
CP="${MODULE}/test-classes:${MODULE}/classes:$(cat "${OUT}/test.cp")"

echo "Machine: $(machine)"
echo "${RUNS} runs per variant, ${RATE} records/s, SIGTERM ${BEFORE} s after the service persists records"
# The broker's log goes to run.log; the lines per run and the summary to the terminal and summary.txt.
java -cp "${CP}" dev.orderly.shutdown.kafka.KafkaShutdownBenchmark "${RUNS}" "${OUT}" "${RATE}" "${BEFORE}" \
  > "${OUT}/run.log" 2>&1 &
pid=$!
tail -n +1 -f "${OUT}/run.log" --pid="${pid}" | grep --line-buffered -E '^(run [0-9]+:|with the starter|plain Boot)' || true
wait "${pid}"
echo "Per-run stores, report files and service logs: ${OUT}/records-*; summary: ${OUT}/summary.txt"
