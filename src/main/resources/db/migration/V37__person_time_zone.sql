-- A person's time zone, in which the pages show them times (an IANA name such as Europe/Paris;
-- null: UTC). The application accepts only the names java.time.ZoneId knows; the database keeps
-- the shape, so no markup or control character is ever stored here. API answers stay UTC instants.
alter table users add column time_zone text;
alter table users add constraint users_time_zone_shape check (
  time_zone is null or time_zone ~ '^[A-Za-z][A-Za-z0-9_+/-]{0,63}$');
-- Like the other account columns, only its own row (policy own_user) and only this column.
grant update (time_zone) on users to ${appRole};
