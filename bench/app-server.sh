# Sourced by the load benchmarks (pets-load.sh, pages-load.sh): wrk, the build, and one Pawkeep
# started and seeded by a bench server class (io.pawkeep.bench.*LoadServer) on a clean embedded
# database under target/bench-data, stopped when the script exits.
#
#   start_server io.pawkeep.bench.PetsLoadServer   # sets server, data, out, base, APP_PORT, PG*

# wrk, installed with apt-get when running as root.
require_wrk() {
  if ! command -v wrk >/dev/null; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
      apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    else
      echo "$0: needs wrk; install it with: sudo apt-get install -y wrk" >&2
      exit 1
    fi
  fi
}

# Sets pgbench to a pgbench client (PostgreSQL 15 or newer works with the embedded PostgreSQL 17).
require_pgbench() {
  pgbench="$(command -v pgbench || true)"
  if [[ -z "$pgbench" ]]; then
    pgbench="$(ls -d /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1 || true)"
  fi
  if [[ -z "$pgbench" ]]; then
    echo "$0: needs pgbench; install it with: sudo apt-get install -y postgresql-client" >&2
    exit 1
  fi
}

# Compiles the tests and starts the class given; waits until it wrote bench/ready (at most
# READY_SECONDS, 300 by default).
start_server() {
  data="target/bench-data"
  out="$data/bench"
  ./mvnw -q -B test-compile -Dspotless.check.skip=true
  ./mvnw -q -B dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
  rm -rf "$out"
  mkdir -p "$out"
  "$JAVA_HOME/bin/java" \
    -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    "$1" \
    --pawkeep.data-dir="$data" --pawkeep.database.clean-embedded=true --server.port=0 \
    >"$data/server.log" 2>&1 &
  server=$!
  trap stop_server EXIT

  echo "Starting and seeding Pawkeep (log: $data/server.log)..." >&2
  for _ in $(seq 1 "${READY_SECONDS:-300}"); do
    [[ -f "$out/ready" ]] && break
    if ! kill -0 "$server" 2>/dev/null; then
      echo "$0: the application stopped; see $data/server.log" >&2
      exit 1
    fi
    sleep 1
  done
  [[ -f "$out/ready" ]] || { echo "$0: the application did not get ready" >&2; exit 1; }
  # shellcheck disable=SC1091
  source "$out/server.env"
  base="http://127.0.0.1:$APP_PORT"
}

stop_server() {
  if kill -0 "$server" 2>/dev/null; then
    kill "$server"
    wait "$server" 2>/dev/null || true
  fi
}

# CPU time of the application's JVM in clock ticks.
jvm_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }

per_request() { # ticks, requests -> milliseconds of CPU per request
  awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t * 1000 / hz / n }'
}
