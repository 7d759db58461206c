#!/usr/bin/env bash
# Shutdown time under continuous load: the starter's adaptive drain (variant A: SIGTERM at t0)
# against a fixed preStop sleep (variant B: the same app without the starter, SIGTERM at
# t0 + 5 s). The simulated load balancer stops routing at t0 + D in both. Prints the median
# t0-to-exit of each, the ratio A/B and the failed requests of each (expected: 0).
#
# Usage: benchmarks/drain-vs-fixed-delay.sh [runs]        (default 5 per variant, alternating)
#   BENCH_DELAY_MS=1000     D: routing stops at t0 + D
#   BENCH_PRESTOP_MS=5000   B's preStop sleep
#   BENCH_CLIENTS=8 BENCH_SLOW_EVERY=10 BENCH_SLOW_MS=300 BENCH_LOAD_MS=3000   the load
#   BENCH_JAVA_OPTS="..." BENCH_APP_ARGS="..."   JVM options / arguments of the app (both variants)
#   BENCH_SKIP_BUILD=1      reuse the starter installed in ~/.m2
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${1:-5}"
OUT="${BENCH_DIR}/target/drain-vs-fixed-delay"
build_starter
compile_benchmarks
rm -rf "${OUT}"; mkdir -p "${OUT}"
echo "Resolving the classpaths (webmvc + actuator, without and with the starter) ..."
classpath_pair "${OUT}" web-actuator web,actuator

echo "Machine: $(machine)"
java -cp "${CLASSES}" dev.orderly.shutdown.benchmarks.DrainVsFixedDelayRunner "${RUNS}" "${OUT}" \
  "${OUT}/web-actuator-without.cp" "${OUT}/web-actuator-with.cp"
echo "Per-run logs: ${OUT}/logs; summary: ${OUT}/summary.txt"
