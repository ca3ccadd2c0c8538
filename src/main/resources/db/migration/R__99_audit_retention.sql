-- Audit retention (LOG-1, PRIV-2): the one path that removes audit events, and the signed cuts it
-- leaves behind (audit/AuditRetention, audit/AuditVerifier). The table is in V48.

-- audit_retention_cuts ----------------------------------------------------------------------
-- The schema owner only: no policy and no grant for the application role.
alter table audit_retention_cuts enable row level security;
alter table audit_retention_cuts force row level security;
drop policy if exists schema_owner on audit_retention_cuts;
create policy schema_owner on audit_retention_cuts to current_user using (true) with check (true);

-- A cut, once written, is never changed or removed (a later cut supersedes it).
drop trigger if exists audit_retention_cuts_append_only on audit_retention_cuts;
create trigger audit_retention_cuts_append_only
  before update or delete on audit_retention_cuts
  for each row execute function pawkeep_audit_append_only();

drop trigger if exists audit_retention_cuts_no_truncate on audit_retention_cuts;
create trigger audit_retention_cuts_no_truncate
  before truncate on audit_retention_cuts
  for each statement execute function pawkeep_audit_append_only();

-- Removes the events of p_chain before p_first_kept and records the signed cut, in one statement
-- of the caller's transaction. The caller (the schema owner's AuditRetention) has already checked
-- that the chain verifies and that a signed checkpoint covers p_first_kept - 1, and signed the cut
-- with the checkpoint key, which the database never holds. Here the database checks only that the
-- cut names the stored hash of the last event removed, so the first kept event links to it.
--
-- pawkeep_audit_append_only lets a DELETE on audit_events through only while this function has
-- set pawkeep.audit_retention_cut for the current transaction AND the deleting role owns the
-- table (see R__30_audit.sql). Executing this function is revoked from PUBLIC, so the application
-- role can neither call it nor delete events another way (no DELETE grant, no delete policy).
create or replace function pawkeep_audit_retention_cut(p_chain uuid, p_first_kept bigint,
                                                       p_prev_hash bytea, p_at timestamptz,
                                                       p_signature bytea)
  returns bigint
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_removed bigint;
begin
  if not exists (select 1 from audit_events
                  where chain_id = p_chain and seq = p_first_kept - 1 and hash = p_prev_hash) then
    raise exception 'the retention cut does not match the chain'
      using errcode = 'data_exception';
  end if;
  perform set_config('pawkeep.audit_retention_cut', 'on', true);
  delete from audit_events where chain_id = p_chain and seq < p_first_kept;
  get diagnostics v_removed = row_count;
  -- Their keys (V49) after them: the events reference their keys.
  delete from audit_event_keys where chain_id = p_chain and seq < p_first_kept;
  perform set_config('pawkeep.audit_retention_cut', '', true);
  insert into audit_retention_cuts (chain_id, first_kept_seq, prev_hash, created_at, signature)
  values (p_chain, p_first_kept, p_prev_hash, p_at, p_signature);
  return v_removed;
end
$$;
revoke execute on function pawkeep_audit_retention_cut(uuid, bigint, bytea, timestamptz, bytea)
  from public;
