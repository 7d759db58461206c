#!/usr/bin/env bash
# Shutdown overhead of Orderly Shutdown: the same minimal app with the starter (built-in stages,
# no tasks) and without it, launched alternately; each run waits for the app to be ready, sends
# SIGTERM and measures the wall time until the process has exited. Prints median/min/max/mean
# per variant and the difference of the medians, for a non-web app and a webmvc app.
#
# Usage: benchmarks/shutdown-overhead.sh [runs]          (default 15 runs per variant)
#        BENCH_KINDS="plain" benchmarks/shutdown-overhead.sh 5
#        BENCH_JAVA_OPTS="-Xmx256m" benchmarks/shutdown-overhead.sh     JVM options of the app
#        BENCH_APP_ARGS="--orderly.shutdown.drain.max-delay=0s" ...     app arguments (both variants)
#        BENCH_SKIP_BUILD=1 ...  reuse the starter already installed in ~/.m2
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${1:-15}"
KINDS="${BENCH_KINDS:-plain web}"
OUT="${BENCH_DIR}/target/shutdown-overhead"

build_starter
compile_benchmarks
mkdir -p "${OUT}"
echo "Resolving the classpaths ..."
ARGS=()
for kind in ${KINDS}; do
  case "${kind}" in
    plain) base="" ;;
    web)   base="web" ;;
    *) echo "Unknown kind ${kind} (use plain and/or web)" >&2; exit 2 ;;
  esac
  classpath_pair "${OUT}" "${kind}" "${base}"
  ARGS+=("${kind}=${OUT}/${kind}-without.cp|${OUT}/${kind}-with.cp")
done

echo "Machine: $(machine)"
java -cp "${CLASSES}" dev.orderly.shutdown.benchmarks.ShutdownOverheadRunner "${RUNS}" "${OUT}" "${ARGS[@]}"
echo "Per-run logs: ${OUT}/logs; summary: ${OUT}/summary.txt"
