-- Tenancy: the request identity lives in transaction-local settings (set_config(..., true)),
-- so a pooled connection never carries one request's identity into the next. An empty or
-- missing setting means "nobody" and matches no row.
grant usage on schema public to ${appRole};

-- Every tenant table goes through this: row-level security enabled and forced, with the schema
-- owner (migrations, the security-definer functions) as the only exemption.
create function pawkeep_protect(p_table regclass) returns void
  language plpgsql
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  execute format('alter table %s enable row level security', p_table);
  execute format('alter table %s force row level security', p_table);
  execute format('create policy schema_owner on %s to current_user using (true) with check (true)',
                 p_table);
end
$$;

-- Functions are callable by the application role only, never by PUBLIC.
create function pawkeep_expose(p_function regprocedure, p_role name) returns void
  language plpgsql
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  execute format('revoke execute on function %s from public', p_function);
  execute format('grant execute on function %s to %I', p_function, p_role);
end
$$;
revoke execute on function pawkeep_protect(regclass) from public;
revoke execute on function pawkeep_expose(regprocedure, name) from public;

create function pawkeep_current_user() returns uuid
  language sql stable parallel safe
  set search_path = pg_catalog, pg_temp
as $$ select nullif(current_setting('pawkeep.user_id', true), '')::uuid $$;

create function pawkeep_current_session() returns uuid
  language sql stable parallel safe
  set search_path = pg_catalog, pg_temp
as $$ select nullif(current_setting('pawkeep.session_id', true), '')::uuid $$;

select pawkeep_expose('pawkeep_current_user()', '${appRole}');
select pawkeep_expose('pawkeep_current_session()', '${appRole}');

-- Operators allowed to administer the platform; written only by the owner role at start-up
-- from configuration. Global table: it holds no tenant data.
create table platform_admins (
  email text primary key
);
