-- Households (DOM-1, DOM-3, AUTHZ-3): a member sees their household; only owners change it,
-- invite, and write access secrets and keys. Sitters are members with a sitting window set by an
-- owner, inside which alone they read access secrets. Assigned staff (AUTHZ-5) also read access
-- secrets and record reveals: those policies are in R__70_bookings.sql.

-- Households an owner deleted (PRIV-2): gone for everyone, members, sitters, businesses and the
-- API alike, until an owner undoes the deletion or the purge removes them. Every function below
-- that opens a household leaves them out, and so do the business side's (R__60 to R__90).
create or replace function pawkeep_deleted_households()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select coalesce(array_agg(id), '{}')
    from households where deleted_at is not null); end$$;
revoke execute on function pawkeep_deleted_households() from public;
grant execute on function pawkeep_deleted_households() to ${appRole};

-- The caller's households and roles, read once per statement by the policies here. Security
-- definer so that policies on household_members can consult household_members without recursion.
-- Each leaves out deleted households by joining their row (one index probe per membership) rather
-- than calling pawkeep_deleted_households(): a nested call of a function with a pinned search_path
-- costs more than the probe, on every statement a household member makes.
create or replace function pawkeep_my_households()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select coalesce(array_agg(m.household_id), '{}')
    from household_members m join households h on h.id = m.household_id
   where m.user_id = pawkeep_current_user() and h.deleted_at is null); end$$;
revoke execute on function pawkeep_my_households() from public;
grant execute on function pawkeep_my_households() to ${appRole};

-- The households the caller owns.
create or replace function pawkeep_my_owned_households()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select coalesce(array_agg(m.household_id), '{}')
    from household_members m join households h on h.id = m.household_id
   where m.user_id = pawkeep_current_user() and m.role = 'owner' and h.deleted_at is null); end$$;
revoke execute on function pawkeep_my_owned_households() from public;
grant execute on function pawkeep_my_owned_households() to ${appRole};

-- Households where the caller may change pets and care instructions: owners and members.
create or replace function pawkeep_my_writable_households()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select coalesce(array_agg(m.household_id), '{}')
    from household_members m join households h on h.id = m.household_id
   where m.user_id = pawkeep_current_user() and m.role in ('owner', 'member')
     and h.deleted_at is null); end$$;
revoke execute on function pawkeep_my_writable_households() from public;
grant execute on function pawkeep_my_writable_households() to ${appRole};

-- Households whose access secrets the caller may read: owners and members always, sitters only
-- inside the sitting window an owner set for them (DOM-3), enforced here as well as in the code.
create or replace function pawkeep_my_secret_households()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select coalesce(array_agg(m.household_id), '{}')
    from household_members m join households h on h.id = m.household_id
   where m.user_id = pawkeep_current_user()
     and (m.role in ('owner', 'member')
          or (m.role = 'sitter' and m.sitting_from <= pawkeep_request_time()
              and pawkeep_request_time() < m.sitting_until))
     and h.deleted_at is null); end$$;
revoke execute on function pawkeep_my_secret_households() from public;
grant execute on function pawkeep_my_secret_households() to ${appRole};

-- The creator becomes the first owner of a household that has no member yet.
create or replace function pawkeep_join_new_household(p_household uuid, p_now timestamptz)
  returns boolean
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
revoke execute on function pawkeep_join_new_household(uuid, timestamptz) from public;
grant execute on function pawkeep_join_new_household(uuid, timestamptz) to ${appRole};

-- Accepting an invite: the signed-in caller joins with the invite's role. Answers the household
-- id, or null for an unknown, used, revoked or expired invite, or a caller already a member.
create or replace function pawkeep_accept_household_invite(p_token_hash bytea, p_now timestamptz)
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
     and expires_at > p_now and household_id <> all (pawkeep_deleted_households())
   for update;
  if not found or exists (select 1 from household_members
                           where household_id = v_invite.household_id
                             and user_id = pawkeep_current_user()) then
    return null;
  end if;
  update household_invites set accepted_by = pawkeep_current_user(), accepted_at = p_now
   where id = v_invite.id;
  insert into household_members (household_id, user_id, role, joined_at, sitting_from,
                                 sitting_until)
  values (v_invite.household_id, pawkeep_current_user(), v_invite.role, p_now,
          v_invite.sitting_from, v_invite.sitting_until);
  return v_invite.household_id;
end
$$;
revoke execute on function pawkeep_accept_household_invite(bytea, timestamptz) from public;
grant execute on function pawkeep_accept_household_invite(bytea, timestamptz) to ${appRole};

-- Names of the people in the caller's households, and nothing else of their accounts.
create or replace function pawkeep_household_people(p_household uuid)
  returns table (user_id uuid, display_name text, email text)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select u.id, u.display_name, u.email
    from household_members m join users u on u.id = m.user_id
   where m.household_id = p_household
     and p_household = any (pawkeep_my_households())
$$;
revoke execute on function pawkeep_household_people(uuid) from public;
grant execute on function pawkeep_household_people(uuid) to ${appRole};

-- households --------------------------------------------------------------------------------
alter table households enable row level security;
alter table households force row level security;
drop policy if exists schema_owner on households;
create policy schema_owner on households to current_user using (true) with check (true);

drop policy if exists members_read on households;
create policy members_read on households for select to ${appRole}
  using (id = any (cast((select pawkeep_my_households()) as uuid[])));

-- A new household is inserted by its creator, who is then added as its first owner.
drop policy if exists creator_inserts on households;
create policy creator_inserts on households for insert to ${appRole}
  with check (created_by = (select pawkeep_current_user()));

drop policy if exists owners_update on households;
create policy owners_update on households for update to ${appRole}
  using (id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

drop policy if exists owners_delete on households;
create policy owners_delete on households for delete to ${appRole}
  using (id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

-- household_members -------------------------------------------------------------------------
alter table household_members enable row level security;
alter table household_members force row level security;
drop policy if exists schema_owner on household_members;
create policy schema_owner on household_members to current_user using (true) with check (true);

drop policy if exists members_read on household_members;
create policy members_read on household_members for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));

drop policy if exists owners_write on household_members;
create policy owners_write on household_members for all to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

-- Leaving: a member may delete their own membership.
drop policy if exists member_leaves on household_members;
create policy member_leaves on household_members for delete to ${appRole}
  using (user_id = (select pawkeep_current_user()));

-- household_invites -------------------------------------------------------------------------
alter table household_invites enable row level security;
alter table household_invites force row level security;
drop policy if exists schema_owner on household_invites;
create policy schema_owner on household_invites to current_user using (true) with check (true);

drop policy if exists owners_manage on household_invites;
create policy owners_manage on household_invites for all to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

-- access_secrets ----------------------------------------------------------------------------
alter table access_secrets enable row level security;
alter table access_secrets force row level security;
drop policy if exists schema_owner on access_secrets;
create policy schema_owner on access_secrets to current_user using (true) with check (true);

drop policy if exists owners_write on access_secrets;
create policy owners_write on access_secrets for insert to ${appRole}
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

drop policy if exists owners_update on access_secrets;
create policy owners_update on access_secrets for update to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

drop policy if exists readers_read on access_secrets;
create policy readers_read on access_secrets for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_secret_households()) as uuid[])));

-- access_secret_reveals ---------------------------------------------------------------------
alter table access_secret_reveals enable row level security;
alter table access_secret_reveals force row level security;
drop policy if exists schema_owner on access_secret_reveals;
create policy schema_owner on access_secret_reveals to current_user using (true) with check (true);

drop policy if exists owners_read on access_secret_reveals;
create policy owners_read on access_secret_reveals for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

drop policy if exists readers_record on access_secret_reveals;
create policy readers_record on access_secret_reveals for insert to ${appRole}
  with check (revealed_by = (select pawkeep_current_user())
              and household_id = any (cast((select pawkeep_my_secret_households()) as uuid[])));

-- household_address_notes -------------------------------------------------------------------
-- Directions for visiting staff: every member reads them, owners write them (assigned staff read
-- them inside their window, in R__70_bookings.sql).
alter table household_address_notes enable row level security;
alter table household_address_notes force row level security;
drop policy if exists schema_owner on household_address_notes;
create policy schema_owner on household_address_notes to current_user using (true) with check (true);

drop policy if exists members_read on household_address_notes;
create policy members_read on household_address_notes for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));

drop policy if exists owners_write on household_address_notes;
create policy owners_write on household_address_notes for all to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

-- household_keys ----------------------------------------------------------------------------
alter table household_keys enable row level security;
alter table household_keys force row level security;
drop policy if exists schema_owner on household_keys;
create policy schema_owner on household_keys to current_user using (true) with check (true);

drop policy if exists members_read on household_keys;
create policy members_read on household_keys for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));

drop policy if exists owners_write on household_keys;
create policy owners_write on household_keys for insert to ${appRole}
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

-- key_handovers -----------------------------------------------------------------------------
alter table key_handovers enable row level security;
alter table key_handovers force row level security;
drop policy if exists schema_owner on key_handovers;
create policy schema_owner on key_handovers to current_user using (true) with check (true);

-- On audit_events (its other policies are in R__30_audit.sql; partitioned by month since V49, the
-- policy applies to every query through the parent):
-- Owners read their household's audit chain.
drop policy if exists household_owners_read on audit_events;
create policy household_owners_read on audit_events for select to ${appRole}
  using (chain_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

drop policy if exists members_read on key_handovers;
create policy members_read on key_handovers for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));

drop policy if exists owners_write on key_handovers;
create policy owners_write on key_handovers for insert to ${appRole}
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

drop policy if exists owners_return on key_handovers;
create policy owners_return on key_handovers for update to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));
