-- Refunds and disputes (PAY-2, PAY-3). billing.write (owners hold every permission) asks for a
-- refund only through pawkeep_reserve_refund, which reserves its amount under the invoice's lock
-- and commits before Stripe is called, so the lock is never held across Stripe; the application
-- role writes no refund or dispute row directly. A refund moves the invoice's money only once per
-- Stripe re_ id, when Stripe says it succeeded (its synchronous answer or its event, whichever
-- comes first), through pawkeep_invoice_refund_recorded (audited).

-- Takes a succeeded refund into its invoice once: off what was paid when its payment was applied,
-- off what is still to be refunded when the payment was an overpayment. Not granted to anyone.
create or replace function pawkeep_count_refund(p_refund uuid)
  returns text
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_refund refunds%rowtype;
  v_payment payments%rowtype;
  v_invoice invoices%rowtype;
  v_outcome text;
begin
  select * into v_refund from refunds where id = p_refund for update;
  if not found or v_refund.counted or v_refund.status <> 'succeeded'
     or v_refund.invoice_id is null then
    return 'not-counted';
  end if;
  select * into v_payment from payments where payment_intent_id = v_refund.payment_intent_id;
  if not found then
    return 'not-counted';
  end if;
  if v_payment.applied then
    v_outcome := pawkeep_invoice_refund_recorded(v_refund.business_id, v_refund.invoice_id,
                   v_refund.amount_minor, v_refund.currency,
                   coalesce(v_refund.refund_id, v_refund.id::text));
  else
    select * into v_invoice from invoices where id = v_refund.invoice_id for update;
    update invoices set overpaid_minor = greatest(overpaid_minor - v_refund.amount_minor, 0)
     where id = v_refund.invoice_id;
    perform pawkeep_audit_append(chain, 'invoice.overpayment_refunded', 'invoice',
                                 v_invoice.id::text, null,
                                 jsonb_build_object('amountMinor', v_refund.amount_minor,
                                                    'currency', v_refund.currency,
                                                    'reference', v_refund.refund_id,
                                                    'payment', v_refund.payment_intent_id))
       from unnest(array[v_invoice.business_id, v_invoice.household_id]) chain
      where chain is not null;
    v_outcome := 'applied';
  end if;
  if v_outcome = 'applied' then
    update refunds set counted = true where id = p_refund;
  end if;
  return v_outcome;
end;
$$;
revoke execute on function pawkeep_count_refund(uuid) from public;

-- Reserves a refund of p_amount on an invoice for the caller, who must hold billing.write in its
-- business: against p_payment (a pi_ of the invoice) or, without one, against the invoice's
-- applied payment with room for it. Under the invoice's lock it checks the currency and that the
-- amount fits in what was paid minus what is refunded or being refunded (so two racing requests
-- cannot both take the same money), and inserts the refund 'requested' with the next number. The
-- same caller's same Idempotency-Key (p_request_key) answers the refund it reserved before, so a
-- retry sends Stripe the same refund under the same key; without a key, so does the caller's own
-- refund of the same amount that Stripe has not answered yet. Refusals: P0002 (not the caller's to
-- refund), 42501 (billing.write missing), 23514 with constraint refund_state, refund_currency,
-- refund_amount or refund_payment.
create or replace function pawkeep_reserve_refund(p_invoice uuid, p_amount bigint,
                                                  p_currency text, p_reason text,
                                                  p_payment text, p_request_key bytea)
  returns table (refund_id uuid, refund_no int, account_id text, payment_intent_id text,
                 amount_minor bigint, currency text, reason text, stripe_refund_id text,
                 status text, created boolean)
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
#variable_conflict use_column
declare
  v_invoice invoices%rowtype;
  v_payment payments%rowtype;
  v_refund refunds%rowtype;
  v_in_flight bigint;
  v_room bigint;
  v_no int;
begin
  if pawkeep_current_user() is null then
    raise exception 'no such invoice' using errcode = 'no_data_found';
  end if;
  select * into v_invoice from invoices where id = p_invoice for update;
  if not found or not (pawkeep_has_business_permission(v_invoice.business_id, 'billing.read')
                       or pawkeep_has_business_permission(v_invoice.business_id,
                                                          'billing.write')) then
    raise exception 'no such invoice' using errcode = 'no_data_found';
  end if;
  if not pawkeep_has_business_permission(v_invoice.business_id, 'billing.write') then
    raise exception 'billing.write is required' using errcode = 'insufficient_privilege';
  end if;
  if p_request_key is not null then
    select * into v_refund from refunds r
     where r.invoice_id = p_invoice and r.requested_by = pawkeep_current_user()
       and r.request_key = p_request_key;
  else
    -- Without a key, the caller's own refund of the same amount that Stripe never answered is
    -- taken as this request's earlier try: sent again under its own key, never doubled.
    select * into v_refund from refunds r
     where r.invoice_id = p_invoice and r.requested_by = pawkeep_current_user()
       and r.status = 'requested' and r.refund_id is null and r.amount_minor = p_amount
       and r.currency = p_currency
       and (p_payment is null or r.payment_intent_id = p_payment)
     order by r.refund_no limit 1;
  end if;
  if v_refund.id is not null then
    return query select v_refund.id, v_refund.refund_no,
      (select a.account_id from payments p join checkout_attempts a on a.id = p.attempt_id
        where p.payment_intent_id = v_refund.payment_intent_id),
      v_refund.payment_intent_id, v_refund.amount_minor, v_refund.currency, v_refund.reason,
      v_refund.refund_id, v_refund.status, false;
    return;
  end if;
  if p_amount is null or p_amount <= 0 then
    raise exception 'a refund takes a positive amount' using errcode = 'check_violation',
      constraint = 'refund_amount';
  end if;
  if p_currency is distinct from v_invoice.currency then
    raise exception 'a refund is in the invoice''s currency' using errcode = 'check_violation',
      constraint = 'refund_currency';
  end if;
  if p_reason is not null
     and p_reason not in ('duplicate', 'fraudulent', 'requested_by_customer') then
    raise exception 'unknown refund reason' using errcode = 'check_violation',
      constraint = 'refund_reason';
  end if;
  if p_payment is not null then
    select * into v_payment from payments p
     where p.payment_intent_id = p_payment and p.invoice_id = p_invoice;
    if not found then
      raise exception 'not a payment of this invoice' using errcode = 'check_violation',
        constraint = 'refund_payment';
    end if;
  else
    -- The applied payment with the most room left.
    select p.* into v_payment from payments p
     where p.invoice_id = p_invoice and p.applied
     order by p.amount_minor - coalesce((select sum(r.amount_minor) from refunds r
                                          where r.payment_intent_id = p.payment_intent_id
                                            and r.status not in ('failed', 'canceled')), 0) desc
     limit 1;
  end if;
  if v_payment.payment_intent_id is null or v_payment.applied then
    if v_invoice.state not in ('paid', 'partially_refunded') then
      raise exception 'only a paid invoice is refunded' using errcode = 'check_violation',
        constraint = 'refund_state';
    end if;
    -- Refunds in flight on the invoice's applied payments count as spent.
    select coalesce(sum(r.amount_minor), 0) into v_in_flight
      from refunds r join payments p on p.payment_intent_id = r.payment_intent_id
     where p.invoice_id = p_invoice and p.applied and not r.counted
       and r.status in ('requested', 'pending', 'requires_action', 'succeeded');
    if p_amount > v_invoice.paid_minor - v_invoice.refunded_minor - v_in_flight then
      raise exception 'more than is left to refund' using errcode = 'check_violation',
        constraint = 'refund_amount_left';
    end if;
  end if;
  if v_payment.payment_intent_id is null then
    raise exception 'no Stripe payment to refund' using errcode = 'check_violation',
      constraint = 'refund_payment';
  end if;
  select v_payment.amount_minor - coalesce(sum(r.amount_minor), 0) into v_room
    from refunds r
   where r.payment_intent_id = v_payment.payment_intent_id
     and r.status not in ('failed', 'canceled');
  if p_amount > v_room then
    raise exception 'more than is left to refund' using errcode = 'check_violation',
      constraint = 'refund_amount_left';
  end if;
  select coalesce(max(r.refund_no), 0) + 1 into v_no from refunds r
   where r.invoice_id = p_invoice;
  insert into refunds (id, business_id, invoice_id, refund_no, payment_intent_id, amount_minor,
                       currency, reason, status, request_key, requested_by, created_at)
  values (md5('refund:' || p_invoice || ':' || v_no)::uuid, v_invoice.business_id, p_invoice,
          v_no, v_payment.payment_intent_id, p_amount, v_invoice.currency, p_reason,
          'requested', p_request_key, pawkeep_current_user(), now())
  returning * into v_refund;
  return query select v_refund.id, v_refund.refund_no,
    (select a.account_id from checkout_attempts a where a.id = v_payment.attempt_id),
    v_refund.payment_intent_id, v_refund.amount_minor, v_refund.currency, v_refund.reason,
    v_refund.refund_id, v_refund.status, true;
end;
$$;
revoke execute on function pawkeep_reserve_refund(uuid, bigint, text, text, text, bytea)
  from public;
grant execute on function pawkeep_reserve_refund(uuid, bigint, text, text, text, bytea)
  to ${appRole};

-- Stripe's synchronous answer to a reserved refund (billing.write of its business): stores the
-- re_ id and status, and counts it when it succeeded. When Stripe's event already recorded the
-- same re_ (a row of its own), the reservation is dropped: that row is the refund. A status the
-- event already moved past is kept. Answers the refund's status.
create or replace function pawkeep_refund_sent(p_refund uuid, p_stripe_refund text,
                                               p_status text)
  returns text
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_refund refunds%rowtype;
  v_other refunds%rowtype;
begin
  select * into v_refund from refunds where id = p_refund for update;
  if not found or v_refund.requested_by is null
     or not pawkeep_has_business_permission(v_refund.business_id, 'billing.write') then
    raise exception 'no such refund' using errcode = 'no_data_found';
  end if;
  if p_stripe_refund is null or p_stripe_refund !~ '^re_[A-Za-z0-9_]+$'
     or p_status not in ('pending', 'requires_action', 'succeeded', 'failed', 'canceled') then
    raise exception 'not a Stripe refund' using errcode = 'check_violation';
  end if;
  if v_refund.refund_id is not null then
    return v_refund.status;
  end if;
  select * into v_other from refunds where refund_id = p_stripe_refund for update;
  if found then
    delete from refunds where id = p_refund;
    return v_other.status;
  end if;
  update refunds set refund_id = p_stripe_refund,
                     status = case when status = 'requested' then p_status else status end
   where id = p_refund;
  perform pawkeep_count_refund(p_refund);
  return (select status from refunds where id = p_refund);
end;
$$;
revoke execute on function pawkeep_refund_sent(uuid, text, text) from public;
grant execute on function pawkeep_refund_sent(uuid, text, text) to ${appRole};

-- Stripe refused a reserved refund: it is marked failed and its amount is free again.
create or replace function pawkeep_refund_refused(p_refund uuid)
  returns void
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  update refunds set status = 'failed'
   where id = p_refund and refund_id is null and status = 'requested'
     and requested_by is not null
     and pawkeep_has_business_permission(business_id, 'billing.write');
end;
$$;
revoke execute on function pawkeep_refund_refused(uuid) from public;
grant execute on function pawkeep_refund_refused(uuid) to ${appRole};

-- refund.created / refund.updated / refund.failed from the Connect endpoint. The refund is found by
-- its re_ id, else by the Pawkeep refund id in its metadata (a reservation on the same account,
-- payment and amount), else it is a refund made in Stripe's Dashboard: recorded by its pi_ on the
-- event's own account. Its payment may not be recorded yet (events come in any order): it is kept
-- with no invoice and counted when the payment arrives (pawkeep_stripe_checkout_event). An event
-- older than the last one applied to the refund is ignored. Answers 'applied', 'duplicate' or
-- 'ignored:<reason>'.
create or replace function pawkeep_stripe_refund_event(
    p_event text, p_endpoint text, p_type text, p_created timestamptz, p_event_account text,
    p_stripe_refund text, p_payment_intent text, p_amount bigint, p_currency text,
    p_status text, p_pawkeep_refund text)
  returns text
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_business uuid;
  v_refund refunds%rowtype;
  v_payment payments%rowtype;
  v_outcome text;
begin
  if not pawkeep_stripe_event_first_seen(p_event, p_endpoint, p_type, p_event_account,
                                         'pending') then
    return 'duplicate';
  end if;
  select business_id into v_business from stripe_accounts where account_id = p_event_account;
  if p_endpoint <> 'connect' or p_event_account is null then
    v_outcome := 'ignored:not-connect';
  elsif v_business is null then
    v_outcome := 'ignored:unknown-account';
  elsif p_stripe_refund is null or p_stripe_refund !~ '^re_[A-Za-z0-9_]+$'
        or p_payment_intent is null or p_payment_intent !~ '^pi_[A-Za-z0-9_]+$'
        or p_amount is null or p_amount <= 0 or p_currency is null
        or p_currency !~* '^[a-z]{3}$' or p_status is null
        or p_status not in ('pending', 'requires_action', 'succeeded', 'failed', 'canceled') then
    v_outcome := 'ignored:unreadable';
  else
    select * into v_refund from refunds where refund_id = p_stripe_refund for update;
    if not found and p_pawkeep_refund ~ '^[0-9a-f-]{36}$' then
      -- Pawkeep's own reservation, bound to the re_ only when account, payment and amount match.
      select * into v_refund from refunds
       where id = p_pawkeep_refund::uuid and refund_id is null and business_id = v_business
         and payment_intent_id = p_payment_intent and amount_minor = p_amount
         and currency = upper(p_currency)
         for update;
      if found then
        update refunds set refund_id = p_stripe_refund where id = v_refund.id;
        v_refund.refund_id := p_stripe_refund;
      end if;
    end if;
    if v_refund.id is null then
      -- A refund Pawkeep did not ask for: the payment, if known, must be this account's.
      select p.* into v_payment from payments p join checkout_attempts a on a.id = p.attempt_id
       where p.payment_intent_id = p_payment_intent;
      if v_payment.payment_intent_id is not null
         and (v_payment.business_id <> v_business
              or (select a.account_id from checkout_attempts a
                   where a.id = v_payment.attempt_id) <> p_event_account) then
        v_outcome := 'ignored:mismatch';
      else
        insert into refunds (id, business_id, invoice_id, refund_id, payment_intent_id,
                             amount_minor, currency, status, created_at, last_event_created)
        values (gen_random_uuid(), v_business, v_payment.invoice_id, p_stripe_refund,
                p_payment_intent, p_amount, upper(p_currency), p_status, now(), p_created)
        returning * into v_refund;
        perform pawkeep_count_refund(v_refund.id);
        v_outcome := case when v_payment.payment_intent_id is null then 'applied:kept'
                          else 'applied' end;
      end if;
    elsif v_refund.business_id <> v_business or v_refund.payment_intent_id <> p_payment_intent
          or v_refund.amount_minor <> p_amount
          or v_refund.currency <> upper(p_currency) then
      v_outcome := 'ignored:mismatch';
    elsif v_refund.last_event_created is not null and p_created < v_refund.last_event_created then
      v_outcome := 'ignored:stale';
    else
      update refunds set status = p_status, last_event_created = p_created
       where id = v_refund.id;
      perform pawkeep_count_refund(v_refund.id);
      v_outcome := 'applied';
    end if;
  end if;
  update stripe_events set outcome = v_outcome where event_id = p_event;
  return v_outcome;
end;
$$;
revoke execute on function pawkeep_stripe_refund_event(text, text, text, timestamptz, text, text,
  text, bigint, text, text, text) from public;
grant execute on function pawkeep_stripe_refund_event(text, text, text, timestamptz, text, text,
  text, bigint, text, text, text) to ${appRole};

-- Refunds Stripe reported before their payment, counted once the payment is recorded (called by
-- pawkeep_stripe_checkout_event in the payment's transaction). Not granted to anyone.
create or replace function pawkeep_apply_kept_refunds(p_payment_intent text)
  returns void
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_payment payments%rowtype;
  v_refund uuid;
begin
  select * into v_payment from payments where payment_intent_id = p_payment_intent;
  if not found then
    return;
  end if;
  for v_refund in
    update refunds set invoice_id = v_payment.invoice_id
     where payment_intent_id = p_payment_intent and invoice_id is null
       and business_id = v_payment.business_id
    returning id
  loop
    perform pawkeep_count_refund(v_refund);
  end loop;
end;
$$;
revoke execute on function pawkeep_apply_kept_refunds(text) from public;

-- charge.dispute.created / charge.dispute.closed from the Connect endpoint, for a payment Pawkeep
-- recorded on the event's own account. A new dispute marks the invoice disputed; a closed one
-- marks it won or lost. Money moves only when it is lost: the household got the disputed amount
-- back through its bank, so it is recorded as refunded (once per dp_ id). Audited.
create or replace function pawkeep_stripe_dispute_event(
    p_event text, p_endpoint text, p_type text, p_event_account text, p_dispute text,
    p_payment_intent text, p_amount bigint, p_currency text, p_status text)
  returns text
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_business uuid;
  v_payment payments%rowtype;
  v_dispute disputes%rowtype;
  v_invoice invoices%rowtype;
  v_state text;
  v_outcome text;
begin
  if not pawkeep_stripe_event_first_seen(p_event, p_endpoint, p_type, p_event_account,
                                         'pending') then
    return 'duplicate';
  end if;
  select business_id into v_business from stripe_accounts where account_id = p_event_account;
  select p.* into v_payment from payments p join checkout_attempts a on a.id = p.attempt_id
   where p.payment_intent_id = p_payment_intent and a.account_id = p_event_account
     and p.business_id = v_business;
  if p_endpoint <> 'connect' or p_event_account is null then
    v_outcome := 'ignored:not-connect';
  elsif v_business is null then
    v_outcome := 'ignored:unknown-account';
  elsif p_dispute is null or p_dispute !~ '^dp_[A-Za-z0-9_]+$' or p_amount is null
        or p_amount <= 0 then
    v_outcome := 'ignored:unreadable';
  elsif v_payment.payment_intent_id is null then
    v_outcome := 'ignored:unknown-payment';
  elsif upper(p_currency) is distinct from v_payment.currency then
    v_outcome := 'ignored:amount';
  else
    insert into disputes (dispute_id, business_id, invoice_id, payment_intent_id, amount_minor,
                          currency, status, created_at)
    values (p_dispute, v_business, v_payment.invoice_id, p_payment_intent, p_amount,
            upper(p_currency), left(coalesce(p_status, 'unknown'), 50), now())
    on conflict (dispute_id) do nothing;
    select * into v_dispute from disputes where dispute_id = p_dispute for update;
    if v_dispute.payment_intent_id <> p_payment_intent then
      v_outcome := 'ignored:mismatch';
    else
      select * into v_invoice from invoices where id = v_dispute.invoice_id for update;
      v_state := case when p_type = 'charge.dispute.created' then 'open'
                      when p_status = 'lost' then 'lost' else 'won' end;
      if v_state = 'open' and v_invoice.dispute in ('won', 'lost') then
        v_outcome := 'ignored:stale';
      else
        update disputes set status = left(coalesce(p_status, status), 50)
         where dispute_id = p_dispute;
        update invoices set dispute = v_state where id = v_invoice.id;
        perform pawkeep_audit_append(chain, 'invoice.dispute_' || v_state, 'invoice',
                                     v_invoice.id::text, null,
                                     jsonb_build_object('amountMinor', p_amount,
                                                        'currency', v_dispute.currency,
                                                        'reference', p_dispute))
           from unnest(array[v_invoice.business_id, v_invoice.household_id]) chain
      where chain is not null;
        if v_state = 'lost' and not v_dispute.counted and v_payment.applied then
          perform pawkeep_invoice_refund_recorded(v_business, v_invoice.id,
                    least(v_dispute.amount_minor,
                          v_invoice.paid_minor - v_invoice.refunded_minor),
                    v_dispute.currency, p_dispute);
          update disputes set counted = true where dispute_id = p_dispute;
        end if;
        v_outcome := 'applied';
      end if;
    end if;
  end if;
  update stripe_events set outcome = v_outcome where event_id = p_event;
  return v_outcome;
end;
$$;
revoke execute on function pawkeep_stripe_dispute_event(text, text, text, text, text, text,
  bigint, text, text) from public;
grant execute on function pawkeep_stripe_dispute_event(text, text, text, text, text, text,
  bigint, text, text) to ${appRole};

-- Recorded event ids older than the retention are forgotten by a scheduled job (schema owner).

-- refunds, disputes: read like their invoice; written only by the functions above ------------
alter table refunds enable row level security;
alter table refunds force row level security;
drop policy if exists schema_owner on refunds;
create policy schema_owner on refunds to current_user using (true) with check (true);
drop policy if exists readers_of_the_invoice on refunds;
create policy readers_of_the_invoice on refunds for select to ${appRole}
  using (exists (select 1 from invoices i where i.id = invoice_id));

alter table disputes enable row level security;
alter table disputes force row level security;
drop policy if exists schema_owner on disputes;
create policy schema_owner on disputes to current_user using (true) with check (true);
drop policy if exists readers_of_the_invoice on disputes;
create policy readers_of_the_invoice on disputes for select to ${appRole}
  using (exists (select 1 from invoices i where i.id = invoice_id));
