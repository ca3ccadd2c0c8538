-- LOG-5: the application role cannot forge the audit trail.
--
-- Until now the application computed each link and inserted rows and heads itself, so its role
-- could append an event naming any actor at any time, wind a chain's head back (every later write
-- of that tenant then failed), or insert a junk checkpoint. From here on the database computes
-- everything in pawkeep_audit_append, a security-definer function and the application role's only
-- way to write to the trail: the actor is the request identity, the time the database's clock, the
-- previous hash the chain head's, read under its row lock. Only the schema owner (the checkpoint
-- signer, io.pawkeep.audit.AuditCheckpoints through OwnerDatabase) writes checkpoints.
--
-- Rows written before this migration keep their form: form 1, whose detail the verifier
-- canonicalises in Java (io.pawkeep.audit.CanonicalForm). Rows appended by the database are form
-- 2: the same length-prefixed encoding under the tag "pawkeep-audit-entry-v2", with the detail as
-- jsonb's own text of the stored value. A chain may hold both; its links run on unchanged.

alter table audit_events add column form smallint not null default 1
  constraint audit_events_form check (form in (1, 2));
alter table audit_events alter column form drop default;

-- The encoding of an entry, byte for byte the one CanonicalForm.storedEntryHash checks for
-- form 2: each string a presence byte, a 4-byte big-endian length and its UTF-8 bytes; each UUID
-- a presence byte and its 16 bytes; numbers 8 bytes big-endian; the time in microseconds since
-- the epoch. Plain SQL expressions calling pg_catalog functions only, stable like convert_to and
-- extract, with no SET clause: the planner inlines them into the append. (Declared immutable, or
-- with a SET clause, they were not inlined and cost about 0.35 ms per append.)
create or replace function pawkeep_audit_text(p_value text) returns bytea
  language sql stable parallel safe
as $$
  select case when p_value is null then '\x00'::bytea
              else '\x01'::bytea
                   || pg_catalog.int4send(pg_catalog.length(pg_catalog.convert_to(p_value, 'UTF8')))
                   || pg_catalog.convert_to(p_value, 'UTF8') end
$$;
create or replace function pawkeep_audit_uuid(p_value uuid) returns bytea
  language sql stable parallel safe
as $$
  select case when p_value is null then '\x00'::bytea
              else '\x01'::bytea || pg_catalog.uuid_send(p_value) end
$$;
create or replace function pawkeep_audit_entry(p_chain uuid, p_seq bigint, p_at timestamptz,
                                               p_actor uuid, p_action text, p_target_type text,
                                               p_target_id text, p_ip_address text,
                                               p_detail text)
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
revoke execute on function pawkeep_audit_text(text) from public;
revoke execute on function pawkeep_audit_uuid(uuid) from public;
revoke execute on function pawkeep_audit_entry(uuid, bigint, timestamptz, uuid, text, text, text,
                                               text, text) from public;

-- Appends one event to its chain and returns the actor it recorded: the signed-in user, else the
-- API key, else nobody (null: before sign-in, e.g. a failed sign-in). The caller chooses only what
-- happened (action, target, address, detail) and to which chain; never who, when, or the links.
-- Locking the chain's head row serialises the writers of one chain only (an upsert creates it on
-- first use); under read committed the lock returns the latest committed head. The time is the
-- database's clock once the lock is held, so a chain's times follow its sequence numbers.
create or replace function pawkeep_audit_append(p_chain uuid, p_action text, p_target_type text,
                                                p_target_id text, p_ip_address text,
                                                p_detail jsonb)
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
  insert into audit_events (chain_id, seq, occurred_at, actor_id, action, target_type, target_id,
                            ip_address, detail, prev_hash, hash, form)
  values (p_chain, v_seq, v_at, v_actor, p_action, p_target_type, p_target_id, p_ip_address,
          v_detail, v_prev, v_hash, 2);
  update audit_chain_heads set seq = v_seq, hash = v_hash where chain_id = p_chain;
  return v_actor;
end
$$;
select pawkeep_expose('pawkeep_audit_append(uuid, text, text, text, text, jsonb)', '${appRole}');

-- The application role keeps reading what its policies show it, and nothing else: no insert into
-- the trail, no access to the heads, no checkpoint writes. The policies that let it go, too, so
-- a grant given back by mistake still lets no row through.
drop policy if exists audit_append on audit_events;
revoke insert, update, delete, truncate, references, trigger on audit_events from ${appRole};

drop policy if exists audit_heads on audit_chain_heads;
revoke all on audit_chain_heads from ${appRole};

drop policy if exists audit_checkpoint_append on audit_checkpoints;
revoke insert, update, delete, truncate, references, trigger on audit_checkpoints
  from ${appRole};
revoke all on sequence audit_checkpoints_id_seq from ${appRole};
