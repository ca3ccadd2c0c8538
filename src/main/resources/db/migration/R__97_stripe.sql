-- Stripe Connect (PAY-1, PAY-3). A business's connected account is read by its staff holding
-- payouts.manage or billing.read (state only: Stripe's id and flags, never a link) and created only
-- through pawkeep_stripe_account_created (payouts.manage; owners hold every permission). Webhook
-- events arrive without a person: Java verifies Stripe's signature (the proof; the database never
-- holds the secret), then calls one of the narrow functions below, each of which records the
-- event id and applies its effect in one statement, so a replay changes nothing. Nobody but the
-- schema owner reads stripe_events.

-- Records the business's connected account once (the first one wins; a racing second call finds
-- it) and answers the account id stored, for holders of payouts.manage in that business only.
create or replace function pawkeep_stripe_account_created(p_business uuid, p_account text,
                                                          p_livemode boolean)
  returns text
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_account text;
begin
  if pawkeep_current_user() is null
     or not pawkeep_has_business_permission(p_business, 'payouts.manage') then
    raise exception 'payouts.manage is required' using errcode = 'insufficient_privilege';
  end if;
  insert into stripe_accounts (business_id, account_id, livemode, created_at, created_by)
  values (p_business, p_account, p_livemode, now(), pawkeep_current_user())
  on conflict (business_id) do nothing;
  select account_id into v_account from stripe_accounts where business_id = p_business;
  return v_account;
end;
$$;
revoke execute on function pawkeep_stripe_account_created(uuid, text, boolean) from public;
grant execute on function pawkeep_stripe_account_created(uuid, text, boolean) to ${appRole};

-- Records a verified Stripe event's id (PAY-3) in the caller's transaction, so the id commits
-- with the event's effect or not at all: true the first time, false for a replayed or duplicated
-- id (the caller then answers 'duplicate' and changes nothing). Only for the definer functions
-- below and in R__98/R__99 (they run as the schema owner); nobody else may execute it.
create or replace function pawkeep_stripe_event_first_seen(p_event text, p_endpoint text,
                                                           p_type text, p_account text,
                                                           p_outcome text)
  returns boolean
  language plpgsql volatile security invoker
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  insert into stripe_events (event_id, endpoint, type, account_id, outcome, received_at)
  values (p_event, p_endpoint, p_type, p_account, p_outcome, now())
  on conflict (event_id) do nothing;
  return found;
end;
$$;
revoke execute on function pawkeep_stripe_event_first_seen(text, text, text, text, text)
  from public;

-- Records a verified event that has no effect (an unknown type, a platform event, a mode that is
-- not the key's); answers 'duplicate' for an event id already recorded, else 'ignored:<reason>'.
create or replace function pawkeep_stripe_ignore_event(p_event text, p_endpoint text, p_type text,
                                                       p_account text, p_reason text)
  returns text
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if not pawkeep_stripe_event_first_seen(p_event, p_endpoint, p_type, p_account,
                                         'ignored:' || p_reason) then
    return 'duplicate';
  end if;
  return 'ignored:' || p_reason;
end;
$$;
revoke execute on function pawkeep_stripe_ignore_event(text, text, text, text, text) from public;
grant execute on function pawkeep_stripe_ignore_event(text, text, text, text, text) to ${appRole};

-- account.updated and account.application.deauthorized from the Connect endpoint: copies the
-- account's state onto the business that owns the account. Applied only when the event names a
-- known account (else ignored), the account object is that same account, and the event is not
-- older than the last one applied (Stripe does not guarantee order). Answers 'applied',
-- 'duplicate' or 'ignored:<reason>'; the event id is recorded in every case but 'duplicate'.
create or replace function pawkeep_stripe_account_event(
    p_event text, p_endpoint text, p_type text, p_created timestamptz, p_event_account text,
    p_account text, p_details_submitted boolean, p_charges_enabled boolean,
    p_payouts_enabled boolean, p_requirements_due text[], p_disabled_reason text)
  returns text
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_business uuid;
  v_last timestamptz;
  v_outcome text;
begin
  if not pawkeep_stripe_event_first_seen(p_event, p_endpoint, p_type, p_event_account,
                                         'pending') then
    return 'duplicate';
  end if;
  select business_id, last_event_created into v_business, v_last
    from stripe_accounts where account_id = p_event_account
     for update;
  if p_endpoint <> 'connect' or p_event_account is null then
    v_outcome := 'ignored:not-connect';
  elsif v_business is null then
    v_outcome := 'ignored:unknown-account';
  elsif p_type = 'account.updated' and p_account is distinct from p_event_account then
    v_outcome := 'ignored:mismatch';
  elsif v_last is not null and p_created < v_last then
    v_outcome := 'ignored:stale';
  elsif p_type = 'account.application.deauthorized' then
    update stripe_accounts
       set deauthorized_at = coalesce(deauthorized_at, p_created),
           charges_enabled = false, payouts_enabled = false, last_event_created = p_created
     where business_id = v_business;
    v_outcome := 'applied';
  elsif p_type = 'account.updated' then
    update stripe_accounts
       set details_submitted = coalesce(p_details_submitted, false),
           charges_enabled = coalesce(p_charges_enabled, false) and deauthorized_at is null,
           payouts_enabled = coalesce(p_payouts_enabled, false) and deauthorized_at is null,
           requirements_due = coalesce(p_requirements_due, '{}'),
           disabled_reason = left(p_disabled_reason, 200),
           last_event_created = p_created
     where business_id = v_business;
    v_outcome := 'applied';
  else
    v_outcome := 'ignored:type';
  end if;
  update stripe_events set outcome = v_outcome where event_id = p_event;
  return v_outcome;
end;
$$;
revoke execute on function pawkeep_stripe_account_event(text, text, text, timestamptz, text, text,
  boolean, boolean, boolean, text[], text) from public;
grant execute on function pawkeep_stripe_account_event(text, text, text, timestamptz, text, text,
  boolean, boolean, boolean, text[], text) to ${appRole};

-- stripe_accounts ---------------------------------------------------------------------------
alter table stripe_accounts enable row level security;
alter table stripe_accounts force row level security;
drop policy if exists schema_owner on stripe_accounts;
create policy schema_owner on stripe_accounts to current_user using (true) with check (true);

drop policy if exists payouts_readers on stripe_accounts;
create policy payouts_readers on stripe_accounts for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('payouts.manage')) as uuid[]))
         or business_id = any (cast((select pawkeep_my_businesses_with('billing.read')) as uuid[])));

-- stripe_events -----------------------------------------------------------------------------
alter table stripe_events enable row level security;
alter table stripe_events force row level security;
drop policy if exists schema_owner on stripe_events;
create policy schema_owner on stripe_events to current_user using (true) with check (true);
