-- Pets and their care instructions (DOM-2): every member of the household reads; owners and members
-- write; sitters only read. Assigned staff read them inside their booking window (AUTHZ-5,
-- R__70_bookings.sql); clinic staff see the pets of their client households and a pet with
-- clinic-written entries cannot be deleted (R__90_clinical.sql). Clinical entries are the clinical
-- module's (R__90_clinical.sql).

-- pets --------------------------------------------------------------------------------------
alter table pets enable row level security;
alter table pets force row level security;
drop policy if exists schema_owner on pets;
create policy schema_owner on pets to current_user using (true) with check (true);

drop policy if exists members_read on pets;
create policy members_read on pets for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));

drop policy if exists writers_write on pets;
create policy writers_write on pets for all to ${appRole}
  using (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[])));

-- pet_care_instructions ---------------------------------------------------------------------
alter table pet_care_instructions enable row level security;
alter table pet_care_instructions force row level security;
drop policy if exists schema_owner on pet_care_instructions;
create policy schema_owner on pet_care_instructions to current_user using (true) with check (true);

drop policy if exists members_read on pet_care_instructions;
create policy members_read on pet_care_instructions for select to ${appRole}
  using (household_id = any (cast((select pawkeep_my_households()) as uuid[])));

drop policy if exists writers_write on pet_care_instructions;
create policy writers_write on pet_care_instructions for all to ${appRole}
  using (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[])))
  with check (household_id = any (cast((select pawkeep_my_writable_households()) as uuid[])));
