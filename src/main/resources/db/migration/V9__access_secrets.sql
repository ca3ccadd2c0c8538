-- Household access secrets, each field encrypted with the household's data key (associated data
-- binds it to household, table, column and row), and the log of every reveal.
create table access_secrets (
  household_id  uuid primary key references households (id) on delete cascade,
  alarm_code    bytea,
  lockbox_code  bytea,
  key_location  bytea,
  wifi_name     bytea,
  wifi_password bytea,
  access_notes  bytea,
  updated_at    timestamptz not null,
  updated_by    uuid not null references users (id)
);

create table access_secret_reveals (
  id           uuid primary key,
  household_id uuid not null references households (id) on delete cascade,
  revealed_by  uuid not null references users (id),
  revealed_at  timestamptz not null,
  fields       text[] not null,
  reason       text check (length(reason) <= 500)
);
create index access_secret_reveals_household_idx
  on access_secret_reveals (household_id, revealed_at desc);

select pawkeep_protect('access_secrets');
select pawkeep_protect('access_secret_reveals');

-- Members may read the ciphertexts (the application also enforces sitters' windows and records
-- every reveal); only owners write them.
create policy members_read on access_secrets for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));
create policy owners_write on access_secrets for insert to ${appRole}
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));
create policy owners_update on access_secrets for update to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

-- Every member's reveal is recorded under their own name; owners read the whole log.
create policy members_record on access_secret_reveals for insert to ${appRole}
  with check (revealed_by = (select pawkeep_current_user())
              and household_id = any (cast((select pawkeep_my_households()) as uuid[])));
create policy owners_read on access_secret_reveals for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

grant select, insert, update on access_secrets to ${appRole};
grant select, insert on access_secret_reveals to ${appRole};
