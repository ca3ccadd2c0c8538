#!/usr/bin/env bash
# Compares how long sign-in and password-reset answers take for known and unknown emails, against
# a running Pawkeep (default http://localhost:8080, started with the README's run command and a
# fresh data directory). Prints the median and 90th percentile in milliseconds for each case.
#
#   bench/enumeration.sh [base-url]
set -euo pipefail
base="${1:-http://localhost:8080}"
data="${PAWKEEP_DATA_DIR:-./data}"
password="tawny-otter-chases-seven-kites"
run="enum-$(date +%s)"

post() { # path json -> prints seconds taken
  curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' -d "$2" "$base$1"
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

for round in 1 2 3 4; do
  for email in "${known[@]}"; do
    post /api/v1/auth/login "{\"email\":\"$email\",\"password\":\"wrong-$round-password-guess\"}" >>/tmp/enum-known-login
    post /api/v1/auth/login "{\"email\":\"nobody-$round-$email\",\"password\":\"wrong-$round-password-guess\"}" >>/tmp/enum-unknown-login
  done
done
for email in "${known[@]}"; do
  post /api/v1/auth/password-reset "{\"email\":\"$email\"}" >>/tmp/enum-known-reset
  post /api/v1/auth/password-reset "{\"email\":\"nobody-$email\"}" >>/tmp/enum-unknown-reset
done
stats "login, known email" </tmp/enum-known-login
stats "login, unknown email" </tmp/enum-unknown-login
stats "reset, known email" </tmp/enum-known-reset
stats "reset, unknown email" </tmp/enum-unknown-reset
rm -f /tmp/enum-known-login /tmp/enum-unknown-login /tmp/enum-known-reset /tmp/enum-unknown-reset
