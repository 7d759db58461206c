#!/usr/bin/env bash
# One instance's rolling restart under keep-alive load behind a simulated health-checking load
# balancer, per reactive server, side by side: the WebFlux app with the starter and the same app
# without the starter's jar (plain Boot), SIGTERM at t0 in both. The balancer checks readiness
# and goes on routing for D after it has seen it down. Prints per run and per app/variant the
# requests answered, the failed ones and how they failed, and SIGTERM to exit.
#
# Usage: benchmarks/reactive-rolling-restart.sh [runs]      (default 3 per variant, alternating)
#   BENCH_APP="webflux webflux-tomcat webflux-jetty"   the apps, any of: webflux (WebFlux on
#                           Reactor Netty), webflux-tomcat, webflux-jetty, and webmvc (the servlet
#                           HelloApplication on Tomcat, for comparison)
#   BENCH_CHECK_MS=200      the balancer checks readiness this often
#   BENCH_DELAY_MS=1000     D: it goes on routing this long after it has seen readiness down
#   BENCH_CLIENTS=8 BENCH_SLOW_EVERY=10 BENCH_SLOW_MS=300 BENCH_LOAD_MS=3000   the load
#   BENCH_FAILURE_PAUSE_MS=100   a client whose request failed waits this long before its next one
#   BENCH_JAVA_OPTS="..." BENCH_APP_ARGS="..."   JVM options / arguments of the app (both variants)
#   BENCH_SKIP_BUILD=1      reuse the starter installed in ~/.m2
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${1:-3}"
APPS="${BENCH_APP:-webflux webflux-tomcat webflux-jetty}"
OUT="${BENCH_DIR}/target/reactive-rolling-restart"
for app in ${APPS}; do app_settings "${app}"; done # fail on a typo before building anything

build_starter
compile_benchmarks
rm -rf "${OUT}"; mkdir -p "${OUT}"
ARGS=()
for app in ${APPS}; do
  app_settings "${app}"
  echo "Resolving the classpaths of ${app} (${APP_PROFILES},actuator; without and with the starter) ..."
  classpath_pair "${OUT}" "${app}" "${APP_PROFILES},actuator"
  ARGS+=("${app}=${APP_CLASS}|${OUT}/${app}-without.cp|${OUT}/${app}-with.cp")
done

echo "Machine: $(machine)"
java -cp "${CLASSES}" dev.orderly.shutdown.benchmarks.SimulatedRollingRestartRunner "${RUNS}" "${OUT}" "${ARGS[@]}"
echo "Per-run logs: ${OUT}/logs; summary: ${OUT}/summary.txt"
