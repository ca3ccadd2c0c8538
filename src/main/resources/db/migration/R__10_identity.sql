-- The database's rules, one repeatable migration per module, in the order they depend on each
-- other: R__10_identity (who and when a request is), R__20_accounts, R__25_rate_limits,
-- R__30_audit, R__40_households, R__45_data_keys, R__50_pets, R__60_businesses, R__70_bookings,
-- R__80_care, R__90_clinical. Each file holds the current text of its module's SQL functions
-- (with who may execute them), triggers and row-level security policies; Flyway runs a file
-- again, after every versioned migration, whenever its text changes, so these files are what the
-- database enforces. docs/database-rules.txt is the rendering of the resulting catalogue, kept
-- true by database/DatabaseRulesCatalogueTests.
--
-- The rules for these files:
-- * Versioned migrations (V*.sql) hold tables, columns, grants and data only, and never depend on
--   an object an R__ file defines (they run first, on an empty database too). None from
--   V32__rules_move_to_repeatable_migrations.sql on defines a function, trigger or policy; a test
--   checks it. A new table enables and forces row-level security in its versioned migration and
--   gets its policies here.
-- * Every statement here can run again: create or replace function, drop ... if exists before
--   create trigger and create policy. Each function revokes EXECUTE from PUBLIC and grants it to
--   the application role only where the application calls it (AUTHZ-4).
-- * Every security definer function pins search_path with pg_temp last (AUTHZ-4; tested).
-- * ${appRole} is the application role (a placeholder set by database/DatabaseConfiguration);
--   "to current_user" in a policy is the schema owner, who runs the migrations.
-- * The functions that give policies the caller's tenants and permissions are PL/pgSQL whose
--   body is one "return (select ...)": a SQL function with security definer or a SET clause is
--   never inlined and is planned again on every call, while PL/pgSQL keeps its plan for the
--   session (about a third of the cost, bench/pets-load.sh).
-- * Renaming or dropping a function: drop it here (drop function if exists) and remove its text.

-- Tenancy (AUTHZ-4): the request's identity lives in transaction-local settings
-- (set_config(..., true)), so a pooled connection never carries one request's identity into the
-- next. An empty or missing setting means "nobody" and matches no row.

-- The request's identity and time: plain reads of transaction-local settings through pg_catalog
-- functions only (pg_catalog is searched first whatever the search_path), so they need no pinned
-- search_path, and without one they are inlined into the statements that use them.
create or replace function pawkeep_current_user()
  returns uuid
  language sql stable parallel safe
as $$ select nullif(pg_catalog.current_setting('pawkeep.user_id', true), '')::uuid $$;
revoke execute on function pawkeep_current_user() from public;
grant execute on function pawkeep_current_user() to ${appRole};

-- The session the request was made in (second factor, SESS-*).
create or replace function pawkeep_current_session()
  returns uuid
  language sql stable parallel safe
as $$ select nullif(pg_catalog.current_setting('pawkeep.session_id', true), '')::uuid $$;
revoke execute on function pawkeep_current_session() from public;
grant execute on function pawkeep_current_session() to ${appRole};

-- A request made with an API key (AUTH-7) runs as the key and its business, with no user.
create or replace function pawkeep_current_api_key()
  returns uuid
  language sql stable parallel safe
as $$ select nullif(pg_catalog.current_setting('pawkeep.api_key_id', true), '')::uuid $$;
revoke execute on function pawkeep_current_api_key() from public;
grant execute on function pawkeep_current_api_key() to ${appRole};

-- The business of that key.
create or replace function pawkeep_api_key_business()
  returns uuid
  language sql stable parallel safe
as $$ select nullif(pg_catalog.current_setting('pawkeep.business_id', true), '')::uuid $$;
revoke execute on function pawkeep_api_key_business() from public;
grant execute on function pawkeep_api_key_business() to ${appRole};

-- The request's time, as the application's clock gave it to pawkeep_begin_request (sitting
-- windows DOM-3, assignment windows AUTHZ-5, access review LOG-4). The application role never
-- falls back to the database's clock: a transaction of it that did not begin a request has no
-- time, every window compares with null and stays closed (fail closed), and a test that forgot
-- to set the time cannot pass by the wall clock. The schema owner's maintenance (which begins no
-- request) reads the database's clock. session_user, not current_user: inside a security
-- definer function current_user is the owner.
create or replace function pawkeep_request_time()
  returns timestamptz
  language sql stable parallel safe
as $$
  select coalesce(nullif(pg_catalog.current_setting('pawkeep.now', true), '')::timestamptz,
                  case when session_user <> '${appRole}' then pg_catalog.now() end)
$$;
revoke execute on function pawkeep_request_time() from public;
grant execute on function pawkeep_request_time() to ${appRole};

-- Is this session of this account live at p_now (SESS-4, SESS-5)? The account is active; the
-- session neither revoked, expired, nor (a browser session) idle past its timeout; and p_issued_at
-- (an access token's issue time, or the session's creation for a browser session and for a
-- refresh) no earlier than the account's sessions were last invalidated (password change, reset,
-- deactivation). The one place these rules are written: each request's identity check
-- (pawkeep_begin_request) and the API's refresh (accounts/SessionRepository.findLiveSessionOf) ask
-- it. Not security definer: the application role asks it acting as the account, and row-level
-- security shows it that account's rows only. PL/pgSQL, which keeps the plan of its one query for
-- the session: as a SQL function with a pinned search_path it was planned again on every request.
create or replace function pawkeep_session_is_live(p_user uuid, p_session uuid,
                                                   p_issued_at timestamptz, p_now timestamptz)
  returns boolean
  language plpgsql stable
  set search_path = pg_catalog, public, pg_temp
as $$begin return exists (
      select 1
        from users u
        join sessions s on s.user_id = u.id
       where u.id = p_user
         and s.id = p_session
         and u.deactivated_at is null
         and s.revoked_at is null
         and s.expires_at > p_now
         and (s.idle_timeout is null or s.last_used_at + s.idle_timeout > p_now)
         and p_issued_at >= date_trunc('second', u.sessions_valid_after)); end$$;
revoke execute on function pawkeep_session_is_live(uuid, uuid, timestamptz, timestamptz)
  from public;
grant execute on function pawkeep_session_is_live(uuid, uuid, timestamptz, timestamptz)
  to ${appRole};

-- Starts a request's transaction (AUTHZ-4, SESS-4): sets the identity and time
-- transaction-locally, but the identity only for a live session (pawkeep_session_is_live).
-- Returns false, and leaves the identity empty, otherwise; clears any API key identity. One round
-- trip per request (tenancy/IdentityTransactionManager).
-- A browser session (SESS-5) passes its creation time as p_issued_at and must also have been used
-- within its idle timeout; each of its requests records the use, at most once a minute (so the
-- idle timeout holds to within a minute), never waiting for another request that is recording it.
create or replace function pawkeep_begin_request(p_user uuid, p_session uuid,
                                                 p_issued_at timestamptz, p_now timestamptz)
  returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  -- One statement for all the settings (every PL/pgSQL statement is a query of its own).
  perform set_config('pawkeep.user_id', '', true), set_config('pawkeep.session_id', '', true),
          set_config('pawkeep.api_key_id', '', true), set_config('pawkeep.business_id', '', true),
          set_config('pawkeep.now', p_now::text, true);
  if pawkeep_session_is_live(p_user, p_session, p_issued_at, p_now) then
    perform set_config('pawkeep.user_id', p_user::text, true),
            set_config('pawkeep.session_id', p_session::text, true);
    if current_setting('transaction_read_only') = 'off' then
      update sessions set last_used_at = p_now
       where id = (select s.id from sessions s
                    where s.id = p_session and s.idle_timeout is not null
                      and s.last_used_at < p_now - interval '1 minute'
                      for update skip locked);
    end if;
    return true;
  end if;
  return false;
end
$$;
revoke execute on function pawkeep_begin_request(uuid, uuid, timestamptz, timestamptz) from public;
grant execute on function pawkeep_begin_request(uuid, uuid, timestamptz, timestamptz) to ${appRole};

-- Starts a page request's transaction from its browser session's cookie (SESS-5) in the same one
-- round trip (tenancy/IdentityTransactionManager): finds the session by the SHA-256 of the
-- cookie's secret, then begins the request exactly as pawkeep_begin_request does, with the
-- session's creation as the issue time, so idle and absolute expiry, sign-out, sessions_valid_after
-- and deactivation are the same rules. Answers the session's account, id, creation and second
-- factor, with the name and email the pages show, only when the session is live; otherwise no row,
-- and no identity is set.
create or replace function pawkeep_begin_web_request(p_secret_hash bytea, p_now timestamptz)
  returns table (user_id uuid, session_id uuid, created_at timestamptz, mfa boolean,
                 display_name text, email text, time_zone text)
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
#variable_conflict use_column
declare
  v_session sessions%rowtype;
begin
  if p_secret_hash is not null and length(p_secret_hash) = 32 then
    select s.* into v_session from sessions s where s.web_secret_hash = p_secret_hash;
  end if;
  if pawkeep_begin_request(v_session.user_id, v_session.id, v_session.created_at, p_now) then
    return query
      select u.id, v_session.id, v_session.created_at, v_session.mfa, u.display_name::text,
             u.email::text, u.time_zone
        from users u
       where u.id = v_session.user_id;
  end if;
end
$$;
revoke execute on function pawkeep_begin_web_request(bytea, timestamptz) from public;
grant execute on function pawkeep_begin_web_request(bytea, timestamptz) to ${appRole};

-- A request made with an API key (AUTH-7, CRYPTO-5): the key must exist, be neither revoked nor expired, and its
-- creator must still be an active member of its business. The hashes are compared over every
-- byte whatever they hold. Records the last use at most once a minute, never waiting for another
-- request that is recording it.
create or replace function pawkeep_begin_api_key_request(p_key uuid, p_secret_hash bytea,
                                                         p_now timestamptz)
  returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_key api_keys%rowtype;
  v_diff int;
begin
  perform set_config('pawkeep.user_id', '', true);
  perform set_config('pawkeep.session_id', '', true);
  perform set_config('pawkeep.api_key_id', '', true);
  perform set_config('pawkeep.business_id', '', true);
  perform set_config('pawkeep.now', p_now::text, true);
  select k.* into v_key
    from api_keys k
    join business_staff s on s.business_id = k.business_id and s.user_id = k.created_by
    join users u on u.id = k.created_by
   where k.id = p_key
     and k.revoked_at is null
     and (k.expires_at is null or k.expires_at > p_now)
     and u.deactivated_at is null;
  if not found or p_secret_hash is null or length(p_secret_hash) <> 32 then
    return false;
  end if;
  select bit_or(get_byte(v_key.secret_hash, i) # get_byte(p_secret_hash, i)) into v_diff
    from generate_series(0, 31) i;
  if v_diff <> 0 then
    return false;
  end if;
  perform set_config('pawkeep.api_key_id', v_key.id::text, true);
  perform set_config('pawkeep.business_id', v_key.business_id::text, true);
  if current_setting('transaction_read_only') = 'off'
     and (v_key.last_used_at is null or v_key.last_used_at < p_now - interval '1 minute') then
    update api_keys set last_used_at = p_now
     where id = (select id from api_keys where id = v_key.id for update skip locked);
  end if;
  return true;
end
$$;
revoke execute on function pawkeep_begin_api_key_request(uuid, bytea, timestamptz) from public;
grant execute on function pawkeep_begin_api_key_request(uuid, bytea, timestamptz) to ${appRole};
