# Sourced by the benchmark scripts: exports JAVA_HOME as a JDK 21 or newer. The project compiles
# for Java 21: keep $JAVA_HOME if it is new enough, otherwise take the first JDK 25 or 21
# installed under /usr/lib/jvm.

# Prints the major version of the JDK in $1 (8 for "1.8.0_392", 21 for "21.0.5"), or nothing.
java_major() {
  [[ -x "$1/bin/java" ]] || return 0
  "$1/bin/java" -version 2>&1 |
    awk -F'"' '/version/ {
      split($2, v, "."); m = (v[1] == "1" ? v[2] : v[1]); sub(/[^0-9].*/, "", m); print m; exit
    }'
}

major="$(java_major "${JAVA_HOME:-/nonexistent}")"
if [[ -z "$major" || "$major" -lt 21 ]]; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do
    if [[ -x "$candidate/bin/java" ]]; then
      JAVA_HOME="$candidate"
      break
    fi
  done
  if [[ -z "$JAVA_HOME" ]]; then
    echo "$0: needs a JDK 21 or newer; set JAVA_HOME" >&2
    exit 1
  fi
fi
export JAVA_HOME
