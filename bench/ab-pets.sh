#!/usr/bin/env bash
# The pets list of two versions of Pawkeep, served side by side and measured in alternating rounds,
# so that both see the same machine: on a shared 2-core machine two runs of bench/pets-load.sh
# minutes apart differ by up to 30% with the same code.
#
#   BEFORE=<git revision> bench/ab-pets.sh
#
# Builds BEFORE in a worktree under target/ab-before and this working tree, starts each with
# io.pawkeep.bench.PetsLoadServer (its own clean embedded database, 1,000 households of 5 pets),
# warms both up, then runs ROUNDS rounds; each round runs wrk (32 connections, RUN_SECONDS s,
# a random household and its owner's token per request) against one version and then the other,
# the first alternating from round to round. Prints each round and the median of each version:
# requests/s, p99, and the JVM's CPU time per request (the figure least moved by the machine's
# other work).
#
# Settings (environment): ROUNDS (6), RUN_SECONDS (10), WARMUP (15), CONNECTIONS (32), THREADS (2).
# Extra Maven options go in MAVEN_ARGS, e.g. MAVEN_ARGS=-o for an offline build.
set -euo pipefail

cd "$(dirname "$0")/.."
root="$(pwd)"
before="${BEFORE:?set BEFORE to the git revision to compare with}"
rounds="${ROUNDS:-6}"
seconds="${RUN_SECONDS:-10}"
warmup="${WARMUP:-15}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-2}"

# shellcheck source=bench/app-server.sh
source bench/app-server.sh
require_wrk
# shellcheck source=bench/java-home.sh
source bench/java-home.sh

tree="$root/target/ab-before"
if [[ -d "$tree" ]]; then
  git worktree remove --force "$tree"
fi
git worktree add --detach -q "$tree" "$before"

servers=()
stop_both() {
  for pid in "${servers[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  git -C "$root" worktree remove --force "$tree" 2>/dev/null || true
}

declare -A pid_of base_of targets_of
for side in before after; do
  if [[ "$side" == before ]]; then cd "$tree"; else cd "$root"; fi
  start_server io.pawkeep.bench.PetsLoadServer
  trap stop_both EXIT
  servers+=("$server")
  pid_of[$side]="$server"
  base_of[$side]="$base"
  targets_of[$side]="$(realpath "$out/targets.tsv")"
done
cd "$root"

run_wrk() { # side seconds
  wrk -t "$threads" -c "$connections" -d "${2}s" --timeout 10s -s bench/pets-load.lua \
    "${base_of[$1]}" -- "${targets_of[$1]}"
}
ticks() { awk '{ print $14 + $15 }' "/proc/${pid_of[$1]}/stat"; }

# Both versions must do the real work: the owner's 5 pets.
for side in before after; do
  IFS=$'\t' read -r household token < <(head -n 1 "${targets_of[$side]}")
  pets="$(curl -sf -H "Authorization: Bearer $token" \
    "${base_of[$side]}/api/v1/households/$household/pets" | grep -o '"householdId"' | wc -l)"
  if [[ "$pets" != 5 ]]; then
    echo "$0: sanity check failed for $side (pets=$pets)" >&2
    exit 1
  fi
done

for side in before after; do
  echo "Warming up $side for $warmup s..." >&2
  run_wrk "$side" "$warmup" >/dev/null
done

results="$root/target/ab-pets.txt"
: >"$results"
printf '%-6s %-7s %8s %8s %12s %7s\n' round version "req/s" "p99 ms" "JVM cpu ms" errors |
  tee -a "$results"
for round in $(seq 1 "$rounds"); do
  order=(before after)
  ((round % 2 == 0)) && order=(after before)
  for side in "${order[@]}"; do
    t0="$(ticks "$side")"
    line="$(run_wrk "$side" "$seconds" | grep '^RESULT ')"
    t1="$(ticks "$side")"
    requests="$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$line")"
    took="$(sed -n 's/.* seconds=\([0-9.]*\).*/\1/p' <<<"$line")"
    p99="$(sed -n 's/.* p99_us=\([0-9.]*\).*/\1/p' <<<"$line")"
    # Answers other than 200 and socket errors: a version that refuses requests is not faster.
    errors="$(sed -n 's/.* non2xx=\([0-9]*\) connect=\([0-9]*\) read=\([0-9]*\) write=\([0-9]*\) timeout=\([0-9]*\).*/\1 \2 \3 \4 \5/p' <<<"$line" |
      awk '{ print $1 + $2 + $3 + $4 + $5 }')"
    printf '%-6s %-7s %8.0f %8.2f %12s %7s\n' "$round" "$side" \
      "$(awk -v r="$requests" -v s="$took" 'BEGIN { print r / s }')" \
      "$(awk -v u="$p99" 'BEGIN { print u / 1000 }')" \
      "$(per_request $((t1 - t0)) "$requests")" "$errors" | tee -a "$results"
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
{
  echo "median of $rounds rounds of ${seconds} s, $connections connections ($(date -u +%F), before = $before):"
  for side in before after; do
    printf '%-7s %8.0f req/s  p99 %7.2f ms  JVM cpu %5.2f ms/request\n' "$side" \
      "$(awk -v s="$side" '$2 == s { print $3 }' "$results" | median)" \
      "$(awk -v s="$side" '$2 == s { print $4 }' "$results" | median)" \
      "$(awk -v s="$side" '$2 == s { print $5 }' "$results" | median)"
  done
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
} | tee -a "$results"
