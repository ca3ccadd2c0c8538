-- What only a proof may change, the application role cannot write directly (AUTH-1, AUTH-4,
-- AUTH-10, SESS-4, DOM-8): a session's second factor, an account's email and its confirmation,
-- its deactivation, a clinical entry's lock time. Column grants take the direct writes away; the narrow
-- security-definer functions below are the only ways in, each checking its proof.

-- Accounts are created only through pawkeep_register, never already confirmed; the application
-- updates only the columns its flows change. No flow changes an email, so nothing may, and only
-- pawkeep_use_email_link confirms one.
revoke insert, update on users from ${appRole};
grant update (password_hash, sessions_valid_after, deactivated_at, totp_secret, totp_enabled_at,
              totp_last_step) on users to ${appRole};

-- SESS-4: the application may change these two columns, but only as their flows do: only a
-- platform administrator (second factor in this session) deactivates or reactivates an account,
-- and the time before which its tokens are refused only moves forward (password changes, resets,
-- deactivation), so no account's own SQL can undo its deactivation or revive old tokens.
create or replace function pawkeep_guard_account_state() returns trigger
  language plpgsql
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
create trigger account_state_guarded before update of deactivated_at, sessions_valid_after
  on users for each row execute function pawkeep_guard_account_state();

-- Sessions start without the second factor; only pawkeep_open_second_factor_session (at sign-in)
-- and pawkeep_renew_second_factor_session (after a password change) open one with it, and nothing
-- marks one afterwards.
alter table sessions alter column mfa set default false;
revoke insert, update on sessions from ${appRole};
grant insert (id, user_id, created_at, last_used_at, expires_at, user_agent, ip_address)
  on sessions to ${appRole};
grant update (last_used_at, user_agent, ip_address, revoked_at) on sessions to ${appRole};

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

-- The application role no longer changes or removes one-time tokens itself: spending one, counting
-- a wrong second-factor code and voiding reset links go through the definer functions here, so
-- its SQL cannot reset a challenge's attempts, mark a token unused again or write a token's
-- detail. It still inserts tokens (it mails the links), but not their attempts, use or detail.
revoke insert, update, delete on one_time_tokens from ${appRole};
grant insert (token_hash, user_id, purpose, created_at, expires_at) on one_time_tokens
  to ${appRole};

-- Expiry in the functions below is judged by the later of the caller's time and the database's
-- clock: a caller passing an old time cannot revive an expired token (tests move the
-- application's clock forward only). Wrong codes per second-factor challenge: at most 5 (AUTH-4),
-- whatever the caller asks for.

-- The time a one-time token's expiry is judged at: the request's time, but never earlier than the
-- database's own clock less 15 minutes, so a time passed by hand cannot revive a token that expired
-- before that. The margin allows for an application clock behind the database's (clock skew
-- between nodes; tests run the application on a clock they move by hand).
create or replace function pawkeep_token_clock(p_now timestamptz) returns timestamptz
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

-- A password change voids the caller's pending reset links (and finish-signing-up links).
create or replace function pawkeep_void_password_reset_links()
  returns void
  language sql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  delete from one_time_tokens
   where user_id = pawkeep_current_user() and purpose = 'password_reset'
$$;

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

-- Opens a session with the second factor: only by spending a live second-factor challenge of the
-- caller's account (issued after the password, single-use, expiring, fewer than 5 wrong codes; a
-- caller may ask for fewer, never more), in the transaction where the application checked the
-- code. False, and no session, otherwise. The code itself is checked by the application: the
-- TOTP secret is sealed with its master key, so the database cannot tell a challenge the
-- application minted and spent from one it issued after a real password and code.
create or replace function pawkeep_open_second_factor_session(p_challenge_hash bytea,
                                                              p_max_attempts integer,
                                                              p_session uuid, p_now timestamptz,
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

select pawkeep_expose(
  'pawkeep_register(uuid, text, text, text, timestamptz, bytea, timestamptz, timestamptz)',
  '${appRole}');
select pawkeep_expose('pawkeep_void_password_reset_links()', '${appRole}');
select pawkeep_expose('pawkeep_count_second_factor_attempt(bytea)', '${appRole}');
select pawkeep_expose('pawkeep_use_email_link(bytea, text, timestamptz)', '${appRole}');
select pawkeep_expose('pawkeep_renew_second_factor_session(uuid, timestamptz, timestamptz, text, text)',
                      '${appRole}');
select pawkeep_expose(
  'pawkeep_open_second_factor_session(bytea, integer, uuid, timestamptz, timestamptz, text, text)',
  '${appRole}');

-- DOM-8: one row, written by the owner role at start-up from configuration as booking_settings
-- is; the application role only reads it. entry_lock: pawkeep.clinical.entry-lock.
-- lock_on_request_time: pawkeep.clinical.lock-on-request-time, off unless the application runs
-- on a test clock; when off, the lock follows the database's clock, which no caller sets.
create table clinical_settings (
  id                   boolean primary key default true check (id),
  entry_lock           interval not null check (entry_lock >= interval '0'),
  lock_on_request_time boolean not null default false
);
insert into clinical_settings (id, entry_lock) values (true, interval '24 hours');
select pawkeep_protect('clinical_settings');
create policy everyone_reads on clinical_settings for select to ${appRole} using (true);
grant select on clinical_settings to ${appRole};

-- An entry locks at the database's time plus the configured period, never at a time its writer
-- chose: the application role has no insert grant on locks_at, and this trigger sets it. Without
-- a setting the entry is locked at once (fail closed).
revoke insert on pet_clinical_entries from ${appRole};
grant insert (id, pet_id, household_id, kind, summary, value, notes, recorded_at, recorded_by,
              business_id, signed_at, signed_by) on pet_clinical_entries to ${appRole};

create or replace function pawkeep_set_clinical_entry_lock() returns trigger
  language plpgsql
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if current_user = '${appRole}' or new.locks_at is null then
    new.locks_at := (select case when s.lock_on_request_time then pawkeep_request_time()
                                 else now() end + s.entry_lock
                       from clinical_settings s);
  end if;
  return new;
end
$$;
create trigger entries_lock_on_server_time before insert on pet_clinical_entries
  for each row execute function pawkeep_set_clinical_entry_lock();

-- The lock holds by the database's own clock too: a request time set by hand to the past cannot
-- reopen a locked entry (tests may move the application's clock forward, never back).
create or replace function pawkeep_refuse_locked_clinical_entry() returns trigger
  language plpgsql
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if coalesce(old.locks_at, '-infinity') <= greatest(pawkeep_request_time(), now())
     and (current_user = '${appRole}'
          or (to_jsonb(new) - 'notes') is distinct from (to_jsonb(old) - 'notes')) then
    raise exception 'clinical entry % is locked; add an addendum', old.id
      using errcode = 'P0001';
  end if;
  return new;
end
$$;
