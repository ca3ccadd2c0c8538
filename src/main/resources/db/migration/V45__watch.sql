-- Monitoring and anomalies (LOG-3) and breach reports (PRIV-4). Row-level security, policies and
-- functions are in R__99_watch.sql.

-- Sign-in attempts, kept only as long as the longest sign-in rule's window (watch/WatchPurge):
-- the account (its id, or a digest for an email no account has) and the client address (an IPv6
-- address by its /64), so a rule counts distinct accounts per address or addresses per account
-- over its window with one range scan of an index.
create table watch_sign_ins (
  id          bigint generated always as identity primary key,
  at          timestamptz not null,
  account_key text not null check (length(account_key) between 1 and 100),
  address     text not null check (length(address) between 1 and 64),
  succeeded   boolean not null
);
create index watch_sign_ins_failures_by_address on watch_sign_ins (address, at)
  include (account_key) where not succeeded;
create index watch_sign_ins_by_account on watch_sign_ins (account_key, succeeded, at)
  include (address);
create index watch_sign_ins_at on watch_sign_ins (at);

-- How many times a person revealed access secrets or exported, per UTC day: today's count and
-- their own usual (the days before) in one primary-key range read. Kept for the baseline's days.
create table watch_activity (
  person_id uuid not null,
  kind      text not null check (kind in ('reveal', 'export')),
  day       date not null,
  count     integer not null check (count > 0),
  primary key (person_id, kind, day)
);

-- Alerts raised by the rules, for the operators. At most one open alert per rule and subject: a
-- second burst while one is open raises nothing new.
create table watch_alerts (
  id        uuid primary key,
  rule      text not null check (length(rule) between 1 and 60),
  subject   text not null check (length(subject) between 1 and 100),
  opened_at timestamptz not null,
  detail    jsonb not null default '{}',
  closed_at timestamptz,
  closed_by uuid,
  check ((closed_at is null) = (closed_by is null))
);
create unique index watch_alerts_one_open on watch_alerts (rule, subject) where closed_at is null;
create index watch_alerts_newest on watch_alerts (opened_at desc, id desc);

-- PRIV-4: a breach report reads the trail by time window. A BRIN index costs next to nothing on
-- each append (the trail is written in time order) and narrows a window's scan to its blocks.
create index audit_events_occurred_brin on audit_events using brin (occurred_at);

grant select, update (closed_at, closed_by) on watch_alerts to ${appRole};
grant select, insert, update on watch_activity to ${appRole};
