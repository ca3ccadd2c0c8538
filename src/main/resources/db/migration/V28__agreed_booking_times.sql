-- Agreed booking times (AUTHZ-5, DOM-5). A booking's starts_at and ends_at are the times its
-- household agreed to: the times it requested, changed, or accepted from the business. They alone
-- open an assignee's window (pawkeep_my_assigned_bookings, pawkeep_my_care_windows,
-- pawkeep_care_log_windows and pawkeep_business_household_reach read only them, unchanged). The
-- business no longer moves them: its schedulers propose other times (proposed_starts_at,
-- proposed_ends_at), which count for nothing until a writer of the household accepts them.

alter table bookings
  add column proposed_starts_at timestamptz,
  add column proposed_ends_at   timestamptz,
  add constraint booking_proposal_times check (
    (proposed_starts_at is null and proposed_ends_at is null)
    or (proposed_starts_at is not null and proposed_ends_at is not null
        and proposed_ends_at > proposed_starts_at));

-- One staff member is never booked twice at once, counting a pending proposal as well as the agreed
-- times: until the household answers, the assignee may have to be at either, so both stay theirs,
-- and accepting can never double-book them (cancelled bookings free their time).
alter table bookings drop constraint booking_assignee_free;
alter table bookings add constraint booking_assignee_free exclude using gist (
  assignee_id with =,
  (case when proposed_starts_at is null
        then tstzmultirange(tstzrange(starts_at, ends_at, '[)'))
        else tstzmultirange(tstzrange(starts_at, ends_at, '[)'),
                            tstzrange(proposed_starts_at, proposed_ends_at, '[)'))
   end) with &&)
  where (assignee_id is not null and status <> 'cancelled');

-- The trigger of V21__bookings.sql, with two more rules for every writer whatever the policies and
-- column grants let through: only a writer (owner or member) of the booking's household moves its
-- agreed times, and only holders of bookings.write propose times; the household may clear a
-- proposal (accepting or declining it). Both only while the booking is requested or confirmed.
create or replace function pawkeep_check_booking() returns trigger
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

grant update (proposed_starts_at, proposed_ends_at) on bookings to ${appRole};
