-- A staff member's page of a business's schedule (GET /api/v1/bookings?business=..&staff=..):
-- the business, the assignee, then the bookings by start time, read straight from one index
-- instead of every booking the assignee has in any business, or every booking of the business.
create index bookings_business_assignee_idx on bookings (business_id, assignee_id, starts_at);
