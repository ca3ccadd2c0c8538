-- Crypto-shredding that reaches backups (CRYPTO-3). Each tenant's keyset, already wrapped by the
-- master key, is wrapped again by the tenant's shred key, which lives outside the database in the
-- tenant key store: a backup or a WAL archive holding this row opens nothing once the shred key is
-- gone. Keysets written before this column existed are brought under a shred key at start.
alter table tenant_data_keys add column under_shred_key boolean not null default false;
