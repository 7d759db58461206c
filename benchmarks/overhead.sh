#!/usr/bin/env bash
# Request-path overhead of Orderly Shutdown: GET /hello on HelloApplication (webmvc, Tomcat),
# with the starter and without it, one variant at a time on a fixed loopback port. Each start:
# wrk warm-up, then one wrk measurement. Variants alternate (without/with, with/without, ...)
# for N rounds; prints the median requests/s of each and the ratio with/without, and the app's
# CPU time per request (user + system, from /proc/PID/stat), which other load on the machine
# disturbs less than throughput.
#
# Usage: benchmarks/request-overhead.sh [rounds]            (default 5)
#   BENCH_PORT=28417  BENCH_WARMUP=120s  BENCH_DURATION=15s  BENCH_THREADS=2  BENCH_CONNECTIONS=32
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
SERVER_CPUS="${BENCH_SERVER_CPUS-0}"
WRK_CPUS="${BENCH_WRK_CPUS-1}"
OUT="${BENCH_DIR}/target/request-overhead"
URL="http://127.0.0.1:${PORT}/hello"

command -v wrk > /dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 2; }
build_starter
compile_benchmarks
rm -rf "${OUT}"; mkdir -p "${OUT}/logs"
echo "Resolving the classpaths ..."
classpath_pair "${OUT}" web web

# Command prefixes that pin the app and wrk to their CPUs (empty: no pinning)
PIN_APP=(); [[ -n "${SERVER_CPUS}" ]] && PIN_APP=(taskset -c "${SERVER_CPUS}")
PIN_WRK=(); [[ -n "${WRK_CPUS}" ]] && PIN_WRK=(taskset -c "${WRK_CPUS}")

APP_PID=""
trap '[[ -n "${APP_PID}" ]] && kill "${APP_PID}" 2> /dev/null' EXIT  # never leave an app running

# measure VARIANT ROUND: starts the app, warms up, measures, stops; appends
# "VARIANT REQUESTS/S CPU-US/REQUEST" to results.txt
measure() {
  local variant="$1" round="$2" log="${OUT}/logs/$1-$2"
  if ss -Htln "sport = :${PORT}" | grep -q .; then echo "Port ${PORT} is in use: set BENCH_PORT" >&2; exit 1; fi
  # shellcheck disable=SC2086
  "${PIN_APP[@]}" java ${BENCH_JAVA_OPTS:-} -cp "$(cat "${OUT}/web-${variant}.cp")" \
    dev.orderly.shutdown.benchmarks.HelloApplication --spring.main.banner-mode=off \
    --server.address=127.0.0.1 --server.port="${PORT}" > "${log}.app.log" 2>&1 &
  local pid=$!
  APP_PID="${pid}"
  for _ in $(seq 1200); do # at most 120 s
    grep -qs 'BENCHMARK-APP READY' "${log}.app.log" && break
    kill -0 "${pid}" 2> /dev/null || { echo "App exited; see ${log}.app.log" >&2; exit 1; }
    sleep 0.1
  done
  grep -qs 'BENCHMARK-APP READY' "${log}.app.log" || { kill "${pid}"; echo "App not ready" >&2; exit 1; }
  "${PIN_WRK[@]}" wrk -t"${THREADS}" -c"${CONNECTIONS}" -d"${WARMUP}" "${URL}" > "${log}.warmup.txt"
  local load cpu_before cpu_after; load="$(cut -d' ' -f1 /proc/loadavg)"
  cpu_before="$(cpu_ticks "${pid}")"
  "${PIN_WRK[@]}" wrk -t"${THREADS}" -c"${CONNECTIONS}" -d"${DURATION}" --latency "${URL}" > "${log}.wrk.txt"
  cpu_after="$(cpu_ticks "${pid}")"
  kill -TERM "${pid}"
  for _ in $(seq 600); do kill -0 "${pid}" 2> /dev/null || break; sleep 0.1; done # at most 60 s
  kill -KILL "${pid}" 2> /dev/null || true; wait "${pid}" || true
  APP_PID=""
  local rps errors requests cpu_us p50 p99
  rps="$(awk '/^Requests\/sec:/ {print $2}' "${log}.wrk.txt")"
  p50="$(awk '$1=="50%" {print $2}' "${log}.wrk.txt")"; p99="$(awk '$1=="99%" {print $2}' "${log}.wrk.txt")"
  requests="$(awk '/ requests in / {print $1}' "${log}.wrk.txt")"
  cpu_us="$(awk -v t=$((cpu_after - cpu_before)) -v hz="${CLK_TCK}" -v n="${requests}" 'BEGIN {print t * 1e6 / hz / n}')"
  errors="$(grep -E 'Socket errors|Non-2xx' "${log}.wrk.txt" | tr -s ' ' | paste -sd';' - || true)"
  printf '%-7s round %d: %8.1f requests/s %6.1f us CPU/request  (p50 %s, p99 %s; load average %s)%s\n' \
    "${variant}" "${round}" "${rps}" "${cpu_us}" "${p50}" "${p99}" "${load}" "${errors:+  ERRORS: ${errors}}" \
    | tee -a "${OUT}/runs.txt"
  echo "${variant} ${rps} ${cpu_us}" >> "${OUT}/results.txt"
}

CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of a process, in ticks
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

echo "Machine: $(machine)"
echo "app on CPUs '${SERVER_CPUS:-any}', wrk on CPUs '${WRK_CPUS:-any}'; per start: wrk ${WARMUP} warm-up," \
  "then wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION} ${URL}; ${ROUNDS} rounds"
for round in $(seq "${ROUNDS}"); do
  if (( round % 2 == 1 )); then order="without with"; else order="with without"; fi
  for variant in ${order}; do measure "${variant}" "${round}"; done
done

column() { awk -v v="$1" -v c="$2" '$1==v {print $c}' "${OUT}/results.txt" | median; } # column VARIANT N
{
  echo "=== Summary (${ROUNDS} rounds, medians) ==="
  printf '%-16s %12s %18s\n' "" "requests/s" "us CPU/request"
  printf '%-16s %12.1f %18.1f\n' "without starter" "$(column without 2)" "$(column without 3)"
  printf '%-16s %12.1f %18.1f\n' "with starter" "$(column with 2)" "$(column with 3)"
  awk -v a="$(column with 2)" -v b="$(column without 2)" -v c="$(column with 3)" -v d="$(column without 3)" \
    'BEGIN {printf "ratio with/without: throughput %.4f (%.1f %%), CPU per request %.4f\n", a/b, 100*a/b, c/d}'
} | tee "${OUT}/summary.txt"
echo "Per-run output: ${OUT}/logs; runs: ${OUT}/runs.txt"
