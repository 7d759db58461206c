#!/usr/bin/env bash
# Overhead of Orderly Shutdown, side by side in one invocation: startup time, request-path
# throughput (and CPU per request) of a trivial endpoint, and shutdown time when the stages have
# nothing to do. The app (BENCH_APP) runs with the starter and without it (the two classpaths
# differ by the starter's jar), one variant at a time on a fixed loopback port.
# Every start: launch, wait for the ready line (startup = the JVM's uptime when it printed it),
# ..., BENCH_IDLE (2 s) without requests, so that the drain's 1 s quiet period has passed and it
# ends at once as for an idle instance, then SIGTERM (shutdown = SIGTERM to process exit).
#   Phase 1, startup and shutdown: BENCH_STARTS starts per variant on all CPUs, no load.
#   Phase 2, request path: N rounds, each start with the app pinned to one CPU and wrk to the
#   other: wrk warm-up (discarded), then one wrk measurement: requests/s; CPU time of the JVM
#   (user + system, /proc/PID/stat) divided by the requests wrk counted.
# Variants alternate (without/with, with/without, ...); prints the medians of each and the
# ratios/differences with - without. Several apps run one after the other, each complete.
#
# Usage: benchmarks/overhead.sh [rounds]            (default 5 rounds; BENCH_STARTS=15)
#   benchmarks/overhead.sh 0   phase 1 only (startup and shutdown; no wrk needed)
#   BENCH_APP="webmvc"         the apps, one or more of: webmvc (HelloApplication on Tomcat, the
#                              default), webflux (HelloReactiveApplication on Reactor Netty),
#                              webflux-tomcat, webflux-jetty (the same app on reactive Tomcat/Jetty)
#   BENCH_STARTER_JAR=<jar>    the "with" variant runs that build of the starter (nothing installed)
#   BENCH_BASELINE_JAR=<jar>   with BENCH_STARTER_JAR: "without" runs that build instead of none
#   BENCH_PORT=28417  BENCH_WARMUP=120s  BENCH_DURATION=15s  BENCH_THREADS=2  BENCH_CONNECTIONS=32
#   BENCH_IDLE=2     seconds without requests before SIGTERM
#   (the warm-up is long because a JVM on one CPU reaches its steady state only after 1 to 2
#   minutes of load here: the JIT compiler shares that CPU with the requests)
#   BENCH_SERVER_CPUS=0 BENCH_WRK_CPUS=1   taskset CPU lists of the app and of wrk ("" = no pinning)
#   BENCH_JAVA_OPTS="..."  JVM options of the app;  BENCH_SKIP_BUILD=1  reuse the installed starter
# Needs wrk (Debian: apt-get install -y wrk) and taskset (util-linux).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS="${1:-5}"
PORT="${BENCH_PORT:-28417}"
WARMUP="${BENCH_WARMUP:-120s}"
DURATION="${BENCH_DURATION:-15s}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
IDLE="${BENCH_IDLE:-2}"
STARTS="${BENCH_STARTS:-15}"
SERVER_CPUS="${BENCH_SERVER_CPUS-0}"
WRK_CPUS="${BENCH_WRK_CPUS-1}"
APPS="${BENCH_APP:-webmvc}"
OUT_ROOT="${BENCH_DIR}/target/overhead"
URL="http://127.0.0.1:${PORT}/hello"

for app in ${APPS}; do app_settings "${app}"; done # fail on a typo before building anything

(( ROUNDS == 0 )) || command -v wrk > /dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 2; }
build_starter
compile_benchmarks
rm -rf "${OUT_ROOT}"

# Command prefixes that pin the app and wrk to their CPUs (empty: no pinning)
PIN_APP=(); [[ -n "${SERVER_CPUS}" ]] && PIN_APP=(taskset -c "${SERVER_CPUS}")
PIN_WRK=(); [[ -n "${WRK_CPUS}" ]] && PIN_WRK=(taskset -c "${WRK_CPUS}")

APP_PID=""
trap '[[ -n "${APP_PID}" ]] && kill "${APP_PID}" 2> /dev/null' EXIT  # never leave an app running

CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of a process, in ticks
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

# start_app LOG PIN...: launches the app (PIN: command prefix, may be empty), waits for its
# ready line; sets APP_PID, STARTUP_MS (the JVM's uptime at the ready line) and STARTUP_CPU_MS
# (the CPU time the JVM had used by then, which load on the machine moves much less)
start_app() {
  local log="$1"; shift
  if ss -Htln "sport = :${PORT}" | grep -q .; then echo "Port ${PORT} is in use: set BENCH_PORT" >&2; exit 1; fi
  # shellcheck disable=SC2086
  "$@" java ${BENCH_JAVA_OPTS:-} -cp "$(cat "${OUT}/app-${VARIANT}.cp")" \
    "${APP_CLASS}" --spring.main.banner-mode=off \
    --server.address=127.0.0.1 --server.port="${PORT}" > "${log}.app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1200); do # at most 120 s
    grep -qs 'BENCHMARK-APP READY' "${log}.app.log" && break
    kill -0 "${APP_PID}" 2> /dev/null || { echo "App exited; see ${log}.app.log" >&2; exit 1; }
    sleep 0.1
  done
  grep -qs 'BENCHMARK-APP READY' "${log}.app.log" || { echo "App not ready; see ${log}.app.log" >&2; exit 1; }
  STARTUP_MS="$(sed -n 's/.*BENCHMARK-APP READY .*uptime-ms=\([0-9]*\).*/\1/p' "${log}.app.log")"
  STARTUP_CPU_MS="$(sed -n 's/.*BENCHMARK-APP READY .*cpu-ms=\([0-9]*\).*/\1/p' "${log}.app.log")"
}

# stop_app LOG: BENCH_IDLE seconds without requests, SIGTERM, waits for the exit (`wait` returns
# when the process has exited, so this is not polled); sets SHUTDOWN_MS; checks exit code 143
stop_app() {
  sleep "${IDLE}"
  local t0 t1 status=0
  t0="$(date +%s%N)"
  kill -TERM "${APP_PID}"
  wait "${APP_PID}" || status=$?
  t1="$(date +%s%N)"
  APP_PID=""
  [[ "${status}" == 143 ]] || { echo "Exit code ${status}, expected 143 (SIGTERM); see $1.app.log" >&2; exit 1; }
  SHUTDOWN_MS="$(( (t1 - t0) / 1000000 ))"
}

# start_stop VARIANT N: phase 1, all CPUs, no load; appends
# "VARIANT STARTUP-MS SHUTDOWN-MS STARTUP-CPU-MS" to starts.txt
start_stop() {
  VARIANT="$1"
  local log="${OUT}/logs/start-$1-$2"
  start_app "${log}"
  stop_app "${log}"
  printf '%-7s start %2d: startup %5d ms (CPU %5d ms); shutdown %4d ms; load average %s\n' "$1" "$2" \
    "${STARTUP_MS}" "${STARTUP_CPU_MS}" "${SHUTDOWN_MS}" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "${OUT}/runs.txt"
  echo "$1 ${STARTUP_MS} ${SHUTDOWN_MS} ${STARTUP_CPU_MS}" >> "${OUT}/starts.txt"
}

# measure VARIANT ROUND: phase 2, one pinned start under wrk; appends
# "VARIANT STARTUP-MS REQUESTS/S CPU-US/REQUEST SHUTDOWN-MS" to results.txt
measure() {
  VARIANT="$1"
  local round="$2" log="${OUT}/logs/$1-$2"
  start_app "${log}" "${PIN_APP[@]}"
  local pid="${APP_PID}"
  "${PIN_WRK[@]}" wrk -t"${THREADS}" -c"${CONNECTIONS}" -d"${WARMUP}" "${URL}" > "${log}.warmup.txt"
  local load cpu_before cpu_after; load="$(cut -d' ' -f1 /proc/loadavg)"
  cpu_before="$(cpu_ticks "${pid}")"
  "${PIN_WRK[@]}" wrk -t"${THREADS}" -c"${CONNECTIONS}" -d"${DURATION}" --latency "${URL}" > "${log}.wrk.txt"
  cpu_after="$(cpu_ticks "${pid}")"
  stop_app "${log}"
  local rps errors requests cpu_us p50 p99
  rps="$(awk '/^Requests\/sec:/ {print $2}' "${log}.wrk.txt")"
  p50="$(awk '$1=="50%" {print $2}' "${log}.wrk.txt")"; p99="$(awk '$1=="99%" {print $2}' "${log}.wrk.txt")"
  requests="$(awk '/ requests in / {print $1}' "${log}.wrk.txt")"
  cpu_us="$(awk -v t=$((cpu_after - cpu_before)) -v hz="${CLK_TCK}" -v n="${requests}" 'BEGIN {print t * 1e6 / hz / n}')"
  errors="$(grep -E 'Socket errors|Non-2xx' "${log}.wrk.txt" | tr -s ' ' | paste -sd';' - || true)"
  printf '%-7s round %d: %8.1f requests/s %6.1f us CPU/request (p50 %s, p99 %s); pinned: startup %5d ms, shutdown %4d ms; load average %s%s\n' \
    "$1" "${round}" "${rps}" "${cpu_us}" "${p50}" "${p99}" "${STARTUP_MS}" "${SHUTDOWN_MS}" "${load}" \
    "${errors:+  ERRORS: ${errors}}" | tee -a "${OUT}/runs.txt"
  echo "$1 ${STARTUP_MS} ${rps} ${cpu_us} ${SHUTDOWN_MS}" >> "${OUT}/results.txt"
}

# column FILE VARIANT N: the median of column N of VARIANT's lines in FILE
column() { awk -v v="$2" -v c="$3" '$1==v {print $c}' "${OUT}/$1" | median; }
# spread FILE N LABEL: a table row with each variant's min and max of column N, and the median
# of the paired differences (start K with minus start K without), which the machine's load
# drifting during the run moves less than the difference of the medians
spread() {
  local range_without range_with paired
  range_without="$(awk -v c="$2" '$1=="without" {print $c}' "${OUT}/$1" | sort -g | sed -n '1p;$p' | paste -sd' ' -)"
  range_with="$(awk -v c="$2" '$1=="with" {print $c}' "${OUT}/$1" | sort -g | sed -n '1p;$p' | paste -sd' ' -)"
  paired="$(paste <(awk -v c="$2" '$1=="without" {print $c}' "${OUT}/$1") \
    <(awk -v c="$2" '$1=="with" {print $c}' "${OUT}/$1") | awk '{print $2 - $1}' | median)"
  awk -v a="${range_without}" -v b="${range_with}" -v p="${paired}" -v l="$3" \
    'BEGIN {split(a, x, " "); split(b, y, " "); printf "| %s | %d to %d ms | %d to %d ms | paired: %+d ms |\n", l, x[1], x[2], y[1], y[2], p}'
}

# benchmark_app APP: both phases and the summary of one app, in target/overhead/APP/
benchmark_app() {
  APP="$1"
  app_settings "${APP}"
  OUT="${OUT_ROOT}/${APP}"
  mkdir -p "${OUT}/logs"
  echo "Resolving the classpaths of ${APP} ..."
  classpath_pair "${OUT}" app "${APP_PROFILES}"
  echo "=== ${APP}: ${APP_CLASS} (profiles ${APP_PROFILES}), without and with the starter ===" | tee "${OUT}/machine.txt"
  echo "Machine: $(machine)" | tee -a "${OUT}/machine.txt"
  echo "Phase 1: ${STARTS} starts per variant on all CPUs, no load: startup, ${IDLE} s idle, SIGTERM" | tee -a "${OUT}/machine.txt"
  (( ROUNDS == 0 )) || echo "Phase 2: ${ROUNDS} rounds, app on CPUs '${SERVER_CPUS:-any}', wrk on CPUs '${WRK_CPUS:-any}'; per start: wrk ${WARMUP}" \
    "warm-up, then wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION} ${URL}, ${IDLE} s idle, SIGTERM" | tee -a "${OUT}/machine.txt"
  for start in $(seq "${STARTS}"); do
    if (( start % 2 == 1 )); then order="without with"; else order="with without"; fi
    for variant in ${order}; do start_stop "${variant}" "${start}"; done
  done
  for round in $(seq "${ROUNDS}"); do
    if (( round % 2 == 1 )); then order="without with"; else order="with without"; fi
    for variant in ${order}; do measure "${variant}" "${round}"; done
  done
  {
    echo "=== Summary, ${APP} (medians; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)) ==="
    if [[ -n "${BENCH_BASELINE_JAR:-}" ]]; then
      echo "| (\"without\" = with the baseline build BENCH_BASELINE_JAR) | baseline build | this build | this vs baseline |"
    else
      echo "| | without starter | with starter | with vs without |"
    fi
    echo "|---|---:|---:|---:|"
    awk -v a="$(column starts.txt without 2)" -v b="$(column starts.txt with 2)" -v n="${STARTS}" \
      'BEGIN {printf "| startup, JVM start to ready (%d starts) | %d ms | %d ms | %+d ms |\n", n, a, b, b-a}'
    spread starts.txt 2 "startup, min to max"
    awk -v a="$(column starts.txt without 4)" -v b="$(column starts.txt with 4)" -v n="${STARTS}" \
      'BEGIN {printf "| startup, CPU time of the JVM until ready (%d starts) | %d ms | %d ms | %+d ms |\n", n, a, b, b-a}'
    spread starts.txt 4 "startup CPU time, min to max"
    if (( ROUNDS > 0 )); then
      awk -v a="$(column results.txt without 3)" -v b="$(column results.txt with 3)" -v n="${ROUNDS}" \
        'BEGIN {printf "| throughput, GET /hello (%d rounds) | %.0f requests/s | %.0f requests/s | %.1f %% |\n", n, a, b, 100*b/a}'
      awk -v a="$(column results.txt without 4)" -v b="$(column results.txt with 4)" -v n="${ROUNDS}" \
        'BEGIN {printf "| app CPU per request (%d rounds) | %.1f us | %.1f us | %.1f %% |\n", n, a, b, 100*b/a}'
    fi
    awk -v a="$(column starts.txt without 3)" -v b="$(column starts.txt with 3)" -v n="${STARTS}" \
      'BEGIN {printf "| shutdown, SIGTERM to exit, idle (%d starts) | %d ms | %d ms | %+d ms |\n", n, a, b, b-a}'
    if (( ROUNDS > 0 )); then
      awk -v a="$(column results.txt without 3)" -v b="$(column results.txt with 3)" -v app="${APP}" \
        'BEGIN {printf "%s: throughput with the starter %.1f %% of without (medians; the goal is at least 98 %%)\n", app, 100*b/a}'
    fi
  } | tee "${OUT}/summary.txt"
  echo "Per-run output: ${OUT}/logs; runs: ${OUT}/runs.txt"
}

for app in ${APPS}; do benchmark_app "${app}"; done
for app in ${APPS}; do cat "${OUT_ROOT}/${app}/summary.txt"; done > "${OUT_ROOT}/summary.txt"
