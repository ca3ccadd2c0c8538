-- Speed of the policies' helper functions (measured by bench/pets-load.sh). A SQL function with
-- SECURITY DEFINER or a SET clause is never inlined, and PostgreSQL plans its body again on every
-- call; the same body in PL/pgSQL keeps its plan for the session: about a third of the cost. Each
-- security-definer SQL function returning the caller's tenants or permissions is recreated here in
-- PL/pgSQL with the same name, parameters, body, owner, grants and pinned search_path.
do $$
declare
  f record;
begin
  for f in
    select p.proname, pg_get_function_arguments(p.oid) as args,
           pg_get_function_result(p.oid) as result, p.prosrc
      from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace and n.nspname = 'public'
      join pg_language l on l.oid = p.prolang and l.lanname = 'sql'
     where p.prosecdef and p.provolatile = 's' and not p.proretset
       and p.proname in ('pawkeep_my_households', 'pawkeep_my_owned_households',
                         'pawkeep_my_writable_households', 'pawkeep_my_secret_households',
                         'pawkeep_my_assigned_bookings', 'pawkeep_my_assigned_households',
                         'pawkeep_my_clinic_households', 'pawkeep_my_client_businesses',
                         'pawkeep_my_businesses', 'pawkeep_my_businesses_with',
                         'pawkeep_my_owned_businesses', 'pawkeep_business_permissions',
                         'pawkeep_has_business_permission', 'pawkeep_session_mfa')
  loop
    execute format(
      'create or replace function public.%I(%s) returns %s language plpgsql stable '
      || 'security definer set search_path = pg_catalog, public, pg_temp as %L',
      f.proname, f.args, f.result,
      'begin return (' || rtrim(btrim(f.prosrc, E' \n\t'), ';') || '); end');
  end loop;
end
$$;

-- The request's identity and time: plain reads of transaction-local settings through pg_catalog
-- functions only (pg_catalog is searched first whatever the search_path), so they need no pinned
-- search_path, and without one they are inlined into the statements that use them.
create or replace function pawkeep_current_user() returns uuid
  language sql stable parallel safe
as $$ select nullif(pg_catalog.current_setting('pawkeep.user_id', true), '')::uuid $$;
create or replace function pawkeep_current_session() returns uuid
  language sql stable parallel safe
as $$ select nullif(pg_catalog.current_setting('pawkeep.session_id', true), '')::uuid $$;
create or replace function pawkeep_request_time() returns timestamptz
  language sql stable parallel safe
as $$
  select coalesce(nullif(pg_catalog.current_setting('pawkeep.now', true), '')::timestamptz,
                  pg_catalog.now())
$$;
