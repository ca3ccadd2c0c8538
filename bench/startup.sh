#!/usr/bin/env bash
# Start-up time and memory of the packaged application (docs/performance.md, "Start-up and memory").
#
#   bench/startup.sh
#
# Builds the jar once (kept while target/pawkeep-*.jar exists; REBUILD=1 builds again), extracts it
# to target/startup/app (the JDK's ahead-of-time cache only covers classes loaded from plain jars
# on the class path, not from inside the executable jar) and trains the cache there with one start
# and a few requests (kept while newer than the jar). Then, for each way of starting, ROUNDS times:
#   - first start: an empty data folder (embedded PostgreSQL's initdb, all migrations, key files);
#   - start with that data folder, now existing;
# each timed from the exec of java to the first 200 of GET /actuator/health (polled every 50 ms),
# with the CPU time the JVM used until then (user + system, from /proc; embedded PostgreSQL's not
# counted), which depends much less on what else the machine runs; the medians are printed. Last,
# each way serves a load once more (LOAD), and the RSS (VmRSS, and its peak VmHWM, from /proc) is
# printed after start and after that load:
#   LOAD=pets (default): the load of bench/pets-load.sh: the same java command runs
#     io.pawkeep.bench.PetsLoadServer (the test classes on the class path; a clean database of
#     1,000 households of 5 pets, one token per owner), then WARMUP seconds of wrk, not counted,
#     and DURATION seconds of GET /api/v1/households/{id}/pets on CONNECTIONS connections;
#   LOAD=me: the way starts on its data folder and serves DURATION seconds of wrk on
#     GET /api/v1/me as one signed-up account (mostly the per-user limit's 429: a light load).
#
# The ways of starting:
#   plain:  java -jar target/pawkeep-*.jar, no options (how it ran before deploy/java.args), or
#           java -jar $PLAIN_JAR: a copy of the jar built before a change, to measure it;
#   tuned:  java @deploy/java.args -XX:AOTCache=target/startup/pawkeep.aot -jar target/startup/app/pawkeep.jar
#   before: as tuned, on the jar BEFORE_JAR (a copy of the jar built before a change; its own
#           extracted copy and cache under target/startup/before-*): tuned before and after a change,
#           interleaved in the same minutes. Added to WAYS when BEFORE_JAR is set.
#   any name given in VARIANTS: as tuned, with more environment variables and JVM options, to try
#           them beside tuned: VARIANTS="serial:-XX:+UseSerialGC arena:MALLOC_ARENA_MAX=2" (words
#           after the colon separated by commas; NAME=value ones go to the environment). An option
#           deploy/java.args contradicts (another collector) cannot be tried this way.
# Settings (environment): ROUNDS (3), DURATION (30), WARMUP (10), CONNECTIONS (32), THREADS (2),
# PORT (18480), LOAD (pets), WAYS ("plain tuned", plus "before" with BEFORE_JAR), LOAD_WAYS (the
# ways of the load, WAYS unless set, none for no load; the start-up rounds run only the ways of
# WAYS), PLAIN_JAR,
# BEFORE_JAR, VARIANTS. Extra Maven options go in
# MAVEN_ARGS, e.g. MAVEN_ARGS=-o for an offline build. Needs JDK 25 or newer for the cache (an
# older JDK runs "tuned" without it), curl and wrk.
set -euo pipefail

cd "$(dirname "$0")/.."

rounds="${ROUNDS:-3}"
duration="${DURATION:-30}"
warmup="${WARMUP:-10}"
load_kind="${LOAD:-pets}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-2}"
port="${PORT:-18480}"
ways="${WAYS:-plain tuned${BEFORE_JAR:+ before}}"
load_ways="${LOAD_WAYS:-$ways}"
[[ "$load_ways" == none ]] && load_ways=""
variant_of() { # way -> its extra words, one a line, if it is a variant
  local v
  for v in ${VARIANTS:-}; do
    [[ "${v%%:*}" == "$1" ]] && tr ',' '\n' <<<"${v#*:}" && return 0
  done
  return 1
}
work="target/startup"

# shellcheck source=bench/app-server.sh
source bench/app-server.sh
require_wrk
# shellcheck source=bench/java-home.sh
source bench/java-home.sh
java="$JAVA_HOME/bin/java"
echo "Using $("$java" -version 2>&1 | head -n 1), $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)" >&2

jar() { ls target/pawkeep-*.jar 2>/dev/null | grep -v -- '-plain' | head -n 1; }
if [[ -z "$(jar)" || "${REBUILD:-0}" == 1 ]]; then
  echo "Building the jar..." >&2
  # shellcheck disable=SC2086
  ./mvnw -B -ntp -q -DskipTests -Dspotless.check.skip=true ${MAVEN_ARGS:-} package
fi
if [[ "$load_kind" == pets && ! -f target/test-classes/io/pawkeep/bench/PetsLoadServer.class ]]; then
  # shellcheck disable=SC2086
  ./mvnw -B -ntp -q -Dspotless.check.skip=true ${MAVEN_ARGS:-} test-compile
fi
jar="$(jar)"
mkdir -p "$work"
# The extracted copy and the cache of a way of the tuned kind: tuned (this jar), before (BEFORE_JAR).
app_of() { if [[ "$1" == before ]]; then echo "$work/before-app/pawkeep.jar"; else echo "$work/app/pawkeep.jar"; fi; }
aot_of() { if [[ "$1" == before ]]; then echo "$work/before.aot"; else echo "$work/pawkeep.aot"; fi; }
jar_of() { if [[ "$1" == before ]]; then echo "$BEFORE_JAR"; else echo "$jar"; fi; }
for way in $(printf '%s\n' $ways $load_ways | sort -u); do
  [[ "$way" == plain ]] && continue
  app="$(app_of "$way")"
  if [[ ! -f "$app" || "$(jar_of "$way")" -nt "$app" ]]; then
    rm -rf "$(dirname "$app")"
    "$java" -Djarmode=tools -jar "$(jar_of "$way")" extract --destination "$(dirname "$app")" \
      --application-filename pawkeep.jar >/dev/null
  fi
done

load() { cut -d' ' -f1 /proc/loadavg; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
base="http://127.0.0.1:$port"

# way [main class] -> its java command line, one word a line; with a main class (the bench server
# of LOAD=pets), that class is run with the test classes on the class path instead of the jar's.
command_of() {
  local main="${2:-}"
  case "$1" in
    plain)
      if [[ -z "$main" ]]; then
        printf '%s\n' "$java" -jar "${PLAIN_JAR:-$jar}"
      else
        printf '%s\n' "$java" -Dloader.path=target/test-classes "-Dloader.main=$main" \
          -cp "${PLAIN_JAR:-$jar}" org.springframework.boot.loader.launch.PropertiesLauncher
      fi
      ;;
    *)
      local extra=()
      if [[ "$1" != tuned && "$1" != before ]]; then
        variant_of "$1" >/dev/null || { echo "$0: unknown way '$1'" >&2 && exit 1; }
        mapfile -t extra < <(variant_of "$1")
      fi
      local word env=() options=()
      for word in "${extra[@]}"; do
        if [[ "$word" == *=* && "$word" != -* ]]; then env+=("$word"); else options+=("$word"); fi
      done
      [[ ${#env[@]} -gt 0 ]] && printf '%s\n' env "${env[@]}"
      printf '%s\n' "$java" @deploy/java.args
      [[ ${#options[@]} -gt 0 ]] && printf '%s\n' "${options[@]}"
      if [[ -f "$(aot_of "$1")" ]]; then printf '%s\n' "-XX:AOTCache=$(aot_of "$1")"; fi
      if [[ -z "$main" ]]; then
        printf '%s\n' -jar "$(app_of "$1")"
      else
        printf '%s\n' -cp "$(app_of "$1"):target/test-classes" "$main"
      fi
      ;;
  esac
}

pid=""
stop() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    wait "$pid" 2>/dev/null || true
  fi
  pid=""
}
trap stop EXIT

# Starts the java command line ($2...) on the data folder $1, logging to $1.log; sets pid, took_ms
# and cpu_ms (the JVM's CPU time until healthy).
start() {
  local data="$1" started
  shift
  started="$(now_ms)"
  "$@" --pawkeep.data-dir="$data" --server.port="$port" >"$data.log" 2>&1 &
  pid=$!
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/actuator/health")" == 200 ]]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$0: the application stopped; see $data.log" >&2
      exit 1
    fi
    sleep 0.05
  done
  took_ms=$(($(now_ms) - started))
  cpu_ms="$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$pid/stat")"
}

rss() { awk '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } END { printf "%d/%d", r / 1024, h / 1024 }' "/proc/$pid/status"; }

# Signs up an account through the API (register, the mailed link's token, sign-in) on the data
# folder $1 and prints its access token.
access_token() {
  local data="$1" email="startup-bench@example.org" password="tawny-otter-chases-seven-kites"
  local mail token
  curl -sf -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Start-up bench\"}" \
    "$base/api/v1/auth/register"
  for _ in $(seq 1 100); do
    mail="$(ls "$data"/mail/*.eml 2>/dev/null | tail -n 1 || true)"
    [[ -n "$mail" ]] && break
    sleep 0.1
  done
  # The link may be folded over lines (quoted-printable): unfold it before reading the token.
  token="$(sed -e ':a' -e '/=$/{N;s/=\n//;ba' -e '}' "$mail" | sed 's/=3D/=/g' |
    grep -o 'token=[A-Za-z0-9_-]*' | head -n 1 | cut -d= -f2)"
  curl -sf -o /dev/null -H 'Content-Type: application/json' -d "{\"token\":\"$token\"}" \
    "$base/api/v1/auth/verify-email" || true # already verified on a later run
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$base/api/v1/auth/login" |
    sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

# The ahead-of-time cache: one start, the requests of a session (the health check, pages, the
# sign-up and an authenticated call), then a normal stop, at which the JVM writes the cache.
for way in $(printf '%s\n' $ways $load_ways | sort -u); do
  [[ "$way" == plain ]] && continue
  app="$(app_of "$way")" aot="$(aot_of "$way")"
  if [[ (! -f "$aot" || "$(jar_of "$way")" -nt "$aot") ]] &&
    [[ "$(java_major "$JAVA_HOME")" -ge 25 ]]; then
    echo "Training the ahead-of-time cache ($aot)..." >&2
    rm -rf "$aot" "$work/train" "$work/train.log"
    start "$work/train" "$java" @deploy/java.args "-XX:AOTCacheOutput=$aot" -jar "$app"
    token="$(access_token "$work/train")"
    for path in / /login /signup /security /.well-known/security.txt /css/app.css /actuator/prometheus /v3/api-docs; do
      curl -s -o /dev/null "$base$path"
    done
    curl -s -o /dev/null -H "Authorization: Bearer $token" "$base/api/v1/me"
    curl -s -o /dev/null -H "Authorization: Bearer $token" "$base/api/v1/households"
    curl -s -o /dev/null -H "Authorization: Bearer wrong" "$base/api/v1/me"
    stop
    [[ -f "$aot" ]] || { echo "$0: no cache was written; see $work/train.log" >&2; exit 1; }
  fi
done

declare -A first existing
for round in $(seq 1 "$rounds"); do
  for way in $ways; do
    data="$work/data-$way"
    rm -rf "$data" "$data.log"
    mapfile -t cmd < <(command_of "$way")
    start "$data" "${cmd[@]}"
    first[$way]+="$took_ms@$(load)@$cpu_ms "
    first_ms="$took_ms" first_cpu="$cpu_ms" first_load="$(load)"
    stop
    start "$data" "${cmd[@]}"
    existing[$way]+="$took_ms@$(load)@$cpu_ms "
    stop
    # Each figure as it is measured, so a run cut short still says what it saw.
    echo "round $round, $way: first start $first_ms ms (JVM CPU $first_cpu ms, load $first_load)," \
      "existing data $took_ms ms (JVM CPU $cpu_ms ms, load $(load))" >&2
  done
done

median() { # field (1: wall time, 3: CPU time)
  tr ' ' '\n' | sed '/^$/d' | cut -d@ -f"$1" | sort -n |
  awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1000 }'; }
loads() { tr ' ' '\n' | sed '/^$/d' | cut -d@ -f2 | paste -sd, -; }

# LOAD=pets: starts the way's java on the bench server class, which seeds a clean database and
# writes its targets; sets pid, bench (its output folder) and pets_base.
start_pets_server() {
  local way="$1" data="$work/pets-$1"
  bench="$data/bench"
  rm -rf "$data" "$data.log"
  mapfile -t cmd < <(command_of "$way" io.pawkeep.bench.PetsLoadServer)
  "${cmd[@]}" --pawkeep.data-dir="$data" --pawkeep.database.clean-embedded=true \
    --server.port=0 >"$data.log" 2>&1 &
  pid=$!
  until [[ -f "$bench/ready" ]]; do
    kill -0 "$pid" 2>/dev/null || { echo "$0: the bench server stopped; see $data.log" >&2; exit 1; }
    sleep 1
  done
  # shellcheck disable=SC1091
  source "$bench/server.env"
  pets_base="http://127.0.0.1:$APP_PORT"
}

declare -A rss_start rss_load rps
for way in $load_ways; do
  if [[ "$load_kind" == pets ]]; then
    start_pets_server "$way"
    rss_start[$way]="$(rss)"
    pets_wrk() {
      wrk -t "$threads" -c "$connections" -d "${1}s" --timeout 10s -s bench/pets-load.lua \
        "$pets_base" -- "$bench/targets.tsv"
    }
    pets_wrk "$warmup" >/dev/null
    pets_wrk "$duration" >"$work/wrk-$way.txt"
    rss_load[$way]="$(rss) (load $(load))"
    result="$(grep '^RESULT ' "$work/wrk-$way.txt")"
    field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$result"; }
    rps[$way]="$(awk -v r="$(field requests)" -v s="$(field seconds)" 'BEGIN { printf "%.0f", r / s }')"
    rps[$way]+=" (p99 $(awk -v u="$(field p99_us)" 'BEGIN { printf "%.0f", u / 1000 }') ms,"
    rps[$way]+=" $(($(field non2xx) + $(field timeout))) errors)"
    echo "$way: RSS now/peak MB after start ${rss_start[$way]}, after the load ${rss_load[$way]}; ${rps[$way]} req/s" >&2
    stop
    continue
  fi
  data="$work/data-$way"
  mapfile -t cmd < <(command_of "$way")
  start "$data" "${cmd[@]}"
  rss_start[$way]="$(rss)"
  token="$(access_token "$data")"
  [[ -n "$token" ]] || { echo "$0: could not sign in; see $data.log" >&2; exit 1; }
  wrk -t "$threads" -c "$connections" -d "${duration}s" -H "Authorization: Bearer $token" \
    "$base/api/v1/me" >"$work/wrk-$way.txt"
  rss_load[$way]="$(rss) (load $(load))"
  rps[$way]="$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$work/wrk-$way.txt" | cut -d. -f1)"
  non2xx="$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$work/wrk-$way.txt")"
  [[ -n "$non2xx" ]] && rps[$way]+=" ($non2xx non-2xx)"
  stop
done

{
  echo "Start to healthy, median of $rounds, seconds: wall / JVM CPU (load average at each start);"
  echo "RSS in MB, now/peak. $(date -u '+%F %H:%M') UTC, $(nproc) cores"
  target="GET /api/v1/me"
  [[ "$load_kind" == pets ]] && target="GET /api/v1/households/{id}/pets"
  printf '%-6s %-30s %-30s %-12s %-26s %s\n' way "first start" "existing data" "RSS started" \
    "RSS after ${duration} s wrk" "$target, $connections connections: req/s"
  for way in $(printf '%s\n' $ways $load_ways | awk '!seen[$0]++'); do
    printf '%-6s %-30s %-30s %-12s %-26s %s\n' "$way" \
      "$(median 1 <<<"${first[$way]:-}") / $(median 3 <<<"${first[$way]:-}") ($(loads <<<"${first[$way]:-}"))" \
      "$(median 1 <<<"${existing[$way]:-}") / $(median 3 <<<"${existing[$way]:-}") ($(loads <<<"${existing[$way]:-}"))" \
      "${rss_start[$way]:-}" "${rss_load[$way]:-}" "${rps[$way]:-}"
  done
} | tee "$work/results.txt"
