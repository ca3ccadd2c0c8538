-- Rate limits (HARD-5, AUTH-5): token buckets shared by every node. Keys are hashes (never raw
-- emails or addresses), so rate_limit_buckets holds no personal data and has no row-level
-- security: it is on the global allowlist of tenancy/RowLevelSecurityTests.

-- Takes up to p_wanted tokens from every named bucket, the same number from each, or none when any
-- of them holds less than one: answers how many were taken (the whole tokens every bucket holds,
-- at most p_wanted) and, when none, the seconds until all of them hold a token. A node leases
-- several tokens at once this way and spends them itself (security/RateLimiter); a refusal takes
-- nothing, so waiting always ends the limit. Buckets are locked in key order, so concurrent takers
-- never deadlock. One round trip for any number of limits.
create or replace function pawkeep_lease_tokens(p_keys text[], p_capacities float8[],
                                                p_rates float8[], p_wanted int,
                                                p_now timestamptz,
                                                out granted int, out wait_seconds float8)
  language plpgsql volatile
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_tokens float8[] := '{}';
  v_t float8;
  v_least float8 := 'infinity';
  i int;
begin
  wait_seconds := 0;
  insert into rate_limit_buckets (bucket_key, tokens, allowed, updated_at)
  select k, c, true, p_now
    from unnest(p_keys, p_capacities) as u(k, c)
   order by k
  on conflict (bucket_key) do nothing;
  for i in select o from unnest(p_keys) with ordinality as u(k, o) order by k loop
    select least(p_capacities[i],
                 b.tokens + greatest(0, extract(epoch from (p_now - b.updated_at))) * p_rates[i])
      into v_t
      from rate_limit_buckets b where b.bucket_key = p_keys[i]
       for update;
    v_tokens[i] := v_t;
    v_least := least(v_least, v_t);
    if v_t < 1 then
      wait_seconds := greatest(wait_seconds, (1 - v_t) / p_rates[i]);
    end if;
  end loop;
  granted := case when wait_seconds = 0 then least(greatest(p_wanted, 1), floor(v_least))::int
                  else 0 end;
  for i in 1 .. cardinality(p_keys) loop
    update rate_limit_buckets
       set tokens = v_tokens[i] - granted,
           allowed = granted > 0,
           updated_at = greatest(updated_at, p_now)
     where bucket_key = p_keys[i];
  end loop;
end
$$;
revoke execute on function pawkeep_lease_tokens(text[], float8[], float8[], int, timestamptz)
  from public;
grant execute on function pawkeep_lease_tokens(text[], float8[], float8[], int,
                                               timestamptz) to ${appRole};

-- Takes one token from every named bucket, or none: answers 0 when taken, else the seconds until
-- all of them hold a token. A lease of one; the application calls pawkeep_lease_tokens itself. Kept
-- for nodes of the previous version while several nodes are upgraded one after the other.
create or replace function pawkeep_take_tokens(p_keys text[], p_capacities float8[],
                                               p_rates float8[], p_now timestamptz)
  returns float8
  language sql volatile
  set search_path = pg_catalog, public, pg_temp
as $$
  select l.wait_seconds from pawkeep_lease_tokens(p_keys, p_capacities, p_rates, 1, p_now) l
$$;
revoke execute on function pawkeep_take_tokens(text[], float8[], float8[], timestamptz) from public;
grant execute on function pawkeep_take_tokens(text[], float8[], float8[],
                                              timestamptz) to ${appRole};
