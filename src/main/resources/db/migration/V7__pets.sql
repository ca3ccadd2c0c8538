-- Pets and what a household records about them (DOM-2). Every member of the household reads;
-- owners and members write pets and care instructions; sitters only read. Clinical entries are
-- written by clinics alone (their policy comes with businesses): the household side has a
-- SELECT grant and a read policy, and nothing else, so no household role can change them.

create table pets (
  id           uuid primary key,
  household_id uuid not null references households (id) on delete cascade,
  name         text not null check (length(name) between 1 and 60),
  species      text not null
               check (species in ('dog', 'cat', 'bird', 'rabbit', 'reptile', 'other')),
  breed        text check (length(breed) <= 60),
  sex          text not null default 'unknown' check (sex in ('female', 'male', 'unknown')),
  birth_date   date,
  microchip    text check (length(microchip) <= 32),
  photo_ref    text check (length(photo_ref) <= 200),
  created_at   timestamptz not null,
  -- Target of the child tables' composite keys: a child row's household is its pet's household.
  unique (id, household_id)
);
create index pets_household_idx on pets (household_id, created_at);

create table pet_care_instructions (
  pet_id       uuid primary key,
  household_id uuid not null,
  feeding      text check (length(feeding) <= 4000),
  behaviour    text check (length(behaviour) <= 4000),
  routine      text check (length(routine) <= 4000),
  vet_contact  text check (length(vet_contact) <= 1000),
  updated_at   timestamptz not null,
  updated_by   uuid,
  foreign key (pet_id, household_id) references pets (id, household_id) on delete cascade
);

create table pet_clinical_entries (
  id           uuid primary key,
  pet_id       uuid not null,
  household_id uuid not null,
  kind         text not null
               check (kind in ('allergy', 'weight', 'medication', 'condition', 'vaccination')),
  summary      text not null check (length(summary) between 1 and 500),
  value        text check (length(value) <= 200),
  recorded_at  timestamptz not null,
  recorded_by  uuid,
  business_id  uuid,
  foreign key (pet_id, household_id) references pets (id, household_id) on delete cascade
);
create index pet_clinical_entries_pet_idx on pet_clinical_entries (pet_id, recorded_at);

-- Households where the caller may change pets and care instructions: owners and members.
create function pawkeep_my_writable_households() returns uuid[]
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select coalesce(array_agg(household_id), '{}')
    from household_members
   where user_id = pawkeep_current_user() and role in ('owner', 'member')
$$;
select pawkeep_expose('pawkeep_my_writable_households()', '${appRole}');

select pawkeep_protect('pets');
select pawkeep_protect('pet_care_instructions');
select pawkeep_protect('pet_clinical_entries');

create policy members_read on pets for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));
create policy writers_write on pets for all to ${appRole}
  using (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[])));

create policy members_read on pet_care_instructions for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));
create policy writers_write on pet_care_instructions for all to ${appRole}
  using (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[])));

-- Read only for the household side: no insert, update or delete policy, and no such grant.
create policy members_read on pet_clinical_entries for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));

-- A pet never moves between households: its id, household and creation time are not updatable.
grant select, insert, delete on pets to ${appRole};
grant update (name, species, breed, sex, birth_date, microchip, photo_ref) on pets
  to ${appRole};
grant select, insert, delete on pet_care_instructions to ${appRole};
grant update (feeding, behaviour, routine, vet_contact, updated_at, updated_by)
  on pet_care_instructions to ${appRole};
grant select on pet_clinical_entries to ${appRole};
