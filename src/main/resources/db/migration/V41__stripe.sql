-- Stripe Connect (PAY-1, PAY-3): each business's connected account and the webhook events already
-- processed. Pawkeep stores Stripe's ids and the account's state only: never an onboarding link,
-- a card or a key. Row-level security, policies and functions are in R__97_stripe.sql.
create table stripe_accounts (
  business_id        uuid primary key references businesses (id) on delete cascade,
  account_id         text not null unique check (account_id ~ '^acct_[A-Za-z0-9]+$'),
  livemode           boolean not null,
  details_submitted  boolean not null default false,
  charges_enabled    boolean not null default false,
  payouts_enabled    boolean not null default false,
  requirements_due   text[] not null default '{}',
  disabled_reason    text,
  deauthorized_at    timestamptz,
  -- The newest event applied: an older snapshot arriving late never overwrites a newer one.
  last_event_created timestamptz,
  created_at         timestamptz not null,
  created_by         uuid not null
);

-- Every verified webhook event, recorded in the same transaction as its effect: a replayed or
-- duplicated delivery finds its id here and changes nothing. Read by nobody but the schema owner.
create table stripe_events (
  event_id    text primary key check (event_id ~ '^evt_[A-Za-z0-9]+$'),
  endpoint    text not null check (endpoint in ('platform', 'connect')),
  type        text not null check (char_length(type) between 1 and 100),
  account_id  text check (account_id ~ '^acct_[A-Za-z0-9]+$'),
  outcome     text not null,
  received_at timestamptz not null
);
create index stripe_events_received_idx on stripe_events (received_at);

grant select on stripe_accounts to ${appRole};
