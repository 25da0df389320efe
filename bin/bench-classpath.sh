# Sourced (not run), after bin/find-jdk.sh, by ./sluice (for `sluice bench`) and bench/run.sh: builds
# the main and test classes (the benchmarks compile with the tests) and gives the class path and JVM
# flags to run them with.
#   source bin/find-jdk.sh; source bin/bench-classpath.sh
#   classpath=$(bench_classpath "$root" "bench") || exit 1
#   bench_set_jvm_flags "$jdk"
#   exec "$jdk/bin/java" "${bench_jvm_flags[@]}" -cp "$classpath" ...
# Maven runs only when a source is newer than target/bench-classpath.txt, which the build writes once
# the test classes compiled (pom.xml, execution bench-classpath).

# Sets the array bench_jvm_flags: the flags every benchmark JVM needs (as the tests get them:
# sluice.test.jvm.args in pom.xml) for the JDK at $1. JMH forks inherit them from the JVM running JMH.
bench_set_jvm_flags() {
  bench_jvm_flags=(
    --enable-native-access=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  )
  # JMH 1.37 uses sun.misc.Unsafe, which JDK 24+ warns about in four lines at every start (the flag is 23+)
  if [ "$(jdk_major "$1")" -ge 23 ]; then
    bench_jvm_flags+=(--sun-misc-unsafe-memory-access=allow)
  fi
}

# Builds if needed and prints the class path; $1 is the source tree, $2 the name for messages.
bench_classpath() {
  local root="$1" who="$2" stamp="$1/target/bench-classpath.txt"
  if [ ! -f "$stamp" ] || [ -n "$(find "$root/pom.xml" "$root/src" "$root/bindings/src" "$root/bench/src" -newer "$stamp" -print -quit)" ]; then
    command -v mvn >/dev/null || { echo "$who: Maven (mvn) is needed to build the benchmarks; install it, e.g. apt-get install maven" >&2; return 1; }
    echo "$who: building (mvn process-test-classes, tests skipped)..." >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests process-test-classes >&2) \
      || { echo "$who: the build failed; see Maven's output above" >&2; return 1; }
  fi
  echo "$root/target/classes:$root/target/test-classes:$(cat "$stamp")"
}
