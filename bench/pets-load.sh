#!/usr/bin/env bash
# Load benchmark of GET /api/v1/households/{id}/pets against the raw SQL it runs.
#
#   bench/pets-load.sh
#
# Starts Pawkeep (io.pawkeep.bench.PetsLoadServer: the application, dev profile, clean embedded
# database under target/bench-data) and seeds 1,000 households with 5 pets each, each with its own
# owner account, live session and access token. Then, one after the other:
#   - wrk: 32 connections for DURATION seconds, each request a random household with its owner's
#     token (bench/pets-load.lua);
#   - pgbench: 32 clients for DURATION seconds as the application role pawkeep_app, each
#     transaction the identity check and the selects the endpoint runs (bench/pets-sql.pgbench).
# Each is preceded by WARMUP seconds of the same load, not counted. Prints requests/s, p50 and p99
# for both, the CPU time per request of the JVM and of PostgreSQL, and the ratio app/pgbench; the
# figures also go to target/bench-data/bench/results.txt.
#
# Settings (environment): DURATION (30), WARMUP (10), CONNECTIONS (32), THREADS (2).
# PROFILE=1 also shows where the time goes (its figures are then not for comparison, the recorder
# costs a little): the database round trips of three requests
# (strace on the database backends), and a
# JFR recording of the application during the measured wrk run ($out/pets.jfr, JDK profile settings)
# summarised by bench/jfr-summary.sh (to $out/profile.txt).
# Extra Maven options go in MAVEN_ARGS, e.g. MAVEN_ARGS=-o bench/pets-load.sh for an offline build.
set -euo pipefail

cd "$(dirname "$0")/.."

duration="${DURATION:-30}"
warmup="${WARMUP:-10}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-2}"

# Tools: wrk and pgbench (a PostgreSQL 15 or newer client works with the embedded PostgreSQL 17).
# shellcheck source=bench/app-server.sh
source bench/app-server.sh
require_wrk
require_pgbench

# shellcheck source=bench/java-home.sh
source bench/java-home.sh
echo "Using $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1), $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), $("$pgbench" --version)" >&2

start_server io.pawkeep.bench.PetsLoadServer
if [[ "${PROFILE:-0}" == 1 ]]; then
  # Whole stacks (Spring's are deeper than JFR's default 64 frames); only before the first recording.
  "$JAVA_HOME/bin/jcmd" "$server" JFR.configure stackdepth=512 >/dev/null
fi
export PGHOST PGPORT PGDATABASE PGUSER
# The embedded database requires the application role's generated password (HARD-7).
PGPASSWORD="$(cat "$data/keys/database-app-dev.password")"
export PGPASSWORD

# Both sides must do the real work: 5 pets for the owner, nothing for someone else's household.
read -r household token < <(head -n 1 "$out/targets.tsv")
read -r other _ < <(sed -n 2p "$out/targets.tsv")
pets="$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/households/$household/pets" |
  grep -o '"householdId"' | wc -l)"
foreign="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
  "$base/api/v1/households/$other/pets")"
rows="$("$(dirname "$pgbench")/psql" -X -q -t -A -v ON_ERROR_STOP=1 <<'SQL' | tail -n 1
begin;
select pawkeep_begin_request('00000000-0000-4000-8001-000000000001', '00000000-0000-4000-8002-000000000001', now(), now());
select count(*) from pets where household_id = '00000000-0000-4000-8000-000000000001';
commit;
SQL
)"
if [[ "$pets" != 5 || "$foreign" != 404 || "$rows" != 5 ]]; then
  echo "bench/pets-load.sh: sanity check failed (app pets=$pets, other household=$foreign, SQL rows=$rows)" >&2
  exit 1
fi

profile="${PROFILE:-0}"
# The database round trips of three requests by the owner of the sanity check above (so its first
# request, which leased its rate-limit tokens, is behind it): strace on the application role's
# backends records each message batch a backend receives (one round trip each), and
# bench/round-trips.awk names them by the SQL they carry.
trace_round_trips() {
  if ! command -v strace >/dev/null; then
    echo "== SQL round trips: not traced (needs strace: sudo apt-get install -y strace)"
    return
  fi
  local backends=()
  for backend in $(pgrep -P "$postmaster" -f "postgres: $PGUSER "); do
    backends+=(-p "$backend")
  done
  strace -qq -s 200 -e trace=recvfrom -o "$out/backends.strace" "${backends[@]}" &
  local tracer=$!
  sleep 2
  for n in 1 1 1; do
    local household token
    IFS=$'\t' read -r household token < <(sed -n "${n}p" "$out/targets.tsv")
    curl -sf -o /dev/null -H "Authorization: Bearer $token" "$base/api/v1/households/$household/pets"
  done
  sleep 1
  kill "$tracer"
  wait "$tracer" 2>/dev/null || true
  awk -f bench/round-trips.awk "$out/backends.strace" >"$out/round-trips.txt"
  echo "== SQL round trips of three requests: $(wc -l <"$out/round-trips.txt") (backend pid, what it received)"
  cat "$out/round-trips.txt"
}

# CPU time in clock ticks of PostgreSQL (the postmaster with the backends it has reaped, plus the
# live ones); the JVM's is jvm_ticks.
postmaster="$(head -n 1 "$data/pg/postmaster.pid")"
pg_ticks() {
  { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat"
    for child in $(pgrep -P "$postmaster"); do
      awk '{ print $14 + $15 }' "/proc/$child/stat" 2>/dev/null || true
    done; } | awk '{ s += $1 } END { print s }'
}

if [[ "$profile" == 1 ]]; then
  trace_round_trips | tee "$out/profile.txt"
fi

run_wrk() { # seconds
  wrk -t "$threads" -c "$connections" -d "${1}s" --timeout 10s -s bench/pets-load.lua \
    "$base" -- "$out/targets.tsv"
}
run_pgbench() { # seconds [log prefix]
  local log=()
  [[ -n "${2:-}" ]] && log=(-l --log-prefix="$2")
  "$pgbench" -n -M prepared -c "$connections" -j "$threads" -T "$1" "${log[@]}" \
    -f bench/pets-sql.pgbench
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: ${warmup} s warm-up, then ${duration} s measured..." >&2
run_wrk "$warmup" >/dev/null
if [[ "$profile" == 1 ]]; then
  "$JAVA_HOME/bin/jcmd" "$server" JFR.start name=pets settings=profile filename="$(realpath "$out")/pets.jfr" >/dev/null
fi
jvm0="$(jvm_ticks)" pg0="$(pg_ticks)"
run_wrk "$duration" >"$out/wrk.txt"
jvm1="$(jvm_ticks)" pg1="$(pg_ticks)"
if [[ "$profile" == 1 ]]; then
  "$JAVA_HOME/bin/jcmd" "$server" JFR.stop name=pets >/dev/null
  bench/jfr-summary.sh "$out/pets.jfr" | tee -a "$out/profile.txt"
fi
app="$(grep '^RESULT ' "$out/wrk.txt")"
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }
app_rps="$(awk -v r="$(field requests "$app")" -v s="$(field seconds "$app")" 'BEGIN { printf "%.0f", r / s }')"
app_p50="$(awk -v u="$(field p50_us "$app")" 'BEGIN { printf "%.2f", u / 1000 }')"
app_p99="$(awk -v u="$(field p99_us "$app")" 'BEGIN { printf "%.2f", u / 1000 }')"
app_jvm_cpu="$(per_request $((jvm1 - jvm0)) "$(field requests "$app")")"
app_pg_cpu="$(per_request $((pg1 - pg0)) "$(field requests "$app")")"
app_errors="$(sed -n 's/.* non2xx=\([0-9]*\) connect=\([0-9]*\) read=\([0-9]*\) write=\([0-9]*\) timeout=\([0-9]*\).*/\1 \2 \3 \4 \5/p' <<<"$app" |
  awk '{ print $1 + $2 + $3 + $4 + $5 }')"

echo "pgbench: ${warmup} s warm-up, then ${duration} s measured..." >&2
run_pgbench "$warmup" >/dev/null 2>&1
sleep 1 # let the warm-up's backends exit and be counted before the measured run
pg0="$(pg_ticks)"
run_pgbench "$duration" "$out/pgbench-log" >"$out/pgbench.txt" 2>&1
sleep 1
pg1="$(pg_ticks)"
sql_tps="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out/pgbench.txt" | head -n 1)"
sql_failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out/pgbench.txt")"
# Per-transaction log: the third field is the latency in microseconds.
cat "$out"/pgbench-log.* | awk '{ print $3 }' | sort -n >"$out/pgbench-latencies.txt"
percentile() { # p, sorted microseconds on stdin -> milliseconds
  awk -v p="$1" '{ t[NR] = $1 } END { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; printf "%.2f", t[i] / 1000 }'
}
sql_p50="$(percentile 50 <"$out/pgbench-latencies.txt")"
sql_p99="$(percentile 99 <"$out/pgbench-latencies.txt")"
sql_done="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out/pgbench.txt")"
sql_pg_cpu="$(per_request $((pg1 - pg0)) "$sql_done")"
ratio="$(awk -v a="$app_rps" -v s="$sql_tps" 'BEGIN { printf "%.1f", 100 * a / s }')"

{
  echo "GET /api/v1/households/{id}/pets, $connections connections, ${duration} s ($(date -u +%F))"
  printf '%-18s %8s %8s %8s %7s %12s %11s\n' "" "req/s" "p50 ms" "p99 ms" "errors" \
    "JVM cpu ms" "PG cpu ms"
  printf '%-18s %8s %8s %8s %7s %12s %11s\n' "app (wrk)" "$app_rps" "$app_p50" "$app_p99" \
    "$app_errors" "$app_jvm_cpu" "$app_pg_cpu"
  printf '%-18s %8.0f %8s %8s %7s %12s %11s\n' "raw SQL (pgbench)" "$sql_tps" "$sql_p50" \
    "$sql_p99" "${sql_failed:-0}" "-" "$sql_pg_cpu"
  echo "app/pgbench throughput: ${ratio} %"
  echo "load average before the run: $load_before ($(nproc) cores)"
} | tee "$out/results.txt"
