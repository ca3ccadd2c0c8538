-- Businesses (DOM-4, AUTHZ-1, AUTHZ-2, AUTHZ-9, AUTH-7, LOG-4): staff with roles and per-member
-- permission overrides, staff invitations, client relationships with households, API keys and the
-- access review. Roles are templates of permissions in tables the functions here read on every
-- statement: nothing is cached in tokens, so a role or permission change holds from the member's
-- very next request.

-- The one definition of a member's permissions (AUTHZ-1, AUTHZ-2): the role's template, plus
-- granted overrides, minus revoked ones, never a sensitive permission for a role that may not hold
-- one; with p_second_factor, none at all for a role that needs a second factor in a business that
-- requires it when the current session was not opened with one (AUTH-4). pawkeep_staff_permissions
-- is the sum without the session (a key's creator, the access review). Security invoker: called by
-- the application role it sees only what row-level security lets it see. An owner holds every
-- permission whatever the overrides say (AUTHZ-9): overrides never reduce an owner. PL/pgSQL, not
-- SQL, so that its plan is kept for the session: a SQL function with
-- settings is parsed and planned again each time a statement calls it, and every policy and
-- permission check calls this one.
create or replace function pawkeep_member_permissions(p_business uuid, p_user uuid,
                                                      p_second_factor boolean)
  returns text[]
  language plpgsql stable
  set search_path = pg_catalog, public, pg_temp
as $$begin return (
  select coalesce(array_agg(p.name order by p.name), '{}')
    from business_staff s
    join business_roles r on r.name = s.role
    join business_permissions p on r.sensitive_allowed or not p.sensitive
    left join business_staff_permissions o
      on o.business_id = s.business_id and o.user_id = s.user_id and o.permission = p.name
   where s.business_id = p_business and s.user_id = p_user
     -- The second factor (AUTH-4), with the member's row read once: asked in the order written,
     -- so the business is read only for a role that needs one, and the session only when the
     -- business requires it.
     and (not p_second_factor
          or not r.needs_second_factor
          or not exists (select 1 from businesses b
                          where b.id = s.business_id and b.require_second_factor)
          or pawkeep_session_mfa())
     and (s.role = 'owner'
          or coalesce(o.granted,
                      exists (select 1 from business_role_permissions rp
                               where rp.role = s.role and rp.permission = p.name)))); end$$;
revoke execute on function pawkeep_member_permissions(uuid, uuid, boolean) from public;
-- Without the session it is pawkeep_staff_permissions, which the application role may call.
grant execute on function pawkeep_member_permissions(uuid, uuid, boolean) to ${appRole};

create or replace function pawkeep_staff_permissions(p_business uuid, p_user uuid)
  returns text[]
  language plpgsql stable
  set search_path = pg_catalog, public, pg_temp
as $$begin return pawkeep_member_permissions(p_business, p_user, false); end$$;
revoke execute on function pawkeep_staff_permissions(uuid, uuid) from public;
grant execute on function pawkeep_staff_permissions(uuid, uuid) to ${appRole};

-- What a role carries after overrides: its template plus grants minus revokes, never a sensitive
-- permission for a role that may not hold one; an owner carries every permission, whatever the
-- overrides say. The same sum as pawkeep_staff_permissions, for a role not yet given.
create or replace function pawkeep_role_permissions(p_role text, p_grants text[], p_revokes text[])
  returns text[]
  language sql stable
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(p.name order by p.name), '{}')
    from business_roles r
    join business_permissions p on r.sensitive_allowed or not p.sensitive
   where r.name = p_role
     and (r.name = 'owner'
          or ((p.name = any (coalesce(p_grants, '{}'))
               or exists (select 1 from business_role_permissions rp
                           where rp.role = r.name and rp.permission = p.name))
              and not p.name = any (coalesce(p_revokes, '{}'))))
$$;
revoke execute on function pawkeep_role_permissions(text, text[], text[]) from public;
grant execute on function pawkeep_role_permissions(text, text[], text[]) to ${appRole};

-- Businesses the caller belongs to: a key belongs to its own business only.
create or replace function pawkeep_my_businesses()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select case
           when pawkeep_current_api_key() is not null then
             coalesce((select array[k.business_id] from api_keys k
                        where k.id = pawkeep_current_api_key()
                          and k.business_id = pawkeep_api_key_business()
                          and k.revoked_at is null), '{}')
           else coalesce((select array_agg(business_id) from business_staff
                           where user_id = pawkeep_current_user()), '{}')
         end); end$$;
revoke execute on function pawkeep_my_businesses() from public;
grant execute on function pawkeep_my_businesses() to ${appRole};

-- The caller's effective permissions in a business. For a key: its scope intersected with its
-- creator's current permissions, in its own business only. For a user: the role's template after
-- overrides, and none at all for an owner or manager whose business requires a second factor
-- the current session was not opened with (AUTH-4).
create or replace function pawkeep_business_permissions(p_business uuid)
  returns text[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_user uuid := pawkeep_current_user();
begin
  -- Step by step, each step a plan kept for the session, and the member's sum called as a plain
  -- expression: a policy may call this several times in one request.
  if pawkeep_current_api_key() is not null then
    return coalesce((select array_agg(p order by p)
                       from api_keys k
                       cross join unnest(pawkeep_staff_permissions(k.business_id, k.created_by)) p
                      where k.id = pawkeep_current_api_key()
                        and k.business_id = p_business
                        and k.business_id = pawkeep_api_key_business()
                        and k.revoked_at is null
                        and p = any (k.scope)), '{}');
  end if;
  if v_user is null then
    return '{}';
  end if;
  -- The second factor and the sum in one query, the member's row read once.
  return pawkeep_member_permissions(p_business, v_user, true);
end
$$;
revoke execute on function pawkeep_business_permissions(uuid) from public;
grant execute on function pawkeep_business_permissions(uuid) to ${appRole};

-- Does the caller hold the permission in the business?
create or replace function pawkeep_has_business_permission(p_business uuid, p_permission text)
  returns boolean
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select p_permission = any (pawkeep_business_permissions(p_business))); end$$;
revoke execute on function pawkeep_has_business_permission(uuid, text) from public;
grant execute on function pawkeep_has_business_permission(uuid, text) to ${appRole};

-- Businesses where the caller holds a permission, read once per statement by the policies; for a
-- key, its own business only.
create or replace function pawkeep_my_businesses_with(p_permission text)
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select case
           when pawkeep_current_api_key() is not null then
             coalesce((select array[k.business_id] from api_keys k
                        where k.id = pawkeep_current_api_key()
                          and p_permission = any (pawkeep_business_permissions(k.business_id))),
                      '{}')
           else coalesce((select array_agg(s.business_id) from business_staff s
                           where s.user_id = pawkeep_current_user()
                             and p_permission = any (pawkeep_business_permissions(s.business_id))),
                         '{}')
         end); end$$;
revoke execute on function pawkeep_my_businesses_with(text) from public;
grant execute on function pawkeep_my_businesses_with(text) to ${appRole};

-- Businesses the caller owns, acting with every permission (second factor included).
create or replace function pawkeep_my_owned_businesses()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select coalesce(array_agg(s.business_id), '{}')
    from business_staff s
   where s.user_id = pawkeep_current_user() and s.role = 'owner'
     and 'staff.manage' = any (pawkeep_business_permissions(s.business_id))); end$$;
revoke execute on function pawkeep_my_owned_businesses() from public;
grant execute on function pawkeep_my_owned_businesses() to ${appRole};

-- May the caller give this role, with these overrides, in the business? Owners give any role;
-- anyone else only a role other than owner whose permissions they all hold now.
create or replace function pawkeep_can_give_role(p_business uuid, p_role text, p_grants text[],
                                                 p_revokes text[])
  returns boolean
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  return p_business = any (pawkeep_my_owned_businesses())
         or (p_role <> 'owner'
             and pawkeep_role_permissions(p_role, p_grants, p_revokes)
                 <@ pawkeep_business_permissions(p_business));
end
$$;
revoke execute on function pawkeep_can_give_role(uuid, text, text[], text[]) from public;
grant execute on function pawkeep_can_give_role(uuid, text, text[], text[]) to ${appRole};

-- The creator becomes the first owner of a business that has no staff yet.
create or replace function pawkeep_join_new_business(p_business uuid, p_now timestamptz)
  returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if not exists (select 1 from businesses
                  where id = p_business and created_by = pawkeep_current_user())
     or exists (select 1 from business_staff where business_id = p_business) then
    return false;
  end if;
  insert into business_staff (business_id, user_id, role, joined_at)
  values (p_business, pawkeep_current_user(), 'owner', p_now);
  return true;
end
$$;
revoke execute on function pawkeep_join_new_business(uuid, timestamptz) from public;
grant execute on function pawkeep_join_new_business(uuid, timestamptz) to ${appRole};

-- Accepting a staff invitation: the signed-in caller joins with the invite's role and overrides,
-- and the invitation's creator must still be able to give its role with its overrides, judged now
-- (an owner; or, for a role other than owner, a member who holds every permission it carries), so an invitation made before its creator was
-- demoted or removed gives nothing. Answers null for any invitation that cannot be accepted. An
-- invitation expires by the later of the request's time and the database's own clock, so a time
-- passed by hand cannot revive an expired one.
create or replace function pawkeep_accept_staff_invite(p_token_hash bytea, p_now timestamptz)
  returns uuid
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_invite business_staff_invites%rowtype;
  v_creator_role text;
begin
  if pawkeep_current_user() is null then
    return null;
  end if;
  select * into v_invite from business_staff_invites
   where token_hash = p_token_hash and accepted_at is null and revoked_at is null
     and expires_at > greatest(p_now, now())
   for update;
  if not found or exists (select 1 from business_staff
                           where business_id = v_invite.business_id
                             and user_id = pawkeep_current_user()) then
    return null;
  end if;
  -- A deactivated creator gives nothing, as a deactivated creator's API keys do nothing.
  select s.role into v_creator_role from business_staff s
    join users u on u.id = s.user_id and u.deactivated_at is null
   where s.business_id = v_invite.business_id and s.user_id = v_invite.created_by
   for share of s;
  if v_creator_role is distinct from 'owner'
     and (v_creator_role is null or v_invite.role = 'owner'
          or not pawkeep_role_permissions(v_invite.role, v_invite.grants, v_invite.revokes)
                 <@ pawkeep_staff_permissions(v_invite.business_id, v_invite.created_by)) then
    return null;
  end if;
  update business_staff_invites set accepted_by = pawkeep_current_user(), accepted_at = p_now
   where id = v_invite.id;
  insert into business_staff (business_id, user_id, role, joined_at)
  values (v_invite.business_id, pawkeep_current_user(), v_invite.role, p_now);
  insert into business_staff_permissions (business_id, user_id, permission, granted)
  select v_invite.business_id, pawkeep_current_user(), g, true from unnest(v_invite.grants) g
   where v_invite.role <> 'owner'
  union all
  select v_invite.business_id, pawkeep_current_user(), r, false from unnest(v_invite.revokes) r
   where v_invite.role <> 'owner';
  return v_invite.business_id;
end
$$;
revoke execute on function pawkeep_accept_staff_invite(bytea, timestamptz) from public;
grant execute on function pawkeep_accept_staff_invite(bytea, timestamptz) to ${appRole};

-- Names of a business's staff, for its staff managers only.
create or replace function pawkeep_business_people(p_business uuid)
  returns table (user_id uuid, display_name text, email text)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select u.id, u.display_name, u.email
    from business_staff s join users u on u.id = s.user_id
   where s.business_id = p_business
     and pawkeep_has_business_permission(p_business, 'staff.manage')
$$;
revoke execute on function pawkeep_business_people(uuid) from public;
grant execute on function pawkeep_business_people(uuid) to ${appRole};

-- A business asks for access to a household. Does nothing, and says nothing, when the household
-- does not exist or the relationship is already pending or active: the answer is the same.
create or replace function pawkeep_request_business_client(p_business uuid, p_household uuid,
                                                           p_now timestamptz)
  returns void
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if not pawkeep_has_business_permission(p_business, 'clients.read')
     or not exists (select 1 from households where id = p_household and deleted_at is null) then
    return;
  end if;
  insert into business_clients (business_id, household_id, status, requested_at, requested_by)
  values (p_business, p_household, 'pending', p_now, pawkeep_current_user())
  on conflict (business_id, household_id) do update
     set status = 'pending', requested_at = excluded.requested_at,
         requested_by = excluded.requested_by
   where business_clients.status = 'revoked';
end
$$;
revoke execute on function pawkeep_request_business_client(uuid, uuid, timestamptz) from public;
grant execute on function pawkeep_request_business_client(uuid, uuid, timestamptz) to ${appRole};

-- A household's owner grants a business access (accepting its request, or directly). False when
-- the caller does not own the household or the business does not exist.
create or replace function pawkeep_grant_business_client(p_household uuid, p_business uuid,
                                                         p_now timestamptz)
  returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if not (p_household = any (pawkeep_my_owned_households()))
     or not exists (select 1 from businesses where id = p_business) then
    return false;
  end if;
  insert into business_clients (business_id, household_id, status, granted_at, granted_by)
  values (p_business, p_household, 'active', p_now, pawkeep_current_user())
  on conflict (business_id, household_id) do update
     set status = 'active', granted_at = excluded.granted_at, granted_by = excluded.granted_by,
         revoked_at = null, revoked_by = null
   where business_clients.status <> 'active';
  return true;
end
$$;
revoke execute on function pawkeep_grant_business_client(uuid, uuid, timestamptz) from public;
grant execute on function pawkeep_grant_business_client(uuid, uuid, timestamptz) to ${appRole};

-- The businesses that can see (active) or ask to see (pending) a household, for its owners.
create or replace function pawkeep_household_businesses(p_household uuid)
  returns table (business_id uuid, kind text, name text, status text, requested_at timestamptz,
                 granted_at timestamptz)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select b.id, b.kind, b.name, c.status, c.requested_at, c.granted_at
    from business_clients c join businesses b on b.id = c.business_id
   where c.household_id = p_household
     and c.status in ('pending', 'active')
     and p_household = any (pawkeep_my_owned_households())
   order by b.name, b.id
$$;
revoke execute on function pawkeep_household_businesses(uuid) from public;
grant execute on function pawkeep_household_businesses(uuid) to ${appRole};

-- A business's active client households, id and name only, for holders of clients.read.
create or replace function pawkeep_business_client_households(p_business uuid)
  returns table (household_id uuid, name text, granted_at timestamptz)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select h.id, h.name, c.granted_at
    from business_clients c join households h on h.id = c.household_id
   where c.business_id = p_business
     and c.status = 'active' and h.deleted_at is null
     and pawkeep_has_business_permission(p_business, 'clients.read')
   order by h.name, h.id
$$;
revoke execute on function pawkeep_business_client_households(uuid) from public;
grant execute on function pawkeep_business_client_households(uuid) to ${appRole};

-- The names one page of a business's schedule shows, for the ids on that page only, so the page
-- costs the same whatever the size of the business: its services' kinds and names for holders of
-- bookings.read, as staff read them from business_services; its people's display names for holders
-- of staff.manage, as pawkeep_business_people shows them; and its active client households' names
-- for holders of clients.read, as pawkeep_business_client_households shows them (a household that
-- revoked the business, or was deleted, has no name here). Nothing for anyone else, nor for ids of
-- another business. One permission check for all three.
drop function if exists pawkeep_business_names(uuid, uuid[], uuid[]);
create or replace function pawkeep_business_names(p_business uuid, p_services uuid[],
                                                  p_people uuid[], p_households uuid[])
  returns table (kind text, id uuid, name text, service_kind text)
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
#variable_conflict use_column
declare
  v_permissions text[] := pawkeep_business_permissions(p_business);
begin
  if 'bookings.read' = any (v_permissions) then
    return query
      select 'service', s.id, s.name, s.kind
        from business_services s
       where s.business_id = p_business and s.id = any (p_services);
  end if;
  if 'staff.manage' = any (v_permissions) then
    return query
      select 'person', u.id, u.display_name, null::text
        from business_staff s join users u on u.id = s.user_id
       where s.business_id = p_business and s.user_id = any (p_people);
  end if;
  if 'clients.read' = any (v_permissions) then
    return query
      select 'household', h.id, h.name, null::text
        from business_clients c join households h on h.id = c.household_id
       where c.business_id = p_business and c.household_id = any (p_households)
         and c.status = 'active' and h.deleted_at is null;
  end if;
end
$$;
revoke execute on function pawkeep_business_names(uuid, uuid[], uuid[], uuid[]) from public;
grant execute on function pawkeep_business_names(uuid, uuid[], uuid[], uuid[]) to ${appRole};

-- A role change, as it happens: members who are not owners never change their own role, and an
-- owner holds every permission, so a new owner starts without overrides.
create or replace function pawkeep_check_staff_role_change()
  returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if new.user_id = pawkeep_current_user() and old.role <> 'owner' then
    raise exception 'only owners change their own role' using errcode = 'insufficient_privilege';
  end if;
  if new.role = 'owner' then
    delete from business_staff_permissions
     where business_id = new.business_id and user_id = new.user_id;
  end if;
  return new;
end
$$;
revoke execute on function pawkeep_check_staff_role_change() from public;

-- A role change, at commit: the member's role with the overrides the same transaction gave it
-- must be within what its maker holds (or its maker owns the business). Judged at commit so a
-- change may replace a member's overrides after their role, in any order.
create or replace function pawkeep_check_staff_role_given()
  returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if not (new.business_id = any (pawkeep_my_owned_businesses())
          or pawkeep_staff_permissions(new.business_id, new.user_id)
             <@ pawkeep_business_permissions(new.business_id)) then
    raise exception 'a role may be given only by someone who holds every permission it carries'
      using errcode = 'insufficient_privilege';
  end if;
  return null;
end
$$;
revoke execute on function pawkeep_check_staff_role_given() from public;

-- Overrides: never on an owner; and whatever a write gives a member (a grant, or dropping a revoke
-- of a permission their role carries) only someone who holds it may give. Revoking is always
-- allowed to staff managers: it gives nothing.
create or replace function pawkeep_check_staff_override()
  returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_row business_staff_permissions%rowtype;
  v_role text;
  v_gives boolean;
begin
  v_row := case when tg_op = 'DELETE' then old else new end;
  select role into v_role from business_staff
   where business_id = v_row.business_id and user_id = v_row.user_id;
  if tg_op <> 'DELETE' and v_role = 'owner' then
    raise exception 'an owner holds every permission; overrides do not apply to owners'
      using errcode = 'insufficient_privilege';
  end if;
  v_gives := case tg_op
               when 'INSERT' then new.granted
               when 'UPDATE' then new.granted and not old.granted
               else not old.granted
                    and old.permission = any (pawkeep_role_permissions(v_role, '{}', '{}'))
             end;
  if v_gives and not v_row.permission = any (pawkeep_business_permissions(v_row.business_id)) then
    raise exception 'a permission may be given only by someone who holds it'
      using errcode = 'insufficient_privilege';
  end if;
  return v_row;
end
$$;
revoke execute on function pawkeep_check_staff_override() from public;

-- Access review (LOG-4) counts every way staff reach a client household: permissions held by role
-- or override (client list, clinical record) and assignments to its bookings (AUTHZ-5), listed
-- from assignment until the booking's window closes, with the permissions the window opens.
-- Deleted households (PRIV-2) are reached by nobody: left out by joining their row.
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
    join households d on d.id = c.household_id and d.deleted_at is null
    left join business_staff_permissions o
      on o.business_id = p_business and o.user_id = h.user_id and o.permission = h.permission
   where h.permission in ('clients.read', 'medical.read', 'medical.write')
  union
  select h.user_id, b.household_id, h.permission, 'booking'
    from bookings b
    join business_clients c
      on c.business_id = b.business_id and c.household_id = b.household_id
         and c.status = 'active'
    join households d on d.id = c.household_id and d.deleted_at is null
    join held h on h.user_id = b.assignee_id
    cross join booking_settings st
   where b.business_id = p_business
     and b.status <> 'cancelled'
     and b.ends_at + st.assignment_margin > pawkeep_request_time()
     and h.permission in ('bookings.read', 'access.reveal', 'care.log')
$$;
revoke execute on function pawkeep_business_household_reach(uuid) from public;

-- Each staff member with role, effective permissions, overrides and the households they reach;
-- for holders of audit.read and owners. One statement.
create or replace function pawkeep_business_access_review(p_business uuid)
  returns table (user_id uuid, display_name text, email text, role text, joined_at timestamptz,
                 permissions text[], granted text[], revoked text[], households jsonb)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  with reach as (select * from pawkeep_business_household_reach(p_business))
  select s.user_id, u.display_name, u.email, s.role, s.joined_at,
         pawkeep_staff_permissions(s.business_id, s.user_id),
         array(select o.permission from business_staff_permissions o
                where o.business_id = s.business_id and o.user_id = s.user_id and o.granted
                order by o.permission),
         array(select o.permission from business_staff_permissions o
                where o.business_id = s.business_id and o.user_id = s.user_id and not o.granted
                order by o.permission),
         coalesce((select jsonb_agg(jsonb_build_object('householdId', r.household_id,
                                                       'name', h.name,
                                                       'permission', r.permission,
                                                       'via', r.via)
                                    order by h.name, r.household_id, r.permission)
                     from reach r join households h on h.id = r.household_id
                    where r.user_id = s.user_id), '[]'::jsonb)
    from business_staff s join users u on u.id = s.user_id
   where s.business_id = p_business
     and (pawkeep_has_business_permission(p_business, 'audit.read')
          or p_business = any (pawkeep_my_owned_businesses()))
   order by s.role, u.display_name, s.user_id
$$;
revoke execute on function pawkeep_business_access_review(uuid) from public;
grant execute on function pawkeep_business_access_review(uuid) to ${appRole};

-- The business's live API keys with what they can do now (scope within their creator's current
-- permissions), for the same readers.
create or replace function pawkeep_business_access_review_keys(p_business uuid)
  returns table (id uuid, name text, scope text[], permissions text[], created_by uuid, creator text,
                 created_at timestamptz, expires_at timestamptz, last_used_at timestamptz)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select k.id, k.name, k.scope,
         array(select p from unnest(pawkeep_staff_permissions(k.business_id, k.created_by)) p
                where p = any (k.scope) order by p),
         k.created_by, u.display_name, k.created_at, k.expires_at, k.last_used_at
    from api_keys k join users u on u.id = k.created_by
   where k.business_id = p_business
     and k.revoked_at is null
     and (k.expires_at is null or k.expires_at > pawkeep_request_time())
     and (pawkeep_has_business_permission(p_business, 'audit.read')
          or p_business = any (pawkeep_my_owned_businesses()))
   order by k.created_at, k.id
$$;
revoke execute on function pawkeep_business_access_review_keys(uuid) from public;
grant execute on function pawkeep_business_access_review_keys(uuid) to ${appRole};

-- Who can see a household, for its owners: its people with roles and sitting windows ...
create or replace function pawkeep_household_access_review_people(p_household uuid)
  returns table (user_id uuid, display_name text, email text, role text, joined_at timestamptz,
                 sitting_from timestamptz, sitting_until timestamptz)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select m.user_id, u.display_name, u.email, m.role, m.joined_at, m.sitting_from,
         m.sitting_until
    from household_members m join users u on u.id = m.user_id
   where m.household_id = p_household
     and p_household = any (pawkeep_my_owned_households())
   order by m.role, u.display_name, m.user_id
$$;
revoke execute on function pawkeep_household_access_review_people(uuid) from public;
grant execute on function pawkeep_household_access_review_people(uuid) to ${appRole};

-- ... and the businesses with an active relationship, with the staff who reach it and why.
create or replace function pawkeep_household_access_review_businesses(p_household uuid)
  returns table (business_id uuid, kind text, name text, granted_at timestamptz, staff jsonb)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select b.id, b.kind, b.name, c.granted_at,
         coalesce((select jsonb_agg(jsonb_build_object('userId', x.user_id,
                                                       'displayName', u.display_name,
                                                       'role', s.role,
                                                       'permissions', x.permissions,
                                                       'via', x.via)
                                    order by u.display_name, x.user_id)
                     from (select r.user_id,
                                  array_agg(distinct r.permission) as permissions,
                                  array_agg(distinct r.via) as via
                             from pawkeep_business_household_reach(b.id) r
                            where r.household_id = p_household
                            group by r.user_id) x
                     join business_staff s on s.business_id = b.id and s.user_id = x.user_id
                     join users u on u.id = x.user_id), '[]'::jsonb)
    from business_clients c join businesses b on b.id = c.business_id
   where c.household_id = p_household and c.status = 'active'
     and p_household = any (pawkeep_my_owned_households())
   order by b.name, b.id
$$;
revoke execute on function pawkeep_household_access_review_businesses(uuid) from public;
grant execute on function pawkeep_household_access_review_businesses(uuid) to ${appRole};

-- business_permissions ----------------------------------------------------------------------
alter table business_permissions enable row level security;
alter table business_permissions force row level security;
drop policy if exists schema_owner on business_permissions;
create policy schema_owner on business_permissions to current_user using (true) with check (true);

-- The catalogue and the templates are public knowledge and read-only for the application.
drop policy if exists everyone_reads on business_permissions;
create policy everyone_reads on business_permissions for select to ${appRole} using (true);

-- business_roles ----------------------------------------------------------------------------
alter table business_roles enable row level security;
alter table business_roles force row level security;
drop policy if exists schema_owner on business_roles;
create policy schema_owner on business_roles to current_user using (true) with check (true);

drop policy if exists everyone_reads on business_roles;
create policy everyone_reads on business_roles for select to ${appRole} using (true);

-- business_role_permissions -----------------------------------------------------------------
alter table business_role_permissions enable row level security;
alter table business_role_permissions force row level security;
drop policy if exists schema_owner on business_role_permissions;
create policy schema_owner on business_role_permissions to current_user using (true) with check (true);

drop policy if exists everyone_reads on business_role_permissions;
create policy everyone_reads on business_role_permissions for select to ${appRole} using (true);

-- businesses --------------------------------------------------------------------------------
alter table businesses enable row level security;
alter table businesses force row level security;
drop policy if exists schema_owner on businesses;
create policy schema_owner on businesses to current_user using (true) with check (true);

drop policy if exists staff_read on businesses;
create policy staff_read on businesses for select to ${appRole}
  using (id = any (cast((select pawkeep_my_businesses()) as uuid[])));

-- A new business is inserted by its creator, who then joins it as its first owner.
drop policy if exists creator_inserts on businesses;
create policy creator_inserts on businesses for insert to ${appRole}
  with check (created_by = (select pawkeep_current_user()));

drop policy if exists settings_managers_update on businesses;
create policy settings_managers_update on businesses for update to ${appRole}
  using (id = any (cast((select pawkeep_my_businesses_with('settings.manage')) as uuid[])))
  with check (id = any (cast((select pawkeep_my_businesses_with('settings.manage')) as uuid[])));

-- business_staff ----------------------------------------------------------------------------
alter table business_staff enable row level security;
alter table business_staff force row level security;
drop policy if exists schema_owner on business_staff;
create policy schema_owner on business_staff to current_user using (true) with check (true);

-- Members read their own row; staff managers read and change everyone's, but only owners touch
-- owners' rows or make owners. One policy for both reads, the member's own row tested first: a
-- member's own row (every membership check) is then shown without computing which businesses the
-- member manages staff in. Their writes are three policies, one a command, not one for all: a
-- policy for all applies to reads too, where it would compute those businesses again for rows the
-- read policy shows already.
drop policy if exists own_row on business_staff;
drop policy if exists staff_managers_read on business_staff;
drop policy if exists members_read on business_staff;
create policy members_read on business_staff for select to ${appRole}
  using (user_id = (select pawkeep_current_user())
         or business_id = any (cast((select pawkeep_my_businesses_with('staff.manage'))
                                    as uuid[])));

drop policy if exists staff_managers_write on business_staff;
drop policy if exists staff_managers_add on business_staff;
create policy staff_managers_add on business_staff for insert to ${appRole}
  with check (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage'))
                                      as uuid[]))
              and (role <> 'owner'
                   or business_id = any (cast((select pawkeep_my_owned_businesses()) as uuid[]))));

drop policy if exists staff_managers_change on business_staff;
create policy staff_managers_change on business_staff for update to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage')) as uuid[]))
         and (role <> 'owner'
              or business_id = any (cast((select pawkeep_my_owned_businesses()) as uuid[]))))
  with check (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage'))
                                      as uuid[]))
              and (role <> 'owner'
                   or business_id = any (cast((select pawkeep_my_owned_businesses()) as uuid[]))));

drop policy if exists staff_managers_remove on business_staff;
create policy staff_managers_remove on business_staff for delete to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage')) as uuid[]))
         and (role <> 'owner'
              or business_id = any (cast((select pawkeep_my_owned_businesses()) as uuid[]))));

drop policy if exists member_leaves on business_staff;
create policy member_leaves on business_staff for delete to ${appRole}
  using (user_id = (select pawkeep_current_user()));

drop trigger if exists business_staff_role_change on business_staff;
create trigger business_staff_role_change before update of role on business_staff
  for each row when (old.role is distinct from new.role and current_user = '${appRole}')
  execute function pawkeep_check_staff_role_change();

drop trigger if exists business_staff_role_given on business_staff;
create constraint trigger business_staff_role_given after update of role on business_staff
  deferrable initially deferred
  for each row when (old.role is distinct from new.role and current_user = '${appRole}')
  execute function pawkeep_check_staff_role_given();

-- business_staff_permissions ----------------------------------------------------------------
alter table business_staff_permissions enable row level security;
alter table business_staff_permissions force row level security;
drop policy if exists schema_owner on business_staff_permissions;
create policy schema_owner on business_staff_permissions to current_user using (true) with check (true);

drop policy if exists own_overrides on business_staff_permissions;
create policy own_overrides on business_staff_permissions for select to ${appRole}
  using (user_id = (select pawkeep_current_user()));

drop policy if exists staff_managers on business_staff_permissions;
create policy staff_managers on business_staff_permissions for all to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage')) as uuid[])))
  with check (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage'))
                                      as uuid[])));

drop policy if exists member_leaves on business_staff_permissions;
create policy member_leaves on business_staff_permissions for delete to ${appRole}
  using (user_id = (select pawkeep_current_user()));

drop trigger if exists business_staff_permissions_given on business_staff_permissions;
create trigger business_staff_permissions_given
  before insert or update or delete on business_staff_permissions
  for each row when (current_user = '${appRole}')
  execute function pawkeep_check_staff_override();

-- business_staff_invites --------------------------------------------------------------------
alter table business_staff_invites enable row level security;
alter table business_staff_invites force row level security;
drop policy if exists schema_owner on business_staff_invites;
create policy schema_owner on business_staff_invites to current_user using (true) with check (true);

drop policy if exists staff_managers_read on business_staff_invites;
create policy staff_managers_read on business_staff_invites for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage')) as uuid[])));

drop policy if exists staff_managers_invite on business_staff_invites;
create policy staff_managers_invite on business_staff_invites for insert to ${appRole}
  with check (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage'))
                                      as uuid[]))
              and created_by = (select pawkeep_current_user())
              and accepted_by is null and accepted_at is null and revoked_at is null
              and pawkeep_can_give_role(business_id, role, grants, revokes));

drop policy if exists staff_managers_revoke on business_staff_invites;
create policy staff_managers_revoke on business_staff_invites for update to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage')) as uuid[])))
  with check (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage'))
                                      as uuid[]))
              and revoked_at is not null);

-- business_clients --------------------------------------------------------------------------
alter table business_clients enable row level security;
alter table business_clients force row level security;
drop policy if exists schema_owner on business_clients;
create policy schema_owner on business_clients to current_user using (true) with check (true);

-- The business side reads its relationships; the household's owners read and answer them.
-- Rows are created only by the functions above, so a business cannot learn whether a household
-- id exists.
drop policy if exists business_reads on business_clients;
create policy business_reads on business_clients for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('clients.read')) as uuid[]))
         and household_id <> all (cast((select pawkeep_deleted_households()) as uuid[])));

drop policy if exists household_owners_read on business_clients;
create policy household_owners_read on business_clients for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

drop policy if exists household_owners_answer on business_clients;
create policy household_owners_answer on business_clients for update to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

-- api_keys ----------------------------------------------------------------------------------
alter table api_keys enable row level security;
alter table api_keys force row level security;
drop policy if exists schema_owner on api_keys;
create policy schema_owner on api_keys to current_user using (true) with check (true);

-- On audit_events (its other policies are in R__30_audit.sql; partitioned by month since V49, the
-- policy applies to every query through the parent):
-- Holders of audit.read read their business's audit chain.
drop policy if exists business_auditors_read on audit_events;
create policy business_auditors_read on audit_events for select to ${appRole}
  using (chain_id = any (cast((select pawkeep_my_businesses_with('audit.read')) as uuid[])));

-- Holders of settings.manage, signed in as themselves (never through a key), list, create and
-- revoke their business's keys. A key's scope never exceeds what its creator holds.
drop policy if exists key_managers_read on api_keys;
create policy key_managers_read on api_keys for select to ${appRole}
  using (pawkeep_current_user() is not null
         and business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                     as uuid[])));

drop policy if exists key_managers_create on api_keys;
create policy key_managers_create on api_keys for insert to ${appRole}
  with check (pawkeep_current_user() is not null
              and created_by = (select pawkeep_current_user())
              and business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                          as uuid[]))
              and scope <@ pawkeep_business_permissions(business_id)
              and last_used_at is null and revoked_at is null);

drop policy if exists key_managers_revoke on api_keys;
create policy key_managers_revoke on api_keys for update to ${appRole}
  using (pawkeep_current_user() is not null
         and business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                     as uuid[])))
  with check (revoked_by = (select pawkeep_current_user()));
