-- Rate limits (HARD-5, AUTH-5): token buckets shared by every node. Keys are hashes (never raw
-- emails or addresses), so rate_limit_buckets holds no personal data and has no row-level
-- security: it is on the global allowlist of tenancy/RowLevelSecurityTests.

-- Takes one token from every named bucket, or none when any of them is empty: answers 0 when
-- taken, else the seconds until all of them hold a token. Buckets are locked in key order, so
-- concurrent takers never deadlock. One round trip for any number of limits.
create or replace function pawkeep_take_tokens(p_keys text[], p_capacities float8[],
                                               p_rates float8[], p_now timestamptz)
  returns float8
  language plpgsql volatile
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_tokens float8[] := '{}';
  v_wait float8 := 0;
  v_t float8;
  i int;
begin
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
    if v_t < 1 then
      v_wait := greatest(v_wait, (1 - v_t) / p_rates[i]);
    end if;
  end loop;
  for i in 1 .. cardinality(p_keys) loop
    update rate_limit_buckets
       set tokens = v_tokens[i] - case when v_wait = 0 then 1 else 0 end,
           allowed = v_wait = 0,
           updated_at = greatest(updated_at, p_now)
     where bucket_key = p_keys[i];
  end loop;
  return v_wait;
end
$$;
revoke execute on function pawkeep_take_tokens(text[], float8[], float8[], timestamptz) from public;
grant execute on function pawkeep_take_tokens(text[], float8[], float8[],
                                              timestamptz) to ${appRole};
