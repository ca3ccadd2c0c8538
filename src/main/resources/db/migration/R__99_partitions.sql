-- Monthly partitions of the audit trail (LOG-1) and the care log (DOM-6); the tables are in V49.
-- Each month is a partition named <table>_pYYYY_MM holding that UTC month, beside a DEFAULT
-- partition that takes any row no month was made for, so an insert never fails.

-- Makes the partitions of the month of p_now and of the p_ahead months after it that do not exist
-- yet, for both tables, and answers their names. Called by the schema owner only
-- (database/MonthlyPartitions, at start-up and daily). A new partition has row-level security
-- enabled and forced, no policy and no grant: everyone reads and writes through the parent, whose
-- policies apply. A month whose rows already sit in the DEFAULT partition (the job did not run
-- for months) is left there, and skipped with a warning: PostgreSQL refuses a partition whose rows
-- are in DEFAULT, and moving them would mean deleting from an append-only table.
create or replace function pawkeep_make_month_partitions(p_now timestamptz, p_ahead integer)
  returns setof text
  language plpgsql volatile
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_table text;
  v_column text;
  v_first timestamp := date_trunc('month', p_now at time zone 'UTC');
  v_month timestamp;
  v_name text;
  v_from text;
  v_to text;
  v_stranded boolean;
begin
  if p_ahead is null or p_ahead < 0 or p_ahead > 24 then
    raise exception 'months ahead must be between 0 and 24' using errcode = 'data_exception';
  end if;
  -- Two nodes starting at once make each month once: the second waits, then finds it made.
  perform pg_advisory_xact_lock(hashtext('pawkeep_make_month_partitions'));
  foreach v_table in array array['audit_events', 'care_actions'] loop
    v_column := case v_table when 'audit_events' then 'occurred_at' else 'received_at' end;
    for i in 0 .. p_ahead loop
      v_month := v_first + make_interval(months => i);
      v_name := v_table || '_p' || to_char(v_month, 'YYYY_MM');
      continue when to_regclass(format('public.%I', v_name)) is not null;
      v_from := v_month::text || '+00';
      v_to := (v_month + interval '1 month')::text || '+00';
      -- Through the parent, whose owner policy shows every row: the partitions have no policy.
      -- The month has no partition yet, so any row of it sits in DEFAULT.
      execute format('select exists (select 1 from public.%I where %I >= %L and %I < %L)',
                     v_table, v_column, v_from, v_column, v_to)
        into v_stranded;
      if v_stranded then
        raise warning 'rows of % sit in the default partition of %; no partition made for it',
          to_char(v_month, 'YYYY-MM'), v_table;
        continue;
      end if;
      execute format('create table public.%I partition of public.%I for values from (%L) to (%L)',
                     v_name, v_table, v_from, v_to);
      execute format('alter table public.%I enable row level security', v_name);
      execute format('alter table public.%I force row level security', v_name);
      execute format('revoke all on public.%I from public, ${appRole}', v_name);
      return next v_name;
    end loop;
  end loop;
end
$$;
revoke execute on function pawkeep_make_month_partitions(timestamptz, integer) from public;
