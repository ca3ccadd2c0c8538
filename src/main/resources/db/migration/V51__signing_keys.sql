-- Access-token signing keys shared by every node (SESS-1, AVAIL-4): a rotation done on one node is
-- honoured by the others without a restart. Each HS256 key is stored wrapped by the master key
-- (AES-256-GCM bound to the key id, crypto/StoredSigningKeys; re-sealed by a master-key rotation
-- like every master-key column), never in clear; the master key never enters the database. One
-- key signs (retired_at null); a retired key still verifies the tokens it signed until verify_until
-- (its retirement plus the nodes' refresh bound, the access-token lifetime and the clock skew),
-- then it is deleted.
--
-- Only the schema owner writes them (first start, the rotation command, the scheduled rotation).
-- The application role has no grant on the table: it reads the keys that still verify, wrapped,
-- only through pawkeep_signing_keys() (R__99_signing_keys.sql).
create table signing_keys (
  key_id        text primary key,
  wrapped       bytea not null,
  created_at    timestamptz not null,
  retired_at    timestamptz,
  verify_until  timestamptz,
  constraint signing_keys_id check (length(key_id) between 1 and 128),
  constraint signing_keys_retirement check ((retired_at is null) = (verify_until is null))
);
-- One signing key at a time.
create unique index signing_keys_one_active on signing_keys ((true)) where retired_at is null;

revoke all on signing_keys from ${appRole};
