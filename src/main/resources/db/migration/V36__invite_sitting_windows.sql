-- An invitation for a sitter may carry the sitting window the owner chose when inviting; accepting
-- it makes the sitter a member with that window (pawkeep_accept_household_invite), so the sitter
-- can reveal access secrets from the start of the window without a second step by the owner.
alter table household_invites add column sitting_from timestamptz;
alter table household_invites add column sitting_until timestamptz;
alter table household_invites add constraint household_invites_sitting_window check (
  (sitting_from is null and sitting_until is null)
  or (role = 'sitter' and sitting_from is not null and sitting_until is not null
      and sitting_until > sitting_from));
