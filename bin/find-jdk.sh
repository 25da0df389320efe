# Sourced (not run) by ./sluice and bench/run.sh: finds the newest JDK >= a required major version.
#   source bin/find-jdk.sh; jdk=$(find_jdk 22)   # empty if there is none
# Looks at JAVA_HOME, java on the PATH, /usr/lib/jvm, /usr/java, /opt/java, /opt/jdk*, sdkman, ~/.jdks.

# Major version of the JDK at $1, from its release file; empty if it is not a JDK.
jdk_major() {
  [ -x "$1/bin/java" ] && [ -f "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

# Home of the newest JDK whose major version is at least $1 (default 22); prints nothing if none.
find_jdk() {
  local required="${1:-22}" candidates=() best="" best_major=0 dir major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$dir" ] && candidates+=("$dir")
  done
  for dir in "${candidates[@]}"; do
    major=$(jdk_major "$dir")
    if [ -n "$major" ] && [ "$major" -ge "$required" ] && [ "$major" -gt "$best_major" ]; then
      best="$dir" best_major="$major"
    fi
  done
  echo "$best"
}
