# Sourced by bench/petclinic-compare.sh and bench/data-scale.sh: starts Pawkeep seeded by
# io.pawkeep.bench.CompareLoadServer (BENCH_PETS pets) and measures its endpoints with wrk
# (bench/compare-load.lua) and their raw SQL with pgbench (bench/compare-*.pgbench).

# shellcheck source=bench/app-server.sh
source bench/app-server.sh
require_wrk
require_pgbench
psql="$(dirname "$pgbench")/psql"
[[ -x "$psql" ]] || psql="$(command -v psql)"
# shellcheck source=bench/java-home.sh
source bench/java-home.sh

# Starts and seeds Pawkeep with $1 pets; exports the application role's PG* settings.
start_compare_server() {
  export BENCH_PETS="$1"
  start_server io.pawkeep.bench.CompareLoadServer
  # shellcheck disable=SC1091
  source "$out/scale.env"
  export PGHOST PGPORT PGDATABASE PGUSER
  # The embedded database requires the application role's generated password (HARD-7).
  PGPASSWORD="$(cat "$data/keys/database-app-dev.password")"
  export PGPASSWORD
}

# Both sides must do the real work: pets for the owner, 404 for another household; a batch
# accepted whole; the walker's own bookings in the schedule.
check_pawkeep() {
  local household token other business booking wtoken body
  read -r household token < <(head -n 1 "$out/pets-targets.tsv")
  read -r other _ < <(sed -n 2p "$out/pets-targets.tsv")
  IFS=$'\t' read -r business booking wtoken < <(head -n 1 "$out/walker-targets.tsv")
  local pets foreign accepted scheduled
  pets="$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/households/$household/pets" |
    grep -o '"householdId"' | wc -l)"
  foreign="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    "$base/api/v1/households/$other/pets")"
  body="{\"items\":[$(for k in 1 2 3 4 5 6 7 8 9 10; do
    printf '%s{"clientId":"%s","bookingId":"%s","kind":"note","deviceTime":"%s","payload":{"text":"check %s"}}' \
      "$([[ $k == 1 ]] || echo ,)" "$(cat /proc/sys/kernel/random/uuid)" "$booking" \
      "$(date -u -d '-30 sec' +%Y-%m-%dT%H:%M:%SZ)" "$k"
  done)]}"
  accepted="$(curl -s -H "Authorization: Bearer $wtoken" -H 'Content-Type: application/json' \
    -d "$body" "$base/api/v1/sync/care-actions" | grep -o '"outcome":"accepted"' | wc -l)"
  scheduled="$(curl -sf -H "Authorization: Bearer $wtoken" \
    "$base/api/v1/bookings?business=$business&staff=me" | grep -o '"assigneeId"' | wc -l)"
  if [[ "$pets" != 5 || "$foreign" != 404 || "$accepted" != 10 || "$scheduled" -lt 8 ]]; then
    echo "$0: sanity check failed (pets=$pets, other household=$foreign, care accepted=$accepted, schedule=$scheduled)" >&2
    exit 1
  fi
}

field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }

# One wrk run of $1 seconds on url $2, mode $3 (targets file $4); prints "req/s p50 p99 errors".
wrk_once() { # seconds url mode [targets file]
  local result errors
  result="$(wrk -t "$threads" -c "$connections" -d "${1}s" --timeout 10s -s bench/compare-load.lua \
    "$2" -- "$3" "${4:-}" | grep '^RESULT ')"
  errors="$(sed -n 's/.* non2xx=\([0-9]*\) connect=\([0-9]*\) read=\([0-9]*\) write=\([0-9]*\) timeout=\([0-9]*\).*/\1 \2 \3 \4 \5/p' <<<"$result" |
    awk '{ print $1 + $2 + $3 + $4 + $5 }')"
  printf '%s %s %s %s\n' \
    "$(awk -v r="$(field requests "$result")" -v s="$(field seconds "$result")" 'BEGIN { printf "%.0f", r / s }')" \
    "$(ms "$(field p50_us "$result")")" "$(ms "$(field p99_us "$result")")" "$errors"
}

# wrk for WARMUP seconds (not counted) then DURATION seconds; prints "req/s p50 p99 errors".
measure_wrk() { # url mode [targets file]
  wrk_once "$warmup" "$@" >/dev/null
  wrk_once "$duration" "$@"
}

# pgbench as the application role for WARMUP then DURATION seconds; prints "tx/s p50 p99 failed".
measure_pgbench() { # script sample stride
  local script="$1" sample="$2" stride="$3" log="$out/pgbench-$(basename "$1" .pgbench)"
  local args=(-n -M prepared -c "$connections" -j "$threads" -D sample="$sample"
    -D stride="$stride" -D households="$HOUSEHOLDS" -f "$script")
  "$pgbench" "${args[@]}" -T "$warmup" >/dev/null 2>&1
  rm -f "$log".*
  "$pgbench" "${args[@]}" -T "$duration" -l --log-prefix="$log" >"$log.txt" 2>&1 ||
    { echo "$0: pgbench $script failed; see $log.txt" >&2; exit 1; }
  local tps failed
  tps="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$log.txt" | head -n 1)"
  failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$log.txt")"
  cat "$log".[0-9]* | awk '{ print $3 }' | sort -n >"$log.latencies"
  pct() {
    awk -v p="$1" '{ t[NR] = $1 } END { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; printf "%.2f", t[i] / 1000 }' "$log.latencies"
  }
  printf '%.0f %s %s %s\n' "$tps" "$(pct 50)" "$(pct 99)" "${failed:-0}"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
