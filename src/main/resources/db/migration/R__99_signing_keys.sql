-- Access-token signing keys (SESS-1, AVAIL-4): the schema owner's table (V51__signing_keys.sql); no
-- grant and no policy for the application role, which serves requests.
alter table signing_keys enable row level security;
alter table signing_keys force row level security;
drop policy if exists schema_owner on signing_keys;
create policy schema_owner on signing_keys to current_user using (true) with check (true);

-- What verification needs, and nothing more: the keys that still verify (the signing one and the
-- retired ones before their verify_until), each wrapped by the master key, which only the
-- application holds. A key past its verify_until is never handed out again, even before the
-- scheduled rotation deletes it.
create or replace function pawkeep_signing_keys()
  returns table (key_id text, wrapped bytea, active boolean, verify_until timestamptz)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$select k.key_id, k.wrapped, k.retired_at is null, k.verify_until
        from signing_keys k
       where k.verify_until is null or k.verify_until > now()
       order by k.created_at, k.key_id$$;
revoke execute on function pawkeep_signing_keys() from public;
grant execute on function pawkeep_signing_keys() to ${appRole};
