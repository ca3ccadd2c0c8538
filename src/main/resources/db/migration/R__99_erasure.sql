-- Erasure and retention (PRIV-2) and the scheduled jobs' locks (AVAIL-4).

-- shedlock: the schema owner's only (database/SchedulerLocks); no grant, no policy for the
-- application role.
alter table shedlock enable row level security;
alter table shedlock force row level security;
drop policy if exists schema_owner on shedlock;
create policy schema_owner on shedlock to current_user using (true) with check (true);

-- Household deletion with undo (PRIV-2). An owner's deletion marks the household (it is then gone
-- for everyone: pawkeep_deleted_households() in R__40_households.sql); only an owner of it undoes
-- the mark, and only before purge_after; the purge itself runs as the schema owner. The caller
-- and the time come from the request's identity, never from arguments. False when the caller is
-- not an owner of a live household (deletion) or of a deleted one still in its window (undo).
create or replace function pawkeep_delete_household(p_household uuid, p_undo_window interval)
  returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if p_undo_window is null or p_undo_window < interval '0' then
    raise exception 'the undo window cannot be negative' using errcode = 'check_violation';
  end if;
  update households h
     set deleted_at = pawkeep_request_time(), deleted_by = pawkeep_current_user(),
         purge_after = pawkeep_request_time() + p_undo_window
   where h.id = p_household and h.deleted_at is null
     and exists (select 1 from household_members m
                  where m.household_id = h.id and m.user_id = pawkeep_current_user()
                    and m.role = 'owner');
  return found;
end
$$;
revoke execute on function pawkeep_delete_household(uuid, interval) from public;
grant execute on function pawkeep_delete_household(uuid, interval) to ${appRole};

create or replace function pawkeep_undo_household_deletion(p_household uuid)
  returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  update households h
     set deleted_at = null, deleted_by = null, purge_after = null
   where h.id = p_household and h.deleted_at is not null
     and pawkeep_request_time() < h.purge_after
     and exists (select 1 from household_members m
                  where m.household_id = h.id and m.user_id = pawkeep_current_user()
                    and m.role = 'owner');
  return found;
end
$$;
revoke execute on function pawkeep_undo_household_deletion(uuid) from public;
grant execute on function pawkeep_undo_household_deletion(uuid) to ${appRole};

-- The deleted households the caller owns and may still bring back, for the undo page and API.
create or replace function pawkeep_my_deleted_households()
  returns table (id uuid, name text, deleted_at timestamptz, purge_after timestamptz)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select h.id, h.name, h.deleted_at, h.purge_after
    from households h join household_members m on m.household_id = h.id
   where m.user_id = pawkeep_current_user() and m.role = 'owner'
     and h.deleted_at is not null and pawkeep_request_time() < h.purge_after
   order by h.deleted_at, h.id
$$;
revoke execute on function pawkeep_my_deleted_households() from public;
grant execute on function pawkeep_my_deleted_households() to ${appRole};

-- The purge (households/HouseholdPurge) shreds a household past its undo window as the schema
-- owner, so the application role needs no way to delete keys or list due households.
drop policy if exists purge_destroys on tenant_data_keys;
drop function if exists pawkeep_households_due_for_purge();

-- Account deletion (PRIV-2): the caller deletes their own account, after the application checked
-- their current password. Refused while they are the only owner of a live household
-- ('sole_household_owner') or of a business ('sole_business_owner'): they hand it over or delete
-- it first. Otherwise the account is deactivated at once, every session revoked and every token
-- issued before now refused, and it is erased after the window unless an operator reactivates it.
create or replace function pawkeep_delete_my_account(p_undo_window interval)
  returns text
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_me  uuid := pawkeep_current_user();
  v_now timestamptz := pawkeep_request_time();
begin
  if v_me is null or v_now is null then
    return 'not_signed_in';
  end if;
  if p_undo_window is null or p_undo_window < interval '0' then
    raise exception 'the undo window cannot be negative' using errcode = 'check_violation';
  end if;
  if exists (select 1 from household_members m join households h on h.id = m.household_id
              where m.user_id = v_me and m.role = 'owner' and h.deleted_at is null
                and not exists (select 1 from household_members o
                                 where o.household_id = m.household_id and o.role = 'owner'
                                   and o.user_id <> v_me)) then
    return 'sole_household_owner';
  end if;
  if exists (select 1 from business_staff s
              where s.user_id = v_me and s.role = 'owner'
                and not exists (select 1 from business_staff o
                                 where o.business_id = s.business_id and o.role = 'owner'
                                   and o.user_id <> v_me)) then
    return 'sole_business_owner';
  end if;
  update users
     set deactivated_at = v_now, erase_after = v_now + p_undo_window,
         sessions_valid_after = greatest(sessions_valid_after, v_now)
   where id = v_me and deactivated_at is null;
  update sessions set revoked_at = v_now where user_id = v_me and revoked_at is null;
  return 'deleted';
end
$$;
revoke execute on function pawkeep_delete_my_account(interval) from public;
grant execute on function pawkeep_delete_my_account(interval) to ${appRole};

-- An operator's reactivation inside the window is the undo: it clears erase_after. An erased
-- account (a tombstone) is never reactivated.
create or replace function pawkeep_account_erasure_state()
  returns trigger
  language plpgsql volatile
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if new.deactivated_at is null and old.deactivated_at is not null then
    if old.erased_at is not null then
      raise exception 'an erased account cannot be reactivated' using errcode = '42501';
    end if;
    new.erase_after := null;
  end if;
  return new;
end
$$;
revoke execute on function pawkeep_account_erasure_state() from public;

drop trigger if exists account_erasure_state on users;
create trigger account_erasure_state before update of deactivated_at on users
  for each row execute function pawkeep_account_erasure_state();

-- The purge's erasure of one household past its window (households/HouseholdPurge), for the
-- schema owner only (no grant): its issued invoices stay with the business, detached and billed
-- to "Erased household" (amounts, dates, numbers and ids kept), its drafts go, its keys row goes
-- if still there (crypto/FieldCipher.shred ran first), then the household and everything that
-- cascades from it. Documents lose their household and the documents' purge removes their
-- bytes. The clinic's controlled-substance records hold no foreign key to it and stay. False when
-- the household is not (or no longer) due.
create or replace function pawkeep_erase_household(p_household uuid)
  returns boolean
  language plpgsql volatile
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  perform 1 from households
   where id = p_household and deleted_at is not null and purge_after <= now()
   for update;
  if not found then
    return false;
  end if;
  delete from invoices where household_id = p_household and state = 'draft';
  update invoices set household_id = null, bill_to = 'Erased household'
   where household_id = p_household;
  delete from tenant_data_keys where tenant_id = p_household;
  delete from households where id = p_household;
  return true;
end
$$;
revoke execute on function pawkeep_erase_household(uuid) from public;

-- Retention of short-lived records (privacy/RetentionPurge), for the schema owner only: rate-limit
-- buckets untouched for p_buckets, sessions ended more than p_sessions ago (their refresh tokens
-- cascade), one-time links expired more than p_links ago. Answers how many of each went.
create or replace function pawkeep_retention_purge(p_buckets interval, p_sessions interval,
                                                   p_links interval)
  returns table (kind text, removed bigint)
  language plpgsql volatile
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_count bigint;
begin
  delete from rate_limit_buckets where updated_at < now() - p_buckets;
  get diagnostics v_count = row_count;
  kind := 'rate-limit-rows'; removed := v_count; return next;
  delete from sessions
   where (revoked_at is not null and revoked_at < now() - p_sessions)
      or expires_at < now() - p_sessions;
  get diagnostics v_count = row_count;
  kind := 'ended-sessions'; removed := v_count; return next;
  delete from one_time_tokens where expires_at < now() - p_links;
  get diagnostics v_count = row_count;
  kind := 'one-time-links'; removed := v_count; return next;
end
$$;
revoke execute on function pawkeep_retention_purge(interval, interval, interval) from public;
