-- Bookings (DOM-5) and least privilege by assignment (AUTHZ-5): a household requests a booking of
-- a service with a business that is its active client; the business confirms, assigns and
-- proposes times; only the times the household agreed to open the assignee's window, from a
-- margin before the start to a margin after the end, while the client relationship is active.
-- This file also holds what that window opens on other modules' tables (pets, care instructions,
-- data keys, access secrets and their reveal log), at its end.

-- Is the household an active client of the business? For every member of the household (only
-- owners read business_clients) and for the business's staff. A deleted household (PRIV-2) is
-- nobody's client: here and below it is left out by joining its row (one index probe), not by
-- calling pawkeep_deleted_households() for every row, as in R__40_households.sql.
create or replace function pawkeep_active_client(p_business uuid, p_household uuid)
  returns boolean
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select exists (select 1 from business_clients c join households h on h.id = c.household_id
                  where c.business_id = p_business and c.household_id = p_household
                    and c.status = 'active' and h.deleted_at is null)
     and (p_household = any (pawkeep_my_households())
          or p_business = any (pawkeep_my_businesses()))
$$;
revoke execute on function pawkeep_active_client(uuid, uuid) from public;
grant execute on function pawkeep_active_client(uuid, uuid) to ${appRole};

-- Bookings assigned to the caller whose window is open at the request's time: not cancelled,
-- from the margin before the start until the margin after the end, the household still an active
-- client, and the caller still holding p_permission in the business. The one definition of
-- AUTHZ-5, for policies and for other modules (care log). The time and the margin (whole seconds,
-- from configuration) are read first, so the window bounds the index scan of the caller's
-- bookings and the permission is asked only for bookings inside it, not for every booking the
-- caller was ever assigned.
create or replace function pawkeep_my_assigned_bookings(p_permission text)
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_now timestamptz := pawkeep_request_time();
  v_margin interval := (select assignment_margin from booking_settings);
begin
  return (select coalesce(array_agg(b.id), '{}')
    from bookings b
    join business_clients c
      on c.business_id = b.business_id and c.household_id = b.household_id
         and c.status = 'active'
    join households h on h.id = b.household_id and h.deleted_at is null
   where b.assignee_id = pawkeep_current_user()
     and b.status <> 'cancelled'
     and b.ends_at > v_now - v_margin
     and b.starts_at <= v_now + v_margin
     and p_permission = any (pawkeep_business_permissions(b.business_id)));
end
$$;
revoke execute on function pawkeep_my_assigned_bookings(text) from public;
grant execute on function pawkeep_my_assigned_bookings(text) to ${appRole};

-- Businesses the caller's households are active clients of.
create or replace function pawkeep_my_client_businesses()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select coalesce(array_agg(distinct business_id), '{}')
    from business_clients
   where status = 'active' and household_id = any (pawkeep_my_households())); end$$;
revoke execute on function pawkeep_my_client_businesses() from public;
grant execute on function pawkeep_my_client_businesses() to ${appRole};

-- Households of those bookings: what assigned staff may see of a household.
create or replace function pawkeep_my_assigned_households(p_permission text)
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select coalesce(array_agg(distinct b.household_id), '{}')
    from bookings b
   where b.id = any (pawkeep_my_assigned_bookings(p_permission))); end$$;
revoke execute on function pawkeep_my_assigned_households(text) from public;
grant execute on function pawkeep_my_assigned_households(text) to ${appRole};

-- Refuses invalid transitions, pets of another household, an assignee who is not on the
-- business's staff, and an assignment by anyone without bookings.write, whoever writes the row;
-- and two more rules for every writer whatever the policies and
-- column grants let through: only a writer (owner or member) of the booking's household moves its
-- agreed times, and only holders of bookings.write propose times; the household may clear a
-- proposal (accepting or declining it). Both only while the booking is requested or confirmed.
create or replace function pawkeep_check_booking()
  returns trigger
  language plpgsql volatile security definer
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
    -- AUTHZ-5: the agreed times open the assignee's window, so only the household sets them.
    if (new.starts_at, new.ends_at) is distinct from (old.starts_at, old.ends_at) then
      if not new.household_id = any (pawkeep_my_writable_households()) then
        raise exception 'only the household moves a booking''s agreed times'
          using errcode = 'insufficient_privilege';
      end if;
      if old.status not in ('requested', 'confirmed') then
        raise exception 'only requested or confirmed bookings move'
          using errcode = 'check_violation', constraint = 'booking_times';
      end if;
    end if;
    if (new.proposed_starts_at, new.proposed_ends_at)
       is distinct from (old.proposed_starts_at, old.proposed_ends_at) then
      if new.proposed_starts_at is not null
         and not pawkeep_has_business_permission(new.business_id, 'bookings.write') then
        raise exception 'only bookings.write proposes times'
          using errcode = 'insufficient_privilege';
      end if;
      if new.proposed_starts_at is null
         and not pawkeep_has_business_permission(new.business_id, 'bookings.write')
         and not new.household_id = any (pawkeep_my_writable_households()) then
        raise exception 'only the household or bookings.write clears a proposal'
          using errcode = 'insufficient_privilege';
      end if;
      if new.proposed_starts_at is not null and old.status not in ('requested', 'confirmed') then
        raise exception 'only requested or confirmed bookings move'
          using errcode = 'check_violation', constraint = 'booking_times';
      end if;
    end if;
  elsif new.status <> 'requested' then
    raise exception 'a booking starts as requested' using errcode = 'check_violation';
  elsif new.proposed_starts_at is not null then
    raise exception 'a booking starts with the household''s times'
      using errcode = 'check_violation';
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

-- booking_settings --------------------------------------------------------------------------
alter table booking_settings enable row level security;
alter table booking_settings force row level security;
drop policy if exists schema_owner on booking_settings;
create policy schema_owner on booking_settings to current_user using (true) with check (true);

drop policy if exists everyone_reads on booking_settings;
create policy everyone_reads on booking_settings for select to ${appRole} using (true);

-- booking_transitions -----------------------------------------------------------------------
alter table booking_transitions enable row level security;
alter table booking_transitions force row level security;
drop policy if exists schema_owner on booking_transitions;
create policy schema_owner on booking_transitions to current_user using (true) with check (true);

drop policy if exists everyone_reads on booking_transitions;
create policy everyone_reads on booking_transitions for select to ${appRole} using (true);

-- business_services -------------------------------------------------------------------------
alter table business_services enable row level security;
alter table business_services force row level security;
drop policy if exists schema_owner on business_services;
create policy schema_owner on business_services to current_user using (true) with check (true);

-- Staff with bookings.read list services; settings.manage writes them. Members of a client
-- household read the services of the businesses they may book.
drop policy if exists staff_read on business_services;
create policy staff_read on business_services for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('bookings.read')) as uuid[])));

drop policy if exists clients_read on business_services;
create policy clients_read on business_services for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_client_businesses()) as uuid[])));

drop policy if exists settings_managers_write on business_services;
create policy settings_managers_write on business_services for all to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                 as uuid[])))
  with check (business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                      as uuid[])));

-- bookings ----------------------------------------------------------------------------------
alter table bookings enable row level security;
alter table bookings force row level security;
drop policy if exists schema_owner on bookings;
create policy schema_owner on bookings to current_user using (true) with check (true);

-- A household deleted by an owner (PRIV-2) takes its bookings out of every business's view.
-- Bookings: the household's members read them; owners and members request them (with a
-- business they are an active client of) and change or cancel them. The business's holders of
-- bookings.write read and manage every booking; other staff read and progress only the bookings
-- assigned to them. The trigger above guards transitions and assignments for every writer.
drop policy if exists household_reads on bookings;
create policy household_reads on bookings for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));

drop policy if exists household_requests on bookings;
create policy household_requests on bookings for insert to ${appRole}
  with check (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[]))
              and requested_by = (select pawkeep_current_user())
              and status = 'requested' and assignee_id is null
              and pawkeep_active_client(business_id, household_id));

drop policy if exists household_changes on bookings;
create policy household_changes on bookings for update to ${appRole}
  using (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[])));

-- Staff read in one policy: holders of bookings.write every booking of their businesses, other
-- staff with bookings.read the bookings assigned to them. The assignment is tested first, so a
-- staff member's own page computes one set of businesses (those where they hold bookings.read),
-- not also those where they hold bookings.write; a scheduler's bookings assigned to others compute
-- only the second.
drop policy if exists schedulers_manage on bookings;
drop policy if exists assignees_read on bookings;
drop policy if exists staff_read on bookings;
create policy staff_read on bookings for select to ${appRole}
  using (household_id <> all (cast((select pawkeep_deleted_households()) as uuid[]))
         and ((assignee_id = (select pawkeep_current_user())
               and business_id = any (cast((select pawkeep_my_businesses_with('bookings.read'))
                                           as uuid[])))
              or business_id = any (cast((select pawkeep_my_businesses_with('bookings.write'))
                                         as uuid[]))));

drop policy if exists schedulers_update on bookings;
create policy schedulers_update on bookings for update to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('bookings.write'))
                                 as uuid[]))
         and household_id <> all (cast((select pawkeep_deleted_households()) as uuid[])))
  with check (business_id = any (cast((select pawkeep_my_businesses_with('bookings.write'))
                                      as uuid[])));

drop policy if exists assignees_progress on bookings;
create policy assignees_progress on bookings for update to ${appRole}
  using (assignee_id = (select pawkeep_current_user())
         and business_id = any (cast((select pawkeep_my_businesses_with('bookings.read'))
                                     as uuid[]))
         and household_id <> all (cast((select pawkeep_deleted_households()) as uuid[])))
  with check (assignee_id = (select pawkeep_current_user()));

drop trigger if exists bookings_check on bookings;
create trigger bookings_check before insert or update on bookings
  for each row execute function pawkeep_check_booking();

-- AUTHZ-5 on other modules' tables (their other policies are in R__40_households.sql,
-- R__45_data_keys.sql and R__50_pets.sql): assigned staff read the household's pets, care
-- instructions, address note and data keys (to open medical notes and the note) inside their
-- window, and its access secrets with access.reveal; each reveal is recorded under their own
-- name in the household's reveal log. Select only, but for that record: nothing else is written.
drop policy if exists assignees_read on pets;
create policy assignees_read on pets for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_assigned_households('bookings.read'))
                                  as uuid[])));

drop policy if exists assignees_read on pet_care_instructions;
create policy assignees_read on pet_care_instructions for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_assigned_households('bookings.read'))
                                  as uuid[])));

drop policy if exists assignees_read on household_address_notes;
create policy assignees_read on household_address_notes for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_assigned_households('bookings.read'))
                                  as uuid[])));

drop policy if exists assignees_use on tenant_data_keys;
create policy assignees_use on tenant_data_keys for select to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_assigned_households('bookings.read'))
                               as uuid[]))
         or tenant_id = any (cast((select pawkeep_my_assigned_households('access.reveal'))
                                  as uuid[])));

drop policy if exists assignees_reveal on access_secrets;
create policy assignees_reveal on access_secrets for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_assigned_households('access.reveal'))
                                  as uuid[])));

drop policy if exists assignees_record on access_secret_reveals;
create policy assignees_record on access_secret_reveals for insert to ${appRole}
  with check (revealed_by = (select pawkeep_current_user())
              and household_id = any (cast((select pawkeep_my_assigned_households(
                                                       'access.reveal')) as uuid[])));

-- The names of the businesses a household may book (its active client relationships), for its
-- members choosing a service on the request form: the name only, nothing else of the business,
-- and nothing for anyone outside the household.
create or replace function pawkeep_bookable_business_names(p_household uuid)
  returns table (business_id uuid, name text)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select b.id, b.name
    from business_clients c join businesses b on b.id = c.business_id
   where c.household_id = p_household
     and c.status = 'active'
     and p_household = any (pawkeep_my_households())
$$;
revoke execute on function pawkeep_bookable_business_names(uuid) from public;
grant execute on function pawkeep_bookable_business_names(uuid) to ${appRole};
