-- Businesses (DOM-4): sitting and walking companies and clinics, their staff with roles and
-- per-member permission overrides (AUTHZ-1, AUTHZ-2), staff invitations, and client relationships
-- with households. Roles are templates of permissions defined once, here, in tables that the
-- policies and functions below read on every statement: nothing is cached in tokens, so a role or
-- permission change holds from the member's very next request.

-- The permission catalogue. Sensitive permissions (medical, controlled substances, household
-- access) are never effective for a role that may not hold them (accountants), whatever overrides
-- say.
create table business_permissions (
  name      text primary key,
  sensitive boolean not null
);
insert into business_permissions (name, sensitive) values
  ('clients.read', false), ('clients.export', false),
  ('bookings.read', false), ('bookings.write', false),
  ('care.log', false), ('access.reveal', true),
  ('medical.read', true), ('medical.write', true),
  ('controlled.administer', true), ('controlled.log.read', true),
  ('billing.read', false), ('billing.write', false), ('payouts.manage', false),
  ('staff.manage', false), ('audit.read', false), ('settings.manage', false);

-- Roles: needs_second_factor marks the roles a business may require a second factor of (AUTH-4).
create table business_roles (
  name                text primary key,
  needs_second_factor boolean not null,
  sensitive_allowed   boolean not null
);
insert into business_roles (name, needs_second_factor, sensitive_allowed) values
  ('owner', true, true), ('manager', true, true), ('staff', false, true),
  ('accountant', false, false), ('veterinarian', false, true), ('vet_technician', false, true);

create table business_role_permissions (
  role       text not null references business_roles (name),
  permission text not null references business_permissions (name),
  primary key (role, permission)
);
insert into business_role_permissions (role, permission)
select 'owner', name from business_permissions;
insert into business_role_permissions (role, permission) values
  ('manager', 'clients.read'), ('manager', 'clients.export'), ('manager', 'bookings.read'),
  ('manager', 'bookings.write'), ('manager', 'care.log'), ('manager', 'access.reveal'),
  ('manager', 'billing.read'), ('manager', 'billing.write'), ('manager', 'staff.manage'),
  ('manager', 'audit.read'), ('manager', 'settings.manage'),
  ('staff', 'clients.read'), ('staff', 'bookings.read'), ('staff', 'care.log'),
  ('staff', 'access.reveal'),
  ('accountant', 'billing.read'),
  ('veterinarian', 'clients.read'), ('veterinarian', 'bookings.read'),
  ('veterinarian', 'bookings.write'), ('veterinarian', 'care.log'),
  ('veterinarian', 'medical.read'), ('veterinarian', 'medical.write'),
  ('veterinarian', 'controlled.administer'), ('veterinarian', 'controlled.log.read'),
  ('vet_technician', 'clients.read'), ('vet_technician', 'bookings.read'),
  ('vet_technician', 'care.log'), ('vet_technician', 'medical.read'),
  ('vet_technician', 'controlled.administer');

create table businesses (
  id                    uuid primary key,
  kind                  text not null check (kind in ('care_company', 'clinic')),
  name                  text not null check (length(name) between 1 and 100),
  require_second_factor boolean not null default true,
  created_at            timestamptz not null,
  created_by            uuid not null references users (id)
);

create table business_staff (
  business_id uuid not null references businesses (id) on delete cascade,
  user_id     uuid not null references users (id) on delete cascade,
  role        text not null references business_roles (name),
  joined_at   timestamptz not null,
  primary key (business_id, user_id)
);
create index business_staff_user_idx on business_staff (user_id, business_id);

-- Per-member overrides: granted adds a permission to the role's template, revoked removes it.
create table business_staff_permissions (
  business_id uuid not null,
  user_id     uuid not null,
  permission  text not null references business_permissions (name),
  granted     boolean not null,
  primary key (business_id, user_id, permission),
  foreign key (business_id, user_id) references business_staff (business_id, user_id)
    on delete cascade
);

-- Single-use, expiring, revocable, role-scoped staff invitations with the overrides the member
-- starts with; only a SHA-256 of the token is kept.
create table business_staff_invites (
  id           uuid primary key,
  business_id  uuid not null references businesses (id) on delete cascade,
  token_hash   bytea not null unique,
  role         text not null references business_roles (name),
  grants       text[] not null default '{}',
  revokes      text[] not null default '{}',
  created_by   uuid not null references users (id),
  created_at   timestamptz not null,
  expires_at   timestamptz not null,
  accepted_by  uuid references users (id),
  accepted_at  timestamptz,
  revoked_at   timestamptz
);
create index business_staff_invites_business_idx
  on business_staff_invites (business_id, created_at);

-- A business asks (pending) and the household's owner grants (active) or revokes (revoked); an
-- owner may also grant a business directly.
create table business_clients (
  business_id  uuid not null references businesses (id) on delete cascade,
  household_id uuid not null references households (id) on delete cascade,
  status       text not null check (status in ('pending', 'active', 'revoked')),
  requested_at timestamptz,
  requested_by uuid references users (id),
  granted_at   timestamptz,
  granted_by   uuid references users (id),
  revoked_at   timestamptz,
  revoked_by   uuid references users (id),
  primary key (business_id, household_id)
);
create index business_clients_household_idx on business_clients (household_id, business_id);

-- The one definition of a member's permissions: the role's template, plus granted overrides,
-- minus revoked ones, never a sensitive permission for a role that may not hold one. Security
-- invoker: called by the application role it sees only what row-level security lets it see.
create function pawkeep_staff_permissions(p_business uuid, p_user uuid) returns text[]
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
     and (o.granted
          or (o.granted is null
              and exists (select 1 from business_role_permissions rp
                           where rp.role = s.role and rp.permission = p.name)))
$$;

-- Was the caller's current session opened with a second factor?
create function pawkeep_session_mfa() returns boolean
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce((select s.mfa from sessions s
                    where s.id = pawkeep_current_session()
                      and s.user_id = pawkeep_current_user()
                      and s.revoked_at is null), false)
$$;

-- Businesses the caller is staff of, whatever their role.
create function pawkeep_my_businesses() returns uuid[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(business_id), '{}')
    from business_staff where user_id = pawkeep_current_user()
$$;

-- The caller's effective permissions in a business; none at all for an owner or manager whose
-- business requires a second factor the current session was not opened with (AUTH-4).
create function pawkeep_business_permissions(p_business uuid) returns text[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select case
           when exists (select 1 from business_staff s
                          join businesses b on b.id = s.business_id
                          join business_roles r on r.name = s.role
                         where s.business_id = p_business
                           and s.user_id = pawkeep_current_user()
                           and b.require_second_factor and r.needs_second_factor
                           and not pawkeep_session_mfa()) then '{}'::text[]
           else pawkeep_staff_permissions(p_business, pawkeep_current_user())
         end
$$;

create function pawkeep_has_business_permission(p_business uuid, p_permission text)
  returns boolean
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select p_permission = any (pawkeep_business_permissions(p_business))
$$;

-- Businesses where the caller holds a permission, read once per statement by the policies.
create function pawkeep_my_businesses_with(p_permission text) returns uuid[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(s.business_id), '{}')
    from business_staff s
   where s.user_id = pawkeep_current_user()
     and p_permission = any (pawkeep_business_permissions(s.business_id))
$$;

select pawkeep_protect('business_permissions');
select pawkeep_protect('business_roles');
select pawkeep_protect('business_role_permissions');
select pawkeep_protect('businesses');
select pawkeep_protect('business_staff');
select pawkeep_protect('business_staff_permissions');
select pawkeep_protect('business_staff_invites');
select pawkeep_protect('business_clients');

-- The catalogue and the templates are public knowledge and read-only for the application.
create policy everyone_reads on business_permissions for select to ${appRole} using (true);
create policy everyone_reads on business_roles for select to ${appRole} using (true);
create policy everyone_reads on business_role_permissions for select to ${appRole} using (true);

create policy staff_read on businesses for select to ${appRole}
  using (id = any (cast((select pawkeep_my_businesses()) as uuid[])));
-- A new business is inserted by its creator, who then joins it as its first owner.
create policy creator_inserts on businesses for insert to ${appRole}
  with check (created_by = (select pawkeep_current_user()));
create policy settings_managers_update on businesses for update to ${appRole}
  using (id = any (cast((select pawkeep_my_businesses_with('settings.manage')) as uuid[])))
  with check (id = any (cast((select pawkeep_my_businesses_with('settings.manage')) as uuid[])));

-- Businesses the caller owns, acting with every permission (second factor included).
create function pawkeep_my_owned_businesses() returns uuid[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(s.business_id), '{}')
    from business_staff s
   where s.user_id = pawkeep_current_user() and s.role = 'owner'
     and 'staff.manage' = any (pawkeep_business_permissions(s.business_id))
$$;
select pawkeep_expose('pawkeep_my_owned_businesses()', '${appRole}');

-- Members read their own row; staff managers read and change everyone's, but only owners touch
-- owners' rows or make owners.
create policy own_row on business_staff for select to ${appRole}
  using (user_id = (select pawkeep_current_user()));
create policy staff_managers_read on business_staff for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage')) as uuid[])));
create policy staff_managers_write on business_staff for all to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage')) as uuid[]))
         and (role <> 'owner'
              or business_id = any (cast((select pawkeep_my_owned_businesses()) as uuid[]))))
  with check (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage'))
                                      as uuid[]))
              and (role <> 'owner'
                   or business_id = any (cast((select pawkeep_my_owned_businesses()) as uuid[]))));
create policy member_leaves on business_staff for delete to ${appRole}
  using (user_id = (select pawkeep_current_user()));

create policy own_overrides on business_staff_permissions for select to ${appRole}
  using (user_id = (select pawkeep_current_user()));
create policy staff_managers on business_staff_permissions for all to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage')) as uuid[])))
  with check (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage'))
                                      as uuid[])));
create policy member_leaves on business_staff_permissions for delete to ${appRole}
  using (user_id = (select pawkeep_current_user()));

create policy staff_managers on business_staff_invites for all to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage')) as uuid[])))
  with check (business_id = any (cast((select pawkeep_my_businesses_with('staff.manage'))
                                      as uuid[])));

-- The business side reads its relationships; the household's owners read and answer them.
-- Rows are created only by the functions below, so a business cannot learn whether a household
-- id exists.
create policy business_reads on business_clients for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('clients.read')) as uuid[])));
create policy household_owners_read on business_clients for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));
create policy household_owners_answer on business_clients for update to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

grant select on business_permissions, business_roles, business_role_permissions to ${appRole};
grant select, insert, update on businesses to ${appRole};
grant select, insert, update, delete on business_staff to ${appRole};
grant select, insert, update, delete on business_staff_permissions to ${appRole};
grant select, insert, update on business_staff_invites to ${appRole};
grant select, update on business_clients to ${appRole};

-- The creator becomes the first owner of a business that has no staff yet.
create function pawkeep_join_new_business(p_business uuid, p_now timestamptz) returns boolean
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

-- Accepting a staff invitation: the signed-in caller joins with the invite's role and overrides.
-- Answers the business id, or null for an unknown, used, revoked or expired invite, or a caller
-- already on the staff.
create function pawkeep_accept_staff_invite(p_token_hash bytea, p_now timestamptz)
  returns uuid
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_invite business_staff_invites%rowtype;
begin
  if pawkeep_current_user() is null then
    return null;
  end if;
  select * into v_invite from business_staff_invites
   where token_hash = p_token_hash and accepted_at is null and revoked_at is null
     and expires_at > p_now
   for update;
  if not found or exists (select 1 from business_staff
                           where business_id = v_invite.business_id
                             and user_id = pawkeep_current_user()) then
    return null;
  end if;
  update business_staff_invites set accepted_by = pawkeep_current_user(), accepted_at = p_now
   where id = v_invite.id;
  insert into business_staff (business_id, user_id, role, joined_at)
  values (v_invite.business_id, pawkeep_current_user(), v_invite.role, p_now);
  insert into business_staff_permissions (business_id, user_id, permission, granted)
  select v_invite.business_id, pawkeep_current_user(), g, true from unnest(v_invite.grants) g
  union all
  select v_invite.business_id, pawkeep_current_user(), r, false from unnest(v_invite.revokes) r;
  return v_invite.business_id;
end
$$;

-- Names of a business's staff, for its staff managers only.
create function pawkeep_business_people(p_business uuid)
  returns table (user_id uuid, display_name text, email text)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select u.id, u.display_name, u.email
    from business_staff s join users u on u.id = s.user_id
   where s.business_id = p_business
     and pawkeep_has_business_permission(p_business, 'staff.manage')
$$;

-- A business asks for access to a household. Does nothing, and says nothing, when the household
-- does not exist or the relationship is already pending or active: the answer is the same.
create function pawkeep_request_business_client(p_business uuid, p_household uuid,
                                                p_now timestamptz)
  returns void
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if not pawkeep_has_business_permission(p_business, 'clients.read')
     or not exists (select 1 from households where id = p_household) then
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

-- A household's owner grants a business access (accepting its request, or directly). False when
-- the caller does not own the household or the business does not exist.
create function pawkeep_grant_business_client(p_household uuid, p_business uuid,
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

-- The businesses that can see (active) or ask to see (pending) a household, for its owners.
create function pawkeep_household_businesses(p_household uuid)
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

-- A business's active client households, id and name only, for holders of clients.read.
create function pawkeep_business_client_households(p_business uuid)
  returns table (household_id uuid, name text, granted_at timestamptz)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select h.id, h.name, c.granted_at
    from business_clients c join households h on h.id = c.household_id
   where c.business_id = p_business
     and c.status = 'active'
     and pawkeep_has_business_permission(p_business, 'clients.read')
   order by h.name, h.id
$$;

select pawkeep_expose('pawkeep_staff_permissions(uuid, uuid)', '${appRole}');
select pawkeep_expose('pawkeep_session_mfa()', '${appRole}');
select pawkeep_expose('pawkeep_my_businesses()', '${appRole}');
select pawkeep_expose('pawkeep_business_permissions(uuid)', '${appRole}');
select pawkeep_expose('pawkeep_has_business_permission(uuid, text)', '${appRole}');
select pawkeep_expose('pawkeep_my_businesses_with(text)', '${appRole}');
select pawkeep_expose('pawkeep_join_new_business(uuid, timestamptz)', '${appRole}');
select pawkeep_expose('pawkeep_accept_staff_invite(bytea, timestamptz)', '${appRole}');
select pawkeep_expose('pawkeep_business_people(uuid)', '${appRole}');
select pawkeep_expose('pawkeep_request_business_client(uuid, uuid, timestamptz)', '${appRole}');
select pawkeep_expose('pawkeep_grant_business_client(uuid, uuid, timestamptz)', '${appRole}');
select pawkeep_expose('pawkeep_household_businesses(uuid)', '${appRole}');
select pawkeep_expose('pawkeep_business_client_households(uuid)', '${appRole}');

-- Holders of audit.read read their business's audit chain.
create policy business_auditors_read on audit_events for select to ${appRole}
  using (chain_id = any (cast((select pawkeep_my_businesses_with('audit.read')) as uuid[])));
