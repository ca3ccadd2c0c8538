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
# each way starts once more on its data folder and serves wrk
# (CONNECTIONS connections, DURATION seconds) on GET /api/v1/me as a signed-up account; the RSS
# (VmRSS, and its peak VmHWM, from /proc) is printed after start and after that load.
#
# The ways of starting:
#   plain: java -jar target/pawkeep-*.jar, no options (how it ran before deploy/java.args), or
#          java -jar $PLAIN_JAR: a copy of the jar built before a change, to measure it;
#   tuned: java @deploy/java.args -XX:AOTCache=target/startup/pawkeep.aot -jar target/startup/app/pawkeep.jar
#
# Settings (environment): ROUNDS (3), DURATION (30), CONNECTIONS (32), THREADS (2), PORT (18480),
# WAYS ("plain tuned"), PLAIN_JAR. Extra Maven options go in MAVEN_ARGS, e.g. MAVEN_ARGS=-o for an
# offline build. Needs JDK 25 or newer for the cache (an older JDK runs "tuned" without it), curl and wrk.
set -euo pipefail

cd "$(dirname "$0")/.."

rounds="${ROUNDS:-3}"
duration="${DURATION:-30}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-2}"
port="${PORT:-18480}"
ways="${WAYS:-plain tuned}"
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
jar="$(jar)"
mkdir -p "$work"
app="$work/app/pawkeep.jar"
aot="$work/pawkeep.aot"
if [[ ! -f "$app" || "$jar" -nt "$app" ]]; then
  rm -rf "$work/app"
  "$java" -Djarmode=tools -jar "$jar" extract --destination "$work/app" \
    --application-filename pawkeep.jar >/dev/null
fi

load() { cut -d' ' -f1 /proc/loadavg; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
base="http://127.0.0.1:$port"

command_of() { # way -> its java command line, one word a line
  case "$1" in
    plain) printf '%s\n' "$java" -jar "${PLAIN_JAR:-$jar}" ;;
    tuned)
      printf '%s\n' "$java" @deploy/java.args
      if [[ -f "$aot" ]]; then printf '%s\n' "-XX:AOTCache=$aot"; fi
      printf '%s\n' -jar "$app"
      ;;
    *) echo "$0: unknown way '$1'" >&2 && exit 1 ;;
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
if [[ " $ways " == *" tuned "* && (! -f "$aot" || "$jar" -nt "$aot") ]] &&
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

declare -A first existing
for round in $(seq 1 "$rounds"); do
  for way in $ways; do
    data="$work/data-$way"
    rm -rf "$data" "$data.log"
    mapfile -t cmd < <(command_of "$way")
    start "$data" "${cmd[@]}"
    first[$way]+="$took_ms@$(load)@$cpu_ms "
    first_ms="$took_ms"
    stop
    start "$data" "${cmd[@]}"
    existing[$way]+="$took_ms@$(load)@$cpu_ms "
    stop
    echo "round $round, $way: first start $first_ms ms, existing data $took_ms ms" >&2
  done
done

median() { # field (1: wall time, 3: CPU time)
  tr ' ' '\n' | sed '/^$/d' | cut -d@ -f"$1" | sort -n |
  awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1000 }'; }
loads() { tr ' ' '\n' | sed '/^$/d' | cut -d@ -f2 | paste -sd, -; }

declare -A rss_start rss_load rps
for way in $ways; do
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
  printf '%-6s %-30s %-30s %-12s %-26s %s\n' way "first start" "existing data" "RSS started" \
    "RSS after ${duration} s wrk" "GET /api/v1/me req/s"
  for way in $ways; do
    printf '%-6s %-30s %-30s %-12s %-26s %s\n' "$way" \
      "$(median 1 <<<"${first[$way]}") / $(median 3 <<<"${first[$way]}") ($(loads <<<"${first[$way]}"))" \
      "$(median 1 <<<"${existing[$way]}") / $(median 3 <<<"${existing[$way]}") ($(loads <<<"${existing[$way]}"))" \
      "${rss_start[$way]}" "${rss_load[$way]}" "${rps[$way]}"
  done
} | tee "$work/results.txt"
