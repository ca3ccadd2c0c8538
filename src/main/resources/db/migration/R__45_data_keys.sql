-- tenant_data_keys --------------------------------------------------------------------------
alter table tenant_data_keys enable row level security;
alter table tenant_data_keys force row level security;
drop policy if exists schema_owner on tenant_data_keys;
create policy schema_owner on tenant_data_keys to current_user using (true) with check (true);

drop policy if exists members_create on tenant_data_keys;
create policy members_create on tenant_data_keys for insert to ${appRole}
  with check (tenant_id = any (cast((select pawkeep_my_households()) as uuid[])));

-- Members of a household use its keys; only owners rotate or destroy them.
drop policy if exists members_use on tenant_data_keys;
create policy members_use on tenant_data_keys for select to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_households()) as uuid[])));

drop policy if exists owners_destroy on tenant_data_keys;
create policy owners_destroy on tenant_data_keys for delete to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

drop policy if exists owners_rotate on tenant_data_keys;
create policy owners_rotate on tenant_data_keys for update to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (tenant_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));
