#!/usr/bin/env bash
# Runs the JMH benchmarks in bench/src/java: builds the test classes (where the benchmarks are
# compiled), finds a JDK >= 22 as ./sluice does, and passes every argument to JMH's Main.
#   bench/run.sh CacheStat                              # one benchmark class, its own defaults
#   bench/run.sh CacheStat -f 1 -wi 2 -i 3 -rf json -rff out.json
#   bench/run.sh -h                                     # JMH's options
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
required=22

# shellcheck source=../bin/find-jdk.sh
source "$root/bin/find-jdk.sh"

jdk=$(find_jdk "$required")
if [ -z "$jdk" ]; then
  echo "bench: no JDK $required or newer found (looked at JAVA_HOME, java on the PATH, /usr/lib/jvm, /opt/java, ~/.sdkman); install one, e.g. Temurin 25, or set JAVA_HOME to it" >&2
  exit 1
fi
command -v mvn >/dev/null || { echo "bench: Maven (mvn) is needed to build the benchmarks; install it, e.g. apt-get install maven" >&2; exit 1; }

cd "$root"
echo "bench: building (mvn test-compile, tests skipped)..." >&2
mvn -q -B -Dstyle.color=never -DskipTests test-compile \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2 \
  || { echo "bench: the build failed; see Maven's output above" >&2; exit 1; }

# The same flags as the tests (sluice.test.jvm.args in pom.xml); JMH forks get them too.
exec "$jdk/bin/java" \
  --enable-native-access=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  org.openjdk.jmh.Main "$@"
