-- The care log's insert policy reads the caller's care windows, which closed less than 7 days
-- before the request (pawkeep_my_care_windows, R__80_care.sql): an index range on the assignee's
-- bookings by their end, so a walker's batch reads their recent and coming bookings only, never
-- their whole history (issue 15: cost does not grow with data).
create index bookings_assignee_ends_idx on bookings (assignee_id, ends_at)
  where assignee_id is not null and status <> 'cancelled';
