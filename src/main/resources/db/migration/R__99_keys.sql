-- Crypto-shredding outside the database (CRYPTO-3). A tenant's shred key lives in the tenant key
-- store, which row-level security does not reach; before destroying it, the application asks the
-- database whether the caller may, with the same rule as deleting the keyset row: owners of the
-- household or business, or the schema owner (maintenance). Anyone else leaves the key in place.
create or replace function pawkeep_may_destroy_keys(p_tenant uuid)
  returns boolean
  language sql stable security invoker
  set search_path = pg_catalog, public, pg_temp
as $$select p_tenant = any (pawkeep_my_owned_households())
        or p_tenant = any (pawkeep_my_owned_businesses())
        or pg_has_role(current_user,
                       (select relowner from pg_class where oid = 'public.tenant_data_keys'::regclass),
                       'MEMBER')$$;
revoke execute on function pawkeep_may_destroy_keys(uuid) from public;
grant execute on function pawkeep_may_destroy_keys(uuid) to ${appRole};
