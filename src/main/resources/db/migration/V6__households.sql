-- Households and their members. A member sees their household; only owners change it.
-- Sitters are members too, with a sitting window set by an owner (used by access secrets).

create table households (
  id         uuid primary key,
  name       text not null check (length(name) between 1 and 100),
  created_at timestamptz not null,
  created_by uuid not null references users (id)
);

create table household_members (
  household_id  uuid not null references households (id) on delete cascade,
  user_id       uuid not null references users (id) on delete cascade,
  role          text not null check (role in ('owner', 'member', 'sitter')),
  joined_at     timestamptz not null,
  sitting_from  timestamptz,
  sitting_until timestamptz,
  primary key (household_id, user_id),
  constraint sitting_window_order check (sitting_until is null or sitting_from is null
                                         or sitting_until > sitting_from)
);
create index household_members_user_idx on household_members (user_id, household_id);

-- Single-use, expiring, revocable, role-scoped invitations; only a SHA-256 of the token is kept.
create table household_invites (
  id           uuid primary key,
  household_id uuid not null references households (id) on delete cascade,
  token_hash   bytea not null unique,
  role         text not null check (role in ('owner', 'member', 'sitter')),
  created_by   uuid not null references users (id),
  created_at   timestamptz not null,
  expires_at   timestamptz not null,
  accepted_by  uuid references users (id),
  accepted_at  timestamptz,
  revoked_at   timestamptz
);
create index household_invites_household_idx on household_invites (household_id, created_at);

-- The caller's households and roles, read once per statement by the policies below. Security
-- definer so that policies on household_members can consult household_members without recursion.
create function pawkeep_my_households() returns uuid[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(household_id), '{}')
    from household_members where user_id = pawkeep_current_user()
$$;

create function pawkeep_my_owned_households() returns uuid[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(household_id), '{}')
    from household_members where user_id = pawkeep_current_user() and role = 'owner'
$$;

select pawkeep_protect('households');
select pawkeep_protect('household_members');
select pawkeep_protect('household_invites');

create policy members_read on households for select to ${appRole}
  using (id = any (cast((select pawkeep_my_households()) as uuid[])));
-- A new household is inserted by its creator, who is then added as its first owner.
create policy creator_inserts on households for insert to ${appRole}
  with check (created_by = (select pawkeep_current_user()));
create policy owners_update on households for update to ${appRole}
  using (id = any (cast((select pawkeep_my_owned_households()) as uuid[])));
create policy owners_delete on households for delete to ${appRole}
  using (id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

create policy members_read on household_members for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));
create policy owners_write on household_members for all to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));
-- Leaving: a member may delete their own membership.
create policy member_leaves on household_members for delete to ${appRole}
  using (user_id = (select pawkeep_current_user()));

create policy owners_manage on household_invites for all to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

grant select, insert, update, delete on households to ${appRole};
grant select, insert, update, delete on household_members to ${appRole};
grant select, insert, update on household_invites to ${appRole};

-- The creator becomes the first owner of a household that has no member yet.
create function pawkeep_join_new_household(p_household uuid, p_now timestamptz) returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if not exists (select 1 from households
                  where id = p_household and created_by = pawkeep_current_user())
     or exists (select 1 from household_members where household_id = p_household) then
    return false;
  end if;
  insert into household_members (household_id, user_id, role, joined_at)
  values (p_household, pawkeep_current_user(), 'owner', p_now);
  return true;
end
$$;

-- Accepting an invite: the signed-in caller joins with the invite's role. Answers the household
-- id, or null for an unknown, used, revoked or expired invite, or a caller already a member.
create function pawkeep_accept_household_invite(p_token_hash bytea, p_now timestamptz)
  returns uuid
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_invite household_invites%rowtype;
begin
  if pawkeep_current_user() is null then
    return null;
  end if;
  select * into v_invite from household_invites
   where token_hash = p_token_hash and accepted_at is null and revoked_at is null
     and expires_at > p_now
   for update;
  if not found or exists (select 1 from household_members
                           where household_id = v_invite.household_id
                             and user_id = pawkeep_current_user()) then
    return null;
  end if;
  update household_invites set accepted_by = pawkeep_current_user(), accepted_at = p_now
   where id = v_invite.id;
  insert into household_members (household_id, user_id, role, joined_at)
  values (v_invite.household_id, pawkeep_current_user(), v_invite.role, p_now);
  return v_invite.household_id;
end
$$;

select pawkeep_expose('pawkeep_my_households()', '${appRole}');
select pawkeep_expose('pawkeep_my_owned_households()', '${appRole}');
select pawkeep_expose('pawkeep_join_new_household(uuid, timestamptz)', '${appRole}');
select pawkeep_expose('pawkeep_accept_household_invite(bytea, timestamptz)', '${appRole}');

-- Names of the people in the caller's households, and nothing else of their accounts.
create function pawkeep_household_people(p_household uuid)
  returns table (user_id uuid, display_name text, email text)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select u.id, u.display_name, u.email
    from household_members m join users u on u.id = m.user_id
   where m.household_id = p_household
     and p_household = any (pawkeep_my_households())
$$;
select pawkeep_expose('pawkeep_household_people(uuid)', '${appRole}');

-- Owners read their household's audit chain.
create policy household_owners_read on audit_events for select to ${appRole}
  using (chain_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));
