#!/usr/bin/env bash
# Runs the JMH benchmarks (src/test/java/**/*Benchmark.java) in a forked JVM.
#
#   bench/jmh.sh                   every io.pawkeep.*Benchmark
#   bench/jmh.sh 'AccessToken'     only benchmarks whose name matches the regular expression
#
# Extra Maven options go in MAVEN_ARGS, e.g. MAVEN_ARGS=-o bench/jmh.sh for an offline build.
set -euo pipefail

cd "$(dirname "$0")/.."

# shellcheck source=bench/java-home.sh
source bench/java-home.sh
echo "Using $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1) from $JAVA_HOME" >&2

./mvnw -q -B test-compile -Dspotless.check.skip=true
./mvnw -q -B dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test

exec "$JAVA_HOME/bin/java" \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.pawkeep.bench.Benchmarks "$@"
