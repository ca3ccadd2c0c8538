-- Every list is read a page at a time by keyset (HARD-8): each list's index covers its whole sort
-- key, the row id last, so a page is one index range scan whatever its depth, and rows sharing a
-- time are ordered by id. Each index replaces the one that was its prefix.

create index care_actions_booking_page_idx
  on care_actions (booking_id, device_time, client_id);
drop index care_actions_booking_idx;

create index pet_clinical_entries_pet_page_idx
  on pet_clinical_entries (pet_id, recorded_at, id);
drop index pet_clinical_entries_pet_idx;

create index prescriptions_pet_page_idx on prescriptions (pet_id, prescribed_at, id);
drop index prescriptions_pet_idx;

create index controlled_administrations_business_page_idx
  on controlled_administrations (business_id, recorded_at, id);
drop index controlled_administrations_business_idx;

create index access_secret_reveals_household_page_idx
  on access_secret_reveals (household_id, revealed_at, id);
drop index access_secret_reveals_household_idx;

create index household_members_household_page_idx
  on household_members (household_id, joined_at, user_id);

create index household_keys_household_page_idx on household_keys (household_id, created_at, id);
drop index household_keys_household_idx;

create index key_handovers_key_page_idx on key_handovers (household_id, key_id, handed_at, id);
drop index key_handovers_key_idx;

create index business_staff_business_page_idx on business_staff (business_id, joined_at, user_id);

create index api_keys_business_page_idx on api_keys (business_id, created_at, id);
drop index api_keys_business_idx;

create index sessions_user_page_idx on sessions (user_id, created_at, id);
drop index sessions_user_idx;
