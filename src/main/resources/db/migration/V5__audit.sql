-- LOG-1: an append-only, tamper-evident audit trail.
--
-- Events form hash chains, one per tenant (chain_id = household or business id) and one for the
-- platform (chain_id = the all-zero UUID, account events). Each event stores the hash of its
-- predecessor and its own hash, SHA-256(prev_hash || canonical entry), computed by the
-- application (io.pawkeep.audit.AuditTrail). Editing, deleting or reordering rows breaks the
-- chain; rewriting a whole chain consistently is caught by the signed checkpoints below, whose
-- key is never in the database.
--
-- The application role may only append and read (no UPDATE, DELETE or TRUNCATE grant), and
-- triggers refuse UPDATE, DELETE and TRUNCATE from anyone else too, the owner included, unless
-- the triggers are disabled first, which is exactly what the verifier is there to catch.

create table audit_events (
  chain_id    uuid not null,
  seq         bigint not null,
  occurred_at timestamptz not null,
  actor_id    uuid,
  action      text not null,
  target_type text,
  target_id   text,
  ip_address  text,
  detail      jsonb not null default '{}',
  prev_hash   bytea not null,
  hash        bytea not null,
  primary key (chain_id, seq),
  constraint audit_events_seq_positive check (seq > 0),
  constraint audit_events_action_length check (length(action) between 1 and 100),
  constraint audit_events_target_type_length check (length(target_type) <= 100),
  constraint audit_events_target_id_length check (length(target_id) <= 200),
  constraint audit_events_ip_address_length check (length(ip_address) <= 64)
);
create index audit_events_actor_idx on audit_events (actor_id, occurred_at desc);

-- The last event of each chain. Appending locks the chain's head row (an upsert), so concurrent
-- writers on one chain queue up and never fork it, while writers on other chains lock other rows
-- and never wait for each other.
create table audit_chain_heads (
  chain_id uuid primary key,
  seq      bigint not null,
  hash     bytea not null
);

-- Chain heads signed with a key kept outside the database (HMAC-SHA256). A checkpoint pins
-- (chain, seq, hash) for every chain, so rewriting or truncating a chain after it is detected.
create table audit_checkpoints (
  id         bigserial primary key,
  created_at timestamptz not null,
  heads      jsonb not null,
  signature  bytea not null
);

create function pawkeep_audit_append_only() returns trigger
  language plpgsql
  set search_path = pg_catalog, pg_temp
as $$
begin
  raise exception 'audit events are append-only'
    using errcode = 'insufficient_privilege',
          detail = format('%s on %s refused', tg_op, tg_table_name);
end
$$;
revoke execute on function pawkeep_audit_append_only() from public;

create trigger audit_events_append_only
  before update or delete on audit_events
  for each row execute function pawkeep_audit_append_only();
create trigger audit_events_no_truncate
  before truncate on audit_events
  for each statement execute function pawkeep_audit_append_only();
create trigger audit_checkpoints_append_only
  before update or delete on audit_checkpoints
  for each row execute function pawkeep_audit_append_only();
create trigger audit_checkpoints_no_truncate
  before truncate on audit_checkpoints
  for each statement execute function pawkeep_audit_append_only();

select pawkeep_protect('audit_events');
select pawkeep_protect('audit_chain_heads');
select pawkeep_protect('audit_checkpoints');

-- Any flow may append, authenticated or not (failed sign-ins are audited too). A user reads
-- only the events they performed; tenant policies will widen reading later.
create policy audit_append on audit_events for insert to ${appRole}
  with check (true);
-- A user reads what they did, and their account's own chain (sign-ins and failures on it).
create policy audit_read_own on audit_events for select to ${appRole}
  using (actor_id = (select pawkeep_current_user())
         or chain_id = (select pawkeep_current_user()));

-- Heads hold only a sequence number and a hash per chain id: no personal or tenant data. Every
-- append must lock and advance the head of its chain whoever the caller is, so the application
-- role sees all heads. A forged head cannot hide tampering: the verifier compares each head with
-- the chain it recomputes, and signed checkpoints pin past heads.
create policy audit_heads on audit_chain_heads to ${appRole}
  using (true) with check (true);

-- Checkpoints hold only chain ids, sequence numbers, hashes and signatures.
create policy audit_checkpoint_append on audit_checkpoints for insert to ${appRole}
  with check (true);
create policy audit_checkpoint_read on audit_checkpoints for select to ${appRole}
  using (true);

grant select, insert on audit_events to ${appRole};
grant select, insert, update on audit_chain_heads to ${appRole};
grant select, insert on audit_checkpoints to ${appRole};
grant usage on sequence audit_checkpoints_id_seq to ${appRole};
