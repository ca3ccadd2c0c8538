#!/usr/bin/env bash
# Compares how long sign-up, sign-in and password-reset answers take for known and unknown emails,
# against a running Pawkeep (default http://localhost:8080, started with the README's run command
# and a fresh data directory, with the per-address limits raised so no answer is a 429: for each
# of registration-per-address, login-per-address and reset-per-address, the arguments
# --pawkeep.rate-limits.<limit>.capacity=100000 --pawkeep.rate-limits.<limit>.period=1m).
# Prints the median and 90th percentile in milliseconds for each case, and fails if any answer
# is not the one expected (a 429 would time the limiter, not the work).
#
#   bench/enumeration.sh [base-url]
set -euo pipefail
base="${1:-http://localhost:8080}"
data="${PAWKEEP_DATA_DIR:-./data}"
password="tawny-otter-chases-seven-kites"
run="enum-$(date +%s)"

post() { # path json [expected status] -> prints seconds taken; fails on another status
  local out
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
    -d "$2" "$base$1")
  if [ -n "${3:-}" ] && [ "${out%% *}" != "$3" ]; then
    echo "$1 answered ${out%% *}, expected $3" >&2
    exit 1
  fi
  echo "${out#* }"
}
stats() { # label, then seconds on stdin
  sort -n | awk -v label="$1" '{ t[NR] = $1 * 1000 } END {
    printf "%-28s n=%-3d median=%6.1f ms  p90=%6.1f ms\n", label, NR, t[int((NR + 1) / 2)], t[int(NR * 0.9 + 0.5)] }'
}

known=()
for i in 1 2 3 4 5; do
  email="$run-$i@example.org"
  post /api/v1/auth/register "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Bench\"}" >/dev/null
  known+=("$email")
done
sleep 1
for email in "${known[@]}"; do
  token=$(grep -l "$email" "$data"/mail/*.eml | xargs grep -ho 'token=[A-Za-z0-9_-]*' | tail -1 | cut -d= -f2)
  post /api/v1/auth/verify-email "{\"token\":\"$token\"}" >/dev/null
done

pending=()
for i in 1 2 3 4 5; do
  email="$run-pending-$i@example.org"
  post /api/v1/auth/register "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Bench\"}" 202 >/dev/null
  pending+=("$email")
done

for round in 1 2 3 4; do
  for i in 0 1 2 3 4; do
    signup() { echo "{\"email\":\"$1\",\"password\":\"$password-$round\",\"displayName\":\"Bench\"}"; }
    post /api/v1/auth/register "$(signup "${known[$i]}")" 202 >>/tmp/enum-confirmed-register
    post /api/v1/auth/register "$(signup "${pending[$i]}")" 202 >>/tmp/enum-pending-register
    post /api/v1/auth/register "$(signup "new-$round-${known[$i]}")" 202 >>/tmp/enum-unknown-register
  done
done
for round in 1 2 3 4; do
  for email in "${known[@]}"; do
    post /api/v1/auth/login "{\"email\":\"$email\",\"password\":\"wrong-$round-password-guess\"}" 401 >>/tmp/enum-known-login
    post /api/v1/auth/login "{\"email\":\"nobody-$round-$email\",\"password\":\"wrong-$round-password-guess\"}" 401 >>/tmp/enum-unknown-login
  done
done
for email in "${known[@]}"; do
  post /api/v1/auth/password-reset "{\"email\":\"$email\"}" 202 >>/tmp/enum-known-reset
  post /api/v1/auth/password-reset "{\"email\":\"nobody-$email\"}" 202 >>/tmp/enum-unknown-reset
done
stats "sign-up, confirmed email" </tmp/enum-confirmed-register
stats "sign-up, unconfirmed email" </tmp/enum-pending-register
stats "sign-up, unknown email" </tmp/enum-unknown-register
stats "login, known email" </tmp/enum-known-login
stats "login, unknown email" </tmp/enum-unknown-login
stats "reset, known email" </tmp/enum-known-reset
stats "reset, unknown email" </tmp/enum-unknown-reset
rm -f /tmp/enum-confirmed-register /tmp/enum-pending-register /tmp/enum-unknown-register
rm -f /tmp/enum-known-login /tmp/enum-unknown-login /tmp/enum-known-reset /tmp/enum-unknown-reset
