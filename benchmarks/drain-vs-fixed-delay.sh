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
#
# Behind a real HAProxy (issue 13), per instance: overshoot, t0 to exit, failed requests, for 4
# traffic shapes x 4 variants (fixed 5 s preStop delay without the starter; the starter with a
# fixed 1 s quiet period, adaptive, adaptive + balancer-failure-threshold=2):
#   benchmarks/drain-vs-fixed-delay.sh haproxy [runs]    (default 3 per cell, about 10-12 min)
#   benchmarks/drain-vs-fixed-delay.sh haproxy smoke     (1 run of 2 cells, about 2 min)
#   BENCH_TRAFFIC=steady-50,steady-200,sparse,bursty BENCH_VARIANTS=fixed-5s,fixed-1s,adaptive,adaptive+threshold
#   BENCH_BASE_PORT=18180 BENCH_WARMUP_MS=3000 BENCH_TAIL_MS=1000 BENCH_PRESTOP_MS=5000 BENCH_INTER=500ms
#   BENCH_JAVA_OPTS, BENCH_APP_ARGS, BENCH_SKIP_BUILD, BENCH_STARTER_JAR as above
# Needs haproxy on the PATH (Debian: apt-get update && apt-get install -y haproxy).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HAPROXY_MODE=""
if [[ "${1:-}" == "haproxy" ]]; then
  HAPROXY_MODE=1; shift
  RUNS="${1:-3}"
  [[ "${RUNS}" == "smoke" || "${RUNS}" =~ ^[1-9][0-9]*$ ]] || { echo "runs: a number or 'smoke'" >&2; exit 2; }
  command -v haproxy >/dev/null \
    || { echo "haproxy not found; on Debian: apt-get update && apt-get install -y haproxy" >&2; exit 1; }
  OUT="${BENCH_DIR}/target/drain-behind-haproxy"
else
  RUNS="${1:-5}"
  OUT="${BENCH_DIR}/target/drain-vs-fixed-delay"
fi
build_starter
compile_benchmarks
rm -rf "${OUT}"; mkdir -p "${OUT}"
echo "Resolving the classpaths (webmvc + actuator, without and with the starter) ..."
classpath_pair "${OUT}" web-actuator web,actuator

if [[ -n "${HAPROXY_MODE}" ]]; then
  # The runner uses rolling-restart's HAProxy, health monitor and load (one JDK-only source file).
  javac -d "${OUT}/runner" -cp "${CLASSES}" "${BENCH_DIR}/rolling-restart/RollingRestartRunner.java" \
    "${BENCH_DIR}/rolling-restart/DrainMatrixRunner.java"
  # A variant whose property this build of the starter does not know runs with the defaults.
  jar="$(tr ':' '\n' < "${OUT}/web-actuator-with.cp" | grep 'orderly-shutdown-spring-boot[^/]*\.jar$' | head -1)"
  for property in drain.min-quiet-period drain.balancer-failure-threshold; do
    unzip -p "${jar}" META-INF/spring-configuration-metadata.json | grep -q "\"orderly.shutdown.${property}\"" \
      || echo "WARNING: this build of the starter has no orderly.shutdown.${property}; its variant runs as the starter's defaults"
  done
  echo "Machine: $(machine)"
  RR_TEMPLATE="${BENCH_DIR}/rolling-restart/haproxy.cfg.template" \
    java -cp "${OUT}/runner:${CLASSES}" DrainMatrixRunner "${RUNS}" "${OUT}" \
    "${OUT}/web-actuator-without.cp" "${OUT}/web-actuator-with.cp"
  echo "Per-run logs: ${OUT}/runs; summary: ${OUT}/summary.txt"
  exit 0
fi

echo "Machine: $(machine)"
java -cp "${CLASSES}" dev.orderly.shutdown.benchmarks.DrainVsFixedDelayRunner "${RUNS}" "${OUT}" \
  "${OUT}/web-actuator-without.cp" "${OUT}/web-actuator-with.cp"
echo "Per-run logs: ${OUT}/logs; summary: ${OUT}/summary.txt"
