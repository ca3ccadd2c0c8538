-- Paying an open invoice through Stripe Checkout on the business's connected account (PAY-1,
-- PAY-2, PAY-3). Pawkeep stores Stripe's ids and the amounts it asked for, never a card or the
-- session's link. Row-level security, policies and functions are in R__98_checkout.sql.
create table checkout_attempts (
  id           uuid primary key,
  invoice_id   uuid not null references invoices (id),
  business_id  uuid not null references businesses (id),
  account_id   text not null check (account_id ~ '^acct_[A-Za-z0-9]+$'),
  attempt_no   int not null check (attempt_no > 0),
  session_id   text unique check (session_id ~ '^cs_[A-Za-z0-9_]+$'),
  amount_minor bigint not null check (amount_minor > 0),
  currency     text not null check (currency ~ '^[A-Z]{3}$'),
  fee_minor    bigint not null check (fee_minor >= 0 and fee_minor <= amount_minor),
  state        text not null check (state in ('creating', 'open', 'complete', 'expired')),
  created_at   timestamptz not null,
  created_by   uuid not null,
  unique (invoice_id, attempt_no),
  check ((session_id is null) = (state = 'creating'))
);
-- One payable session per invoice at a time: two racing checkouts cannot both open one.
create unique index checkout_attempts_one_live on checkout_attempts (invoice_id)
  where state in ('creating', 'open');

-- Payments Stripe reported through a verified webhook, by PaymentIntent id: recorded once.
create table payments (
  payment_intent_id text primary key check (payment_intent_id ~ '^pi_[A-Za-z0-9_]+$'),
  business_id       uuid not null references businesses (id),
  invoice_id        uuid not null references invoices (id),
  attempt_id        uuid not null references checkout_attempts (id),
  amount_minor      bigint not null check (amount_minor > 0),
  currency          text not null check (currency ~ '^[A-Z]{3}$'),
  outcome           text not null,
  received_at       timestamptz not null
);

grant select on checkout_attempts to ${appRole};
grant select on payments to ${appRole};
