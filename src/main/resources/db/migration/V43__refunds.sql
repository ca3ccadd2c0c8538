-- Refunds, disputes and payments that arrive for an invoice already settled (PAY-2, PAY-3).
-- Pawkeep stores Stripe's ids (re_, pi_, dp_) and amounts only. Row-level security, policies and
-- the functions that write these rows are in R__99_refunds.sql.

-- One refund, by Stripe's re_ id once Stripe named it. A refund billing.write asks for is reserved
-- first (status 'requested', its number within the invoice, no re_ yet) under the invoice's lock,
-- then sent to Stripe with the idempotency key refund:<invoice>:<number>. A refund made in Stripe's
-- Dashboard has no number. One whose payment Pawkeep has not recorded yet keeps invoice_id null
-- until the payment arrives.
create table refunds (
  id                uuid primary key,
  business_id       uuid not null references businesses (id),
  invoice_id        uuid references invoices (id),
  refund_no         int check (refund_no > 0),
  refund_id         text unique check (refund_id ~ '^re_[A-Za-z0-9_]+$'),
  payment_intent_id text not null check (payment_intent_id ~ '^pi_[A-Za-z0-9_]+$'),
  amount_minor      bigint not null check (amount_minor > 0),
  currency          text not null check (currency ~ '^[A-Z]{3}$'),
  reason            text check (reason in ('duplicate', 'fraudulent', 'requested_by_customer')),
  status            text not null check (status in ('requested', 'pending', 'requires_action',
                                                    'succeeded', 'failed', 'canceled')),
  -- Set once its amount was taken into the invoice (or off the payment still to refund).
  counted           boolean not null default false,
  -- The caller's Idempotency-Key (hashed): a retry of one request finds its own refund.
  request_key       bytea,
  requested_by      uuid,
  created_at        timestamptz not null,
  last_event_created timestamptz,
  unique (invoice_id, refund_no),
  check ((refund_no is null) = (requested_by is null)),
  check (refund_id is not null or status in ('requested', 'failed'))
);
create index refunds_payment_idx on refunds (payment_intent_id);
create unique index refunds_request_key on refunds (invoice_id, requested_by, request_key)
  where request_key is not null;

-- A payment received for an invoice that was already paid (or void, or refunded) is recorded but
-- not applied: the invoice's money is not inflated, and overpaid_minor says what still has to go
-- back to the household.
alter table payments add column applied boolean not null default true;
alter table invoices add column overpaid_minor bigint not null default 0
  check (overpaid_minor >= 0);
-- Open while a chargeback is disputed; won or lost once Stripe closed it.
alter table invoices add column dispute text check (dispute in ('open', 'won', 'lost'));

-- A Checkout Session whose delayed payment failed: the household may start a new attempt.
alter table checkout_attempts drop constraint checkout_attempts_state_check;
alter table checkout_attempts add constraint checkout_attempts_state_check
  check (state in ('creating', 'open', 'complete', 'expired', 'failed'));

-- Chargebacks of a recorded payment, by Stripe's dp_ id.
create table disputes (
  dispute_id        text primary key check (dispute_id ~ '^dp_[A-Za-z0-9_]+$'),
  business_id       uuid not null references businesses (id),
  invoice_id        uuid not null references invoices (id),
  payment_intent_id text not null check (payment_intent_id ~ '^pi_[A-Za-z0-9_]+$'),
  amount_minor      bigint not null check (amount_minor > 0),
  currency          text not null check (currency ~ '^[A-Z]{3}$'),
  status            text not null,
  counted           boolean not null default false,
  created_at        timestamptz not null
);

grant select on refunds to ${appRole};
grant select on disputes to ${appRole};
