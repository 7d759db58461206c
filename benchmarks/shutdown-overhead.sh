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

RUNS="${1:-15}"
KINDS="${BENCH_KINDS:-plain web}"
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "${BENCH_DIR}/.." && pwd)"
OUT="${BENCH_DIR}/target/shutdown-overhead"
MVN="${ROOT}/mvnw"

cd "${ROOT}"
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  echo "Building and installing the starter (./mvnw -q -B install -DskipTests -pl starter -am) ..."
  "${MVN}" -q -B install -DskipTests -pl starter -am
fi

echo "Compiling the benchmark app and runner ..."
"${MVN}" -q -B -f "${BENCH_DIR}/pom.xml" compile

mkdir -p "${OUT}"
CLASSES="${BENCH_DIR}/target/classes"
classpath() { # $1 = output file, $2 = Maven profiles ("" for none)
  local profiles=()
  [[ -n "$2" ]] && profiles=(-P "$2")
  "${MVN}" -q -B -f "${BENCH_DIR}/pom.xml" "${profiles[@]}" dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$1"
  # Keep jars only: Maven lists the starter's own pom (a pom-only artifact) too.
  printf '%s:%s' "${CLASSES}" "$(tr ':' '\n' < "$1" | grep -v '\.pom$' | paste -sd: -)" > "$1"
}
echo "Resolving the classpaths ..."
ARGS=()
for kind in ${KINDS}; do
  case "${kind}" in
    plain) base="" ;;
    web)   base="web" ;;
    *) echo "Unknown kind ${kind} (use plain and/or web)" >&2; exit 2 ;;
  esac
  classpath "${OUT}/${kind}-without.cp" "${base}"
  classpath "${OUT}/${kind}-with.cp" "${base:+${base},}starter"
  if grep -q 'orderly-shutdown-spring-boot' "${OUT}/${kind}-without.cp" \
      || ! grep -q 'orderly-shutdown-spring-boot' "${OUT}/${kind}-with.cp"; then
    echo "Classpath check failed for ${kind}" >&2; exit 1
  fi
  ARGS+=("${kind}=${OUT}/${kind}-without.cp|${OUT}/${kind}-with.cp")
done

echo "Machine: $(nproc) CPUs, $(uname -sr), $("$(command -v java)" -version 2>&1 | head -1)"
java -cp "${CLASSES}" dev.orderly.shutdown.benchmarks.ShutdownOverheadRunner "${RUNS}" "${OUT}" "${ARGS[@]}"
echo "Per-run logs: ${OUT}/logs; summary: ${OUT}/summary.txt"
