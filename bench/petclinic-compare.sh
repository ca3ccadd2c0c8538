#!/usr/bin/env bash
# Pawkeep against a plain Spring REST application: Spring PetClinic REST (Spring Boot, Spring Data
# JPA, no security) on the same PostgreSQL, measured in the same run on the same machine.
#
#   bench/petclinic-compare.sh
#
# 1. Builds Spring PetClinic REST into target/petclinic-rest-src (cloned from PETCLINIC_REPO, by
#    default its public repository; never committed) unless its jar is there already.
# 2. Starts Pawkeep (io.pawkeep.bench.CompareLoadServer: dev profile, clean embedded PostgreSQL
#    under target/bench-data) seeded with COPY: BENCH_PETS pets (5,000: 1,000 households of 5, as
#    bench/pets-load.sh), care companies, walkers with bookings around today and care log entries;
#    access tokens issued by the application.
# 3. On that same PostgreSQL server, a database and role of its own for PetClinic, which it fills
#    with its own schema.sql and data.sql (profile postgres,spring-data-jpa; its security is off by
#    default: petclinic.security.enable=false), started from its jar on port PETCLINIC_PORT.
# 4. One after the other, each WARMUP seconds unmeasured then DURATION seconds, CONNECTIONS
#    connections (wrk, bench/compare-load.lua; pgbench as pawkeep_app, bench/compare-*.pgbench):
#      PetClinic  GET /petclinic/api/owners/1
#      Pawkeep    GET /api/v1/households/{id}/pets             (a random owner's household)
#      Pawkeep    POST /api/v1/sync/care-actions               (a new 10-item batch of a walker
#                                                                for their booking running now)
#      Pawkeep    GET /api/v1/bookings?business={id}&staff=me  (a walker's schedule)
#    and for each Pawkeep endpoint the SQL it runs, in one transaction, under pgbench.
# Prints requests/s, p50 and p99, the ratio to PetClinic and to the raw SQL; the table also goes
# to bench/results/petclinic-compare.txt.
#
# 5. With ROUNDS (0 by default) above 0: that many rounds more in which PetClinic and the pets
#    list take turns, ROUND_SECONDS (10) each, the first of the pair alternating; each round's
#    ratio and their median. The figures above are each measured in their own minutes, and this
#    machine's speed drifts between minutes; rounds side by side share the drift.
# Settings (environment): DURATION (30), WARMUP (10), CONNECTIONS (32), THREADS (2),
# BENCH_PETS (5000), ROUNDS (0), ROUND_SECONDS (10),
# PETCLINIC_REPO (https://github.com/spring-petclinic/spring-petclinic-rest.git),
# PETCLINIC_PORT (9966). Extra Maven options go in MAVEN_ARGS (e.g. -o for an offline build of
# Pawkeep; PetClinic's first build downloads its dependencies from Maven Central).
set -euo pipefail

cd "$(dirname "$0")/.."

duration="${DURATION:-30}"
warmup="${WARMUP:-10}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-2}"
pets="${BENCH_PETS:-5000}"
repo="${PETCLINIC_REPO:-https://github.com/spring-petclinic/spring-petclinic-rest.git}"
petclinic_port="${PETCLINIC_PORT:-9966}"
rounds="${ROUNDS:-0}"
round_seconds="${ROUND_SECONDS:-10}"

# shellcheck source=bench/compare-common.sh
source bench/compare-common.sh
command -v git >/dev/null || { echo "$0: needs git" >&2; exit 1; }

# 1. PetClinic REST, built once.
src="target/petclinic-rest-src"
if ! ls "$src"/target/spring-petclinic-rest-*.jar >/dev/null 2>&1; then
  if [[ ! -d "$src/.git" ]]; then
    echo "Cloning $repo into $src..." >&2
    git clone -q "$repo" "$src"
  fi
  echo "Building PetClinic REST (log: target/petclinic-build.log)..." >&2
  # Only the jar: no tests, no coverage, license or enforcer checks.
  ./mvnw -B -ntp -f "$src/pom.xml" -DskipTests -Djacoco.skip=true -Dlicense.skip=true \
    -Drat.skip=true -Denforcer.skip=true package >target/petclinic-build.log 2>&1 ||
    { echo "$0: the PetClinic build failed; see target/petclinic-build.log" >&2; exit 1; }
fi
petclinic_jar="$(ls "$src"/target/spring-petclinic-rest-*.jar | head -n 1)"
petclinic_commit="$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)"

# 2. Pawkeep.
echo "Using $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1), $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), $("$pgbench" --version)" >&2
start_compare_server "$pets"
check_pawkeep

# 3. PetClinic's database and role on the same server, made by its superuser.
superuser_password="$(cat "$data/keys/database-superuser-dev.password")"
PGPASSWORD="$superuser_password" "$psql" -X -q -v ON_ERROR_STOP=1 -U postgres -d postgres <<'SQL'
create role petclinic login password 'petclinic';
create database petclinic owner petclinic;
SQL
petclinic_log="$data/petclinic.log"
"$JAVA_HOME/bin/java" -jar "$petclinic_jar" --spring.profiles.active=postgres,spring-data-jpa \
  --server.port="$petclinic_port" \
  --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/petclinic" \
  --spring.datasource.username=petclinic --spring.datasource.password=petclinic \
  >"$petclinic_log" 2>&1 &
petclinic=$!
stop_all() {
  if kill -0 "$petclinic" 2>/dev/null; then
    kill "$petclinic"
    wait "$petclinic" 2>/dev/null || true
  fi
  stop_server
}
trap stop_all EXIT
petclinic_url="http://127.0.0.1:$petclinic_port"
echo "Starting PetClinic REST (log: $petclinic_log)..." >&2
for _ in $(seq 1 180); do
  curl -sf -o /dev/null "$petclinic_url/petclinic/api/owners/1" && break
  kill -0 "$petclinic" 2>/dev/null || { echo "$0: PetClinic stopped; see $petclinic_log" >&2; exit 1; }
  sleep 1
done
owner="$(curl -sf "$petclinic_url/petclinic/api/owners/1")" ||
  { echo "$0: PetClinic does not answer; see $petclinic_log" >&2; exit 1; }
grep -q '"lastName":"Franklin"' <<<"$owner" ||
  { echo "$0: PetClinic's owner 1 is not George Franklin: $owner" >&2; exit 1; }

# 4. Measure, one after the other.
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "PetClinic: ${warmup} s warm-up, then ${duration} s measured..." >&2
read -r pc_rps pc_p50 pc_p99 pc_err < <(measure_wrk "$petclinic_url" petclinic)
rows=()
row() { # name rps p50 p99 errors sql_tps sql_p50 sql_p99 sql_failed
  rows+=("$(printf '%-40s %8s %8s %8s %6s %9s %8s %8s %8s %8s' "$1" "$2" "$3" "$4" "$5" \
    "$(ratio "$2" "$pc_rps")" "$6" "$7" "$8" "$(ratio "$2" "$6")")")
}
for endpoint in pets care schedule; do
  case "$endpoint" in
    pets) name="GET /api/v1/households/{id}/pets" targets="$out/pets-targets.tsv"
      sample="$HOUSEHOLD_SAMPLE" stride="$HOUSEHOLD_STRIDE" ;;
    care) name="POST /api/v1/sync/care-actions (10)" targets="$out/walker-targets.tsv"
      sample="$WALKER_SAMPLE" stride="$WALKER_STRIDE" ;;
    schedule) name="GET /api/v1/bookings?business&staff=me" targets="$out/walker-targets.tsv"
      sample="$WALKER_SAMPLE" stride="$WALKER_STRIDE" ;;
  esac
  echo "Pawkeep $endpoint: ${warmup} s warm-up, then ${duration} s measured; then its SQL..." >&2
  read -r rps p50 p99 err < <(measure_wrk "$base" "$endpoint" "$targets")
  read -r tps sp50 sp99 failed < <(measure_pgbench "bench/compare-$endpoint.pgbench" "$sample" "$stride")
  row "$name" "$rps" "$p50" "$p99" "$((err + failed))" "$tps" "$sp50" "$sp99"
done

# PetClinic and the pets list taking turns, so that the machine's drift between minutes falls on
# both sides alike; the ratio of each round and their median.
round_lines=()
if ((rounds > 0)); then
  echo "PetClinic and the pets list: $rounds interleaved rounds of ${round_seconds} s..." >&2
  ratios=()
  for i in $(seq 1 "$rounds"); do
    order=(petclinic pets)
    ((i % 2 == 0)) && order=(pets petclinic)
    for side in "${order[@]}"; do
      if [[ "$side" == petclinic ]]; then
        read -r r_pc _ r_pc_p99 r_pc_err < <(wrk_once "$round_seconds" "$petclinic_url" petclinic)
      else
        read -r r_pets _ r_pets_p99 r_pets_err < <(wrk_once "$round_seconds" "$base" pets "$out/pets-targets.tsv")
      fi
    done
    ratios+=("$(ratio "$r_pets" "$r_pc")")
    round_lines+=("$(printf 'round %2s (%-14s) PetClinic %6s req/s p99 %8s ms errors %s; pets list %6s req/s p99 %8s ms errors %s; x %s' \
      "$i" "${order[0]} first" "$r_pc" "$r_pc_p99" "$r_pc_err" "$r_pets" "$r_pets_p99" "$r_pets_err" "${ratios[-1]}")")
  done
  round_lines+=("pets list over PetClinic, median of $rounds interleaved rounds of ${round_seconds} s: $(printf '%s\n' "${ratios[@]}" | sort -n |
    awk '{ r[NR] = $1 } END { if (NR % 2) print r[(NR + 1) / 2]; else printf "%.2f", (r[NR / 2] + r[NR / 2 + 1]) / 2 }')")
fi

mkdir -p bench/results
{
  echo "# bench/petclinic-compare.sh, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
  echo "# $connections connections, ${duration} s each after ${warmup} s of warm-up; $PETS pets, $HOUSEHOLDS households, $WALKERS walkers"
  echo "# PetClinic REST $petclinic_commit (postgres, spring-data-jpa, no security) on the same PostgreSQL"
  printf '%-40s %8s %8s %8s %6s %9s %8s %8s %8s %8s\n' "" "req/s" "p50 ms" "p99 ms" "errors" \
    "x PetCl." "SQL tx/s" "SQL p50" "SQL p99" "x SQL"
  printf '%-40s %8s %8s %8s %6s %9s %8s %8s %8s %8s\n' "PetClinic GET /petclinic/api/owners/1" \
    "$pc_rps" "$pc_p50" "$pc_p99" "$pc_err" "1.00" "-" "-" "-" "-"
  printf '%s\n' "${rows[@]}"
  echo "x PetCl.: requests/s over PetClinic's; x SQL: requests/s over the raw SQL's transactions/s"
  echo "errors: wrk's non-2xx and socket errors, plus pgbench's failed transactions"
  if ((${#round_lines[@]} > 0)); then printf '%s\n' "${round_lines[@]}"; fi
  echo "load average before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
} | tee bench/results/petclinic-compare.txt
