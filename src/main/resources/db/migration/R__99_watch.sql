-- Monitoring and anomalies (LOG-3): tables of V45__watch.sql.

-- Records one sign-in attempt and answers, in the same round trip, what the sign-in rules count
-- over their windows ending at p_at, each with one range scan of an index:
--   failing_accounts: distinct accounts that failed from p_address (one address, many accounts);
--   failing_addresses: distinct addresses p_account failed from (one account, many addresses);
--   signing_in_addresses: distinct addresses p_account signed in from (impossible travel).
-- Security definer: attempts come before anyone is signed in, and no caller may read the
-- attempts of others, so the application role has no grant on the table at all.
create or replace function pawkeep_watch_sign_in(p_at timestamptz, p_account text, p_address text,
                                                 p_succeeded boolean,
                                                 p_failing_accounts_window interval,
                                                 p_failing_addresses_window interval,
                                                 p_signing_in_window interval)
  returns table (failing_accounts bigint, failing_addresses bigint, signing_in_addresses bigint)
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  insert into watch_sign_ins (at, account_key, address, succeeded)
  values (p_at, p_account, p_address, p_succeeded);
  if p_succeeded then
    return query select 0::bigint, 0::bigint,
      (select count(distinct s.address) from watch_sign_ins s
        where s.account_key = p_account and s.succeeded
          and s.at > p_at - p_signing_in_window and s.at <= p_at);
  else
    return query select
      (select count(distinct s.account_key) from watch_sign_ins s
        where s.address = p_address and not s.succeeded
          and s.at > p_at - p_failing_accounts_window and s.at <= p_at),
      (select count(distinct s.address) from watch_sign_ins s
        where s.account_key = p_account and not s.succeeded
          and s.at > p_at - p_failing_addresses_window and s.at <= p_at),
      0::bigint;
  end if;
end
$$;
revoke execute on function pawkeep_watch_sign_in(timestamptz, text, text, boolean, interval,
  interval, interval) from public;
grant execute on function pawkeep_watch_sign_in(timestamptz, text, text, boolean, interval,
  interval, interval) to ${appRole};

-- Opens an alert unless one is open for the same rule and subject; answers the new alert's id, or
-- null when one was open (deduplicated). Raised during anyone's request, sign-in failures
-- included, while only operators read alerts: so the application role inserts only through here.
create or replace function pawkeep_watch_raise(p_rule text, p_subject text, p_at timestamptz,
                                               p_detail jsonb)
  returns uuid
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_id uuid;
begin
  insert into watch_alerts (id, rule, subject, opened_at, detail)
  values (gen_random_uuid(), p_rule, p_subject, p_at, coalesce(p_detail, '{}'::jsonb))
  on conflict (rule, subject) where closed_at is null do nothing
  returning id into v_id;
  return v_id;
end
$$;
revoke execute on function pawkeep_watch_raise(text, text, timestamptz, jsonb) from public;
grant execute on function pawkeep_watch_raise(text, text, timestamptz, jsonb) to ${appRole};

-- watch_sign_ins: the definer function and the owner's purge only.
alter table watch_sign_ins enable row level security;
alter table watch_sign_ins force row level security;
drop policy if exists schema_owner on watch_sign_ins;
create policy schema_owner on watch_sign_ins to current_user using (true) with check (true);

-- watch_activity: a person counts and reads only their own tally.
alter table watch_activity enable row level security;
alter table watch_activity force row level security;
drop policy if exists schema_owner on watch_activity;
create policy schema_owner on watch_activity to current_user using (true) with check (true);
drop policy if exists own_activity on watch_activity;
create policy own_activity on watch_activity to ${appRole}
  using (person_id = (select pawkeep_current_user()))
  with check (person_id = (select pawkeep_current_user()));

-- watch_alerts: platform operators (with the second factor) read and close them; nobody else
-- sees one. Opened only by pawkeep_watch_raise.
alter table watch_alerts enable row level security;
alter table watch_alerts force row level security;
drop policy if exists schema_owner on watch_alerts;
create policy schema_owner on watch_alerts to current_user using (true) with check (true);
drop policy if exists operators_read on watch_alerts;
create policy operators_read on watch_alerts for select to ${appRole}
  using ((select pawkeep_is_platform_admin()));
drop policy if exists operators_close on watch_alerts;
create policy operators_close on watch_alerts for update to ${appRole}
  using ((select pawkeep_is_platform_admin()))
  with check ((select pawkeep_is_platform_admin()) and closed_by = (select pawkeep_current_user()));

-- Breach reports (PRIV-4) read the audit trail as the schema owner (audit/AuditDigest) and ask
-- these two what the ids it names are, so no module's code reads another module's tables. The
-- schema owner only: the application role may not execute them.
create or replace function pawkeep_breach_kinds(p_ids uuid[])
  returns table (id uuid, kind text)
  language sql stable
  set search_path = pg_catalog, public, pg_temp
as $$
  select h.id, 'household' from households h where h.id = any (p_ids)
  union all
  select b.id, 'business' from businesses b where b.id = any (p_ids)
  union all
  select k.id, 'api_key' from api_keys k where k.id = any (p_ids)
$$;
revoke execute on function pawkeep_breach_kinds(uuid[]) from public;

-- The people who belong to the households (for the number of data subjects).
create or replace function pawkeep_breach_members(p_households uuid[])
  returns setof uuid
  language sql stable
  set search_path = pg_catalog, public, pg_temp
as $$
  select distinct m.user_id from household_members m where m.household_id = any (p_households)
$$;
revoke execute on function pawkeep_breach_members(uuid[]) from public;
