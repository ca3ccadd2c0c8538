-- Scheduled jobs run once across nodes (AVAIL-4): ShedLock's table, one row per job name. Only the
-- schema owner uses it (the jobs take their locks on the owner's connections), so the application
-- role, which serves requests, can neither hold a job's lock forever nor release another node's.
create table shedlock (
  name       varchar(64)  primary key,
  lock_until timestamptz  not null,
  locked_at  timestamptz  not null,
  locked_by  varchar(255) not null
);

-- Household deletion with undo (PRIV-2): an owner's deletion marks the household; from then on it
-- is gone for everyone (the rules in R__40_households.sql and the other R__ files leave marked
-- households out), an owner may undo it until purge_after, and then the purge job shreds its keys
-- and deletes its rows (households/HouseholdPurge).
alter table households
  add column deleted_at  timestamptz,
  add column deleted_by  uuid,
  add column purge_after timestamptz,
  add constraint household_deletion_whole
    check ((deleted_at is null) = (purge_after is null) and (deleted_at is null or deleted_by is not null));
create index households_deleted_idx on households (purge_after) where deleted_at is not null;

-- Issued invoices are the business's records and outlive the household, pseudonymised: the purge
-- detaches them (household_id null, bill_to replaced) before the household row goes; drafts go.
alter table invoices alter column household_id drop not null;

-- Account deletion with undo (PRIV-2): a person's own deletion deactivates the account at once
-- (sign-in and every token refused) and sets erase_after; an operator's reactivation before then
-- undoes it; afterwards the purge deletes the person's own rows and leaves a nameless tombstone
-- (erased_at set), since bookings, care logs and clinical records others keep name the id.
alter table users
  add column erase_after timestamptz,
  add column erased_at   timestamptz;
create index users_erase_idx on users (erase_after) where erase_after is not null;
