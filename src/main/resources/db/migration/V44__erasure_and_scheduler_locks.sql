-- Scheduled jobs run once across nodes (AVAIL-4): ShedLock's table, one row per job name. Only the
-- schema owner uses it (the jobs take their locks on the owner's connections), so the application
-- role, which serves requests, can neither hold a job's lock forever nor release another node's.
create table shedlock (
  name       varchar(64)  primary key,
  lock_until timestamptz  not null,
  locked_at  timestamptz  not null,
  locked_by  varchar(255) not null
);
