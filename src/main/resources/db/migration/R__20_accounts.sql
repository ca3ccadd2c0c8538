-- Accounts (AUTH-*, SESS-*): users, sessions, refresh tokens, one-time tokens, recovery codes and
-- sign-in failures. What only a proof may change (a session's second factor, an address's
-- confirmation, deactivation) the application role cannot write directly (column grants in the
-- versioned migrations); the narrow security definer functions here are the only ways in, each
-- checking its proof (AUTH-1, AUTH-4, AUTH-10, SESS-4).

-- Is the caller a platform administrator, signed in with a second factor in this session?
create or replace function pawkeep_is_platform_admin()
  returns boolean
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select exists (
    select 1
      from users u
      join platform_admins a on a.email = u.email
      join sessions s on s.user_id = u.id
     where u.id = pawkeep_current_user()
       and s.id = pawkeep_current_session()
       and s.mfa
       and s.revoked_at is null
       and u.email_verified_at is not null
       and u.deactivated_at is null)
$$;
revoke execute on function pawkeep_is_platform_admin() from public;
grant execute on function pawkeep_is_platform_admin() to ${appRole};

-- Was the caller's current session opened with a second factor? (AUTH-4: businesses may require
-- one of owners and managers.)
create or replace function pawkeep_session_mfa()
  returns boolean
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select coalesce((select s.mfa from sessions s
                    where s.id = pawkeep_current_session()
                      and s.user_id = pawkeep_current_user()
                      and s.revoked_at is null), false)); end$$;
revoke execute on function pawkeep_session_mfa() from public;
grant execute on function pawkeep_session_mfa() to ${appRole};

-- Before authentication the application knows only an email or a token; these narrow lookups
-- are the only way it can find the matching account without an identity.
create or replace function pawkeep_find_login(p_email text)
  returns table (id uuid, password_hash text, email_verified boolean, deactivated boolean,
                 totp_enabled boolean)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select u.id, u.password_hash, u.email_verified_at is not null, u.deactivated_at is not null,
         u.totp_enabled_at is not null
    from users u
   where u.email = p_email
$$;
revoke execute on function pawkeep_find_login(text) from public;
grant execute on function pawkeep_find_login(text) to ${appRole};

-- The account of a mailed link or second-factor challenge, by its token's hash.
create or replace function pawkeep_find_one_time_token(p_hash bytea, p_purpose text)
  returns uuid
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select t.user_id from one_time_tokens t where t.token_hash = p_hash and t.purpose = p_purpose
$$;
revoke execute on function pawkeep_find_one_time_token(bytea, text) from public;
grant execute on function pawkeep_find_one_time_token(bytea, text) to ${appRole};

-- The account of a refresh token, by its hash (SESS-2).
create or replace function pawkeep_find_refresh_token(p_hash bytea)
  returns uuid
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select t.user_id from refresh_tokens t where t.token_hash = p_hash
$$;
revoke execute on function pawkeep_find_refresh_token(bytea) from public;
grant execute on function pawkeep_find_refresh_token(bytea) to ${appRole};

-- A cookie's session is found by the statement that begins its request
-- (pawkeep_begin_web_request, R__10_identity.sql): no separate look-up, no extra round trip.
drop function if exists pawkeep_find_web_session(bytea);

-- Makes the session a sign-in just opened a browser session (SESS-5): the caller's live session of
-- an unused refresh token takes the cookie secret's hash, its idle timeout and an absolute expiry
-- that can only come sooner, and loses its refresh tokens, so the API can never renew it. Answers
-- the session's id, or null when the refresh token is not such a session's.
create or replace function pawkeep_make_web_session(p_refresh_hash bytea, p_secret_hash bytea,
                                                    p_idle_seconds integer, p_shared boolean,
                                                    p_now timestamptz, p_expires_at timestamptz)
  returns uuid
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_session uuid;
begin
  if p_secret_hash is null or length(p_secret_hash) <> 32 or p_idle_seconds is null
     or p_idle_seconds <= 0 then
    return null;
  end if;
  select s.id into v_session
    from refresh_tokens t
    join sessions s on s.id = t.session_id
   where t.token_hash = p_refresh_hash and t.user_id = pawkeep_current_user()
     and t.used_at is null and s.user_id = t.user_id and s.revoked_at is null
     and s.web_secret_hash is null and s.expires_at > p_now
     for update of s;
  if v_session is null then
    return null;
  end if;
  delete from refresh_tokens where session_id = v_session;
  update sessions
     set web_secret_hash = p_secret_hash,
         idle_timeout = make_interval(secs => p_idle_seconds),
         shared_device = coalesce(p_shared, false),
         expires_at = least(expires_at, p_expires_at),
         last_used_at = p_now
   where id = v_session;
  return v_session;
end
$$;
revoke execute on function pawkeep_make_web_session(bytea, bytea, integer, boolean, timestamptz,
                                                    timestamptz) from public;
grant execute on function pawkeep_make_web_session(bytea, bytea, integer, boolean, timestamptz,
                                                   timestamptz) to ${appRole};

-- A browser that signs in again ends the session its old cookie named (SESS-5), so a session
-- left behind on a shared device does not outlive the next sign-in there. Holding the cookie's
-- secret is the proof, as signing out with it would be.
create or replace function pawkeep_end_web_session(p_secret_hash bytea, p_now timestamptz)
  returns void
  language sql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  update sessions set revoked_at = p_now
   where web_secret_hash = p_secret_hash and length(p_secret_hash) = 32 and revoked_at is null
$$;
revoke execute on function pawkeep_end_web_session(bytea, timestamptz) from public;
grant execute on function pawkeep_end_web_session(bytea, timestamptz) to ${appRole};

-- Registration, in one call whatever the email's state (the same work for every answer). A new
-- email gets an account and a confirmation link. An unconfirmed one (AUTH-10) gets a link to
-- finish signing up: a password reset link, so whoever opens it in the mailbox chooses the
-- password and completing it confirms the address. This registration's password and name are
-- never stored: a stranger registering someone's pending address cannot set its password. A
-- confirmed (or deactivated) one gets nothing here. Answers 'created', 'unconfirmed' or
-- 'registered'.
create or replace function pawkeep_register(p_id uuid, p_email text, p_display_name text,
                                            p_password_hash text, p_now timestamptz,
                                            p_token_hash bytea, p_expires_at timestamptz,
                                            p_finish_expires_at timestamptz)
  returns text
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_user users%rowtype;
begin
  insert into users (id, email, display_name, password_hash, created_at, sessions_valid_after)
  values (p_id, p_email, p_display_name, p_password_hash, p_now, p_now)
  on conflict (email) do nothing;
  if found then
    insert into one_time_tokens (token_hash, user_id, purpose, created_at, expires_at)
    values (p_token_hash, p_id, 'verify_email', p_now, p_expires_at);
    return 'created';
  end if;
  select * into v_user from users where email = p_email;
  if v_user.id is null or v_user.email_verified_at is not null
     or v_user.deactivated_at is not null then
    return 'registered';
  end if;
  insert into one_time_tokens (token_hash, user_id, purpose, created_at, expires_at)
  values (p_token_hash, v_user.id, 'password_reset', p_now, p_finish_expires_at);
  return 'unconfirmed';
end
$$;
revoke execute on function pawkeep_register(uuid, text, text, text, timestamptz, bytea, timestamptz,
                                            timestamptz) from public;
grant execute on function pawkeep_register(uuid, text, text, text, timestamptz, bytea, timestamptz,
                                           timestamptz) to ${appRole};

-- The time a one-time token's expiry is judged at: the request's time, but never earlier than the
-- database's own clock less 15 minutes, so a time passed by hand cannot revive a token that expired
-- before that. The margin allows for an application clock behind the database's (clock skew
-- between nodes; tests run the application on a clock they move by hand).
create or replace function pawkeep_token_clock(p_now timestamptz)
  returns timestamptz
  language sql stable
  set search_path = pg_catalog, public, pg_temp
as $$
  select greatest(p_now, now() - interval '15 minutes')
$$;
revoke execute on function pawkeep_token_clock(timestamptz) from public;

-- Uses a mailed link of the caller's account (a confirmation link or a password reset link),
-- which proves the mailbox: the link is spent and the address confirmed. Once the address is
-- confirmed, every other pending confirmation link is void, and a spent reset link voids the
-- other reset links. False when the link is not live.
create or replace function pawkeep_use_email_link(p_token_hash bytea, p_purpose text,
                                                  p_now timestamptz)
  returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_user uuid;
begin
  if p_purpose not in ('verify_email', 'password_reset') then
    return false;
  end if;
  update one_time_tokens t set used_at = p_now
   where t.token_hash = p_token_hash and t.purpose = p_purpose
     and t.user_id = pawkeep_current_user()
     and t.used_at is null and t.expires_at > pawkeep_token_clock(p_now)
  returning t.user_id into v_user;
  if v_user is null then
    return false;
  end if;
  update users u set email_verified_at = coalesce(u.email_verified_at, p_now)
   where u.id = v_user;
  delete from one_time_tokens
   where user_id = v_user and purpose = 'verify_email' and used_at is null;
  if p_purpose = 'password_reset' then
    delete from one_time_tokens
     where user_id = v_user and purpose = 'password_reset' and token_hash <> p_token_hash;
  end if;
  return true;
end
$$;
revoke execute on function pawkeep_use_email_link(bytea, text, timestamptz) from public;
grant execute on function pawkeep_use_email_link(bytea, text, timestamptz) to ${appRole};

-- A password change voids the caller's pending reset links (and finish-signing-up links).
create or replace function pawkeep_void_password_reset_links()
  returns void
  language sql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  delete from one_time_tokens
   where user_id = pawkeep_current_user() and purpose = 'password_reset'
$$;
revoke execute on function pawkeep_void_password_reset_links() from public;
grant execute on function pawkeep_void_password_reset_links() to ${appRole};

-- An operator starts another account's password reset (AUTHZ-7): only a platform administrator
-- with the second factor in this session (pawkeep_is_platform_admin), and only for an active
-- account. The link's hash and the audit event naming the operator as actor are written together
-- or not at all; the application mails the link once this has committed. Answers the address to
-- mail it to, null when there is no such active account. The application role cannot write
-- another account's reset link directly (one_time_tokens' policy below).
create or replace function pawkeep_start_reset_for(p_user uuid, p_token_hash bytea,
                                                   p_now timestamptz, p_expires_at timestamptz)
  returns text
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_email text;
begin
  if not pawkeep_is_platform_admin() then
    raise exception 'only a platform administrator starts another account''s password reset'
      using errcode = '42501';
  end if;
  if p_token_hash is null or length(p_token_hash) <> 32 then
    raise exception 'a reset link''s hash is 32 bytes' using errcode = '22023';
  end if;
  select u.email into v_email from users u where u.id = p_user and u.deactivated_at is null;
  if v_email is null then
    return null;
  end if;
  insert into one_time_tokens (token_hash, user_id, purpose, created_at, expires_at)
  values (p_token_hash, p_user, 'password_reset', p_now, p_expires_at);
  perform pawkeep_audit_append(p_user, 'admin.password_reset_started', 'user', p_user::text,
                               null, '{}'::jsonb);
  return v_email;
end
$$;
revoke execute on function pawkeep_start_reset_for(uuid, bytea, timestamptz, timestamptz)
  from public;
grant execute on function pawkeep_start_reset_for(uuid, bytea, timestamptz, timestamptz)
  to ${appRole};

-- Counts a wrong code against the caller's second-factor challenge; only ever upwards.
create or replace function pawkeep_count_second_factor_attempt(p_challenge_hash bytea)
  returns void
  language sql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  update one_time_tokens set attempts = attempts + 1
   where token_hash = p_challenge_hash and purpose = 'mfa_login'
     and user_id = pawkeep_current_user()
$$;
revoke execute on function pawkeep_count_second_factor_attempt(bytea) from public;
grant execute on function pawkeep_count_second_factor_attempt(bytea) to ${appRole};

-- Opens a session with the second factor: only by spending a live second-factor challenge of the
-- caller's account (issued after the password, single-use, expiring, fewer than 5 wrong codes; a
-- caller may ask for fewer, never more), in the transaction where the application checked the
-- code. False, and no session, otherwise. The code itself is checked by the application: the
-- TOTP secret is sealed with its master key, so the database cannot tell a challenge the
-- application minted and spent from one it issued after a real password and code.
create or replace function pawkeep_open_second_factor_session(p_challenge_hash bytea,
                                                              p_max_attempts integer, p_session uuid,
                                                              p_now timestamptz,
                                                              p_expires_at timestamptz,
                                                              p_user_agent text, p_ip text)
  returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_user uuid;
begin
  update one_time_tokens t set used_at = p_now
   where t.token_hash = p_challenge_hash and t.purpose = 'mfa_login'
     and t.user_id = pawkeep_current_user()
     and t.used_at is null and t.expires_at > pawkeep_token_clock(p_now)
     and t.attempts < least(p_max_attempts, 5)
     and exists (select 1 from users u
                  where u.id = t.user_id and u.totp_enabled_at is not null
                    and u.email_verified_at is not null and u.deactivated_at is null)
  returning t.user_id into v_user;
  if v_user is null then
    return false;
  end if;
  insert into sessions (id, user_id, created_at, last_used_at, expires_at, mfa, user_agent,
                        ip_address)
  values (p_session, v_user, p_now, p_now, p_expires_at, true, p_user_agent, p_ip);
  return true;
end
$$;
revoke execute on function pawkeep_open_second_factor_session(bytea, integer, uuid, timestamptz,
                                                              timestamptz, text, text) from public;
grant execute on function pawkeep_open_second_factor_session(bytea, integer, uuid, timestamptz,
                                                             timestamptz, text, text) to ${appRole};

-- A password change ends every session and opens a fresh one for the device that asked: it keeps
-- the second factor only if the session making the change (the request's own, live) had it.
create or replace function pawkeep_renew_second_factor_session(p_session uuid, p_now timestamptz,
                                                               p_expires_at timestamptz,
                                                               p_user_agent text, p_ip text)
  returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if not exists (select 1 from sessions s
                  where s.id = pawkeep_current_session() and s.user_id = pawkeep_current_user()
                    and s.mfa and s.revoked_at is null
                    and s.expires_at > greatest(p_now, now())) then
    return false;
  end if;
  insert into sessions (id, user_id, created_at, last_used_at, expires_at, mfa, user_agent,
                        ip_address)
  values (p_session, pawkeep_current_user(), p_now, p_now, p_expires_at, true, p_user_agent,
          p_ip);
  return true;
end
$$;
revoke execute on function pawkeep_renew_second_factor_session(uuid, timestamptz, timestamptz, text,
                                                               text) from public;
grant execute on function pawkeep_renew_second_factor_session(uuid, timestamptz, timestamptz, text,
                                                              text) to ${appRole};

-- SESS-4: the application may change these two columns, but only as their flows do: only a
-- platform administrator (second factor in this session) deactivates or reactivates an account,
-- and the time before which its tokens are refused only moves forward (password changes, resets,
-- deactivation), so no account's own SQL can undo its deactivation or revive old tokens.
create or replace function pawkeep_guard_account_state()
  returns trigger
  language plpgsql volatile
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if current_user = '${appRole}' then
    if new.deactivated_at is distinct from old.deactivated_at
       and not pawkeep_is_platform_admin() then
      raise exception 'only a platform administrator deactivates or reactivates an account'
        using errcode = '42501';
    end if;
    -- Kept, not refused: a clock stepping back must not fail a password change.
    new.sessions_valid_after := greatest(new.sessions_valid_after, old.sessions_valid_after);
  end if;
  return new;
end
$$;
revoke execute on function pawkeep_guard_account_state() from public;

-- Every account table is private to its user; platform administrators (second factor in this
-- session) may read and update user rows and sessions.

-- users -------------------------------------------------------------------------------------
alter table users enable row level security;
alter table users force row level security;
drop policy if exists schema_owner on users;
create policy schema_owner on users to current_user using (true) with check (true);

drop policy if exists own_user on users;
create policy own_user on users to ${appRole}
  using (id = (select pawkeep_current_user()) or (select pawkeep_is_platform_admin()))
  with check (id = (select pawkeep_current_user()) or (select pawkeep_is_platform_admin()));

drop trigger if exists account_state_guarded on users;
create trigger account_state_guarded before update of deactivated_at, sessions_valid_after
  on users for each row execute function pawkeep_guard_account_state();

-- sessions ----------------------------------------------------------------------------------
alter table sessions enable row level security;
alter table sessions force row level security;
drop policy if exists schema_owner on sessions;
create policy schema_owner on sessions to current_user using (true) with check (true);

drop policy if exists own_sessions on sessions;
create policy own_sessions on sessions to ${appRole}
  using (user_id = (select pawkeep_current_user()) or (select pawkeep_is_platform_admin()))
  with check (user_id = (select pawkeep_current_user()) or (select pawkeep_is_platform_admin()));

-- refresh_tokens ----------------------------------------------------------------------------
alter table refresh_tokens enable row level security;
alter table refresh_tokens force row level security;
drop policy if exists schema_owner on refresh_tokens;
create policy schema_owner on refresh_tokens to current_user using (true) with check (true);

drop policy if exists own_refresh_tokens on refresh_tokens;
create policy own_refresh_tokens on refresh_tokens to ${appRole}
  using (user_id = (select pawkeep_current_user()))
  with check (user_id = (select pawkeep_current_user()));

-- one_time_tokens ---------------------------------------------------------------------------
alter table one_time_tokens enable row level security;
alter table one_time_tokens force row level security;
drop policy if exists schema_owner on one_time_tokens;
create policy schema_owner on one_time_tokens to current_user using (true) with check (true);

-- A reset link the application writes itself is forgot-password's, written acting as the account
-- by a transaction that began nobody's session (accounts/PasswordReset.start). A transaction that
-- began a request in a session writes no reset link directly, so a request cannot switch its
-- account to another's and write that one a link (AUTHZ-7): an operator's reset goes through
-- pawkeep_start_reset_for.
drop policy if exists own_one_time_tokens on one_time_tokens;
create policy own_one_time_tokens on one_time_tokens to ${appRole}
  using (user_id = (select pawkeep_current_user()))
  with check (user_id = (select pawkeep_current_user())
              and (purpose <> 'password_reset' or (select pawkeep_current_session()) is null));

-- recovery_codes ----------------------------------------------------------------------------
alter table recovery_codes enable row level security;
alter table recovery_codes force row level security;
drop policy if exists schema_owner on recovery_codes;
create policy schema_owner on recovery_codes to current_user using (true) with check (true);

drop policy if exists own_recovery_codes on recovery_codes;
create policy own_recovery_codes on recovery_codes to ${appRole}
  using (user_id = (select pawkeep_current_user()))
  with check (user_id = (select pawkeep_current_user()));

-- login_failures ----------------------------------------------------------------------------
alter table login_failures enable row level security;
alter table login_failures force row level security;
drop policy if exists schema_owner on login_failures;
create policy schema_owner on login_failures to current_user using (true) with check (true);

drop policy if exists own_login_failures on login_failures;
create policy own_login_failures on login_failures to ${appRole}
  using (user_id = (select pawkeep_current_user()))
  with check (user_id = (select pawkeep_current_user()));
