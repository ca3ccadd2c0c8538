-- Invoices (PAY-2): a business bills a household for completed bookings (lines priced from the
-- booking's service), extra lines and a tip, in the service's currency, in integer minor units.
-- Numbered without gaps per business when issued. Row-level security, policies, triggers and the
-- functions that issue, void and record payments are in R__96_invoices.sql.

-- The only state changes an invoice may take; checked by a trigger for every writer. Drafts are
-- never voided (they carry no number); nothing leaves void or refunded.
create table invoice_transitions (
  from_state text not null,
  to_state   text not null,
  primary key (from_state, to_state)
);
insert into invoice_transitions (from_state, to_state) values
  ('draft', 'open'), ('open', 'void'), ('open', 'paid'),
  ('paid', 'partially_refunded'), ('paid', 'refunded'), ('partially_refunded', 'refunded');

-- The last number issued per business, taken (row-locked) in the transaction that issues, so a
-- rolled-back issue leaves no gap (a sequence would).
create table invoice_counters (
  business_id uuid primary key references businesses (id) on delete cascade,
  last_number bigint not null check (last_number > 0)
);

create table invoices (
  id             uuid primary key,
  business_id    uuid not null references businesses (id) on delete cascade,
  household_id   uuid not null references households (id) on delete cascade,
  number         bigint,
  state          text not null default 'draft'
                 check (state in ('draft', 'open', 'paid', 'partially_refunded', 'refunded',
                                  'void')),
  currency       text not null check (currency ~ '^[A-Z]{3}$'),
  total_minor    bigint not null default 0 check (total_minor >= 0),
  paid_minor     bigint not null default 0 check (paid_minor >= 0),
  refunded_minor bigint not null default 0 check (refunded_minor >= 0),
  -- The household's name as billed (filled by the database), so billing.read needs no household
  -- read (AUTHZ-5).
  bill_to        text not null,
  created_at     timestamptz not null,
  created_by     uuid not null,
  issued_at      timestamptz,
  voided_at      timestamptz,
  void_reason    text check (char_length(void_reason) <= 500),
  unique (business_id, number),
  constraint invoice_number_once_issued check ((number is null) = (state = 'draft')),
  constraint invoice_refund_within_paid check (refunded_minor <= paid_minor)
);
create index invoices_business_idx on invoices (business_id, created_at desc, id desc);
create index invoices_household_idx on invoices (household_id, created_at desc, id desc);

create table invoice_lines (
  invoice_id   uuid not null references invoices (id) on delete cascade,
  line_no      int not null check (line_no > 0),
  business_id  uuid not null,
  kind         text not null check (kind in ('service', 'extra', 'tip')),
  booking_id   uuid references bookings (id) on delete set null,
  -- Service name and date, or the business's own text; never pet names or care (AUTHZ-5).
  description  text not null check (char_length(description) between 1 and 200),
  amount_minor bigint not null check (amount_minor > 0 and amount_minor <= 100000000),
  -- Set when the invoice is voided: the booking may be invoiced again.
  released     boolean not null default false,
  primary key (invoice_id, line_no),
  constraint invoice_line_booking_kind check ((kind = 'service') = (booking_id is not null))
);
-- A booking is on one live invoice at most.
create unique index invoice_lines_booking_once on invoice_lines (booking_id)
  where booking_id is not null and not released;
create unique index invoice_lines_one_tip on invoice_lines (invoice_id) where kind = 'tip';

-- Idempotency-Key of money POSTs: the first answer per caller and key, replayed on a retry; a
-- different request under the same key is refused.
create table idempotency_keys (
  caller_id    uuid not null,
  key          text not null check (char_length(key) between 1 and 255),
  route        text not null,
  request_hash bytea not null,
  status       int,
  response     text,
  created_at   timestamptz not null,
  primary key (caller_id, key)
);

grant select on invoice_transitions to ${appRole};
grant select, insert on invoices to ${appRole};
grant select, insert on invoice_lines to ${appRole};
grant select, insert on idempotency_keys to ${appRole};
grant update (status, response) on idempotency_keys to ${appRole};
