#!/usr/bin/env bash
# Runs the JMH benchmarks in bench/src/java: builds the test classes (where the benchmarks are
# compiled), finds a JDK >= 22 as ./sluice does, and passes every argument to JMH's Main.
# (./sluice bench runs the whole suite with its report; this runs any benchmark by hand.)
#   bench/run.sh CacheStat                              # one benchmark class, its own defaults
#   bench/run.sh CacheStat -f 1 -wi 2 -i 3 -rf json -rff out.json
#   bench/run.sh -h                                     # JMH's options
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
required=22

# shellcheck source=../bin/find-jdk.sh
source "$root/bin/find-jdk.sh"
# shellcheck source=../bin/bench-classpath.sh
source "$root/bin/bench-classpath.sh"

jdk=$(find_jdk "$required")
if [ -z "$jdk" ]; then
  echo "bench: no JDK $required or newer found (looked at JAVA_HOME, java on the PATH, /usr/lib/jvm, /opt/java, ~/.sdkman); install one, e.g. Temurin 25, or set JAVA_HOME to it" >&2
  exit 1
fi
classpath=$(bench_classpath "$root" bench) || exit 1
bench_set_jvm_flags "$jdk"

cd "$root"
# JMH forks get the same flags through the benchmarks' @Fork(jvmArgsAppend).
exec "$jdk/bin/java" "${bench_jvm_flags[@]}" -cp "$classpath" org.openjdk.jmh.Main "$@"
