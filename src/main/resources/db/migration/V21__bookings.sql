-- Bookings (DOM-5) and least privilege by assignment (AUTHZ-5). A business offers services; a
-- household (owners and members) requests a booking of one for some of its pets, with a business
-- that is its active client; the business (bookings.write) confirms or declines it and assigns it
-- to one of its staff. Assigned staff see the household's pets, care instructions and, with
-- access.reveal, its access secrets only around their bookings: from a margin before the start to
-- a margin after the end, while the client relationship is active.

-- Needed by the exclusion constraint that keeps one staff member's bookings from overlapping
-- (a trusted extension: the database owner may create it).
create extension if not exists btree_gist;

-- One row: the margin around a booking during which its assignee sees the household. Written by
-- the owner role at start-up from configuration (pawkeep.bookings.assignment-margin).
create table booking_settings (
  id                boolean primary key default true check (id),
  assignment_margin interval not null
);
insert into booking_settings (id, assignment_margin) values (true, interval '2 hours');

create table business_services (
  id               uuid primary key,
  business_id      uuid not null references businesses (id) on delete cascade,
  kind             text not null
                   check (kind in ('walk', 'drop_in', 'overnight', 'boarding', 'appointment')),
  name             text not null check (length(name) between 1 and 100),
  duration_minutes integer not null check (duration_minutes between 1 and 43200),
  price_minor      bigint not null check (price_minor between 0 and 100000000),
  currency         text not null check (currency ~ '^[A-Z]{3}$'),
  created_at       timestamptz not null,
  unique (id, business_id)
);
create index business_services_business_idx on business_services (business_id, name);

create table bookings (
  id            uuid primary key,
  business_id   uuid not null references businesses (id) on delete cascade,
  household_id  uuid not null references households (id) on delete cascade,
  service_id    uuid not null,
  pet_ids       uuid[] not null check (cardinality(pet_ids) between 1 and 20),
  starts_at     timestamptz not null,
  ends_at       timestamptz not null,
  status        text not null default 'requested'
                check (status in ('requested', 'confirmed', 'in_progress', 'completed',
                                  'cancelled')),
  assignee_id   uuid references users (id),
  notes         text check (length(notes) <= 2000),
  cancel_reason text check (length(cancel_reason) <= 500),
  requested_by  uuid not null references users (id),
  requested_at  timestamptz not null,
  updated_at    timestamptz not null,
  foreign key (service_id, business_id) references business_services (id, business_id),
  constraint booking_ends_after_start check (ends_at > starts_at),
  -- One staff member is never booked twice at once (cancelled bookings free their time).
  constraint booking_assignee_free exclude using gist (
    assignee_id with =, tstzrange(starts_at, ends_at, '[)') with &&)
    where (assignee_id is not null and status <> 'cancelled')
);
create index bookings_business_idx on bookings (business_id, starts_at);
create index bookings_household_idx on bookings (household_id, starts_at);
create index bookings_assignee_idx on bookings (assignee_id, starts_at);

-- The only transitions a booking may take; the application checks the same table
-- (bookings/BookingStatus) before it writes.
create table booking_transitions (
  from_status text not null,
  to_status   text not null,
  primary key (from_status, to_status)
);
insert into booking_transitions (from_status, to_status) values
  ('requested', 'confirmed'), ('requested', 'cancelled'),
  ('confirmed', 'in_progress'), ('confirmed', 'cancelled'),
  ('in_progress', 'completed');

-- Refuses invalid transitions, pets of another household, an assignee who is not on the
-- business's staff, and an assignment by anyone without bookings.write, whoever writes the row.
create function pawkeep_check_booking() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if tg_op = 'UPDATE' then
    if new.id <> old.id or new.business_id <> old.business_id
       or new.household_id <> old.household_id or new.service_id <> old.service_id then
      raise exception 'a booking keeps its id, business, household and service'
        using errcode = 'check_violation';
    end if;
    if new.status <> old.status and not exists (
        select 1 from booking_transitions where from_status = old.status
                                            and to_status = new.status) then
      raise exception 'invalid booking transition % -> %', old.status, new.status
        using errcode = 'check_violation', constraint = 'booking_transition';
    end if;
    -- The business confirms and schedules; its assignee starts and completes; the household may
    -- only cancel.
    if new.status <> old.status
       and not pawkeep_has_business_permission(new.business_id, 'bookings.write')
       and not (new.status = 'cancelled'
                and new.household_id = any (pawkeep_my_writable_households()))
       and not (new.status in ('in_progress', 'completed')
                and old.assignee_id = pawkeep_current_user()) then
      raise exception 'not allowed to move a booking to %', new.status
        using errcode = 'insufficient_privilege';
    end if;
  elsif new.status <> 'requested' then
    raise exception 'a booking starts as requested' using errcode = 'check_violation';
  end if;
  if (tg_op = 'INSERT' or new.pet_ids is distinct from old.pet_ids)
     and exists (select 1 from unnest(new.pet_ids) p
                  where not exists (select 1 from pets
                                     where id = p and household_id = new.household_id)) then
    raise exception 'a booked pet belongs to another household'
      using errcode = 'check_violation', constraint = 'booking_pets';
  end if;
  if new.assignee_id is not null
     and (tg_op = 'INSERT' or new.assignee_id is distinct from old.assignee_id) then
    if not pawkeep_has_business_permission(new.business_id, 'bookings.write') then
      raise exception 'only bookings.write assigns' using errcode = 'insufficient_privilege';
    end if;
    if not exists (select 1 from business_staff
                    where business_id = new.business_id and user_id = new.assignee_id) then
      raise exception 'the assignee is not on the staff'
        using errcode = 'check_violation', constraint = 'booking_assignee';
    end if;
  end if;
  return new;
end
$$;
revoke execute on function pawkeep_check_booking() from public;
create trigger bookings_check before insert or update on bookings
  for each row execute function pawkeep_check_booking();

-- Is the household an active client of the business? For every member of the household (only
-- owners read business_clients) and for the business's staff.
create function pawkeep_active_client(p_business uuid, p_household uuid) returns boolean
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select exists (select 1 from business_clients
                  where business_id = p_business and household_id = p_household
                    and status = 'active')
     and (p_household = any (pawkeep_my_households())
          or p_business = any (pawkeep_my_businesses()))
$$;

-- Bookings assigned to the caller whose window is open at the request's time: not cancelled,
-- from the margin before the start until the margin after the end, the household still an active
-- client, and the caller still holding p_permission in the business. The one definition of
-- AUTHZ-5, for policies and for other modules (care log).
create function pawkeep_my_assigned_bookings(p_permission text) returns uuid[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(b.id), '{}')
    from bookings b
    join business_clients c
      on c.business_id = b.business_id and c.household_id = b.household_id
         and c.status = 'active'
    cross join booking_settings s
   where b.assignee_id = pawkeep_current_user()
     and b.status <> 'cancelled'
     and pawkeep_request_time() >= b.starts_at - s.assignment_margin
     and pawkeep_request_time() < b.ends_at + s.assignment_margin
     and p_permission = any (pawkeep_business_permissions(b.business_id))
$$;

-- Businesses the caller's households are active clients of.
create function pawkeep_my_client_businesses() returns uuid[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(distinct business_id), '{}')
    from business_clients
   where status = 'active' and household_id = any (pawkeep_my_households())
$$;

-- Households of those bookings: what assigned staff may see of a household.
create function pawkeep_my_assigned_households(p_permission text) returns uuid[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(distinct b.household_id), '{}')
    from bookings b
   where b.id = any (pawkeep_my_assigned_bookings(p_permission))
$$;

select pawkeep_protect('booking_settings');
select pawkeep_protect('booking_transitions');
select pawkeep_protect('business_services');
select pawkeep_protect('bookings');

create policy everyone_reads on booking_settings for select to ${appRole} using (true);
create policy everyone_reads on booking_transitions for select to ${appRole} using (true);

-- Staff with bookings.read list services; settings.manage writes them. Members of a client
-- household read the services of the businesses they may book.
create policy staff_read on business_services for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('bookings.read')) as uuid[])));
create policy clients_read on business_services for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_client_businesses()) as uuid[])));
create policy settings_managers_write on business_services for all to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                 as uuid[])))
  with check (business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                      as uuid[])));

-- Bookings: the household's members read them; owners and members request them (with a
-- business they are an active client of) and change or cancel them. The business's holders of
-- bookings.write read and manage every booking; other staff read and progress only the bookings
-- assigned to them. The trigger above guards transitions and assignments for every writer.
create policy household_reads on bookings for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));
create policy household_requests on bookings for insert to ${appRole}
  with check (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[]))
              and requested_by = (select pawkeep_current_user())
              and status = 'requested' and assignee_id is null
              and pawkeep_active_client(business_id, household_id));
create policy household_changes on bookings for update to ${appRole}
  using (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[])));
create policy schedulers_manage on bookings for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('bookings.write'))
                                 as uuid[])));
create policy schedulers_update on bookings for update to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('bookings.write'))
                                 as uuid[])))
  with check (business_id = any (cast((select pawkeep_my_businesses_with('bookings.write'))
                                      as uuid[])));
create policy assignees_read on bookings for select to ${appRole}
  using (assignee_id = (select pawkeep_current_user())
         and business_id = any (cast((select pawkeep_my_businesses_with('bookings.read'))
                                     as uuid[])));
create policy assignees_progress on bookings for update to ${appRole}
  using (assignee_id = (select pawkeep_current_user())
         and business_id = any (cast((select pawkeep_my_businesses_with('bookings.read'))
                                     as uuid[])))
  with check (assignee_id = (select pawkeep_current_user()));

grant select on booking_settings, booking_transitions to ${appRole};
grant select, insert, update, delete on business_services to ${appRole};
grant select, insert on bookings to ${appRole};
grant update (pet_ids, starts_at, ends_at, status, assignee_id, notes, cancel_reason,
              updated_at) on bookings to ${appRole};

-- AUTHZ-5: assigned staff read the household's pets, care instructions and data keys (to open
-- medical notes) inside their window, and its access secrets with access.reveal; each reveal is
-- recorded under their own name in the household's reveal log. Select only: nothing is written.
create policy assignees_read on pets for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_assigned_households('bookings.read'))
                                  as uuid[])));
create policy assignees_read on pet_care_instructions for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_assigned_households('bookings.read'))
                                  as uuid[])));
create policy assignees_use on tenant_data_keys for select to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_assigned_households('bookings.read'))
                               as uuid[]))
         or tenant_id = any (cast((select pawkeep_my_assigned_households('access.reveal'))
                                  as uuid[])));
create policy assignees_reveal on access_secrets for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_assigned_households('access.reveal'))
                                  as uuid[])));
create policy assignees_record on access_secret_reveals for insert to ${appRole}
  with check (revealed_by = (select pawkeep_current_user())
              and household_id = any (cast((select pawkeep_my_assigned_households(
                                                       'access.reveal')) as uuid[])));

select pawkeep_expose('pawkeep_active_client(uuid, uuid)', '${appRole}');
select pawkeep_expose('pawkeep_my_client_businesses()', '${appRole}');
select pawkeep_expose('pawkeep_my_assigned_bookings(text)', '${appRole}');
select pawkeep_expose('pawkeep_my_assigned_households(text)', '${appRole}');
