-- Audit checkpoints are written and verified by the schema owner only; the application role
-- loses the read it never needed (their heads name every chain). The read policy is dropped in
-- R__30_audit.sql.
revoke select on audit_checkpoints from ${appRole};
