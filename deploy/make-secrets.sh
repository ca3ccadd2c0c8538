#!/usr/bin/env sh
# Writes compose.yaml's secrets as files under ./secrets/ (never committed): random passwords and
# keys, 32 random bytes in base64 each. Leaves a file that exists alone, so it never replaces a
# key your data depends on. The folder is readable by you only; the files in it are world-readable
# so that the containers' users (Pawkeep's, PostgreSQL's) can read the ones mounted into them,
# which reach nothing else since the folder is closed.
set -eu
cd "$(dirname "$0")/.."
umask 077
mkdir -p secrets
chmod 700 secrets
for name in postgres_password database_password database_owner_password master_key \
  audit_checkpoint_key recovery_code_key backup_key jwt_key_k1; do
  if [ ! -f "secrets/$name" ]; then
    openssl rand -base64 32 >"secrets/$name"
  fi
  chmod 444 "secrets/$name"
done
echo "secrets/: done. Add secrets/pawkeep.pem (certificate chain and private key) for HAProxy."
