-- Physical keys of a household and who holds each copy: handed over to a person, returned,
-- with the full history kept.
create table household_keys (
  id           uuid primary key,
  household_id uuid not null references households (id) on delete cascade,
  label        text not null check (length(label) between 1 and 100),
  copies       integer not null check (copies between 1 and 20),
  created_at   timestamptz not null
);
create index household_keys_household_idx on household_keys (household_id, created_at);

create table key_handovers (
  id           uuid primary key,
  key_id       uuid not null references household_keys (id) on delete cascade,
  household_id uuid not null references households (id) on delete cascade,
  holder_name  text not null check (length(holder_name) between 1 and 100),
  holder_id    uuid references users (id),
  handed_by    uuid not null references users (id),
  handed_at    timestamptz not null,
  returned_at  timestamptz,
  received_by  uuid references users (id)
);
create index key_handovers_key_idx on key_handovers (household_id, key_id, handed_at desc);
-- A copy is with at most one holder at a time per handover; copies in use never exceed copies.

select pawkeep_protect('household_keys');
select pawkeep_protect('key_handovers');

create policy members_read on household_keys for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));
create policy owners_write on household_keys for insert to ${appRole}
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));
create policy members_read on key_handovers for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));
create policy owners_write on key_handovers for insert to ${appRole}
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));
create policy owners_return on key_handovers for update to ${appRole}
  using (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_owned_households()) as uuid[])));

grant select, insert on household_keys to ${appRole};
grant select, insert, update on key_handovers to ${appRole};
