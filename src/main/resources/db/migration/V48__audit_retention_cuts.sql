-- LOG-1, PRIV-2: audit events are kept for pawkeep.retention.audit-events (io.pawkeep.audit.
-- AuditRetention), then removed per chain, only up to an event a signed checkpoint covers. Each
-- removal leaves a retention cut: the chain, the first sequence number kept, the hash the first
-- kept event links to, when, and an HMAC-SHA256 signature under the checkpoint key (never in the
-- database). The verifier starts each chain at its latest valid cut instead of at seq 1, so a cut
-- that is forged, edited or deleted, or an event removed past it, is still detected.
--
-- Cuts are written by the schema owner only, through pawkeep_audit_retention_cut (R__99_audit_
-- retention.sql); the application role has no grant on them at all.
create table audit_retention_cuts (
  id             bigserial primary key,
  chain_id       uuid not null,
  first_kept_seq bigint not null,
  prev_hash      bytea not null,
  created_at     timestamptz not null,
  signature      bytea not null,
  constraint audit_retention_cuts_seq check (first_kept_seq > 1)
);
create index audit_retention_cuts_chain_idx on audit_retention_cuts (chain_id, first_kept_seq);

revoke all on audit_retention_cuts from ${appRole};
revoke all on sequence audit_retention_cuts_id_seq from ${appRole};
