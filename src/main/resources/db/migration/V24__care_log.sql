-- The care log (DOM-6, AVAIL-3): what assigned staff did during a booking (check-in/out, walks,
-- feeding, medication given, notes, photo references), recorded on a phone offline and synced
-- later. Entries are append-only: the client's id is the primary key, so a replay writes nothing
-- new; a correction is a new entry that supersedes an earlier one of the same booking.

-- Per business: whether walks keep their GPS track at all, and whether clients see it.
create table care_settings (
  business_id        uuid primary key references businesses (id) on delete cascade,
  record_tracks      boolean not null default true,
  clients_see_tracks boolean not null default false,
  updated_at         timestamptz not null
);

create table care_actions (
  client_id   uuid primary key,
  booking_id  uuid not null references bookings (id) on delete cascade,
  business_id uuid not null references businesses (id) on delete cascade,
  household_id uuid not null references households (id) on delete cascade,
  author_id   uuid not null references users (id),
  kind        text not null
              check (kind in ('check_in', 'check_out', 'walk', 'feeding', 'medication', 'note',
                              'photo')),
  device_time timestamptz not null,
  received_at timestamptz not null,
  payload     jsonb not null check (jsonb_typeof(payload) = 'object'),
  supersedes  uuid,
  unique (client_id, booking_id),
  -- A correction points at an earlier entry of the same booking.
  constraint care_supersedes_same_booking foreign key (supersedes, booking_id)
    references care_actions (client_id, booking_id),
  constraint care_supersedes_other check (supersedes is null or supersedes <> client_id)
);
create index care_actions_booking_idx on care_actions (booking_id, device_time);

-- The bookings the caller may log care for, with their windows: assigned to the caller, not
-- cancelled, the household still an active client, the caller holding care.log, and the window
-- (the margin of booking_settings around the booking, AUTHZ-5) not closed more than 7 days before
-- the request. Computed once per statement by the insert policy below, which then only compares
-- each row's booking and device time with this short list.
create type pawkeep_care_window as (booking_id uuid, business_id uuid, household_id uuid,
                                    window_from timestamptz, window_to timestamptz);

create function pawkeep_my_care_windows() returns pawkeep_care_window[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(row(b.id, b.business_id, b.household_id,
                                b.starts_at - s.assignment_margin,
                                b.ends_at + s.assignment_margin)::pawkeep_care_window), '{}')
    from bookings b
    join business_clients c
      on c.business_id = b.business_id and c.household_id = b.household_id
         and c.status = 'active'
    cross join booking_settings s
   where b.assignee_id = pawkeep_current_user()
     and b.status <> 'cancelled'
     and b.ends_at + s.assignment_margin > pawkeep_request_time() - interval '7 days'
     and 'care.log' = any (pawkeep_business_permissions(b.business_id))
$$;

-- What the sync needs to judge a batch, for all its bookings in one call: each booking of the
-- caller's businesses, with its window if the caller is its assignee holding care.log (else
-- null). Bookings of other businesses are absent, exactly like missing ones.
create function pawkeep_care_log_windows(p_bookings uuid[])
  returns table (booking_id uuid, business_id uuid, household_id uuid,
                 window_from timestamptz, window_to timestamptz)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select b.id, b.business_id, b.household_id,
         case when assigned then b.starts_at - s.assignment_margin end,
         case when assigned then b.ends_at + s.assignment_margin end
    from bookings b
    cross join booking_settings s
    cross join lateral (
      select b.assignee_id = pawkeep_current_user() and b.status <> 'cancelled'
             and 'care.log' = any (pawkeep_business_permissions(b.business_id))
             and exists (select 1 from business_clients c
                          where c.business_id = b.business_id
                            and c.household_id = b.household_id and c.status = 'active')
             as assigned) a
   where b.id = any (p_bookings)
     and b.business_id = any (pawkeep_my_businesses())
$$;

-- Append-only for everyone, the schema owner included: corrections are new entries.
create function pawkeep_care_actions_append_only() returns trigger
  language plpgsql
  set search_path = pg_catalog, pg_temp
as $$
begin
  raise exception 'care actions are append-only' using errcode = 'insufficient_privilege';
end
$$;
revoke execute on function pawkeep_care_actions_append_only() from public;
create trigger care_actions_append_only before update or delete on care_actions
  for each row execute function pawkeep_care_actions_append_only();

select pawkeep_protect('care_settings');
select pawkeep_protect('care_actions');

-- Settings: the business's staff and its clients' members read them; settings.manage writes.
create policy staff_read on care_settings for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses()) as uuid[])));
create policy clients_read on care_settings for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_client_businesses()) as uuid[])));
create policy settings_managers_write on care_settings for all to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                 as uuid[])))
  with check (business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                      as uuid[])));

-- The log is read by whoever sees its booking (bookings' policies: the household's members, the
-- schedulers, the assignee) and by its author; written only by the assignee inside the window.
create policy with_booking on care_actions for select to ${appRole}
  using (exists (select 1 from bookings b where b.id = care_actions.booking_id));
create policy authors_read on care_actions for select to ${appRole}
  using (author_id = (select pawkeep_current_user()));
create policy assignees_log on care_actions for insert to ${appRole}
  with check (author_id = (select pawkeep_current_user())
              and exists (select 1
                            from unnest(cast((select pawkeep_my_care_windows())
                                             as pawkeep_care_window[])) w
                           where w.booking_id = care_actions.booking_id
                             and w.business_id = care_actions.business_id
                             and w.household_id = care_actions.household_id
                             and care_actions.device_time >= w.window_from
                             and care_actions.device_time < w.window_to));

grant select, insert, update, delete on care_settings to ${appRole};
grant select, insert on care_actions to ${appRole};

select pawkeep_expose('pawkeep_my_care_windows()', '${appRole}');
grant usage on type pawkeep_care_window to ${appRole};
select pawkeep_expose('pawkeep_care_log_windows(uuid[])', '${appRole}');
