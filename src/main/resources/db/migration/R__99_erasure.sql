-- Erasure and retention (PRIV-2) and the scheduled jobs' locks (AVAIL-4).

-- shedlock: the schema owner's only (database/SchedulerLocks); no grant, no policy for the
-- application role.
alter table shedlock enable row level security;
alter table shedlock force row level security;
drop policy if exists schema_owner on shedlock;
create policy schema_owner on shedlock to current_user using (true) with check (true);
