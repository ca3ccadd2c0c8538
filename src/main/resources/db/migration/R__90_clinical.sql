-- Clinical records (AUTHZ-6, DOM-7, DOM-8, CRYPTO-1) written by clinics, and controlled
-- substances. A clinic acts on a household's pets only while the household keeps it as an active
-- client and only through staff holding medical.read / medical.write; a care company never does.
-- Entries are signed when written and lock at locks_at (the database's time plus
-- clinical_settings.entry_lock): until then their author may amend them, afterwards only addenda
-- are added. The lock is enforced by triggers for every role: the schema owner's key rotation may
-- still re-encrypt the notes of a locked entry, and nothing else. Prescriptions and the
-- administration log belong to the business (sealed with its data key).

-- Households that are active clients of a clinic where the caller holds the permission, deleted
-- households (PRIV-2) left out. Both functions here leave them out by joining the household's row
-- (one index probe) rather than by calling pawkeep_deleted_households() for every client row, as
-- the household functions in R__40_households.sql do.
create or replace function pawkeep_my_clinic_households(p_permission text)
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select coalesce(array_agg(distinct c.household_id), '{}')
    from business_clients c
    join businesses b on b.id = c.business_id
    join households h on h.id = c.household_id
   where c.status = 'active' and b.kind = 'clinic' and h.deleted_at is null
     and c.business_id = any (pawkeep_my_businesses_with(p_permission))); end$$;
revoke execute on function pawkeep_my_clinic_households(text) from public;
grant execute on function pawkeep_my_clinic_households(text) to ${appRole};

-- May the caller act for this clinic on this household with the permission?
create or replace function pawkeep_clinic_may(p_business uuid, p_household uuid, p_permission text)
  returns boolean
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select exists (select 1 from business_clients c
                   join businesses b on b.id = c.business_id
                   join households h on h.id = c.household_id
                  where c.business_id = p_business and c.household_id = p_household
                    and c.status = 'active' and b.kind = 'clinic' and h.deleted_at is null)
         and pawkeep_has_business_permission(p_business, p_permission)
$$;
revoke execute on function pawkeep_clinic_may(uuid, uuid, text) from public;
grant execute on function pawkeep_clinic_may(uuid, uuid, text) to ${appRole};

-- The names of the clinics that wrote a pet's clinical record, for the members of the pet's
-- household (DOM-2): they read the record, and each entry names its clinic, but they cannot read
-- the businesses table. Nothing for anyone else.
create or replace function pawkeep_pet_record_clinics(p_pet uuid)
  returns table (business_id uuid, name text)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select distinct b.id, b.name
    from pet_clinical_entries e join businesses b on b.id = e.business_id
   where e.pet_id = p_pet
     and e.household_id = any (pawkeep_my_households())
$$;
revoke execute on function pawkeep_pet_record_clinics(uuid) from public;
grant execute on function pawkeep_pet_record_clinics(uuid) to ${appRole};

-- An entry locks at the database's time plus the configured period, never at a time its writer
-- chose (DOM-8): the application role has no insert grant on locks_at, and this trigger sets it.
-- Without a setting the entry is locked at once (fail closed). lock_on_request_time is on only
-- for tests (production refuses to start with it: security/ProductionReadiness); without a
-- request time the entry then locks at once too.
create or replace function pawkeep_set_clinical_entry_lock()
  returns trigger
  language plpgsql volatile
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if current_user = '${appRole}' or new.locks_at is null then
    new.locks_at := (select case when s.lock_on_request_time then pawkeep_request_time()
                                 else now() end + s.entry_lock
                       from clinical_settings s);
  end if;
  return new;
end
$$;
revoke execute on function pawkeep_set_clinical_entry_lock() from public;

-- The lock holds by the database's own clock too: a request time set by hand to the past cannot
-- reopen a locked entry (tests may move the application's clock forward, never back).
create or replace function pawkeep_refuse_locked_clinical_entry()
  returns trigger
  language plpgsql volatile
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if coalesce(old.locks_at, '-infinity') <= greatest(pawkeep_request_time(), now())
     and (current_user = '${appRole}'
          or (to_jsonb(new) - 'notes') is distinct from (to_jsonb(old) - 'notes')) then
    raise exception 'clinical entry % is locked; add an addendum', old.id
      using errcode = 'P0001';
  end if;
  return new;
end
$$;
revoke execute on function pawkeep_refuse_locked_clinical_entry() from public;

-- A household cannot delete a pet that has clinic-written entries; deleting the household
-- itself (its row already gone when this cascades) still may.
create or replace function pawkeep_keep_clinic_records()
  returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if exists (select 1 from households where id = old.household_id)
     and exists (select 1 from pet_clinical_entries
                  where pet_id = old.id and household_id = old.household_id
                    and business_id is not null) then
    raise exception 'pet % has clinic records', old.id using errcode = 'P0001';
  end if;
  return old;
end
$$;
revoke execute on function pawkeep_keep_clinic_records() from public;

-- clinical_settings -------------------------------------------------------------------------
alter table clinical_settings enable row level security;
alter table clinical_settings force row level security;
drop policy if exists schema_owner on clinical_settings;
create policy schema_owner on clinical_settings to current_user using (true) with check (true);

drop policy if exists everyone_reads on clinical_settings;
create policy everyone_reads on clinical_settings for select to ${appRole} using (true);

-- pet_clinical_entries ----------------------------------------------------------------------
alter table pet_clinical_entries enable row level security;
alter table pet_clinical_entries force row level security;
drop policy if exists schema_owner on pet_clinical_entries;
create policy schema_owner on pet_clinical_entries to current_user using (true) with check (true);

-- Read only for the household side: no insert, update or delete policy, and no such grant.
drop policy if exists members_read on pet_clinical_entries;
create policy members_read on pet_clinical_entries for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));

drop policy if exists clinic_read on pet_clinical_entries;
create policy clinic_read on pet_clinical_entries for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_clinic_households('medical.read'))
                                  as uuid[])));

drop policy if exists clinic_write on pet_clinical_entries;
create policy clinic_write on pet_clinical_entries for insert to ${appRole}
  with check (recorded_by = (select pawkeep_current_user())
              and signed_by = (select pawkeep_current_user())
              and pawkeep_clinic_may(business_id, household_id, 'medical.write'));

-- Only the author amends, while still allowed to write for the clinic; the trigger adds the lock.
drop policy if exists author_amends on pet_clinical_entries;
create policy author_amends on pet_clinical_entries for update to ${appRole}
  using (signed_by = (select pawkeep_current_user())
         and pawkeep_clinic_may(business_id, household_id, 'medical.write'))
  with check (signed_by = (select pawkeep_current_user())
              and pawkeep_clinic_may(business_id, household_id, 'medical.write'));

drop trigger if exists entries_lock_on_server_time on pet_clinical_entries;
create trigger entries_lock_on_server_time before insert on pet_clinical_entries
  for each row execute function pawkeep_set_clinical_entry_lock();

drop trigger if exists locked_entries_stay on pet_clinical_entries;
create trigger locked_entries_stay before update on pet_clinical_entries
  for each row execute function pawkeep_refuse_locked_clinical_entry();

-- pet_clinical_addenda ----------------------------------------------------------------------
alter table pet_clinical_addenda enable row level security;
alter table pet_clinical_addenda force row level security;
drop policy if exists schema_owner on pet_clinical_addenda;
create policy schema_owner on pet_clinical_addenda to current_user using (true) with check (true);

drop policy if exists members_read on pet_clinical_addenda;
create policy members_read on pet_clinical_addenda for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));

drop policy if exists clinic_read on pet_clinical_addenda;
create policy clinic_read on pet_clinical_addenda for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_clinic_households('medical.read'))
                                  as uuid[])));

drop policy if exists clinic_write on pet_clinical_addenda;
create policy clinic_write on pet_clinical_addenda for insert to ${appRole}
  with check (signed_by = (select pawkeep_current_user())
              and pawkeep_clinic_may(business_id, household_id, 'medical.write'));

-- prescriptions -----------------------------------------------------------------------------
alter table prescriptions enable row level security;
alter table prescriptions force row level security;
drop policy if exists schema_owner on prescriptions;
create policy schema_owner on prescriptions to current_user using (true) with check (true);

drop policy if exists members_read on prescriptions;
create policy members_read on prescriptions for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));

drop policy if exists staff_read on prescriptions;
create policy staff_read on prescriptions for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('medical.read')) as uuid[]))
         or business_id = any (cast((select pawkeep_my_businesses_with('controlled.administer'))
                                    as uuid[])));

drop policy if exists prescribers_write on prescriptions;
create policy prescribers_write on prescriptions for insert to ${appRole}
  with check (prescribed_by = (select pawkeep_current_user())
              and pawkeep_clinic_may(business_id, household_id, 'medical.write'));

-- Platform admins (second factor required by pawkeep_is_platform_admin) read prescriptions and
-- open the prescribing businesses' keys to see DEA numbers unmasked; each such read is audited.
drop policy if exists platform_admins_read on prescriptions;
create policy platform_admins_read on prescriptions for select to ${appRole}
  using ((select pawkeep_is_platform_admin()));

-- controlled_balances -----------------------------------------------------------------------
alter table controlled_balances enable row level security;
alter table controlled_balances force row level security;
drop policy if exists schema_owner on controlled_balances;
create policy schema_owner on controlled_balances to current_user using (true) with check (true);

drop policy if exists staff_keep on controlled_balances;
create policy staff_keep on controlled_balances for all to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('medical.write')) as uuid[]))
         or business_id = any (cast((select pawkeep_my_businesses_with('controlled.administer'))
                                    as uuid[]))
         or business_id = any (cast((select pawkeep_my_businesses_with('controlled.log.read'))
                                    as uuid[])))
  with check (business_id = any (cast((select pawkeep_my_businesses_with('medical.write'))
                                      as uuid[]))
              or business_id = any (cast((select pawkeep_my_businesses_with(
                                                   'controlled.administer')) as uuid[])));

-- controlled_administrations ----------------------------------------------------------------
alter table controlled_administrations enable row level security;
alter table controlled_administrations force row level security;
drop policy if exists schema_owner on controlled_administrations;
create policy schema_owner on controlled_administrations to current_user using (true) with check (true);

drop policy if exists log_readers_read on controlled_administrations;
create policy log_readers_read on controlled_administrations for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('controlled.log.read'))
                                 as uuid[])));

drop policy if exists administerers_add on controlled_administrations;
create policy administerers_add on controlled_administrations for insert to ${appRole}
  with check (administered_by = (select pawkeep_current_user())
              and business_id = any (cast((select pawkeep_my_businesses_with(
                                                  'controlled.administer')) as uuid[])));

-- On other modules' tables (their other policies are in R__45_data_keys.sql and
-- R__50_pets.sql). Clinic staff see the pets of their client households (to find a pet's
-- household).
drop policy if exists clinic_staff_read on pets;
create policy clinic_staff_read on pets for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_clinic_households('medical.read'))
                                  as uuid[]))
         or household_id = any (cast((select pawkeep_my_clinic_households('medical.write'))
                                     as uuid[])));

-- A household cannot delete a pet that has clinic-written entries (DOM-8); deleting the household
-- itself (its row already gone when this cascades) still may.
drop trigger if exists clinic_records_stay on pets;
create trigger clinic_records_stay before delete on pets
  for each row execute function pawkeep_keep_clinic_records();

-- Data keys (CRYPTO-1): clinic staff use the keys of their client households (notes are sealed
-- with the household's key) and create them for a household without a keyset yet; staff with
-- medical or controlled-substance permissions use and create their business's own keys (DEA
-- numbers, administration notes).
drop policy if exists clinic_staff_use on tenant_data_keys;
create policy clinic_staff_use on tenant_data_keys for select to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_clinic_households('medical.read')) as uuid[]))
         or tenant_id = any (cast((select pawkeep_my_clinic_households('medical.write'))
                                  as uuid[])));

drop policy if exists clinic_staff_create on tenant_data_keys;
create policy clinic_staff_create on tenant_data_keys for insert to ${appRole}
  with check (tenant_id = any (cast((select pawkeep_my_clinic_households('medical.write'))
                                    as uuid[])));

drop policy if exists business_staff_use on tenant_data_keys;
create policy business_staff_use on tenant_data_keys for select to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_businesses_with('medical.write')) as uuid[]))
         or tenant_id = any (cast((select pawkeep_my_businesses_with('medical.read'))
                                  as uuid[]))
         or tenant_id = any (cast((select pawkeep_my_businesses_with('controlled.administer'))
                                  as uuid[]))
         or tenant_id = any (cast((select pawkeep_my_businesses_with('controlled.log.read'))
                                  as uuid[])));

drop policy if exists business_staff_create on tenant_data_keys;
create policy business_staff_create on tenant_data_keys for insert to ${appRole}
  with check (tenant_id = any (cast((select pawkeep_my_businesses_with('medical.write'))
                                    as uuid[]))
              or tenant_id = any (cast((select pawkeep_my_businesses_with('controlled.administer'))
                                       as uuid[])));

-- Platform admins (second factor required by pawkeep_is_platform_admin) open the prescribing
-- businesses' keys to see DEA numbers unmasked; each such read is audited.
drop policy if exists platform_admins_open_dea on tenant_data_keys;
create policy platform_admins_open_dea on tenant_data_keys for select to ${appRole}
  using ((select pawkeep_is_platform_admin())
         and tenant_id in (select business_id from prescriptions));
