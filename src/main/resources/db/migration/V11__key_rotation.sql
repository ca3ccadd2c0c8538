-- Key rotation (CRYPTO-2). master_key_id names (by fingerprint) the master key that wrapped the
-- keyset, so a master-key rotation knows what is left to re-wrap; reencrypted_at records when the
-- last re-encryption pass found no ciphertext left under an older key, and retired_at when the
-- older keys were then destroyed.
alter table tenant_data_keys add column master_key_id text;
alter table tenant_data_keys add column reencrypted_at timestamptz;
alter table tenant_data_keys add column retired_at timestamptz;
