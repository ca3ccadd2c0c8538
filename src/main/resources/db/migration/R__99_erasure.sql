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

-- Households whose undo window has passed (by the database's clock): the purge shreds their keys
-- through crypto/FieldCipher.shred, on the application's connections, which this policy lets
-- delete those keys and no others. Nobody can bring such a household back any more.
create or replace function pawkeep_households_due_for_purge()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select coalesce(array_agg(id), '{}')
    from households where deleted_at is not null and purge_after <= now()); end$$;
revoke execute on function pawkeep_households_due_for_purge() from public;
grant execute on function pawkeep_households_due_for_purge() to ${appRole};

drop policy if exists purge_destroys on tenant_data_keys;
create policy purge_destroys on tenant_data_keys for delete to ${appRole}
  using (tenant_id = any (cast((select pawkeep_households_due_for_purge()) as uuid[])));
