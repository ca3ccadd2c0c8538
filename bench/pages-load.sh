#!/usr/bin/env bash
# Server time of the browser app's pages, beside the JSON API reading the same data.
#
#   bench/pages-load.sh [paths-file]        # bench/pages.txt by default
#
# Starts Pawkeep (io.pawkeep.bench.PagesLoadServer: the application, dev profile, clean embedded
# database under target/bench-data) and seeds the 1,000 owners, households and pets of
# bench/pets-load.sh; each owner also gets a browser session opened by the sign-in page's session
# service (a real __Host-pawkeep cookie) and an access token. Then, for each line of the paths file
# ("cookie|bearer|none path"), wrk with CONNECTIONS connections for WARMUP seconds (not counted),
# then DURATION seconds measured, each request a random owner (bench/pages-load.lua), gzip
# accepted as browsers do. A path answering 404 (a page not built yet) is skipped with a warning.
# Prints requests/s, p50, p95 and p99 and the JVM's CPU time per request for each path, and the
# load average of the machine; the figures also go to target/bench-data/bench/pages-results.txt.
# Goal: p95 under 50 ms for every page.
#
# Settings (environment): DURATION (20), WARMUP (5), CONNECTIONS (4), THREADS (2).
# Extra Maven options go in MAVEN_ARGS, e.g. MAVEN_ARGS=-o bench/pages-load.sh for an offline build.
set -euo pipefail

cd "$(dirname "$0")/.."

paths="$(realpath "${1:-bench/pages.txt}")"
duration="${DURATION:-20}"
warmup="${WARMUP:-5}"
connections="${CONNECTIONS:-4}"
threads="${THREADS:-2}"

# shellcheck source=bench/app-server.sh
source bench/app-server.sh
require_wrk
# shellcheck source=bench/java-home.sh
source bench/java-home.sh
echo "Using $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1), $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)" >&2

start_server io.pawkeep.bench.PagesLoadServer
targets="$out/pages-targets.tsv"
IFS=$'\t' read -r household pet token cookie < <(head -n 1 "$targets")

# One request as the first owner: prints the status; the body goes to $out/probe.html.
probe() { # auth path
  local path="${2//\{household\}/$household}"
  path="${path//\{pet\}/$pet}"
  local auth=()
  case "$1" in
    cookie) auth=(-H "Cookie: __Host-pawkeep=$cookie") ;;
    bearer) auth=(-H "Authorization: Bearer $token") ;;
  esac
  curl -s -o "$out/probe.html" -w '%{http_code}' "${auth[@]}" "$base$path"
}

# The home page must be the owner's, with their household: a signed-in page doing the real work.
if [[ "$(probe cookie /)" != 200 ]] || ! grep -q 'Bench household 1<' "$out/probe.html"; then
  echo "$0: sanity check failed: the home page does not show the owner's household" >&2
  exit 1
fi

field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
rows=()
while read -r auth path _; do
  [[ -z "$auth" || "$auth" == \#* ]] && continue
  status="$(probe "$auth" "$path")"
  if [[ "$status" == 404 ]]; then
    echo "warning: $path answers 404 (not built yet?); skipped" >&2
    continue
  fi
  if [[ "$status" != 200 ]]; then
    echo "$0: $auth $path answers $status, not 200; see $out/probe.html" >&2
    exit 1
  fi
  echo "$auth $path: ${warmup} s warm-up, then ${duration} s measured..." >&2
  run() { # seconds
    wrk -t "$threads" -c "$connections" -d "${1}s" --timeout 10s -s bench/pages-load.lua \
      "$base" -- "$targets" "$auth" "$path"
  }
  run "$warmup" >/dev/null
  jvm0="$(jvm_ticks)"
  result="$(run "$duration" | grep '^RESULT ')"
  jvm1="$(jvm_ticks)"
  requests="$(field requests "$result")"
  rps="$(awk -v r="$requests" -v s="$(field seconds "$result")" 'BEGIN { printf "%.0f", r / s }')"
  errors="$(sed -n 's/.* non2xx=\([0-9]*\) connect=\([0-9]*\) read=\([0-9]*\) write=\([0-9]*\) timeout=\([0-9]*\).*/\1 \2 \3 \4 \5/p' <<<"$result" |
    awk '{ print $1 + $2 + $3 + $4 + $5 }')"
  rows+=("$(printf '%-36s %-6s %7s %7s %7s %7s %6s %8s' "$path" "$auth" "$rps" \
    "$(ms "$(field p50_us "$result")")" "$(ms "$(field p95_us "$result")")" \
    "$(ms "$(field p99_us "$result")")" "$errors" "$(per_request $((jvm1 - jvm0)) "$requests")")")
done <"$paths"

{
  echo "Pages and API, $connections connections, ${duration} s each, gzip accepted ($(date -u +%F))"
  printf '%-36s %-6s %7s %7s %7s %7s %6s %8s\n' "path" "auth" "req/s" "p50 ms" "p95 ms" \
    "p99 ms" "errors" "JVM cpu"
  printf '%s\n' "${rows[@]}"
  echo "JVM cpu: CPU milliseconds of the application per request (all threads)"
  echo "load average before the run: $load_before ($(nproc) cores); after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/pages-results.txt"
