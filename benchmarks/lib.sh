# Shared by the benchmark scripts (sourced, not run).
# Sets BENCH_DIR, ROOT, MVN and CLASSES; defines build_starter, compile_benchmarks, classpath,
# classpath_pair, app_settings and machine.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "${BENCH_DIR}/.." && pwd)"
MVN="${ROOT}/mvnw"
CLASSES="${BENCH_DIR}/target/classes"

# Builds the starter and installs it in ~/.m2, where this standalone pom resolves it from.
# BENCH_SKIP_BUILD=1 reuses the one installed already. BENCH_STARTER_JAR=<jar> (for example
# autoconfigure/target/orderly-shutdown-spring-boot-*.jar after `./mvnw -pl autoconfigure
# package`) builds and installs nothing: classpath_pair puts that jar on the "with" classpath,
# so two builds of the starter can be compared without touching ~/.m2.
build_starter() {
  if [[ -z "${BENCH_SKIP_BUILD:-}" && -z "${BENCH_STARTER_JAR:-}" ]]; then
    echo "Building and installing the starter (./mvnw -q -B -DskipTests install -pl autoconfigure,starter -am) ..."
    (cd "${ROOT}" && "${MVN}" -q -B -DskipTests install -pl autoconfigure,starter -am)
  fi
}

# Compiles src/main/java, src/web/java (HelloApplication) and src/webflux/java
# (HelloReactiveApplication) into target/classes.
compile_benchmarks() {
  echo "Compiling the benchmark apps and runners ..."
  "${MVN}" -q -B -f "${BENCH_DIR}/pom.xml" -P web,webflux compile
}

# classpath FILE PROFILES: writes target/classes plus the runtime classpath that Maven resolves
# with PROFILES ("" for none) to FILE, jars only (Maven also lists the starter's own pom).
classpath() {
  local profiles=()
  [[ -n "$2" ]] && profiles=(-P "$2")
  "${MVN}" -q -B -f "${BENCH_DIR}/pom.xml" "${profiles[@]}" dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$1"
  printf '%s:%s' "${CLASSES}" "$(tr ':' '\n' < "$1" | grep -v '\.pom$' | paste -sd: -)" > "$1"
}

# classpath_pair DIR NAME PROFILES: DIR/NAME-without.cp and DIR/NAME-with.cp (PROFILES plus
# "starter", or with BENCH_STARTER_JAR: the "without" classpath plus that jar, since the
# starter brings no other jar into these apps); checks that only the "with" one has the
# starter's jar. BENCH_BASELINE_JAR=<jar> (with BENCH_STARTER_JAR) puts that build of the
# starter on the "without" classpath instead: "without" then means "with the baseline build",
# to compare two builds side by side.
classpath_pair() {
  classpath "$1/$2-without.cp" "$3"
  if [[ -n "${BENCH_BASELINE_JAR:-}" ]]; then
    [[ -n "${BENCH_STARTER_JAR:-}" && -f "${BENCH_BASELINE_JAR}" ]] \
      || { echo "BENCH_BASELINE_JAR needs BENCH_STARTER_JAR, and an existing jar" >&2; exit 1; }
    mkdir -p "$1/baseline-jar"; cp "${BENCH_BASELINE_JAR}" "$1/baseline-jar/baseline.jar"
    printf '%s:%s' "$(cat "$1/$2-without.cp")" "$1/baseline-jar/baseline.jar" > "$1/$2-baseline.cp"
    cp "$1/$2-without.cp" "$1/$2-plain.cp"
  fi
  if [[ -n "${BENCH_STARTER_JAR:-}" ]]; then
    [[ -f "${BENCH_STARTER_JAR}" ]] || { echo "BENCH_STARTER_JAR ${BENCH_STARTER_JAR} not found" >&2; exit 1; }
    local jar; jar="$(cd "$(dirname "${BENCH_STARTER_JAR}")" && pwd)/$(basename "${BENCH_STARTER_JAR}")"
    # named like the installed jar in a directory of its own, so that the check below holds
    mkdir -p "$1/starter-jar"; cp "${jar}" "$1/starter-jar/orderly-shutdown-spring-boot.jar"
    printf '%s:%s' "$(cat "$1/$2-without.cp")" "$1/starter-jar/orderly-shutdown-spring-boot.jar" > "$1/$2-with.cp"
  else
    classpath "$1/$2-with.cp" "${3:+$3,}starter"
  fi
  if [[ -n "${BENCH_BASELINE_JAR:-}" ]]; then
    grep -q 'orderly-shutdown-spring-boot' "$1/$2-plain.cp" && { echo "Classpath check failed for $2" >&2; exit 1; }
    mv "$1/$2-baseline.cp" "$1/$2-without.cp"
    return
  fi
  if grep -q 'orderly-shutdown-spring-boot' "$1/$2-without.cp" \
      || ! grep -q 'orderly-shutdown-spring-boot' "$1/$2-with.cp"; then
    echo "Classpath check failed for $2" >&2; exit 1
  fi
}

# app_settings APP: sets APP_CLASS (main class) and APP_PROFILES (the pom's profiles of its
# classpath, without the starter) of one of the web apps the scripts take in BENCH_APP
app_settings() {
  local apps=dev.orderly.shutdown.benchmarks
  case "$1" in
    webmvc)         APP_CLASS="${apps}.HelloApplication";         APP_PROFILES=web ;;
    webflux)        APP_CLASS="${apps}.HelloReactiveApplication"; APP_PROFILES=webflux ;;        # Reactor Netty
    webflux-tomcat) APP_CLASS="${apps}.HelloReactiveApplication"; APP_PROFILES=webflux-tomcat ;;
    webflux-jetty)  APP_CLASS="${apps}.HelloReactiveApplication"; APP_PROFILES=webflux-jetty ;;
    *) echo "Unknown app '$1' in BENCH_APP (use webmvc, webflux, webflux-tomcat, webflux-jetty)" >&2; exit 2 ;;
  esac
}

machine() {
  echo "$(nproc) CPUs, Linux $(uname -r), $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
