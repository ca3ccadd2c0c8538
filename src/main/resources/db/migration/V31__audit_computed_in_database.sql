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

-- The encoding of an entry, byte for byte the one CanonicalForm.entryHash builds for form 2:
-- each string a presence byte, a 4-byte big-endian length and its UTF-8 bytes; each UUID a
-- presence byte and its 16 bytes; numbers 8 bytes big-endian; the time in microseconds since the
-- epoch.
create or replace function pawkeep_audit_entry(p_chain uuid, p_seq bigint, p_at timestamptz,
                                               p_actor uuid, p_action text, p_target_type text,
                                               p_target_id text, p_ip_address text,
                                               p_detail text)
  returns bytea
  language sql immutable parallel safe
  set search_path = pg_catalog, pg_temp
as $$
  with strings (tag, action, target_type, target_id, ip_address, detail) as (
    select convert_to('pawkeep-audit-entry-v2', 'UTF8'), convert_to(p_action, 'UTF8'),
           convert_to(p_target_type, 'UTF8'), convert_to(p_target_id, 'UTF8'),
           convert_to(p_ip_address, 'UTF8'), convert_to(p_detail, 'UTF8'))
  select '\x01'::bytea || int4send(length(tag)) || tag
         || '\x01'::bytea || uuid_send(p_chain)
         || int8send(p_seq)
         || int8send((extract(epoch from p_at) * 1000000)::bigint)
         || case when p_actor is null then '\x00'::bytea
                 else '\x01'::bytea || uuid_send(p_actor) end
         || case when action is null then '\x00'::bytea
                 else '\x01'::bytea || int4send(length(action)) || action end
         || case when target_type is null then '\x00'::bytea
                 else '\x01'::bytea || int4send(length(target_type)) || target_type end
         || case when target_id is null then '\x00'::bytea
                 else '\x01'::bytea || int4send(length(target_id)) || target_id end
         || case when ip_address is null then '\x00'::bytea
                 else '\x01'::bytea || int4send(length(ip_address)) || ip_address end
         || case when detail is null then '\x00'::bytea
                 else '\x01'::bytea || int4send(length(detail)) || detail end
    from strings
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
                                                p_target_id text, p_ip_address text,
                                                p_detail jsonb)
  returns uuid
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_actor uuid := coalesce(pawkeep_current_user(), pawkeep_current_api_key());
  v_detail jsonb := coalesce(p_detail, '{}'::jsonb);
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
                                                 v_detail::text));
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
