#!/usr/bin/env bash
# Cost does not grow with data: the p50 of Pawkeep's pets list, care sync batch and staff schedule
# with 1,000 pets and with 1,000,000 pets (goal: at most 20% apart).
#
#   bench/data-scale.sh
#
# For each size in SCALES, starts Pawkeep (io.pawkeep.bench.CompareLoadServer: dev profile, clean
# embedded PostgreSQL under target/bench-data) seeded with COPY, never through the API: BENCH_PETS
# pets in households of 5 with their owners, and in proportion care companies (one per 5
# households, at least 100), walkers (two per company), 15 bookings per walker and 2 care log
# entries per past booking; at 1,000,000 pets that is 200,000 households, 80,000 walkers, 1.2
# million bookings and 1.1 million care log entries. Access tokens are issued by the application
# for 1,000 owners and 1,000 walkers spread evenly over the tables. Then:
#   - EXPLAIN (ANALYZE, BUFFERS) of every statement of each endpoint (the bench/compare-*.pgbench
#     scripts) as pawkeep_app with the identity set, nested statements of the policy functions
#     included (auto_explain); the plans go to target/bench-explain-<pets>-<endpoint>.txt
#     and every sequential scan is listed;
#   - wrk: each endpoint at CONNECTIONS connections, WARMUP seconds unmeasured, DURATION measured.
# Prints each endpoint's p50 at every size and the difference between the first and the last; the
# table also goes to bench/results/data-scale.txt.
#
# Settings (environment): SCALES ("1000 1000000"), DURATION (20), WARMUP (10), CONNECTIONS (32),
# THREADS (2). Extra Maven options go in MAVEN_ARGS, e.g. MAVEN_ARGS=-o for an offline build.
set -euo pipefail

cd "$(dirname "$0")/.."

scales="${SCALES:-1000 1000000}"
export READY_SECONDS="${READY_SECONDS:-1800}" # seeding a million pets takes minutes
duration="${DURATION:-20}"
warmup="${WARMUP:-10}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-2}"

# shellcheck source=bench/compare-common.sh
source bench/compare-common.sh
echo "Using $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1), $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), $("$pgbench" --version)" >&2

# The statements of bench/compare-<endpoint>.pgbench for its first sample, explained as
# pawkeep_app in one transaction rolled back; prints the plans (auto_explain's notices).
explain() { # endpoint
  local w=1 n=1 r=$RANDOM$RANDOM
  local b=$(((w + 1) / 2))
  local hh=$((((b - 1) * 5 + w % 5) % HOUSEHOLDS + 1))
  {
    echo "load 'auto_explain';"
    echo "set auto_explain.log_min_duration = 0; set auto_explain.log_analyze = on;"
    echo "set auto_explain.log_buffers = on; set auto_explain.log_nested_statements = on;"
    echo "set auto_explain.log_level = notice; set client_min_messages = notice;"
    echo "set role $PGUSER;"
    echo "begin;"
    # psql interpolates :name as is: the batch's arrays (text) need quoting there.
    grep -v '^\\set\|^--\|^BEGIN;\|^COMMIT;' "bench/compare-$1.pgbench" |
      sed -E "s/:(batch_[a-z]+)/:'\1'/g"
    echo "rollback;"
  } | PGUSER=postgres PGPASSWORD="$(cat "$data/keys/database-superuser-dev.password")" \
    "$psql" -X -q -v ON_ERROR_STOP=1 -v w="$w" -v n="$n" -v b="$b" -v hh="$hh" -v r="$r" \
    -v booking=$((w * 100 + 50)) -o /dev/null 2>&1
}

# Sequential scans in the plans on stdin: "table (rows)" once each.
seq_scans() {
  { grep -o 'Seq Scan on [a-z_]*[^(]*(cost[^)]*) (actual[^)]*rows=[0-9]*' || true; } | sed 's/Seq Scan on \([a-z_]*\).*rows=\([0-9]*\)/\1(\2)/' |
    sort -u | tr '\n' ' '
}

endpoints=(pets care schedule)
declare -A p50 rps errors scans
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for pets in $scales; do
  echo "Seeding $pets pets..." >&2
  start_compare_server "$pets"
  check_pawkeep
  seeded="$(grep -o 'Seeded Scale[^"]*' "$data/server.log" | head -n 1)"
  echo "$seeded" >&2
  for endpoint in "${endpoints[@]}"; do
    explain "$endpoint" >"target/bench-explain-$pets-$endpoint.txt"
    scans[$pets.$endpoint]="$(seq_scans <"target/bench-explain-$pets-$endpoint.txt")"
    case "$endpoint" in
      pets) targets="$out/pets-targets.tsv" ;;
      *) targets="$out/walker-targets.tsv" ;;
    esac
    echo "$pets pets, $endpoint: ${warmup} s warm-up, then ${duration} s measured..." >&2
    read -r r5 p5 _ e5 < <(measure_wrk "$base" "$endpoint" "$targets")
    p50[$pets.$endpoint]="$p5" rps[$pets.$endpoint]="$r5" errors[$pets.$endpoint]="$e5"
  done
  stop_server
done

first="${scales%% *}"
last="${scales##* }"
mkdir -p bench/results
{
  echo "# bench/data-scale.sh, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
  echo "# wrk, $connections connections, ${duration} s each after ${warmup} s of warm-up; p50 in ms (req/s, errors)"
  header="$(printf '%-40s' "")"
  for pets in $scales; do header+="$(printf ' %22s' "$pets pets")"; done
  echo "$header$(printf ' %10s' "difference")"
  for endpoint in "${endpoints[@]}"; do
    case "$endpoint" in
      pets) name="GET /api/v1/households/{id}/pets" ;;
      care) name="POST /api/v1/sync/care-actions (10)" ;;
      schedule) name="GET /api/v1/bookings?business&staff=me" ;;
    esac
    line="$(printf '%-40s' "$name")"
    for pets in $scales; do
      line+="$(printf ' %22s' "${p50[$pets.$endpoint]} (${rps[$pets.$endpoint]}, ${errors[$pets.$endpoint]})")"
    done
    diff="$(awk -v a="${p50[$first.$endpoint]}" -v b="${p50[$last.$endpoint]}" 'BEGIN { printf "%+.1f%%", 100 * (b - a) / a }')"
    echo "$line$(printf ' %10s' "$diff")"
  done
  echo "difference: p50 at $last pets over p50 at $first pets, minus 1 (goal: within 20%)"
  echo "sequential scans in the plans (table(rows)), EXPLAIN ANALYZE as $PGUSER with the identity set:"
  for pets in $scales; do
    for endpoint in "${endpoints[@]}"; do
      echo "  $pets pets, $endpoint: ${scans[$pets.$endpoint]:-none}"
    done
  done
  echo "load average before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
} | tee bench/results/data-scale.txt
