-- One data keyset per tenant (household now, business later), wrapped by the master key, which
-- never enters the database. Destroying a tenant's row makes every ciphertext of that tenant
-- unreadable everywhere, backups included (crypto-shredding).
create table tenant_data_keys (
  tenant_id  uuid primary key,
  keyset     bytea not null,
  created_at timestamptz not null,
  rotated_at timestamptz
);
select pawkeep_protect('tenant_data_keys');

-- Members of a household use its keys; only owners rotate or destroy them.
create policy members_use on tenant_data_keys for select to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_households()) as uuid[])));
create policy members_create on tenant_data_keys for insert to ${appRole}
  with check (tenant_id = any (cast((select pawkeep_my_households()) as uuid[])));
create policy owners_rotate on tenant_data_keys for update to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (tenant_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));
create policy owners_destroy on tenant_data_keys for delete to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));
grant select, insert, update, delete on tenant_data_keys to ${appRole};
