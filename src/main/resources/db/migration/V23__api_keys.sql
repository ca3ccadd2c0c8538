-- API keys for businesses (AUTH-7, CRYPTO-5) and the token buckets of the API rate limits
-- (HARD-5).
--
-- A key belongs to one business and carries a scope (a set of permissions). Only the SHA-256 of
-- its secret is stored; the application role may not even read that column. A request made with a
-- key runs with the key as its identity (pawkeep.api_key_id, pawkeep.business_id) and no user: its
-- permissions in its business are the key's scope intersected with its creator's current
-- permissions there, so demoting or removing the creator shrinks or ends the key on the next
-- request. It holds nothing in any other business and reaches no household or account data.

create table api_keys (
  id           uuid primary key,
  business_id  uuid not null references businesses (id) on delete cascade,
  name         text not null check (length(name) between 1 and 100),
  scope        text[] not null check (cardinality(scope) between 1 and 32),
  secret_hash  bytea not null check (length(secret_hash) = 32),
  created_by   uuid not null references users (id) on delete cascade,
  created_at   timestamptz not null,
  expires_at   timestamptz check (expires_at > created_at),
  last_used_at timestamptz,
  revoked_at   timestamptz,
  revoked_by   uuid references users (id)
);
create index api_keys_business_idx on api_keys (business_id, created_at);

create function pawkeep_current_api_key() returns uuid
  language sql stable parallel safe
  set search_path = pg_catalog, pg_temp
as $$ select nullif(current_setting('pawkeep.api_key_id', true), '')::uuid $$;

create function pawkeep_api_key_business() returns uuid
  language sql stable parallel safe
  set search_path = pg_catalog, pg_temp
as $$ select nullif(current_setting('pawkeep.business_id', true), '')::uuid $$;

select pawkeep_expose('pawkeep_current_api_key()', '${appRole}');
select pawkeep_expose('pawkeep_api_key_business()', '${appRole}');

-- A user's request: as in V12, and it also clears any key identity.
create or replace function pawkeep_begin_request(p_user uuid, p_session uuid,
                                                 p_issued_at timestamptz, p_now timestamptz)
  returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  perform set_config('pawkeep.user_id', '', true);
  perform set_config('pawkeep.session_id', '', true);
  perform set_config('pawkeep.api_key_id', '', true);
  perform set_config('pawkeep.business_id', '', true);
  perform set_config('pawkeep.now', p_now::text, true);
  if exists (
      select 1
        from users u
        join sessions s on s.user_id = u.id
       where u.id = p_user
         and s.id = p_session
         and u.deactivated_at is null
         and s.revoked_at is null
         and s.expires_at > p_now
         and p_issued_at >= date_trunc('second', u.sessions_valid_after)) then
    perform set_config('pawkeep.user_id', p_user::text, true);
    perform set_config('pawkeep.session_id', p_session::text, true);
    return true;
  end if;
  return false;
end
$$;

-- A request made with an API key: the key must exist, be neither revoked nor expired, and its
-- creator must still be an active member of its business. The hashes are compared over every
-- byte whatever they hold. Records the last use at most once a minute, never waiting for another
-- request that is recording it.
create function pawkeep_begin_api_key_request(p_key uuid, p_secret_hash bytea, p_now timestamptz)
  returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_key api_keys%rowtype;
  v_diff int;
begin
  perform set_config('pawkeep.user_id', '', true);
  perform set_config('pawkeep.session_id', '', true);
  perform set_config('pawkeep.api_key_id', '', true);
  perform set_config('pawkeep.business_id', '', true);
  perform set_config('pawkeep.now', p_now::text, true);
  select k.* into v_key
    from api_keys k
    join business_staff s on s.business_id = k.business_id and s.user_id = k.created_by
    join users u on u.id = k.created_by
   where k.id = p_key
     and k.revoked_at is null
     and (k.expires_at is null or k.expires_at > p_now)
     and u.deactivated_at is null;
  if not found or p_secret_hash is null or length(p_secret_hash) <> 32 then
    return false;
  end if;
  select bit_or(get_byte(v_key.secret_hash, i) # get_byte(p_secret_hash, i)) into v_diff
    from generate_series(0, 31) i;
  if v_diff <> 0 then
    return false;
  end if;
  perform set_config('pawkeep.api_key_id', v_key.id::text, true);
  perform set_config('pawkeep.business_id', v_key.business_id::text, true);
  if current_setting('transaction_read_only') = 'off'
     and (v_key.last_used_at is null or v_key.last_used_at < p_now - interval '1 minute') then
    update api_keys set last_used_at = p_now
     where id = (select id from api_keys where id = v_key.id for update skip locked);
  end if;
  return true;
end
$$;
select pawkeep_expose('pawkeep_begin_api_key_request(uuid, bytea, timestamptz)', '${appRole}');

-- The caller's effective permissions in a business. For a key: its scope intersected with its
-- creator's current permissions, in its own business only. For a user: as in V20.
create or replace function pawkeep_business_permissions(p_business uuid) returns text[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select case
           when pawkeep_current_api_key() is not null then
             coalesce((select array_agg(p order by p)
                         from api_keys k
                         cross join unnest(pawkeep_staff_permissions(k.business_id, k.created_by)) p
                        where k.id = pawkeep_current_api_key()
                          and k.business_id = p_business
                          and k.business_id = pawkeep_api_key_business()
                          and k.revoked_at is null
                          and p = any (k.scope)), '{}')
           when pawkeep_current_user() is null then '{}'::text[]
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

-- Businesses the caller belongs to: a key belongs to its own business only.
create or replace function pawkeep_my_businesses() returns uuid[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select case
           when pawkeep_current_api_key() is not null then
             coalesce((select array[k.business_id] from api_keys k
                        where k.id = pawkeep_current_api_key()
                          and k.business_id = pawkeep_api_key_business()
                          and k.revoked_at is null), '{}')
           else coalesce((select array_agg(business_id) from business_staff
                           where user_id = pawkeep_current_user()), '{}')
         end
$$;

create or replace function pawkeep_my_businesses_with(p_permission text) returns uuid[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select case
           when pawkeep_current_api_key() is not null then
             coalesce((select array[k.business_id] from api_keys k
                        where k.id = pawkeep_current_api_key()
                          and p_permission = any (pawkeep_business_permissions(k.business_id))),
                      '{}')
           else coalesce((select array_agg(s.business_id) from business_staff s
                           where s.user_id = pawkeep_current_user()
                             and p_permission = any (pawkeep_business_permissions(s.business_id))),
                         '{}')
         end
$$;

select pawkeep_protect('api_keys');

-- Holders of settings.manage, signed in as themselves (never through a key), list, create and
-- revoke their business's keys. A key's scope never exceeds what its creator holds.
create policy key_managers_read on api_keys for select to ${appRole}
  using (pawkeep_current_user() is not null
         and business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                     as uuid[])));
create policy key_managers_create on api_keys for insert to ${appRole}
  with check (pawkeep_current_user() is not null
              and created_by = (select pawkeep_current_user())
              and business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                          as uuid[]))
              and scope <@ pawkeep_business_permissions(business_id)
              and last_used_at is null and revoked_at is null);
create policy key_managers_revoke on api_keys for update to ${appRole}
  using (pawkeep_current_user() is not null
         and business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                     as uuid[])))
  with check (revoked_by = (select pawkeep_current_user()));

-- The secret's hash is written once and never read back by the application.
grant select (id, business_id, name, scope, created_by, created_at, expires_at, last_used_at,
              revoked_at, revoked_by) on api_keys to ${appRole};
grant insert on api_keys to ${appRole};
grant update (revoked_at, revoked_by) on api_keys to ${appRole};

-- Takes one token from every named bucket, or none when any of them is empty: answers 0 when
-- taken, else the seconds until all of them hold a token. Buckets are locked in key order, so
-- concurrent takers never deadlock. One round trip for any number of limits.
create function pawkeep_take_tokens(p_keys text[], p_capacities float8[], p_rates float8[],
                                    p_now timestamptz)
  returns float8
  language plpgsql volatile
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_tokens float8[] := '{}';
  v_wait float8 := 0;
  v_t float8;
  i int;
begin
  insert into rate_limit_buckets (bucket_key, tokens, allowed, updated_at)
  select k, c, true, p_now
    from unnest(p_keys, p_capacities) as u(k, c)
   order by k
  on conflict (bucket_key) do nothing;
  for i in select o from unnest(p_keys) with ordinality as u(k, o) order by k loop
    select least(p_capacities[i],
                 b.tokens + greatest(0, extract(epoch from (p_now - b.updated_at))) * p_rates[i])
      into v_t
      from rate_limit_buckets b where b.bucket_key = p_keys[i]
       for update;
    v_tokens[i] := v_t;
    if v_t < 1 then
      v_wait := greatest(v_wait, (1 - v_t) / p_rates[i]);
    end if;
  end loop;
  for i in 1 .. cardinality(p_keys) loop
    update rate_limit_buckets
       set tokens = v_tokens[i] - case when v_wait = 0 then 1 else 0 end,
           allowed = v_wait = 0,
           updated_at = greatest(updated_at, p_now)
     where bucket_key = p_keys[i];
  end loop;
  return v_wait;
end
$$;
select pawkeep_expose('pawkeep_take_tokens(text[], float8[], float8[], timestamptz)',
                      '${appRole}');

-- LOG-4: access review. Which active client households each staff member of a business reaches,
-- with which permission and why ('role': the role's template; 'override': a granted override).
-- Today an active client relationship opens a household's client record to holders of
-- clients.read. Extension point: bookings-based access (AUTHZ-5) adds its rows here, with
-- via = 'booking'. Security invoker, for the definer functions below only.
create function pawkeep_business_household_reach(p_business uuid)
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
   where h.permission in ('clients.read')
$$;
revoke execute on function pawkeep_business_household_reach(uuid) from public;

-- Each staff member with role, effective permissions, overrides and the households they reach;
-- for holders of audit.read and owners. One statement.
create function pawkeep_business_access_review(p_business uuid)
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

-- The business's live API keys with what they can do now (scope within their creator's current
-- permissions), for the same readers.
create function pawkeep_business_access_review_keys(p_business uuid)
  returns table (id uuid, name text, scope text[], permissions text[], created_by uuid,
                 creator text, created_at timestamptz, expires_at timestamptz,
                 last_used_at timestamptz)
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

-- Who can see a household, for its owners: its people with roles and sitting windows ...
create function pawkeep_household_access_review_people(p_household uuid)
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

-- ... and the businesses with an active relationship, with the staff who reach it and why.
create function pawkeep_household_access_review_businesses(p_household uuid)
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

select pawkeep_expose('pawkeep_business_access_review(uuid)', '${appRole}');
select pawkeep_expose('pawkeep_business_access_review_keys(uuid)', '${appRole}');
select pawkeep_expose('pawkeep_household_access_review_people(uuid)', '${appRole}');
select pawkeep_expose('pawkeep_household_access_review_businesses(uuid)', '${appRole}');
