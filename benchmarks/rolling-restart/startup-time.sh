#!/usr/bin/env bash
# Startup time of the sample app (java -jar, alone, no load): with the starter (defaults) and
# with --orderly.shutdown.enabled=false, alternating, one discarded warm-up run each.
# Measures JVM start -> "Started SampleApplication" log line, and -> first /readyz 200.
#
# Usage: benchmarks/rolling-restart/startup-time.sh     (RR_STARTUP_RUNS=7 runs per variant)
#   RR_JAVA_OPTS="..." RR_APP_ARGS="..." RR_BASE_PORT=18080 RR_SKIP_BUILD=1   as in rolling-restart.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
exec java -cp "${RR_OUT}/classes" RollingRestartRunner startup
