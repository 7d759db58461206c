# Shared by rolling-restart.sh and startup-time.sh: builds the sample app (unless RR_SKIP_BUILD=1),
# copies its jar to target/ (so a rebuild elsewhere cannot change it under a running benchmark),
# and compiles RollingRestartRunner with plain javac. No Maven changes, JDK only.
set -euo pipefail
RR_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RR_ROOT="$(cd "${RR_HERE}/../.." && pwd)"
export RR_OUT="${RR_OUT:-${RR_HERE}/target}"
export RR_TEMPLATE="${RR_HERE}/haproxy.cfg.template"
mkdir -p "${RR_OUT}/classes"

if [[ "${RR_SKIP_BUILD:-0}" != "1" ]]; then
  echo "Building the sample app: ./mvnw -q -B -DskipTests package -pl sample-app -am"
  (cd "${RR_ROOT}" && ./mvnw -q -B -DskipTests package -pl sample-app -am)
fi
cp "${RR_ROOT}/sample-app/target/orderly-shutdown-sample-app-0.1.0-SNAPSHOT.jar" "${RR_OUT}/sample-app.jar"
export RR_JAR="${RR_OUT}/sample-app.jar"
javac -d "${RR_OUT}/classes" "${RR_HERE}/RollingRestartRunner.java"
