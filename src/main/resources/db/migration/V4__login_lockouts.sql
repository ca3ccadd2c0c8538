-- Consecutive sign-in failures per account and client address (hashed). A lock holds only for
-- the address that earned it, so nobody can lock a person out of their own account from
-- elsewhere; guesses spread over many addresses are capped by the per-account rate limit.
create table login_failures (
  user_id      uuid not null references users (id) on delete cascade,
  address_hash text not null,
  failures     integer not null default 0,
  locked_until timestamptz,
  primary key (user_id, address_hash)
);

select pawkeep_protect('login_failures');
create policy own_login_failures on login_failures to ${appRole}
  using (user_id = (select pawkeep_current_user()))
  with check (user_id = (select pawkeep_current_user()));
grant select, insert, update, delete on login_failures to ${appRole};
