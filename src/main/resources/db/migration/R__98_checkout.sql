-- Checkout (PAY-1, PAY-2, PAY-3). A household's owners and members start paying an open invoice
-- of a business whose connected account takes charges, only through pawkeep_start_checkout, which
-- locks the invoice so racing checkouts queue and find the one live attempt. The application role
-- writes no attempt or payment directly. An invoice becomes paid only through
-- pawkeep_stripe_checkout_event, called after Java verified Stripe's signature, and only for a
-- session Pawkeep created on that same account for that same amount and currency.

-- Reserves the caller's checkout attempt on an open invoice (or answers the live one), with the
-- platform fee in minor units (floor of p_fee_percent of the total). Refuses: not visible to the
-- caller as an owner or member of its household (P0002), not open (invoice_not_open), the
-- business's account not taking charges (checkout_no_charges).
-- Called in a short transaction of its own that commits before Stripe is called: the lock is
-- never held across Stripe. 'created' says whether this call reserved the attempt.
drop function if exists pawkeep_start_checkout(uuid, int);
create function pawkeep_start_checkout(p_invoice uuid, p_fee_percent int)
  returns table (attempt_id uuid, attempt_no int, account_id text, amount_minor bigint,
                 currency text, fee_minor bigint, session_id text, state text, created_at timestamptz,
                 created boolean)
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
#variable_conflict use_column
declare
  v_invoice invoices%rowtype;
  v_account stripe_accounts%rowtype;
  v_attempt checkout_attempts%rowtype;
  v_no int;
begin
  if pawkeep_current_user() is null or p_fee_percent is null or p_fee_percent < 0
     or p_fee_percent > 100 then
    raise exception 'no such invoice' using errcode = 'no_data_found';
  end if;
  select * into v_invoice from invoices
   where id = p_invoice and state <> 'draft'
     and household_id = any (pawkeep_my_writable_households())
     for update;
  if not found then
    raise exception 'no such invoice' using errcode = 'no_data_found';
  end if;
  if v_invoice.state <> 'open' then
    raise exception 'invoice not open' using errcode = 'check_violation',
      constraint = 'invoice_not_open';
  end if;
  select * into v_attempt from checkout_attempts a
   where a.invoice_id = p_invoice and a.state in ('creating', 'open');
  if found then
    return query select v_attempt.id, v_attempt.attempt_no, v_attempt.account_id,
      v_attempt.amount_minor, v_attempt.currency, v_attempt.fee_minor, v_attempt.session_id,
      v_attempt.state, v_attempt.created_at, false;
    return;
  end if;
  select * into v_account from stripe_accounts s where s.business_id = v_invoice.business_id;
  if not found or not v_account.charges_enabled or v_account.deauthorized_at is not null then
    raise exception 'the business takes no card payments' using errcode = 'check_violation',
      constraint = 'checkout_no_charges';
  end if;
  select coalesce(max(a.attempt_no), 0) + 1 into v_no from checkout_attempts a
   where a.invoice_id = p_invoice;
  -- The attempt's id is derived from invoice and number, so a retry after a rollback sends Stripe
  -- the very same parameters under the same idempotency key.
  insert into checkout_attempts (id, invoice_id, business_id, account_id, attempt_no,
                                 amount_minor, currency, fee_minor, state, created_at, created_by)
  values (md5('checkout:' || p_invoice || ':' || v_no)::uuid, p_invoice, v_invoice.business_id,
          v_account.account_id, v_no, v_invoice.total_minor - v_invoice.paid_minor,
          v_invoice.currency,
          (v_invoice.total_minor - v_invoice.paid_minor) * p_fee_percent / 100,
          'creating', now(), pawkeep_current_user())
  returning * into v_attempt;
  return query select v_attempt.id, v_attempt.attempt_no, v_attempt.account_id,
    v_attempt.amount_minor, v_attempt.currency, v_attempt.fee_minor, v_attempt.session_id,
    v_attempt.state, v_attempt.created_at, true;
end;
$$;
revoke execute on function pawkeep_start_checkout(uuid, int) from public;
grant execute on function pawkeep_start_checkout(uuid, int) to ${appRole};

-- Stores the Checkout Session Stripe created for an attempt of an invoice of the caller's
-- household (owners and members). The idempotency key makes Stripe answer the same session to
-- every request of one attempt, so a second store of that same session changes nothing.
create or replace function pawkeep_checkout_session_created(p_attempt uuid, p_session text)
  returns void
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  update checkout_attempts a set session_id = p_session, state = 'open'
   where a.id = p_attempt and a.state = 'creating'
     and exists (select 1 from invoices i
                  where i.id = a.invoice_id
                    and i.household_id = any (pawkeep_my_writable_households()));
  if not found and not exists (select 1 from checkout_attempts a
                                where a.id = p_attempt and a.session_id = p_session
                                  and exists (select 1 from invoices i
                                               where i.id = a.invoice_id
                                                 and i.household_id = any (
                                                   pawkeep_my_writable_households()))) then
    raise exception 'no such attempt' using errcode = 'no_data_found';
  end if;
end;
$$;
revoke execute on function pawkeep_checkout_session_created(uuid, text) from public;
grant execute on function pawkeep_checkout_session_created(uuid, text) to ${appRole};

-- checkout.session.completed (payment_status paid) and checkout.session.async_payment_succeeded
-- from the Connect endpoint; checkout.session.expired and .async_payment_failed close the attempt. Applied only to a session Pawkeep created (an attempt row) on the
-- event's own account, for the attempt's amount and currency; the payment is recorded by its pi_
-- id and the invoice's payment in the same transaction as the event id. Anything else is
-- recorded as ignored. Answers 'applied', 'duplicate' or 'ignored:<reason>'.
create or replace function pawkeep_stripe_checkout_event(
    p_event text, p_endpoint text, p_type text, p_event_account text, p_session text,
    p_payment_status text, p_amount bigint, p_currency text, p_payment_intent text)
  returns text
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_attempt checkout_attempts%rowtype;
  v_outcome text;
begin
  if not pawkeep_stripe_event_first_seen(p_event, p_endpoint, p_type, p_event_account,
                                         'pending') then
    return 'duplicate';
  end if;
  select * into v_attempt from checkout_attempts where session_id = p_session for update;
  if p_endpoint <> 'connect' or p_event_account is null then
    v_outcome := 'ignored:not-connect';
  elsif v_attempt.id is null then
    v_outcome := 'ignored:unknown-session';
  elsif v_attempt.account_id <> p_event_account
        or not exists (select 1 from stripe_accounts
                        where business_id = v_attempt.business_id
                          and account_id = p_event_account) then
    v_outcome := 'ignored:mismatch';
  elsif p_type = 'checkout.session.async_payment_failed' then
    -- The delayed payment failed: the household may start a new attempt.
    update checkout_attempts set state = 'failed' where id = v_attempt.id and state = 'open';
    v_outcome := case when found then 'applied' else 'ignored:state' end;
  elsif p_type = 'checkout.session.expired' then
    -- The session can no longer be paid: a new checkout may open the next attempt.
    update checkout_attempts set state = 'expired' where id = v_attempt.id and state = 'open';
    v_outcome := case when found then 'applied' else 'ignored:state' end;
  elsif p_amount is distinct from v_attempt.amount_minor
        or upper(p_currency) is distinct from v_attempt.currency then
    v_outcome := 'ignored:amount';
  elsif p_payment_status is distinct from 'paid' then
    v_outcome := 'ignored:unpaid';
  elsif p_payment_intent is null or p_payment_intent !~ '^pi_[A-Za-z0-9_]+$' then
    v_outcome := 'ignored:no-payment';
  elsif exists (select 1 from payments where payment_intent_id = p_payment_intent) then
    v_outcome := 'ignored:already-recorded';
  else
    v_outcome := pawkeep_invoice_payment_recorded(v_attempt.business_id, v_attempt.invoice_id,
                   p_amount, upper(p_currency), p_payment_intent);
    -- A payment for an invoice already settled is kept, not applied: it is to be refunded.
    insert into payments (payment_intent_id, business_id, invoice_id, attempt_id, amount_minor,
                          currency, outcome, received_at, applied)
    values (p_payment_intent, v_attempt.business_id, v_attempt.invoice_id, v_attempt.id,
            p_amount, upper(p_currency), v_outcome, now(), v_outcome = 'applied');
    update checkout_attempts set state = 'complete' where id = v_attempt.id;
    -- Refunds Stripe reported before this payment (R__99_refunds.sql) count now.
    perform pawkeep_apply_kept_refunds(p_payment_intent);
  end if;
  update stripe_events set outcome = v_outcome where event_id = p_event;
  return v_outcome;
end;
$$;
revoke execute on function pawkeep_stripe_checkout_event(text, text, text, text, text, text,
  bigint, text, text) from public;
grant execute on function pawkeep_stripe_checkout_event(text, text, text, text, text, text,
  bigint, text, text) to ${appRole};

-- checkout_attempts, payments: read like their invoice (household owners and members, billing
-- readers); written only by the functions above.
alter table checkout_attempts enable row level security;
alter table checkout_attempts force row level security;
drop policy if exists schema_owner on checkout_attempts;
create policy schema_owner on checkout_attempts to current_user using (true) with check (true);
drop policy if exists readers_of_the_invoice on checkout_attempts;
create policy readers_of_the_invoice on checkout_attempts for select to ${appRole}
  using (exists (select 1 from invoices i where i.id = invoice_id));

alter table payments enable row level security;
alter table payments force row level security;
drop policy if exists schema_owner on payments;
create policy schema_owner on payments to current_user using (true) with check (true);
drop policy if exists readers_of_the_invoice on payments;
create policy readers_of_the_invoice on payments for select to ${appRole}
  using (exists (select 1 from invoices i where i.id = invoice_id));
