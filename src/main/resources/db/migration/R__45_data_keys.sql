-- Data keys (CRYPTO-1, CRYPTO-2): one keyset per tenant (household or business), wrapped by the
-- master key, which never enters the database. Who else uses or creates a tenant's keys is decided
-- where that access is granted: assigned staff in R__70_bookings.sql, clinic and business staff
-- and platform administrators in R__90_clinical.sql.

-- tenant_data_keys --------------------------------------------------------------------------
alter table tenant_data_keys enable row level security;
alter table tenant_data_keys force row level security;
drop policy if exists schema_owner on tenant_data_keys;
create policy schema_owner on tenant_data_keys to current_user using (true) with check (true);

-- Members of a household use its keys; only owners rotate or destroy them.
drop policy if exists members_use on tenant_data_keys;
create policy members_use on tenant_data_keys for select to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_households()) as uuid[])));

drop policy if exists members_create on tenant_data_keys;
create policy members_create on tenant_data_keys for insert to ${appRole}
  with check (tenant_id = any (cast((select pawkeep_my_households()) as uuid[])));

drop policy if exists owners_rotate on tenant_data_keys;
create policy owners_rotate on tenant_data_keys for update to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (tenant_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

drop policy if exists owners_destroy on tenant_data_keys;
create policy owners_destroy on tenant_data_keys for delete to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));
