-- From here on every SQL function, trigger function, trigger and row-level security policy is
-- defined in the repeatable migrations of this folder (R__10_identity.sql, R__20_accounts.sql,
-- ...: the current text of each rule, one file per module), which Flyway runs after the
-- versioned migrations whenever their text changes. Versioned migrations hold tables, columns,
-- grants and data only, and never depend on an object an R__ file defines.
--
-- The two helpers V1..V31 used to protect a table and expose a function are not needed any more:
-- each R__ file enables and forces row-level security, creates the schema owner's policy and
-- grants EXECUTE itself, in plain text beside the rules.
drop function if exists pawkeep_protect(regclass);
drop function if exists pawkeep_expose(regprocedure, name);
