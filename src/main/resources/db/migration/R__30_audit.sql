-- Audit trail (LOG-1, LOG-5): hash chains, one per tenant and one for the platform, computed by
-- the database in pawkeep_audit_append, the application role's only way to write to the trail;
-- signed checkpoints written by the schema owner only (audit/AuditCheckpoints).

-- LOG-1: the trail and its checkpoints are append-only for everyone, the owner included, unless
-- these triggers are disabled first, which is exactly what the verifier is there to catch.
-- One exception (PRIV-2): a DELETE of audit events inside pawkeep_audit_retention_cut
-- (R__99_audit_retention.sql), which sets pawkeep.audit_retention_cut for its transaction only.
-- Anyone can set such a setting, so the setting alone opens nothing: the deleting role must also
-- own the table, which only the definer function (and the owner itself, who could as well disable
-- the triggers) is; the application role has no DELETE grant or policy in any case. Events removed
-- any other way are still caught by the verifier: they lie past the latest signed cut.
create or replace function pawkeep_audit_append_only()
  returns trigger
  language plpgsql volatile
  set search_path = pg_catalog, pg_temp
as $$
begin
  -- Since V49 the trail is partitioned by month: the trigger fires on a month's partition, so the
  -- table is told by the root of its partition tree. Its keys (audit_event_keys) go with it.
  if tg_op = 'DELETE'
     and coalesce(pg_partition_root(tg_relid), tg_relid)
         in ('public.audit_events'::regclass, 'public.audit_event_keys'::regclass)
     and current_setting('pawkeep.audit_retention_cut', true) = 'on'
     and (select c.relowner from pg_class c where c.oid = tg_relid)
         = (select r.oid from pg_roles r where r.rolname = current_user) then
    return old;
  end if;
  raise exception 'audit events are append-only'
    using errcode = 'insufficient_privilege',
          detail = format('%s on %s refused', tg_op, tg_table_name);
end
$$;
revoke execute on function pawkeep_audit_append_only() from public;

-- The encoding of an entry, byte for byte the one CanonicalForm.storedEntryHash checks for
-- form 2: each string a presence byte, a 4-byte big-endian length and its UTF-8 bytes; each UUID
-- a presence byte and its 16 bytes; numbers 8 bytes big-endian; the time in microseconds since
-- the epoch. Plain SQL expressions calling pg_catalog functions only, stable like convert_to and
-- extract, with no SET clause: the planner inlines them into the append. (Declared immutable, or
-- with a SET clause, they were not inlined and cost about 0.35 ms per append.)
create or replace function pawkeep_audit_text(p_value text)
  returns bytea
  language sql stable parallel safe
as $$
  select case when p_value is null then '\x00'::bytea
              else '\x01'::bytea
                   || pg_catalog.int4send(pg_catalog.length(pg_catalog.convert_to(p_value, 'UTF8')))
                   || pg_catalog.convert_to(p_value, 'UTF8') end
$$;
revoke execute on function pawkeep_audit_text(text) from public;

-- See pawkeep_audit_text.
create or replace function pawkeep_audit_uuid(p_value uuid)
  returns bytea
  language sql stable parallel safe
as $$
  select case when p_value is null then '\x00'::bytea
              else '\x01'::bytea || pg_catalog.uuid_send(p_value) end
$$;
revoke execute on function pawkeep_audit_uuid(uuid) from public;

-- The whole entry a form-2 link hashes (after the previous hash).
create or replace function pawkeep_audit_entry(p_chain uuid, p_seq bigint, p_at timestamptz,
                                               p_actor uuid, p_action text, p_target_type text,
                                               p_target_id text, p_ip_address text, p_detail text)
  returns bytea
  language sql stable parallel safe
as $$
  select pawkeep_audit_text('pawkeep-audit-entry-v2')
         || pawkeep_audit_uuid(p_chain)
         || pg_catalog.int8send(p_seq)
         || pg_catalog.int8send((pg_catalog.extract('epoch', p_at) * 1000000)::bigint)
         || pawkeep_audit_uuid(p_actor)
         || pawkeep_audit_text(p_action)
         || pawkeep_audit_text(p_target_type)
         || pawkeep_audit_text(p_target_id)
         || pawkeep_audit_text(p_ip_address)
         || pawkeep_audit_text(p_detail)
$$;
revoke execute on function pawkeep_audit_entry(uuid, bigint, timestamptz, uuid, text, text, text,
                                               text, text) from public;

-- Appends one event to its chain and returns the actor it recorded: the signed-in user, else the
-- API key, else nobody (null: before sign-in, e.g. a failed sign-in). The caller chooses only what
-- happened (action, target, address, detail) and to which chain; never who, when, or the links.
-- Locking the chain's head row serialises the writers of one chain only (an upsert creates it on
-- first use); under read committed the lock returns the latest committed head. The time is the
-- database's clock once the lock is held, so a chain's times follow its sequence numbers.
create or replace function pawkeep_audit_append(p_chain uuid, p_action text, p_target_type text,
                                                p_target_id text, p_ip_address text, p_detail jsonb)
  returns uuid
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  -- The settings pawkeep_begin_request and pawkeep_begin_api_key_request set, read directly.
  v_actor uuid := coalesce(nullif(current_setting('pawkeep.user_id', true), '')::uuid,
                           nullif(current_setting('pawkeep.api_key_id', true), '')::uuid);
  v_detail jsonb := coalesce(p_detail, '{}'::jsonb);
  v_detail_text text := v_detail::text;
  v_seq bigint;
  v_prev bytea;
  v_at timestamptz;
  v_hash bytea;
begin
  if p_chain is null then
    raise exception 'audit chain cannot be null' using errcode = 'null_value_not_allowed';
  end if;
  insert into audit_chain_heads as h (chain_id, seq, hash)
  values (p_chain, 0, decode(repeat('00', 32), 'hex'))
  on conflict (chain_id) do update set seq = h.seq
  returning h.seq + 1, h.hash into v_seq, v_prev;
  v_at := clock_timestamp();
  v_hash := sha256(v_prev || pawkeep_audit_entry(p_chain, v_seq, v_at, v_actor, p_action,
                                                 p_target_type, p_target_id, p_ip_address,
                                                 v_detail_text));
  -- The event's key first (V49): (chain, seq) stays unique across the monthly partitions. The
  -- link itself reads the head above, never the partitions, so a month's first event links to
  -- the previous month's last one at the cost of any other append.
  insert into audit_event_keys (chain_id, seq, occurred_at) values (p_chain, v_seq, v_at);
  insert into audit_events (chain_id, seq, occurred_at, actor_id, action, target_type, target_id,
                            ip_address, detail, prev_hash, hash, form)
  values (p_chain, v_seq, v_at, v_actor, p_action, p_target_type, p_target_id, p_ip_address,
          v_detail, v_prev, v_hash, 2);
  update audit_chain_heads set seq = v_seq, hash = v_hash where chain_id = p_chain;
  return v_actor;
end
$$;
revoke execute on function pawkeep_audit_append(uuid, text, text, text, text, jsonb) from public;
grant execute on function pawkeep_audit_append(uuid, text, text, text, text, jsonb) to ${appRole};

-- LOG-5: the application role only reads what these policies show it (no insert, update or
-- delete grant, no access to the heads, no checkpoint writes); it appends only through
-- pawkeep_audit_append. Owners of households and auditors of businesses read their tenants'
-- chains: those policies are in R__40_households.sql and R__60_businesses.sql.

-- audit_events ------------------------------------------------------------------------------
-- Partitioned by month since V49: row-level security, policies and row triggers are the parent's
-- and apply to every query through it (row triggers are cloned onto each partition); the
-- partitions have row-level security forced and no policy or grant of their own.
alter table audit_events enable row level security;
alter table audit_events force row level security;
drop policy if exists schema_owner on audit_events;
create policy schema_owner on audit_events to current_user using (true) with check (true);

-- A user reads what they did, and their account's own chain (sign-ins and failures on it).
drop policy if exists audit_read_own on audit_events;
create policy audit_read_own on audit_events for select to ${appRole}
  using (actor_id = (select pawkeep_current_user())
         or chain_id = (select pawkeep_current_user()));

drop trigger if exists audit_events_append_only on audit_events;
create trigger audit_events_append_only
  before update or delete on audit_events
  for each row execute function pawkeep_audit_append_only();

drop trigger if exists audit_events_no_truncate on audit_events;
create trigger audit_events_no_truncate
  before truncate on audit_events
  for each statement execute function pawkeep_audit_append_only();

-- audit_event_keys (V49) -------------------------------------------------------------------
-- One row per event, written with it by pawkeep_audit_append: the schema owner only, and
-- append-only like the events (the retention cut removes both).
alter table audit_event_keys enable row level security;
alter table audit_event_keys force row level security;
drop policy if exists schema_owner on audit_event_keys;
create policy schema_owner on audit_event_keys to current_user using (true) with check (true);

drop trigger if exists audit_event_keys_append_only on audit_event_keys;
create trigger audit_event_keys_append_only
  before update or delete on audit_event_keys
  for each row execute function pawkeep_audit_append_only();

drop trigger if exists audit_event_keys_no_truncate on audit_event_keys;
create trigger audit_event_keys_no_truncate
  before truncate on audit_event_keys
  for each statement execute function pawkeep_audit_append_only();

-- Heads and checkpoints: the schema owner only (the append function, the checkpoint signer).
-- audit_chain_heads -------------------------------------------------------------------------
alter table audit_chain_heads enable row level security;
alter table audit_chain_heads force row level security;
drop policy if exists schema_owner on audit_chain_heads;
create policy schema_owner on audit_chain_heads to current_user using (true) with check (true);

-- audit_checkpoints -------------------------------------------------------------------------
alter table audit_checkpoints enable row level security;
alter table audit_checkpoints force row level security;
drop policy if exists schema_owner on audit_checkpoints;
create policy schema_owner on audit_checkpoints to current_user using (true) with check (true);

-- Checkpoint heads name every chain (accounts, households, businesses) with its length: only the
-- schema owner's writer and verifier read them, so the application role has no read policy
-- (LOG-1, AUTHZ-4; its select grant is revoked by V33).
drop policy if exists audit_checkpoint_read on audit_checkpoints;

drop trigger if exists audit_checkpoints_append_only on audit_checkpoints;
create trigger audit_checkpoints_append_only
  before update or delete on audit_checkpoints
  for each row execute function pawkeep_audit_append_only();

drop trigger if exists audit_checkpoints_no_truncate on audit_checkpoints;
create trigger audit_checkpoints_no_truncate
  before truncate on audit_checkpoints
  for each statement execute function pawkeep_audit_append_only();
