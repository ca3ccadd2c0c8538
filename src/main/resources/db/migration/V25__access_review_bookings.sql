-- Access review (LOG-4) counts every way staff reach a client household: permissions held by role
-- or override (client list, clinical record) and assignments to its bookings (AUTHZ-5), listed
-- from assignment until the booking's window closes, with the permissions the window opens.
create or replace function pawkeep_business_household_reach(p_business uuid)
  returns table (user_id uuid, household_id uuid, permission text, via text)
  language sql stable
  set search_path = pg_catalog, public, pg_temp
as $$
  with held as (
    select s.user_id, p.permission
      from business_staff s
     cross join unnest(pawkeep_staff_permissions(s.business_id, s.user_id)) as p(permission)
     where s.business_id = p_business)
  select h.user_id, c.household_id, h.permission,
         case when o.granted then 'override' else 'role' end
    from held h
    join business_clients c on c.business_id = p_business and c.status = 'active'
    left join business_staff_permissions o
      on o.business_id = p_business and o.user_id = h.user_id and o.permission = h.permission
   where h.permission in ('clients.read', 'medical.read', 'medical.write')
  union
  select h.user_id, b.household_id, h.permission, 'booking'
    from bookings b
    join business_clients c
      on c.business_id = b.business_id and c.household_id = b.household_id
         and c.status = 'active'
    join held h on h.user_id = b.assignee_id
    cross join booking_settings st
   where b.business_id = p_business
     and b.status <> 'cancelled'
     and b.ends_at + st.assignment_margin > pawkeep_request_time()
     and h.permission in ('bookings.read', 'access.reveal', 'care.log')
$$;
revoke execute on function pawkeep_business_household_reach(uuid) from public;
