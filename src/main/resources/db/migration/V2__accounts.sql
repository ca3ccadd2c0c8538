-- Accounts: users, sessions, refresh tokens, one-time tokens and recovery codes.
-- Every table is private to its user through row-level security; platform administrators
-- (with a second factor in the current session) may read and update user rows.

create table users (
  id                   uuid primary key,
  email                text not null,
  display_name         text not null,
  password_hash        text not null,
  created_at           timestamptz not null,
  email_verified_at    timestamptz,
  deactivated_at       timestamptz,
  sessions_valid_after timestamptz not null,
  totp_secret          bytea,
  totp_enabled_at      timestamptz,
  totp_last_step       bigint not null default 0,
  constraint users_email_length check (length(email) <= 254),
  constraint users_display_name_length check (length(display_name) <= 100)
);
create unique index users_email_key on users (email);

create table sessions (
  id           uuid primary key,
  user_id      uuid not null references users (id) on delete cascade,
  created_at   timestamptz not null,
  last_used_at timestamptz not null,
  expires_at   timestamptz not null,
  mfa          boolean not null,
  user_agent   text,
  ip_address   text,
  revoked_at   timestamptz
);
create index sessions_user_idx on sessions (user_id, created_at desc);

-- A refresh token family is its session: presenting a used token again revokes the session.
create table refresh_tokens (
  token_hash bytea primary key,
  user_id    uuid not null references users (id) on delete cascade,
  session_id uuid not null references sessions (id) on delete cascade,
  issued_at  timestamptz not null,
  used_at    timestamptz
);
create index refresh_tokens_session_idx on refresh_tokens (user_id, session_id);

-- Email verification links, password reset links and second-factor login challenges.
-- Only a SHA-256 of each token is kept.
create table one_time_tokens (
  token_hash bytea primary key,
  user_id    uuid not null references users (id) on delete cascade,
  purpose    text not null check (purpose in ('verify_email', 'password_reset', 'mfa_login')),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at    timestamptz,
  attempts   integer not null default 0,
  detail     jsonb
);
create index one_time_tokens_user_idx on one_time_tokens (user_id, purpose);

create table recovery_codes (
  user_id   uuid not null references users (id) on delete cascade,
  code_hash text not null,
  used_at   timestamptz,
  primary key (user_id, code_hash)
);

-- Is the caller a platform administrator, signed in with a second factor in this session?
create function pawkeep_is_platform_admin() returns boolean
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

select pawkeep_protect('users');
select pawkeep_protect('sessions');
select pawkeep_protect('refresh_tokens');
select pawkeep_protect('one_time_tokens');
select pawkeep_protect('recovery_codes');

create policy own_user on users to ${appRole}
  using (id = (select pawkeep_current_user()) or (select pawkeep_is_platform_admin()))
  with check (id = (select pawkeep_current_user()) or (select pawkeep_is_platform_admin()));
create policy own_sessions on sessions to ${appRole}
  using (user_id = (select pawkeep_current_user()) or (select pawkeep_is_platform_admin()))
  with check (user_id = (select pawkeep_current_user()) or (select pawkeep_is_platform_admin()));
create policy own_refresh_tokens on refresh_tokens to ${appRole}
  using (user_id = (select pawkeep_current_user()))
  with check (user_id = (select pawkeep_current_user()));
create policy own_one_time_tokens on one_time_tokens to ${appRole}
  using (user_id = (select pawkeep_current_user()))
  with check (user_id = (select pawkeep_current_user()));
create policy own_recovery_codes on recovery_codes to ${appRole}
  using (user_id = (select pawkeep_current_user()))
  with check (user_id = (select pawkeep_current_user()));

grant select, insert, update on users to ${appRole};
grant select, insert, update on sessions to ${appRole};
grant select, insert, update on refresh_tokens to ${appRole};
grant select, insert, update, delete on one_time_tokens to ${appRole};
grant select, insert, update, delete on recovery_codes to ${appRole};

-- Starts a request's transaction: sets the identity transaction-locally, but only for an
-- active account whose session is live and whose token was issued after the account's
-- sessions were last invalidated (password change, reset, deactivation). Returns false, and
-- leaves the identity empty, otherwise. One round trip per request.
create function pawkeep_begin_request(p_user uuid, p_session uuid, p_issued_at timestamptz,
                                      p_now timestamptz)
  returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  perform set_config('pawkeep.user_id', '', true);
  perform set_config('pawkeep.session_id', '', true);
  if exists (
      select 1
        from users u
        join sessions s on s.user_id = u.id
       where u.id = p_user
         and s.id = p_session
         and u.deactivated_at is null
         and s.revoked_at is null
         and s.expires_at > p_now
         and p_issued_at >= date_trunc('second', u.sessions_valid_after)) then
    perform set_config('pawkeep.user_id', p_user::text, true);
    perform set_config('pawkeep.session_id', p_session::text, true);
    return true;
  end if;
  return false;
end
$$;

-- Before authentication the application knows only an email or a token; these narrow lookups
-- are the only way it can find the matching account without an identity.
create function pawkeep_find_login(p_email text)
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

create function pawkeep_find_one_time_token(p_hash bytea, p_purpose text)
  returns uuid
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select t.user_id from one_time_tokens t where t.token_hash = p_hash and t.purpose = p_purpose
$$;

create function pawkeep_find_refresh_token(p_hash bytea)
  returns uuid
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select t.user_id from refresh_tokens t where t.token_hash = p_hash
$$;

select pawkeep_expose('pawkeep_is_platform_admin()', '${appRole}');
select pawkeep_expose('pawkeep_begin_request(uuid, uuid, timestamptz, timestamptz)', '${appRole}');
select pawkeep_expose('pawkeep_find_login(text)', '${appRole}');
select pawkeep_expose('pawkeep_find_one_time_token(bytea, text)', '${appRole}');
select pawkeep_expose('pawkeep_find_refresh_token(bytea)', '${appRole}');
