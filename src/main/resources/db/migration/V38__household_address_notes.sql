-- The household's address note (DOM-3, CRYPTO-1): directions for the staff who visit ("blue door,
-- side gate"), written by owners, read by the household's members and by staff assigned to one of
-- its bookings inside the assignment window (AUTHZ-5). Sealed with the household's data key like
-- the access notes, so erasing the household's key erases it. Its own table rather than a column of
-- households, so assigned staff read the note without reading the household's row. Row-level
-- security and the policies are in R__40_households.sql and R__70_bookings.sql.
create table household_address_notes (
  household_id uuid primary key references households (id) on delete cascade,
  note         bytea not null,
  updated_at   timestamptz not null,
  updated_by   uuid not null references users (id)
);

grant select, insert, update, delete on household_address_notes to ${appRole};
