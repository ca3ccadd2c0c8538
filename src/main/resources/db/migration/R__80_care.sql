-- The care log (DOM-6, AVAIL-3): what assigned staff did during a booking, recorded on a phone
-- offline and synced later. Entries are append-only: a correction is a new entry that supersedes
-- an earlier one of the same booking. Only the assignee holding care.log writes, and only for a
-- device time inside the booking's window (AUTHZ-5), the window not closed more than 7 days before
-- the request.

-- The caller's care windows, read once per insert statement by the insert policy below: each
-- booking they are the assignee of in a business where they hold care.log, for an active client
-- not deleted, whose window (with the assignment margin) closed less than 7 days before the
-- request. PL/pgSQL, so its plan is kept for the session (a SQL security definer function is
-- planned again on every call), with everything the caller is fetched once: care.log is asked of
-- each of the caller's businesses once (pawkeep_my_businesses_with), not of each booking, and the
-- 7 days are an index range on (assignee, end) (V53), so the cost follows the caller's own recent
-- bookings, never the size of the tables (issue 15).
create or replace function pawkeep_my_care_windows()
  returns pawkeep_care_window[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_margin interval := (select s.assignment_margin from booking_settings s);
  v_logging uuid[] := pawkeep_my_businesses_with('care.log');
  v_deleted uuid[] := pawkeep_deleted_households();
begin
  return (select coalesce(array_agg(row(b.id, b.business_id, b.household_id,
                                        b.starts_at - v_margin,
                                        b.ends_at + v_margin)::pawkeep_care_window), '{}')
            from bookings b
            join business_clients c
              on c.business_id = b.business_id and c.household_id = b.household_id
                 and c.status = 'active'
           where b.assignee_id = pawkeep_current_user()
             and b.status <> 'cancelled'
             and b.ends_at > pawkeep_request_time() - interval '7 days' - v_margin
             and b.business_id = any (v_logging)
             and b.household_id <> all (v_deleted));
end
$$;
revoke execute on function pawkeep_my_care_windows() from public;
grant execute on function pawkeep_my_care_windows() to ${appRole};

-- What the sync needs to judge a batch, for all its bookings in one call: each booking of the
-- caller's businesses, with its window if the caller is its assignee holding care.log (else
-- null), and whether its business records GPS tracks (care_settings, which its staff read anyway;
-- true without a row). Bookings of other businesses are absent, exactly like missing ones.
-- PL/pgSQL for a plan kept for the session; care.log asked once per business of the batch, not
-- per booking, and the client relation read by its key: before, a hashed subplan read every
-- client of every business and asked for the deleted households once per row of them, which made
-- a batch cost grow with the number of clients on the platform, and the settings were joined
-- through their own policies, three more permission lookups (issue 15, bench/data-scale.sh).
drop function if exists pawkeep_care_log_windows(uuid[]);
create function pawkeep_care_log_windows(p_bookings uuid[])
  returns table (booking_id uuid, business_id uuid, household_id uuid, window_from timestamptz,
                 window_to timestamptz, record_tracks boolean)
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_user uuid := pawkeep_current_user();
  v_margin interval := (select s.assignment_margin from booking_settings s);
  v_businesses uuid[] := pawkeep_my_businesses();
  v_deleted uuid[] := pawkeep_deleted_households();
begin
  return query
    with asked as materialized (
      select b.id, b.business_id, b.household_id, b.starts_at, b.ends_at,
             b.assignee_id = v_user and b.status <> 'cancelled' as mine
        from bookings b
       where b.id = any (p_bookings)
         and b.business_id = any (v_businesses)),
    logging as materialized (
      select f.business_id
        from (select distinct a.business_id from asked a where a.mine) f
       where 'care.log' = any (pawkeep_business_permissions(f.business_id)))
    select f.id, f.business_id, f.household_id,
           case when assigned then f.starts_at - v_margin end,
           case when assigned then f.ends_at + v_margin end,
           coalesce(t.record_tracks, true)
      from asked f
      left join care_settings t on t.business_id = f.business_id
      left join business_clients c
        on c.business_id = f.business_id and c.household_id = f.household_id
           and c.status = 'active'
      cross join lateral (
        select f.mine and c.business_id is not null
               and f.household_id <> all (v_deleted)
               and f.business_id in (select l.business_id from logging l) as assigned) a;
end
$$;
revoke execute on function pawkeep_care_log_windows(uuid[]) from public;
grant execute on function pawkeep_care_log_windows(uuid[]) to ${appRole};

-- The sync's look-up of the entries already stored under a batch's client ids (an idempotent
-- retry, DOM-6), after locking those ids, in one call. The locks come first, in one order for
-- every batch (two batches sharing ids never deadlock), and each look-up is a statement of its
-- own: in this volatile function it reads with a snapshot taken after the locks, so it sees what
-- a batch that held them committed (a correction whose target lost the race is judged against the
-- winner, never failed at the insert). The ids are found first in care_action_ids, one
-- unpartitioned row per id whatever its month, whose received_at then names the months to read:
-- a new batch costs ten probes of that table's key and never reads the log (before, one probe of
-- every month's partition per id, growing with the months kept), and an id stored any number of
-- months ago is still found, so a replay stays a replay (issue 15). Runs as the caller: the ids
-- table and the log show only what the caller may read. Compared here, as stored: same author,
-- booking, kind, device time, payload and superseded entry.
create or replace function pawkeep_care_sync_stored(p_author uuid, p_client_ids uuid[],
                                                    p_bookings uuid[], p_kinds text[],
                                                    p_device_times text[], p_payloads text[],
                                                    p_supersedes uuid[])
  returns table (client_id uuid, booking_id uuid, received_at timestamptz, same boolean)
  language plpgsql volatile security invoker
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_ids uuid[];
  v_times timestamptz[];
begin
  -- The first half of the key is "care"; the second the id's hash.
  perform count(pg_advisory_xact_lock(1667330661, keys.k))
     from (select distinct hashtext(cast(id as text)) as k
             from unnest(p_client_ids) as id order by 1) as keys;
  select array_agg(k.client_id), array_agg(k.received_at) into v_ids, v_times
    from care_action_ids k
   where k.client_id = any (p_client_ids);
  if v_ids is null then
    return;
  end if;
  return query
    select c.client_id, c.booking_id, c.received_at,
           c.author_id = p_author and c.booking_id = i.booking_id and c.kind = i.kind
           and c.device_time = cast(i.device_time as timestamptz)
           and c.payload = cast(i.payload as jsonb)
           and c.supersedes is not distinct from i.supersedes
      from unnest(p_client_ids, p_bookings, p_kinds, p_device_times, p_payloads, p_supersedes)
             as i(client_id, booking_id, kind, device_time, payload, supersedes)
      join care_actions c on c.client_id = i.client_id
     where c.client_id = any (v_ids)
       and c.received_at = any (v_times);
end
$$;
revoke execute on function pawkeep_care_sync_stored(uuid, uuid[], uuid[], text[], text[], text[],
                                                    uuid[]) from public;
grant execute on function pawkeep_care_sync_stored(uuid, uuid[], uuid[], text[], text[], text[],
                                                   uuid[]) to ${appRole};

-- The sync's first call for a batch, in one round trip: its bookings' windows (exactly
-- pawkeep_care_log_windows, returned as rows without a client id), then its client ids locked and
-- the entries already stored under them (exactly pawkeep_care_sync_stored, returned as rows with
-- one). The items are those the application has not already refused on their own (payload, size,
-- device time); of these, only the ones whose device time falls inside their booking's window as
-- read here are locked and looked up, the first such item of each client id (what the application
-- keeps of the batch), its payload as it will be stored (without a track when the business records
-- none). Runs as the caller: the windows as the caller's, the look-up through the log's policies.
create or replace function pawkeep_care_sync_prepare(p_author uuid, p_bookings uuid[],
                                                     p_client_ids uuid[], p_item_bookings uuid[],
                                                     p_kinds text[], p_device_times text[],
                                                     p_payloads text[], p_supersedes uuid[])
  returns table (booking_id uuid, business_id uuid, household_id uuid, window_from timestamptz,
                 window_to timestamptz, record_tracks boolean, client_id uuid,
                 received_at timestamptz, same boolean)
  language plpgsql volatile security invoker
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_bookings uuid[];
  v_businesses uuid[];
  v_households uuid[];
  v_from timestamptz[];
  v_to timestamptz[];
  v_tracks boolean[];
  v_ids uuid[];
  v_item_bookings uuid[];
  v_kinds text[];
  v_times text[];
  v_payloads text[];
  v_supersedes uuid[];
begin
  select array_agg(w.booking_id), array_agg(w.business_id), array_agg(w.household_id),
         array_agg(w.window_from), array_agg(w.window_to), array_agg(w.record_tracks)
    into v_bookings, v_businesses, v_households, v_from, v_to, v_tracks
    from pawkeep_care_log_windows(p_bookings) w;
  return query
    select w.*, null::uuid, null::timestamptz, null::boolean
      from unnest(v_bookings, v_businesses, v_households, v_from, v_to, v_tracks) as w;
  select array_agg(i.client_id order by i.client_id), array_agg(i.booking_id order by i.client_id),
         array_agg(i.kind order by i.client_id), array_agg(i.device_time order by i.client_id),
         array_agg(i.payload order by i.client_id), array_agg(i.supersedes order by i.client_id)
    into v_ids, v_item_bookings, v_kinds, v_times, v_payloads, v_supersedes
    from (select distinct on (i.client_id) i.client_id, i.booking_id, i.kind, i.device_time,
                 case when w.tracks then i.payload
                      else cast(cast(i.payload as jsonb) - 'track' as text) end as payload,
                 i.supersedes
            from unnest(p_client_ids, p_item_bookings, p_kinds, p_device_times, p_payloads,
                        p_supersedes) with ordinality
                   as i(client_id, booking_id, kind, device_time, payload, supersedes, n)
            join unnest(v_bookings, v_from, v_to, v_tracks) as w(booking_id, w_from, w_to, tracks)
              on w.booking_id = i.booking_id
           where cast(i.device_time as timestamptz) >= w.w_from
             and cast(i.device_time as timestamptz) < w.w_to
           order by i.client_id, i.n) i;
  if v_ids is null then
    return;
  end if;
  return query
    select s.booking_id, null::uuid, null::uuid, null::timestamptz, null::timestamptz,
           null::boolean, s.client_id, s.received_at, s.same
      from pawkeep_care_sync_stored(p_author, v_ids, v_item_bookings, v_kinds, v_times,
                                    v_payloads, v_supersedes) s;
end
$$;
revoke execute on function pawkeep_care_sync_prepare(uuid, uuid[], uuid[], uuid[], text[], text[],
                                                     text[], uuid[]) from public;
grant execute on function pawkeep_care_sync_prepare(uuid, uuid[], uuid[], uuid[], text[], text[],
                                                    text[], uuid[]) to ${appRole};

-- The sync's write of a batch's new entries (one multi-row insert: each row through the insert
-- policy, the id claim and the photo rule) and, when every row was written, its audit events in
-- the same call (LOG-1: one care.synced event per business with the batch's counts, appended by
-- pawkeep_audit_append, which takes the actor, time and links itself). The counts are what the
-- batch answers if every row is written; when one is not (its id taken by an entry the caller
-- cannot see, or by a racing upload), nothing is audited here and the caller audits after
-- judging those rows. Runs as the caller, so the log's policies apply as to any insert; refuses
-- to audit for an author other than the request's identity. Returns the rows written.
create or replace function pawkeep_care_sync_insert(p_author uuid, p_received_at timestamptz,
                                                    p_client_ids uuid[], p_bookings uuid[],
                                                    p_businesses uuid[], p_households uuid[],
                                                    p_kinds text[], p_device_times text[],
                                                    p_payloads text[], p_supersedes uuid[],
                                                    p_audited uuid[], p_accepted integer[],
                                                    p_duplicate integer[],
                                                    p_rejected integer[])
  returns integer
  language plpgsql volatile security invoker
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_written integer := 0;
  v_actor uuid;
begin
  if cardinality(p_client_ids) > 0 then
    -- No conflict target: every unique index arbitrates, so a racing replay does nothing.
    insert into care_actions (client_id, booking_id, business_id, household_id, author_id, kind,
                              device_time, received_at, payload, supersedes)
    select i.client_id, i.booking_id, i.business_id, i.household_id, p_author, i.kind,
           cast(i.device_time as timestamptz), p_received_at, cast(i.payload as jsonb),
           i.supersedes
      from unnest(p_client_ids, p_bookings, p_businesses, p_households, p_kinds,
                  p_device_times, p_payloads, p_supersedes)
             as i(client_id, booking_id, business_id, household_id, kind, device_time, payload,
                  supersedes)
    on conflict do nothing;
    get diagnostics v_written = row_count;
  end if;
  if v_written = coalesce(cardinality(p_client_ids), 0) then
    for k in 1 .. coalesce(cardinality(p_audited), 0) loop
      v_actor := pawkeep_audit_append(p_audited[k], 'care.synced', 'business',
                                      cast(p_audited[k] as text), null,
                                      jsonb_build_object('accepted', p_accepted[k],
                                                         'duplicate', p_duplicate[k],
                                                         'rejected', p_rejected[k]));
      if v_actor is distinct from p_author then
        raise exception 'a care batch of % is audited for %', p_author, v_actor
          using errcode = 'insufficient_privilege';
      end if;
    end loop;
  end if;
  return v_written;
end
$$;
revoke execute on function pawkeep_care_sync_insert(uuid, timestamptz, uuid[], uuid[], uuid[],
                                                    uuid[], text[], text[], text[], uuid[],
                                                    uuid[], integer[], integer[], integer[])
  from public;
grant execute on function pawkeep_care_sync_insert(uuid, timestamptz, uuid[], uuid[], uuid[],
                                                   uuid[], text[], text[], text[], uuid[],
                                                   uuid[], integer[], integer[], integer[])
  to ${appRole};

-- Append-only for everyone, the schema owner included: corrections are new entries.
create or replace function pawkeep_care_actions_append_only()
  returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  -- Erasure (PRIV-2): the purge deletes a household's rows with it; its row is already gone when
  -- this cascades. Security definer, so a caller who cannot see the household cannot pass.
  if tg_op = 'DELETE' and not exists (select 1 from households where id = old.household_id) then
    return old;
  end if;
  raise exception 'care actions are append-only' using errcode = 'insufficient_privilege';
end
$$;
revoke execute on function pawkeep_care_actions_append_only() from public;

-- A photo in the care log names a photo its author uploaded to the same visit (DOM-6, FILE-2):
-- a visit document of the same booking, by the entry's author, not in the bin. Never a household's
-- or a pet's document, another visit's photo, a colleague's upload or an invented id. Read as the
-- schema owner: the entry may be synced up to 7 days after the window, when its author no longer
-- reads the visit's photos; each caller learns only about their own uploads.
create or replace function pawkeep_care_photo_named(p_photo text, p_booking uuid, p_author uuid)
  returns boolean
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select case
           when p_photo ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
           then exists (select 1 from documents d
                         where d.id = cast(p_photo as uuid)
                           and d.place = 'visit'
                           and d.booking_id = p_booking
                           and d.uploaded_by = p_author
                           and d.deleted_at is null)
           else false
         end
$$;
revoke execute on function pawkeep_care_photo_named(text, uuid, uuid) from public;

-- For the sync to answer each photo item on its own (unknown_photo) before the insert: the booking
-- of each of the caller's own visit photos among p_photos.
create or replace function pawkeep_my_visit_photos(p_photos uuid[])
  returns table (id uuid, booking_id uuid)
  language sql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$
  select d.id, d.booking_id
    from documents d
   where d.id = any (p_photos)
     and d.place = 'visit'
     and d.booking_id is not null
     and d.uploaded_by = pawkeep_current_user()
     and d.deleted_at is null
$$;
revoke execute on function pawkeep_my_visit_photos(uuid[]) from public;
grant execute on function pawkeep_my_visit_photos(uuid[]) to ${appRole};

-- The same rule on every insert, whoever writes it (the application role's own SQL, the schema
-- owner): entries stored before this rule keep what they named.
create or replace function pawkeep_care_actions_photo_named()
  returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if not pawkeep_care_photo_named(new.payload ->> 'photoRef', new.booking_id, new.author_id) then
    raise exception 'a care log photo must name a photo its author uploaded to the same visit'
      using errcode = 'foreign_key_violation';
  end if;
  return new;
end
$$;
revoke execute on function pawkeep_care_actions_photo_named() from public;

-- Each entry claims its client id in care_action_ids (V49) before it is stored: the care log is
-- partitioned by the month it was received, and a unique index of a partition covers only its
-- month, so the client id stays unique across months here. An id already claimed skips the row
-- as an insert's "on conflict do nothing" did before V49 (a replay writes nothing new, DOM-6),
-- whichever month the first upload landed in. Security definer: the application role has no
-- grant on the ids; if the entry is then refused (its policy, the photo rule), the claim is
-- undone with the statement.
create or replace function pawkeep_care_actions_claim_id()
  returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  insert into care_action_ids (client_id, booking_id, received_at)
  values (new.client_id, new.booking_id, new.received_at)
  on conflict (client_id) do nothing;
  if not found then
    return null;
  end if;
  return new;
end
$$;
revoke execute on function pawkeep_care_actions_claim_id() from public;

-- care_settings -----------------------------------------------------------------------------
alter table care_settings enable row level security;
alter table care_settings force row level security;
drop policy if exists schema_owner on care_settings;
create policy schema_owner on care_settings to current_user using (true) with check (true);

-- Settings: the business's staff and its clients' members read them; settings.manage writes.
drop policy if exists staff_read on care_settings;
create policy staff_read on care_settings for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses()) as uuid[])));

drop policy if exists clients_read on care_settings;
create policy clients_read on care_settings for select to ${appRole}
  using (business_id = any (cast((select pawkeep_my_client_businesses()) as uuid[])));

drop policy if exists settings_managers_write on care_settings;
create policy settings_managers_write on care_settings for all to ${appRole}
  using (business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                 as uuid[])))
  with check (business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                      as uuid[])));

-- care_action_ids (V49) ---------------------------------------------------------------------
-- Written only by pawkeep_care_actions_claim_id. The application role reads the claims of the
-- bookings it sees (the bookings' own policies, through the subquery; the log's with_booking), so
-- the sync finds a stored entry by its id without probing every month's partition
-- (pawkeep_care_sync_stored); a claim of a booking the caller cannot see looks unclaimed. Not the
-- log's own policies: they would put every month's partition into the planning of each look-up.
-- The sync answers the same: an entry the caller may write a replay of is of a booking they see.
alter table care_action_ids enable row level security;
alter table care_action_ids force row level security;
drop policy if exists schema_owner on care_action_ids;
create policy schema_owner on care_action_ids to current_user using (true) with check (true);

grant select on care_action_ids to ${appRole};
drop policy if exists with_booking on care_action_ids;
create policy with_booking on care_action_ids for select to ${appRole}
  using (exists (select 1 from bookings b where b.id = care_action_ids.booking_id));

-- care_actions ------------------------------------------------------------------------------
-- Partitioned by month of received_at since V49: row-level security, policies and row triggers
-- are the parent's and apply to every query through it (row triggers are cloned onto each
-- partition); the partitions have row-level security forced and no policy or grant of their own.
alter table care_actions enable row level security;
alter table care_actions force row level security;
drop policy if exists schema_owner on care_actions;
create policy schema_owner on care_actions to current_user using (true) with check (true);

-- The log is read by whoever sees its booking (bookings' policies: the household's members, the
-- schedulers, the assignee) and by its author; written only by the assignee inside the window.
drop policy if exists with_booking on care_actions;
create policy with_booking on care_actions for select to ${appRole}
  using (exists (select 1 from bookings b where b.id = care_actions.booking_id));

drop policy if exists authors_read on care_actions;
create policy authors_read on care_actions for select to ${appRole}
  using (author_id = (select pawkeep_current_user())
         and household_id <> all (cast((select pawkeep_deleted_households()) as uuid[])));

drop policy if exists assignees_log on care_actions;
create policy assignees_log on care_actions for insert to ${appRole}
  with check (author_id = (select pawkeep_current_user())
              and exists (select 1
                            from unnest(cast((select pawkeep_my_care_windows())
                                             as pawkeep_care_window[])) w
                           where w.booking_id = care_actions.booking_id
                             and w.business_id = care_actions.business_id
                             and w.household_id = care_actions.household_id
                             and care_actions.device_time >= w.window_from
                             and care_actions.device_time < w.window_to));

drop trigger if exists care_actions_photo_named on care_actions;
create trigger care_actions_photo_named before insert on care_actions
  for each row when (new.kind = 'photo')
  execute function pawkeep_care_actions_photo_named();

drop trigger if exists care_actions_append_only on care_actions;
create trigger care_actions_append_only before update or delete on care_actions
  for each row execute function pawkeep_care_actions_append_only();

drop trigger if exists care_actions_claim_id on care_actions;
create trigger care_actions_claim_id before insert on care_actions
  for each row execute function pawkeep_care_actions_claim_id();
