-- Documents and photos (FILE-1, FILE-2, FILE-3): the metadata of every stored file. The bytes are in
-- the object store, encrypted with a key of their own (file_key) sealed by the owning tenant's data
-- key: the household for pet, pet photo, household and visit files (also when a clinic uploads
-- one), the business for its own documents. Deleting a household shreds its keys, so its files are
-- unreadable wherever their bytes are. Row-level security, policies and triggers are in
-- R__95_documents.sql.
--
-- References to households, pets, bookings and businesses are set to null when those are deleted
-- rather than cascading, so the row (with the ids of its stored objects) stays until the purge
-- removes it together with its bytes; a row that lost its owner is seen by nobody.
create table documents (
  id               uuid primary key,
  tenant_id        uuid not null,
  place            text not null
                   check (place in ('pet_photo', 'pet', 'household', 'visit', 'business')),
  kind             text check (kind in ('vaccination', 'lab_result', 'imaging', 'other')),
  household_id     uuid references households (id) on delete set null,
  pet_id           uuid references pets (id) on delete set null,
  booking_id       uuid references bookings (id) on delete set null,
  business_id      uuid references businesses (id) on delete set null,
  name             text not null check (char_length(name) between 1 and 200),
  content_type     text not null
                   check (content_type in ('image/jpeg', 'image/png', 'image/webp', 'image/heic',
                                           'image/heif', 'application/pdf')),
  size_bytes       bigint not null check (size_bytes > 0),
  width            int check (width >= 0),
  height           int check (height >= 0),
  file_key         bytea not null,
  thumbnail_id     uuid unique,
  thumbnail_key    bytea,
  thumbnail_size   bigint check (thumbnail_size > 0),
  uploaded_by      uuid not null,
  uploaded_by_name text not null,
  -- Names as they were at upload (filled by the database): the household reads who uploaded a
  -- file and which clinic or business it came from without reading those people's or businesses'
  -- rows.
  business_name    text,
  uploaded_at      timestamptz not null,
  deleted_at       timestamptz,
  deleted_by       uuid,
  constraint document_kind_on_pet_documents check ((place = 'pet') = (kind is not null)),
  constraint document_thumbnail_whole
    check ((thumbnail_id is null) = (thumbnail_key is null)
           and (thumbnail_id is null) = (thumbnail_size is null)),
  constraint document_deleted_by_whom check ((deleted_at is null) = (deleted_by is null))
);

-- Each list's index covers its whole sort key, id last (HARD-8).
create index documents_pet_idx on documents (pet_id, uploaded_at desc, id desc)
  where pet_id is not null;
create index documents_household_idx on documents (household_id, uploaded_at desc, id desc)
  where household_id is not null;
create index documents_booking_idx on documents (booking_id, uploaded_at desc, id desc)
  where booking_id is not null;
create index documents_business_idx on documents (business_id, uploaded_at desc, id desc)
  where business_id is not null;
-- The quota sums a tenant's files; the purge finds what the bin holds past its time.
create index documents_tenant_idx on documents (tenant_id);
create index documents_bin_idx on documents (deleted_at) where deleted_at is not null;

grant select, insert on documents to ${appRole};
grant update (deleted_at, deleted_by) on documents to ${appRole};
