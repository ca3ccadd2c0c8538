#!/usr/bin/env bash
# Run once by the postgres image on an empty volume (compose.yaml): the two roles and the database
# of README's "Production", with the passwords from the secrets the container gets.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set owner_password="$(cat /run/secrets/pawkeep.database.owner-password)" \
  --set app_password="$(cat /run/secrets/pawkeep.database.password)" <<'SQL'
create role pawkeep_owner login password :'owner_password';
create role pawkeep_app login password :'app_password' nosuperuser nobypassrls noinherit;
create database pawkeep owner pawkeep_owner;
revoke all on database pawkeep from public;
grant connect on database pawkeep to pawkeep_app;
SQL
