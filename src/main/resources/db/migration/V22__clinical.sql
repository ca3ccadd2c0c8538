-- Clinical records written by clinics (AUTHZ-6, DOM-8) and controlled substances (DOM-7).
--
-- A clinic acts on a household's pets only while the household keeps it as an ACTIVE client and
-- only through staff holding medical.read / medical.write; a care company never does. Entries are
-- signed when written and lock at locks_at (signing time plus a configured period): until then
-- their author may amend them, afterwards only addenda (own rows, signed, never updatable) are
-- added. The lock is enforced here too, by a trigger, for every role: the schema owner's key
-- rotation may still re-encrypt the notes of a locked entry, and nothing else.
--
-- Pet deletion: a pet with clinic-written entries cannot be deleted by its household (the API
-- answers 409, and the trigger below refuses it in the database): a clinic's record must survive.
-- Deleting the whole household (erasure) still removes them, with the household's keys.
-- Prescriptions and the administration log belong to the business (sealed with its data key) and
-- have no foreign key to the pet: they survive the pet and the household.

-- Households that are active clients of a clinic where the caller holds the permission.
create function pawkeep_my_clinic_households(p_permission text) returns uuid[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(distinct c.household_id), '{}')
    from business_clients c join businesses b on b.id = c.business_id
   where c.status = 'active' and b.kind = 'clinic'
     and c.business_id = any (pawkeep_my_businesses_with(p_permission))
$$;

-- May the caller act for this clinic on this household with the permission?
create function pawkeep_clinic_may(p_business uuid, p_household uuid, p_permission text)
  returns boolean
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select exists (select 1 from business_clients c join businesses b on b.id = c.business_id
                  where c.business_id = p_business and c.household_id = p_household
                    and c.status = 'active' and b.kind = 'clinic')
         and pawkeep_has_business_permission(p_business, p_permission)
$$;
select pawkeep_expose('pawkeep_my_clinic_households(text)', '${appRole}');
select pawkeep_expose('pawkeep_clinic_may(uuid, uuid, text)', '${appRole}');

-- Clinic staff see the pets of their client households (to find a pet's household).
create policy clinic_staff_read on pets for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_clinic_households('medical.read'))
                                  as uuid[]))
         or household_id = any (cast((select pawkeep_my_clinic_households('medical.write'))
                                     as uuid[])));

-- Signatures and the lock. Entries written before this migration have no lock time: locked.
alter table pet_clinical_entries
  add column signed_at  timestamptz,
  add column signed_by  uuid,
  add column locks_at   timestamptz,
  add column amended_at timestamptz,
  add unique (id, household_id);

create policy clinic_read on pet_clinical_entries for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_clinic_households('medical.read'))
                                  as uuid[])));
create policy clinic_write on pet_clinical_entries for insert to ${appRole}
  with check (recorded_by = (select pawkeep_current_user())
              and signed_by = (select pawkeep_current_user())
              and pawkeep_clinic_may(business_id, household_id, 'medical.write'));
-- Only the author amends, while still allowed to write for the clinic; the trigger adds the lock.
create policy author_amends on pet_clinical_entries for update to ${appRole}
  using (signed_by = (select pawkeep_current_user())
         and pawkeep_clinic_may(business_id, household_id, 'medical.write'))
  with check (signed_by = (select pawkeep_current_user())
              and pawkeep_clinic_may(business_id, household_id, 'medical.write'));
grant insert on pet_clinical_entries to ${appRole};
grant update (kind, summary, value, notes, amended_at) on pet_clinical_entries to ${appRole};

create function pawkeep_refuse_locked_clinical_entry() returns trigger
  language plpgsql
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if coalesce(old.locks_at, '-infinity') <= pawkeep_request_time()
     and (current_user = '${appRole}'
          or (to_jsonb(new) - 'notes') is distinct from (to_jsonb(old) - 'notes')) then
    raise exception 'clinical entry % is locked; add an addendum', old.id
      using errcode = 'P0001';
  end if;
  return new;
end
$$;
create trigger locked_entries_stay before update on pet_clinical_entries
  for each row execute function pawkeep_refuse_locked_clinical_entry();

-- Addenda: later changes to an entry, signed, never updated or deleted by the application.
create table pet_clinical_addenda (
  id           uuid primary key,
  entry_id     uuid not null,
  household_id uuid not null,
  business_id  uuid not null,
  summary      text not null check (length(summary) between 1 and 500),
  notes        bytea check (length(notes) <= 17000),
  signed_at    timestamptz not null,
  signed_by    uuid not null,
  foreign key (entry_id, household_id) references pet_clinical_entries (id, household_id)
    on delete cascade
);
create index pet_clinical_addenda_entry_idx on pet_clinical_addenda (entry_id, signed_at);
create index pet_clinical_addenda_household_idx on pet_clinical_addenda (household_id);
select pawkeep_protect('pet_clinical_addenda');
create policy members_read on pet_clinical_addenda for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));
create policy clinic_read on pet_clinical_addenda for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_clinic_households('medical.read'))
                                  as uuid[])));
create policy clinic_write on pet_clinical_addenda for insert to ${appRole}
  with check (signed_by = (select pawkeep_current_user())
              and pawkeep_clinic_may(business_id, household_id, 'medical.write'));
grant select, insert on pet_clinical_addenda to ${appRole};

-- A household cannot delete a pet that has clinic-written entries; deleting the household
-- itself (its row already gone when this cascades) still may.
create function pawkeep_keep_clinic_records() returns trigger
  language plpgsql security definer
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
create trigger clinic_records_stay before delete on pets
  for each row execute function pawkeep_keep_clinic_records();

-- Data keys: clinic staff use the keys of their client households (notes are sealed with the
-- household's key) and create them for a household without a keyset yet; staff with medical or
-- controlled-substance permissions use and create their business's own keys (DEA numbers,
-- administration notes).
create policy clinic_staff_use on tenant_data_keys for select to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_clinic_households('medical.read')) as uuid[]))
         or tenant_id = any (cast((select pawkeep_my_clinic_households('medical.write'))
                                  as uuid[])));
create policy clinic_staff_create on tenant_data_keys for insert to ${appRole}
  with check (tenant_id = any (cast((select pawkeep_my_clinic_households('medical.write'))
                                    as uuid[])));
create policy business_staff_use on tenant_data_keys for select to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_businesses_with('medical.write')) as uuid[]))
         or tenant_id = any (cast((select pawkeep_my_businesses_with('medical.read'))
                                  as uuid[]))
         or tenant_id = any (cast((select pawkeep_my_businesses_with('controlled.administer'))
                                  as uuid[]))
         or tenant_id = any (cast((select pawkeep_my_businesses_with('controlled.log.read'))
                                  as uuid[])));
create policy business_staff_create on tenant_data_keys for insert to ${appRole}
  with check (tenant_id = any (cast((select pawkeep_my_businesses_with('medical.write'))
                                    as uuid[]))
              or tenant_id = any (cast((select pawkeep_my_businesses_with('controlled.administer'))
                                       as uuid[])));

-- Controlled-substance prescriptions, written by a clinic's medical.write holders for a client
-- household's pet. The prescriber's DEA number is sealed with the business's data key; its masked
-- form is kept beside it for everyone but the business's owners.
create table prescriptions (
  id                    uuid primary key,
  business_id           uuid not null references businesses (id),
  household_id          uuid not null,
  pet_id                uuid not null,
  drug                  text not null check (length(drug) between 1 and 200),
  schedule              text not null check (schedule in ('II', 'III', 'IV', 'V')),
  quantity              numeric(12, 3) not null check (quantity > 0),
  unit                  text not null check (unit in ('mg', 'ml', 'tablet', 'capsule', 'patch')),
  directions            text not null check (length(directions) between 1 and 1000),
  prescriber_dea        bytea not null check (length(prescriber_dea) <= 1000),
  prescriber_dea_masked text not null check (length(prescriber_dea_masked) <= 20),
  prescribed_by         uuid not null,
  prescribed_at         timestamptz not null,
  locks_at              timestamptz not null
);
create index prescriptions_pet_idx on prescriptions (pet_id, prescribed_at);
create index prescriptions_business_idx on prescriptions (business_id, prescribed_at);
select pawkeep_protect('prescriptions');
create policy members_read on prescriptions for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));
create policy staff_read on prescriptions for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('medical.read')) as uuid[]))
         or business_id = any (cast((select pawkeep_my_businesses_with('controlled.administer'))
                                    as uuid[])));
create policy prescribers_write on prescriptions for insert to ${appRole}
  with check (prescribed_by = (select pawkeep_current_user())
              and pawkeep_clinic_may(business_id, household_id, 'medical.write'));
-- Platform admins (second factor required by pawkeep_is_platform_admin) read prescriptions and
-- open the prescribing businesses' keys to see DEA numbers unmasked; each such read is audited.
create policy platform_admins_read on prescriptions for select to ${appRole}
  using ((select pawkeep_is_platform_admin()));
create policy platform_admins_open_dea on tenant_data_keys for select to ${appRole}
  using ((select pawkeep_is_platform_admin())
         and tenant_id in (select business_id from prescriptions));
grant select, insert on prescriptions to ${appRole};

-- Running balance per business, household, drug and unit: dispensed minus administered, never
-- below zero. Writers lock the row (select ... for update) and the check constraint backs it.
create table controlled_balances (
  business_id  uuid not null references businesses (id),
  household_id uuid not null,
  drug         text not null,
  unit         text not null,
  balance      numeric(14, 3) not null check (balance >= 0),
  primary key (business_id, household_id, drug, unit)
);
select pawkeep_protect('controlled_balances');
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
grant select, insert, update (balance) on controlled_balances to ${appRole};

-- The administration log, kept apart and append-only: controlled.administer holders add to it,
-- controlled.log.read holders read it (every read is audited by the application).
create table controlled_administrations (
  id              uuid primary key,
  business_id     uuid not null references businesses (id),
  prescription_id uuid not null references prescriptions (id),
  household_id    uuid not null,
  pet_id          uuid not null,
  drug            text not null,
  unit            text not null,
  quantity        numeric(12, 3) not null check (quantity > 0),
  given_at        timestamptz not null,
  notes           bytea check (length(notes) <= 17000),
  balance_after   numeric(14, 3) not null check (balance_after >= 0),
  administered_by uuid not null,
  recorded_at     timestamptz not null
);
create index controlled_administrations_business_idx
  on controlled_administrations (business_id, recorded_at);
select pawkeep_protect('controlled_administrations');
create policy log_readers_read on controlled_administrations for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('controlled.log.read'))
                                 as uuid[])));
create policy administerers_add on controlled_administrations for insert to ${appRole}
  with check (administered_by = (select pawkeep_current_user())
              and business_id = any (cast((select pawkeep_my_businesses_with(
                                                  'controlled.administer')) as uuid[])));
grant select, insert on controlled_administrations to ${appRole};
