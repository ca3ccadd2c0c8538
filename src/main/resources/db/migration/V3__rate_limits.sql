-- Token buckets shared by every node. Keys are hashes (never raw emails or addresses), so the
-- table holds no personal data and needs no tenant policy: it is on the global allowlist.
create table rate_limit_buckets (
  bucket_key text primary key,
  tokens     double precision not null,
  allowed    boolean not null,
  updated_at timestamptz not null
);
grant select, insert, update, delete on rate_limit_buckets to ${appRole};
