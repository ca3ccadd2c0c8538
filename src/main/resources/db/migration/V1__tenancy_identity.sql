-- Tenancy: the request identity lives in transaction-local settings (set_config(..., true)),
-- so a pooled connection never carries one request's identity into the next. An empty or
-- missing setting means "nobody" and matches no row.
grant usage on schema public to ${appRole};

create function pawkeep_current_user() returns uuid
  language sql stable parallel safe
  set search_path = pg_catalog, pg_temp
as $$ select nullif(current_setting('pawkeep.user_id', true), '')::uuid $$;

create function pawkeep_current_session() returns uuid
  language sql stable parallel safe
  set search_path = pg_catalog, pg_temp
as $$ select nullif(current_setting('pawkeep.session_id', true), '')::uuid $$;

revoke execute on function pawkeep_current_user() from public;
revoke execute on function pawkeep_current_session() from public;
grant execute on function pawkeep_current_user() to ${appRole};
grant execute on function pawkeep_current_session() to ${appRole};

-- Operators allowed to administer the platform; written only by the owner role at start-up
-- from configuration. Global table: it holds no tenant data.
create table platform_admins (
  email text primary key
);
