-- Browser sessions (SESS-5): a row of the sessions table that a sign-in in the browser made its
-- own. Its cookie holds a random secret of which only the SHA-256 is kept here (like refresh
-- tokens); the session ends after idle_timeout without a request (shorter on a shared device) and
-- at expires_at whatever its use, both judged by the database at each request's time. Only the
-- security definer function pawkeep_make_web_session (R__20_accounts.sql) writes these columns:
-- the application role gets no grant on them.
alter table sessions add column web_secret_hash bytea;
alter table sessions add column idle_timeout interval;
alter table sessions add column shared_device boolean not null default false;
create unique index sessions_web_secret_idx on sessions (web_secret_hash)
  where web_secret_hash is not null;
