-- Years of data stay fast (issue 15): the audit trail (LOG-1) and the care log (DOM-6) become
-- tables partitioned by month, every row moved over unchanged. Each month is its own partition
-- (audit_events_pYYYY_MM, care_actions_pYYYY_MM, UTC months), with a DEFAULT partition so an
-- insert never fails for a month nobody made yet. Later months are made ahead of time by
-- pawkeep_make_month_partitions (R__99_partitions.sql), at start-up and on a schedule
-- (database/MonthlyPartitions). Policies, triggers and functions stay in the repeatable files.
--
-- A unique constraint of a partitioned table must hold its partition key, so each table gets a
-- small unpartitioned table of its keys that keeps every uniqueness rule whole:
--   audit_event_keys (chain_id, seq) is the key; each event references its row by (chain_id, seq,
--   occurred_at), and the events' own key is (chain_id, seq, occurred_at). One key row per
--   (chain_id, seq) fixes its time, so no two events share (chain_id, seq) in any partitions.
--   care_action_ids client_id is the key; each entry references its row by (client_id,
--   booking_id, received_at) and the entries' own key is (client_id, received_at): no two entries
--   share a client id across months, and a replay next month is still a replay. Corrections
--   reference (client_id, booking_id) there, as they referenced the entries before.

-- audit_events ------------------------------------------------------------------------------
alter table audit_events rename to audit_events_unpartitioned;
alter index audit_events_pkey rename to audit_events_unpartitioned_pkey;
alter index audit_events_actor_idx rename to audit_events_unpartitioned_actor_idx;
alter index audit_events_occurred_brin rename to audit_events_unpartitioned_occurred_brin;

create table audit_event_keys (
  chain_id    uuid not null,
  seq         bigint not null,
  occurred_at timestamptz not null,
  constraint audit_event_keys_pkey primary key (chain_id, seq),
  constraint audit_event_keys_time unique (chain_id, seq, occurred_at)
);

create table audit_events (
  chain_id    uuid not null,
  seq         bigint not null,
  occurred_at timestamptz not null,
  actor_id    uuid,
  action      text not null,
  target_type text,
  target_id   text,
  ip_address  text,
  detail      jsonb not null default '{}',
  prev_hash   bytea not null,
  hash        bytea not null,
  form        smallint not null,
  constraint audit_events_pkey primary key (chain_id, seq, occurred_at),
  constraint audit_events_key foreign key (chain_id, seq, occurred_at)
    references audit_event_keys (chain_id, seq, occurred_at),
  constraint audit_events_seq_positive check (seq > 0),
  constraint audit_events_action_length check (length(action) between 1 and 100),
  constraint audit_events_target_type_length check (length(target_type) <= 100),
  constraint audit_events_target_id_length check (length(target_id) <= 200),
  constraint audit_events_ip_address_length check (length(ip_address) <= 64),
  constraint audit_events_form check (form in (1, 2))
) partition by range (occurred_at);
create index audit_events_actor_idx on audit_events (actor_id, occurred_at desc);
create index audit_events_occurred_brin on audit_events using brin (occurred_at);

-- care_actions ------------------------------------------------------------------------------
alter table care_actions rename to care_actions_unpartitioned;
alter index care_actions_pkey rename to care_actions_unpartitioned_pkey;
alter index care_actions_client_id_booking_id_key
  rename to care_actions_unpartitioned_client_id_booking_id_key;
alter index care_actions_booking_page_idx rename to care_actions_unpartitioned_booking_page_idx;

create table care_action_ids (
  client_id   uuid not null,
  booking_id  uuid not null references bookings (id) on delete cascade,
  received_at timestamptz not null,
  constraint care_action_ids_pkey primary key (client_id),
  constraint care_action_ids_booking unique (client_id, booking_id),
  constraint care_action_ids_received unique (client_id, booking_id, received_at)
);

create table care_actions (
  client_id    uuid not null,
  booking_id   uuid not null references bookings (id) on delete cascade,
  business_id  uuid not null references businesses (id) on delete cascade,
  household_id uuid not null references households (id) on delete cascade,
  author_id    uuid not null references users (id),
  kind         text not null
               constraint care_actions_kind_check
               check (kind in ('check_in', 'check_out', 'walk', 'feeding', 'medication', 'note',
                               'photo')),
  device_time  timestamptz not null,
  received_at  timestamptz not null,
  payload      jsonb not null
               constraint care_actions_payload_check check (jsonb_typeof(payload) = 'object'),
  supersedes   uuid,
  constraint care_actions_pkey primary key (client_id, received_at),
  constraint care_actions_id foreign key (client_id, booking_id, received_at)
    references care_action_ids (client_id, booking_id, received_at) on delete cascade,
  -- A correction points at an earlier entry of the same booking.
  constraint care_supersedes_same_booking foreign key (supersedes, booking_id)
    references care_action_ids (client_id, booking_id),
  constraint care_supersedes_other check (supersedes is null or supersedes <> client_id)
) partition by range (received_at);
create index care_actions_booking_page_idx on care_actions (booking_id, device_time, client_id);

-- Partitions: one per UTC month from the oldest row's to three months from now, and DEFAULT.
-- The same names and bounds as pawkeep_make_month_partitions makes later. Row-level security is
-- enabled and forced on each (no policy and no grant: they are read through their parent only).
do $$
declare
  v_table text;
  v_month timestamp;
  v_last timestamp := date_trunc('month', now() at time zone 'UTC') + interval '3 months';
  v_name text;
begin
  foreach v_table in array array['audit_events', 'care_actions'] loop
    execute format('select date_trunc(''month'', min(%I) at time zone ''UTC'') from %I',
                   case v_table when 'audit_events' then 'occurred_at' else 'received_at' end,
                   v_table || '_unpartitioned')
      into v_month;
    v_month := coalesce(v_month, date_trunc('month', now() at time zone 'UTC'));
    while v_month <= v_last loop
      v_name := v_table || '_p' || to_char(v_month, 'YYYY_MM');
      execute format('create table %I partition of %I for values from (%L) to (%L)',
                     v_name, v_table, v_month::text || '+00',
                     (v_month + interval '1 month')::text || '+00');
      execute format('alter table %I enable row level security', v_name);
      execute format('alter table %I force row level security', v_name);
      v_month := v_month + interval '1 month';
    end loop;
    v_name := v_table || '_default';
    execute format('create table %I partition of %I default', v_name, v_table);
    execute format('alter table %I enable row level security', v_name);
    execute format('alter table %I force row level security', v_name);
  end loop;
end
$$;

-- Every row moved as it was (the schema owner's policy shows it all of the old tables).
insert into audit_event_keys (chain_id, seq, occurred_at)
select chain_id, seq, occurred_at from audit_events_unpartitioned;
insert into audit_events (chain_id, seq, occurred_at, actor_id, action, target_type, target_id,
                          ip_address, detail, prev_hash, hash, form)
select chain_id, seq, occurred_at, actor_id, action, target_type, target_id, ip_address, detail,
       prev_hash, hash, form
  from audit_events_unpartitioned;

insert into care_action_ids (client_id, booking_id, received_at)
select client_id, booking_id, received_at from care_actions_unpartitioned;
insert into care_actions (client_id, booking_id, business_id, household_id, author_id, kind,
                          device_time, received_at, payload, supersedes)
select client_id, booking_id, business_id, household_id, author_id, kind, device_time,
       received_at, payload, supersedes
  from care_actions_unpartitioned;

-- Nothing lost, nothing changed: the moved rows compare equal, row for row.
do $$
begin
  if (select count(*) from audit_events_unpartitioned) <> (select count(*) from audit_events)
     or exists (select chain_id, seq, occurred_at, actor_id, action, target_type, target_id,
                       ip_address, detail, prev_hash, hash, form
                  from audit_events_unpartitioned
                except
                select chain_id, seq, occurred_at, actor_id, action, target_type, target_id,
                       ip_address, detail, prev_hash, hash, form
                  from audit_events) then
    raise exception 'audit events changed while moving them into partitions';
  end if;
  if (select count(*) from care_actions_unpartitioned) <> (select count(*) from care_actions)
     or exists (select client_id, booking_id, business_id, household_id, author_id, kind,
                       device_time, received_at, payload, supersedes
                  from care_actions_unpartitioned
                except
                select client_id, booking_id, business_id, household_id, author_id, kind,
                       device_time, received_at, payload, supersedes
                  from care_actions) then
    raise exception 'care actions changed while moving them into partitions';
  end if;
end
$$;

-- The old tables go with their policies and triggers; the repeatable files (R__30_audit.sql,
-- R__40_households.sql, R__60_businesses.sql, R__80_care.sql) give the new ones theirs.
drop table audit_events_unpartitioned;
drop table care_actions_unpartitioned;

-- The same grants as before: the application role reads the trail (it appends only through
-- pawkeep_audit_append) and reads and appends the care log (its key rows are written by the
-- insert's trigger). Neither key table is granted to it, nor any partition.
revoke all on audit_events, audit_event_keys, care_actions, care_action_ids from public;
grant select on audit_events to ${appRole};
grant select, insert on care_actions to ${appRole};
