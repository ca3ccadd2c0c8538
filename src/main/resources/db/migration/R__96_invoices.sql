-- Invoices (PAY-2, DOM-9, AUTHZ-5). Who may do what:
-- * billing.write (owners hold every permission) creates drafts and adds their lines, issues and
--   voids, only through pawkeep_issue_invoice and pawkeep_void_invoice once a draft is written.
-- * billing.read (accountants) and billing.write read the business's invoices and lines; nothing
--   here opens pets, care, clinical or access data to them.
-- * Owners and members of the household (not sitters) read its invoices once issued, never a
--   draft.
-- * Payments and refunds are recorded only by the webhook's functions (schema owner), through
--   pawkeep_invoice_payment_recorded and pawkeep_invoice_refund_recorded.
-- The application role may insert; it updates nothing and deletes nothing.

-- Shapes a new invoice and guards every change, whoever writes: a draft starts empty for a
-- client (past or present) of the business; id, business, household, currency and creation never
-- change; the state follows invoice_transitions; the total moves only while a draft.
create or replace function pawkeep_check_invoice()
  returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if tg_op = 'INSERT' then
    if new.state <> 'draft' or new.number is not null or new.total_minor <> 0
       or new.paid_minor <> 0 or new.refunded_minor <> 0 or new.overpaid_minor <> 0
       or new.dispute is not null or new.issued_at is not null
       or new.voided_at is not null then
      raise exception 'an invoice starts as an empty draft' using errcode = 'check_violation';
    end if;
    if not exists (select 1 from business_clients
                    where business_id = new.business_id and household_id = new.household_id
                      and status in ('active', 'revoked')
                      and household_id <> all (pawkeep_deleted_households())) then
      raise exception 'the household is not a client of the business'
        using errcode = 'check_violation', constraint = 'invoice_client';
    end if;
    new.bill_to := (select name from households where id = new.household_id);
    return new;
  end if;
  if new.id <> old.id or new.business_id <> old.business_id
     -- Only the schema owner's purge detaches an issued invoice from an erased household (PRIV-2).
     or (new.household_id is distinct from old.household_id
         and (current_user = '${appRole}' or new.household_id is not null))
     or new.currency <> old.currency
     or new.created_at <> old.created_at or new.created_by <> old.created_by
     or (new.bill_to <> old.bill_to and current_user = '${appRole}') then
    raise exception 'an invoice keeps its id, business, household, currency and creation'
      using errcode = 'check_violation';
  end if;
  if new.state <> old.state and not exists (
      select 1 from invoice_transitions where from_state = old.state and to_state = new.state) then
    raise exception 'invalid invoice transition % -> %', old.state, new.state
      using errcode = 'check_violation', constraint = 'invoice_transition';
  end if;
  if new.total_minor <> old.total_minor and old.state <> 'draft' then
    raise exception 'an issued invoice keeps its lines' using errcode = 'check_violation',
      constraint = 'invoice_frozen';
  end if;
  if new.number is distinct from old.number and old.number is not null then
    raise exception 'an invoice keeps its number' using errcode = 'check_violation';
  end if;
  return new;
end
$$;
revoke execute on function pawkeep_check_invoice() from public;

-- Shapes a new line, whoever inserts: the invoice must be a draft (locked, so lines and the issue
-- queue); a service line names a completed booking of the same business and household, is priced
-- from its service (whatever the client sent) in the invoice's currency; the line number is the
-- next one; the invoice's total follows.
create or replace function pawkeep_shape_invoice_line()
  returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_invoice invoices%rowtype;
  v_booking record;
begin
  select * into v_invoice from invoices where id = new.invoice_id for update;
  if not found or v_invoice.state <> 'draft' then
    raise exception 'lines are added to drafts only'
      using errcode = 'check_violation', constraint = 'invoice_frozen';
  end if;
  new.business_id := v_invoice.business_id;
  new.released := false;
  if new.kind = 'service' then
    select b.status, b.household_id, b.business_id, b.starts_at, s.name, s.price_minor,
           s.currency
      into v_booking
      from bookings b join business_services s on s.id = b.service_id
     where b.id = new.booking_id;
    if not found or v_booking.business_id <> v_invoice.business_id
       or v_booking.household_id <> v_invoice.household_id then
      raise exception 'the booking is not the invoice''s business''s and household''s'
        using errcode = 'check_violation', constraint = 'invoice_line_booking';
    end if;
    if v_booking.status <> 'completed' then
      raise exception 'only completed bookings are invoiced'
        using errcode = 'check_violation', constraint = 'invoice_line_completed';
    end if;
    if v_booking.currency <> v_invoice.currency then
      raise exception 'the service is priced in another currency'
        using errcode = 'check_violation', constraint = 'invoice_line_currency';
    end if;
    new.amount_minor := v_booking.price_minor;
    new.description := left(v_booking.name, 180) || ', '
                       || to_char(v_booking.starts_at at time zone 'UTC', 'YYYY-MM-DD');
  end if;
  new.line_no := coalesce((select max(line_no) from invoice_lines
                            where invoice_id = new.invoice_id), 0) + 1;
  -- A service of price 0 is refused by the line's check: nothing to bill.
  if new.amount_minor is not null and new.amount_minor > 0 then
    update invoices set total_minor = total_minor + new.amount_minor where id = new.invoice_id;
  end if;
  return new;
end
$$;
revoke execute on function pawkeep_shape_invoice_line() from public;

-- The currency of a booking's service, for holders of billing.write in its business (null for
-- anyone else): an invoice of bookings is in their services' currency.
create or replace function pawkeep_billable_booking_currency(p_booking uuid)
  returns text
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select s.currency
    from bookings b join business_services s on s.id = b.service_id
   where b.id = p_booking and pawkeep_has_business_permission(b.business_id, 'billing.write')
$$;
revoke execute on function pawkeep_billable_booking_currency(uuid) from public;
grant execute on function pawkeep_billable_booking_currency(uuid) to ${appRole};

-- Issues a draft: the caller holds billing.write; the draft has a total; the next number of the
-- business is taken from its counter row in this transaction (so a rollback leaves no gap; issuers
-- of one business queue on that row). Returns the number; raises when not allowed.
create or replace function pawkeep_issue_invoice(p_invoice uuid, p_now timestamptz)
  returns bigint
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_invoice invoices%rowtype;
  v_number bigint;
begin
  select * into v_invoice from invoices where id = p_invoice for update;
  if not found or not pawkeep_has_business_permission(v_invoice.business_id, 'billing.write') then
    raise exception 'no such invoice' using errcode = 'no_data_found';
  end if;
  if v_invoice.state <> 'draft' then
    raise exception 'invalid invoice transition % -> open', v_invoice.state
      using errcode = 'check_violation', constraint = 'invoice_transition';
  end if;
  if v_invoice.total_minor <= 0 then
    raise exception 'an invoice without lines is not issued'
      using errcode = 'check_violation', constraint = 'invoice_empty';
  end if;
  insert into invoice_counters as c (business_id, last_number)
  values (v_invoice.business_id, 1)
  on conflict (business_id) do update set last_number = c.last_number + 1
  returning last_number into v_number;
  update invoices set number = v_number, state = 'open', issued_at = p_now where id = p_invoice;
  return v_number;
end
$$;
revoke execute on function pawkeep_issue_invoice(uuid, timestamptz) from public;
grant execute on function pawkeep_issue_invoice(uuid, timestamptz) to ${appRole};

-- Voids an open invoice (billing.write): it keeps its number, its bookings may be invoiced again.
-- A paid or refunded invoice is never voided (refund it instead).
create or replace function pawkeep_void_invoice(p_invoice uuid, p_reason text, p_now timestamptz)
  returns void
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_invoice invoices%rowtype;
begin
  select * into v_invoice from invoices where id = p_invoice for update;
  if not found or not pawkeep_has_business_permission(v_invoice.business_id, 'billing.write') then
    raise exception 'no such invoice' using errcode = 'no_data_found';
  end if;
  update invoices set state = 'void', voided_at = p_now, void_reason = p_reason
   where id = p_invoice;
  update invoice_lines set released = true where invoice_id = p_invoice;
end
$$;
revoke execute on function pawkeep_void_invoice(uuid, text, timestamptz) from public;
grant execute on function pawkeep_void_invoice(uuid, text, timestamptz) to ${appRole};

-- A payment confirmed by a verified Stripe event (PAY-3), applied by the webhook's functions only
-- (not granted to the application role): adds to what was paid; an open invoice paid in full
-- becomes paid. Audited in the business's and household's chains without an actor. Returns
-- 'applied', 'overpaid' (an invoice already paid, refunded or void: flagged, not added) or
-- 'ignored:<reason>' and changes nothing then.
create or replace function pawkeep_invoice_payment_recorded(p_business uuid, p_invoice uuid,
                                                            p_amount bigint, p_currency text,
                                                            p_reference text)
  returns text
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_invoice invoices%rowtype;
begin
  select * into v_invoice from invoices
   where id = p_invoice and business_id = p_business for update;
  if not found then
    return 'ignored:unknown-invoice';
  elsif p_amount is null or p_amount <= 0 then
    return 'ignored:amount';
  elsif upper(p_currency) is distinct from v_invoice.currency then
    return 'ignored:currency';
  elsif v_invoice.state = 'draft' then
    return 'ignored:state';
  elsif v_invoice.state <> 'open' then
    -- Paid, refunded or void already: the money is not added to the invoice; it is flagged as
    -- to be refunded (overpaid_minor), seen by billing readers, audited.
    update invoices set overpaid_minor = overpaid_minor + p_amount where id = p_invoice;
    perform pawkeep_audit_append(chain, 'invoice.overpaid', 'invoice', p_invoice::text, null,
                                 jsonb_build_object('amountMinor', p_amount,
                                                    'currency', v_invoice.currency,
                                                    'reference', p_reference))
       from unnest(array[v_invoice.business_id, v_invoice.household_id]) chain
      where chain is not null;
    return 'overpaid';
  end if;
  update invoices
     set paid_minor = paid_minor + p_amount,
         state = case when paid_minor + p_amount >= total_minor then 'paid' else state end
   where id = p_invoice;
  perform pawkeep_audit_append(chain, 'invoice.paid', 'invoice', p_invoice::text, null,
                               jsonb_build_object('amountMinor', p_amount,
                                                  'currency', v_invoice.currency,
                                                  'reference', p_reference))
     from unnest(array[v_invoice.business_id, v_invoice.household_id]) chain
      where chain is not null;
  return 'applied';
end
$$;
revoke execute on function pawkeep_invoice_payment_recorded(uuid, uuid, bigint, text, text)
  from public;

-- A refund confirmed by a verified Stripe event: adds to what was refunded, never beyond what was
-- paid; paid becomes partially refunded, then refunded. Same contract as the payment above.
create or replace function pawkeep_invoice_refund_recorded(p_business uuid, p_invoice uuid,
                                                           p_amount bigint, p_currency text,
                                                           p_reference text)
  returns text
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_invoice invoices%rowtype;
begin
  select * into v_invoice from invoices
   where id = p_invoice and business_id = p_business for update;
  if not found then
    return 'ignored:unknown-invoice';
  elsif p_amount is null or p_amount <= 0 then
    return 'ignored:amount';
  elsif upper(p_currency) is distinct from v_invoice.currency then
    return 'ignored:currency';
  elsif v_invoice.state not in ('paid', 'partially_refunded') then
    return 'ignored:state';
  elsif v_invoice.refunded_minor + p_amount > v_invoice.paid_minor then
    return 'ignored:too-much';
  end if;
  update invoices
     set refunded_minor = refunded_minor + p_amount,
         state = case when refunded_minor + p_amount = paid_minor then 'refunded'
                      else 'partially_refunded' end
   where id = p_invoice;
  perform pawkeep_audit_append(chain, 'invoice.refunded', 'invoice', p_invoice::text, null,
                               jsonb_build_object('amountMinor', p_amount,
                                                  'currency', v_invoice.currency,
                                                  'reference', p_reference))
     from unnest(array[v_invoice.business_id, v_invoice.household_id]) chain
      where chain is not null;
  return 'applied';
end
$$;
revoke execute on function pawkeep_invoice_refund_recorded(uuid, uuid, bigint, text, text)
  from public;

-- invoice_transitions -----------------------------------------------------------------------
alter table invoice_transitions enable row level security;
alter table invoice_transitions force row level security;
drop policy if exists schema_owner on invoice_transitions;
create policy schema_owner on invoice_transitions to current_user using (true) with check (true);
drop policy if exists everyone_reads on invoice_transitions;
create policy everyone_reads on invoice_transitions for select to ${appRole} using (true);

-- invoice_counters: the schema owner's functions only ---------------------------------------
alter table invoice_counters enable row level security;
alter table invoice_counters force row level security;
drop policy if exists schema_owner on invoice_counters;
create policy schema_owner on invoice_counters to current_user using (true) with check (true);

-- invoices ----------------------------------------------------------------------------------
alter table invoices enable row level security;
alter table invoices force row level security;
drop policy if exists schema_owner on invoices;
create policy schema_owner on invoices to current_user using (true) with check (true);

-- DOM-9: a household's owners and members read its invoices once issued, never a draft; sitters
-- look after the pets and do not see what the household pays.
drop policy if exists household_reads on invoices;
create policy household_reads on invoices for select to ${appRole}
  using (state <> 'draft'
         and household_id = any (cast((select pawkeep_my_writable_households()) as uuid[])));

drop policy if exists billing_reads on invoices;
create policy billing_reads on invoices for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('billing.read')) as uuid[]))
         or business_id = any (cast((select pawkeep_my_businesses_with('billing.write'))
                                    as uuid[])));

drop policy if exists billing_writers_insert on invoices;
create policy billing_writers_insert on invoices for insert to ${appRole}
  with check (created_by = (select pawkeep_current_user())
              and business_id = any (cast((select pawkeep_my_businesses_with('billing.write'))
                                          as uuid[])));

drop trigger if exists invoices_check on invoices;
create trigger invoices_check before insert or update on invoices
  for each row execute function pawkeep_check_invoice();

-- invoice_lines: seen with their invoice --------------------------------------------------
alter table invoice_lines enable row level security;
alter table invoice_lines force row level security;
drop policy if exists schema_owner on invoice_lines;
create policy schema_owner on invoice_lines to current_user using (true) with check (true);

drop policy if exists readers_of_the_invoice on invoice_lines;
create policy readers_of_the_invoice on invoice_lines for select to ${appRole}
  using (exists (select 1 from invoices i where i.id = invoice_id));

drop policy if exists billing_writers_insert on invoice_lines;
create policy billing_writers_insert on invoice_lines for insert to ${appRole}
  with check (business_id = any (cast((select pawkeep_my_businesses_with('billing.write'))
                                      as uuid[])));

drop trigger if exists invoice_lines_shape on invoice_lines;
create trigger invoice_lines_shape before insert on invoice_lines
  for each row execute function pawkeep_shape_invoice_line();

-- idempotency_keys: each caller its own -----------------------------------------------------
alter table idempotency_keys enable row level security;
alter table idempotency_keys force row level security;
drop policy if exists schema_owner on idempotency_keys;
create policy schema_owner on idempotency_keys to current_user using (true) with check (true);

drop policy if exists own_keys on idempotency_keys;
create policy own_keys on idempotency_keys for all to ${appRole}
  using (caller_id = coalesce((select pawkeep_current_user()),
                              (select pawkeep_current_api_key())))
  with check (caller_id = coalesce((select pawkeep_current_user()),
                                   (select pawkeep_current_api_key())));
