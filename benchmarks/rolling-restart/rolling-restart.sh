#!/usr/bin/env bash
# Rolling restart of two sample-app instances behind HAProxy under continuous keep-alive load:
# variant A (starter, SIGTERM at once), B (plain Spring Boot, SIGTERM at once), C (plain Spring
# Boot, out of rotation in HAProxy + 5 s sleep, then SIGTERM). Results: docs/rolling-restart.md.
#
# Usage: benchmarks/rolling-restart/rolling-restart.sh            (RR_RUNS=4 rolling restarts per variant)
#   RR_RUNS=4             rolling restarts per variant; the variants alternate (A B C, B C A, C A B, ...)
#   RR_VARIANTS=A,B,C     which variants
#   RR_FIRST_ROUND=1      number of the first round (RR_FIRST_ROUND=5 RR_RUNS=1 adds a fifth round elsewhere: set RR_OUT)
#   RR_MAX_IN_FLIGHT=2000 most requests waiting at once (the load is open loop)
#   RR_RATE=100           requests/s, sent at a fixed rate whatever earlier requests do
#   RR_POST_EVERY=1000    1 request in N is a POST /orders (0 = GET only; GET /orders lists them all, so keep it rare)
#   RR_WARMUP_S=5 RR_TAIL_S=3   load before the first terminate / after the last instance is UP
#   RR_PRESTOP_S=5        variant C's fixed delay
#   RR_INTER=1s RR_FALL=2 RR_RISE=2   HAProxy health check
#   RR_REDISPATCH=1       add "option redispatch" (off by default, as in HAProxy)
#   RR_QUIET_SHARE=0.25 RR_QUIET_WAIT_S=300   before each run, wait (at most that long) until other
#                         processes use under 25% of the CPUs over 10 s
#   RR_BASE_PORT=18080    HAProxy 18080; apps 18081, 18082; management 18091, 18092 (all 127.0.0.1)
#   RR_JAVA_OPTS="..." RR_APP_ARGS="..."   JVM options / extra arguments of the app (all variants)
#   RR_SKIP_BUILD=1       use the sample-app jar already built
# Needs haproxy on the PATH (Debian: apt-get install -y haproxy) and a JDK 17+.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
command -v "${RR_HAPROXY:-haproxy}" >/dev/null || { echo "haproxy not found; on Debian: apt-get update && apt-get install -y haproxy" >&2; exit 1; }
exec java -cp "${RR_OUT}/classes" RollingRestartRunner rolling
