#!/usr/bin/env bash
# Backup and restore of a database with 10,000 households (AVAIL-1), through the documented
# commands, as the restore drill does them.
#
#   bench/backup-restore.sh
#
# 1. Starts Pawkeep on a clean embedded database under target/bench-backup/source and seeds it
#    (io.pawkeep.bench.BackupSeedServer: 10,000 households, each with its owner account, a session,
#    the membership and 5 pets), then stops it.
# 2. --pawkeep.backup.run=now on that data folder: the backup file under source/backups/.
# 3. A new data folder target/bench-backup/restored holding only a copy of source/keys/ (the
#    master key and the backup key: a restore needs both), and --pawkeep.backup.restore=<file>
#    on it: a new empty embedded database, restored, verified and migrated.
# Prints the time of each command (start-up included) and the time the command itself reports,
# the file's size and the rows; the figures also go to bench/results/backup-restore.txt.
#
# Extra Maven options go in MAVEN_ARGS, e.g. MAVEN_ARGS=-o bench/backup-restore.sh offline.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/java-home.sh
source bench/java-home.sh
# shellcheck source=bench/app-server.sh
source bench/app-server.sh

root="target/bench-backup"
rm -rf "$root"
mkdir -p "$root"

# 1. Seed, in a folder of its own that is new (not clean-embedded, which deletes it at exit).
./mvnw -q -B test-compile -Dspotless.check.skip=true
./mvnw -q -B dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
source_dir="$root/source"
mkdir -p "$source_dir/bench"
echo "Seeding 10,000 households (log: $root/seed.log)..." >&2
"$JAVA_HOME/bin/java" -cp "$cp" io.pawkeep.bench.BackupSeedServer \
  --pawkeep.data-dir="$source_dir" --server.port=0 \
  >"$root/seed.log" 2>&1 &
server=$!
trap stop_server EXIT
for _ in $(seq 1 600); do
  [[ -f "$source_dir/bench/ready" ]] && break
  kill -0 "$server" 2>/dev/null || { echo "$0: the seeding failed; see $root/seed.log" >&2; exit 1; }
  sleep 1
done
[[ -f "$source_dir/bench/ready" ]] || { echo "$0: the seeding did not finish" >&2; exit 1; }
stop_server

# Runs Pawkeep once with the arguments given; prints the wall-clock seconds it took.
run_command() {
  local log="$1"
  shift
  local started ended
  started="$(date +%s.%N)"
  "$JAVA_HOME/bin/java" -cp "$cp" io.pawkeep.PawkeepApplication --server.port=0 "$@" >"$log" 2>&1
  ended="$(date +%s.%N)"
  awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }'
}

# 2. Backup.
echo "Backing up..." >&2
backup_wall="$(run_command "$root/backup.log" --pawkeep.data-dir="$source_dir" --pawkeep.backup.run=now)"
said="$(grep -o 'Backup written to [^"]*' "$root/backup.log" | head -n 1)"
file="$(ls "$source_dir"/backups/pawkeep-*.backup)"
bytes="$(stat -c %s "$file")"

# 3. Restore into a new data folder that has the keys and nothing else.
restored_dir="$root/restored"
mkdir -p "$restored_dir"
cp -a "$source_dir/keys" "$restored_dir/keys"
echo "Restoring..." >&2
restore_wall="$(run_command "$root/restore.log" --pawkeep.data-dir="$restored_dir" --pawkeep.backup.restore="$file")"
restored="$(grep -o 'Restored [^"]*' "$root/restore.log" | head -n 1)"

mkdir -p bench/results
{
  echo "# bench/backup-restore.sh, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
  echo "households: 10000 (10000 users, 10000 sessions, 10000 memberships, 50000 pets)"
  echo "backup file: $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB)"
  echo "backup command, start-up included: ${backup_wall} s"
  echo "  $said"
  echo "restore command into an empty embedded database, start-up included: ${restore_wall} s"
  echo "  $restored"
} | tee bench/results/backup-restore.txt
