-- Medical notes (CRYPTO-1), sealed with the household's data key: the household's own notes in
-- the care instructions, and a clinic's notes on a clinical entry.
alter table pet_care_instructions add column medical_notes bytea
  check (length(medical_notes) <= 17000);
grant update (medical_notes) on pet_care_instructions to ${appRole};
alter table pet_clinical_entries add column notes bytea check (length(notes) <= 17000);

-- The request's time, as the application's clock gave it to pawkeep_begin_request; the database's
-- own clock for transactions opened without a request.
create function pawkeep_request_time() returns timestamptz
  language sql stable parallel safe
  set search_path = pg_catalog, pg_temp
as $$ select coalesce(nullif(current_setting('pawkeep.now', true), '')::timestamptz, now()) $$;
select pawkeep_expose('pawkeep_request_time()', '${appRole}');

create or replace function pawkeep_begin_request(p_user uuid, p_session uuid,
                                                 p_issued_at timestamptz, p_now timestamptz)
  returns boolean
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  perform set_config('pawkeep.user_id', '', true);
  perform set_config('pawkeep.session_id', '', true);
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

-- Households whose access secrets the caller may read: owners and members always, sitters only
-- inside the sitting window an owner set for them (DOM-3), enforced here as well as in the code.
create function pawkeep_my_secret_households() returns uuid[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(household_id), '{}')
    from household_members
   where user_id = pawkeep_current_user()
     and (role in ('owner', 'member')
          or (role = 'sitter' and sitting_from <= pawkeep_request_time()
              and pawkeep_request_time() < sitting_until))
$$;
select pawkeep_expose('pawkeep_my_secret_households()', '${appRole}');

drop policy members_read on access_secrets;
create policy readers_read on access_secrets for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_secret_households()) as uuid[])));

drop policy members_record on access_secret_reveals;
create policy readers_record on access_secret_reveals for insert to ${appRole}
  with check (revealed_by = (select pawkeep_current_user())
              and household_id = any (cast((select pawkeep_my_secret_households()) as uuid[])));
