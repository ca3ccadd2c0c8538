-- Nobody grants what they do not hold (AUTHZ-9), in the database: a role is a grant of every
-- permission its template carries after overrides, so an invitation or a role change may give only
-- a role whose permissions its maker holds, judged again when an invitation is accepted; only
-- owners make owners; and an owner's permissions are never reduced by overrides (owners change
-- only by a role change, which only owners make). The application role's own statements are bound
-- by these rules; the owner role's functions (joining, accepting) check for themselves.

-- A member's permissions, as in V20, except that an owner holds every permission whatever the
-- overrides say: overrides never reduce an owner, including any a manager placed on an owner
-- before this migration (those are deleted below too).
create or replace function pawkeep_staff_permissions(p_business uuid, p_user uuid) returns text[]
  language sql stable
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(p.name order by p.name), '{}')
    from business_staff s
    join business_roles r on r.name = s.role
    join business_permissions p on r.sensitive_allowed or not p.sensitive
    left join business_staff_permissions o
      on o.business_id = s.business_id and o.user_id = s.user_id and o.permission = p.name
   where s.business_id = p_business and s.user_id = p_user
     and (s.role = 'owner'
          or coalesce(o.granted,
                      exists (select 1 from business_role_permissions rp
                               where rp.role = s.role and rp.permission = p.name)))
$$;

delete from business_staff_permissions o
 using business_staff s
 where s.business_id = o.business_id and s.user_id = o.user_id and s.role = 'owner';

-- What a role carries after overrides: its template plus grants minus revokes, never a sensitive
-- permission for a role that may not hold one; an owner carries every permission, whatever the
-- overrides say. The same sum as pawkeep_staff_permissions, for a role not yet given.
create or replace function pawkeep_role_permissions(p_role text, p_grants text[],
                                                    p_revokes text[])
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
select pawkeep_expose('pawkeep_role_permissions(text, text[], text[])', '${appRole}');

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
select pawkeep_expose('pawkeep_can_give_role(uuid, text, text[], text[])', '${appRole}');

-- Invitations: created by the caller as themselves, for a role they may give; afterwards the
-- application only revokes them (accepting is pawkeep_accept_staff_invite's).
alter table business_staff_invites
  add constraint business_staff_invites_overrides check (not (grants && revokes));
drop policy if exists staff_managers on business_staff_invites;
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
revoke update on business_staff_invites from ${appRole};
grant update (revoked_at) on business_staff_invites to ${appRole};

-- Staff join only through the owner role's functions (creating a business, accepting an
-- invitation); a membership never moves to another account or business: the application changes
-- a role and nothing else.
revoke insert, update on business_staff from ${appRole};
grant update (role) on business_staff to ${appRole};
revoke update on business_staff_permissions from ${appRole};
grant update (granted) on business_staff_permissions to ${appRole};

-- A role change, as it happens: members who are not owners never change their own role, and an
-- owner holds every permission, so a new owner starts without overrides.
create or replace function pawkeep_check_staff_role_change() returns trigger
  language plpgsql security definer
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
drop trigger if exists business_staff_role_change on business_staff;
create trigger business_staff_role_change before update of role on business_staff
  for each row when (old.role is distinct from new.role and current_user = '${appRole}')
  execute function pawkeep_check_staff_role_change();

-- A role change, at commit: the member's role with the overrides the same transaction gave it
-- must be within what its maker holds (or its maker owns the business). Judged at commit so a
-- change may replace a member's overrides after their role, in any order.
create or replace function pawkeep_check_staff_role_given() returns trigger
  language plpgsql security definer
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
drop trigger if exists business_staff_role_given on business_staff;
create constraint trigger business_staff_role_given after update of role on business_staff
  deferrable initially deferred
  for each row when (old.role is distinct from new.role and current_user = '${appRole}')
  execute function pawkeep_check_staff_role_given();

-- Overrides: never on an owner; and whatever a write gives a member (a grant, or dropping a revoke
-- of a permission their role carries) only someone who holds it may give. Revoking is always
-- allowed to staff managers: it gives nothing.
create or replace function pawkeep_check_staff_override() returns trigger
  language plpgsql security definer
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
drop trigger if exists business_staff_permissions_given on business_staff_permissions;
create trigger business_staff_permissions_given
  before insert or update or delete on business_staff_permissions
  for each row when (current_user = '${appRole}')
  execute function pawkeep_check_staff_override();

-- Accepting a staff invitation: as in V20, and the invitation's creator must still be able to
-- give its role with its overrides, judged now (an owner; or, for a role other than owner, a
-- member who holds every permission it carries), so an invitation made before its creator was
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
