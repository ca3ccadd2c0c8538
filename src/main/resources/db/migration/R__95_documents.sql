-- Documents and photos (FILE-1, FILE-2, FILE-3, AUTHZ-5, AUTHZ-6). Who may do what, by place:
-- * pet_photo: household owners and members upload and bin; whoever may read the pet reads it
--   (every member including sitters, clinic staff of client clinics, assignees in their window).
-- * pet: household owners and members upload; owners and the uploader bin. A document a clinic
--   uploaded (business_id set: clinical) is written and binned only by staff holding medical.write
--   in that clinic while the household is its active client, and read-only for the household.
--   Read by owners and members and by clinic staff holding medical.read. Sitters never.
-- * household: owners upload and bin; owners and members read.
-- * visit: the booking's assignee holding care.log uploads inside the assignment window; owners and
--   members read, owners bin; the assignee reads and bins inside the window; staff holding
--   bookings.write (who see every booking of the business) read.
-- * business: staff holding settings.manage upload, read and bin.
-- Nobody updates anything but the bin columns; nobody deletes rows but the schema owner's purge.

-- Fills what an uploaded document's place implies from the pet, booking or business it belongs
-- to (its household, business and tenant, the uploader's name) and refuses any other shape,
-- whoever inserts; so a policy never has to trust an id the client chose beside the one it names.
create or replace function pawkeep_shape_document()
  returns trigger
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
declare
  v_household uuid;
  v_business uuid;
begin
  if new.place in ('pet_photo', 'pet') then
    select household_id into v_household from pets where id = new.pet_id;
    if v_household is null or (new.household_id is not null
                                and new.household_id <> v_household)
       or new.booking_id is not null
       or (new.place = 'pet_photo' and new.business_id is not null) then
      raise exception 'a pet document names its pet only' using errcode = 'check_violation';
    end if;
    new.household_id := v_household;
    if new.tenant_id is distinct from v_household then
      raise exception 'a document is sealed with its owner''s key' using errcode = 'check_violation';
    end if;
  elsif new.place = 'household' then
    if new.household_id is null or new.pet_id is not null or new.booking_id is not null
       or new.business_id is not null then
      raise exception 'a household document names its household only'
        using errcode = 'check_violation';
    end if;
    if new.tenant_id is distinct from new.household_id then
      raise exception 'a document is sealed with its owner''s key' using errcode = 'check_violation';
    end if;
  elsif new.place = 'visit' then
    select household_id, business_id into v_household, v_business
      from bookings where id = new.booking_id;
    if v_household is null or new.pet_id is not null
       or (new.household_id is not null and new.household_id <> v_household)
       or (new.business_id is not null and new.business_id <> v_business) then
      raise exception 'a visit photo names its booking only' using errcode = 'check_violation';
    end if;
    new.household_id := v_household;
    new.business_id := v_business;
    if new.tenant_id is distinct from v_household then
      raise exception 'a document is sealed with its owner''s key' using errcode = 'check_violation';
    end if;
  else
    if new.business_id is null or new.household_id is not null or new.pet_id is not null
       or new.booking_id is not null then
      raise exception 'a business document names its business only'
        using errcode = 'check_violation';
    end if;
    if new.tenant_id is distinct from new.business_id then
      raise exception 'a document is sealed with its owner''s key' using errcode = 'check_violation';
    end if;
  end if;
  new.uploaded_by_name := coalesce((select display_name from users where id = new.uploaded_by),
                                   '');
  new.business_name := (select name from businesses where id = new.business_id);
  if new.deleted_at is not null or new.deleted_by is not null then
    raise exception 'a document is uploaded outside the bin' using errcode = 'check_violation';
  end if;
  return new;
end
$$;
revoke execute on function pawkeep_shape_document() from public;

-- The application changes nothing of a document but whether it is in the bin; the schema owner
-- (key rotation re-sealing file keys, references set to null when their owner is deleted) may.
create or replace function pawkeep_documents_only_bin()
  returns trigger
  language plpgsql volatile
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if current_user = '${appRole}'
     and (to_jsonb(new) - 'deleted_at' - 'deleted_by')
         is distinct from (to_jsonb(old) - 'deleted_at' - 'deleted_by') then
    raise exception 'only the bin columns of a document change' using errcode = 'P0001';
  end if;
  if current_user = '${appRole}' and new.deleted_at is not null
     and new.deleted_by is distinct from pawkeep_current_user() then
    raise exception 'a document is binned by the caller' using errcode = 'P0001';
  end if;
  return new;
end
$$;
revoke execute on function pawkeep_documents_only_bin() from public;

-- How many bytes the tenant's files take (the bin counts until purged), after waiting for every
-- other upload to the tenant to end: the lock is held until the caller's transaction ends, so two
-- uploads never both pass the quota. Null for a tenant the caller may not upload to.
create or replace function pawkeep_document_usage(p_tenant uuid)
  returns bigint
  language plpgsql volatile security definer
  set search_path = pg_catalog, public, pg_temp
as $$
begin
  if not (p_tenant = any (pawkeep_my_writable_households())
          or p_tenant = any (pawkeep_my_businesses_with('settings.manage'))
          or p_tenant = any (pawkeep_my_clinic_households('medical.write'))
          or p_tenant = any (pawkeep_my_assigned_households('care.log'))) then
    return null;
  end if;
  perform pg_advisory_xact_lock(hashtext('documents'), hashtext(p_tenant::text));
  return (select coalesce(sum(size_bytes + coalesce(thumbnail_size, 0)), 0)
            from documents where tenant_id = p_tenant);
end
$$;
revoke execute on function pawkeep_document_usage(uuid) from public;
grant execute on function pawkeep_document_usage(uuid) to ${appRole};

-- Households whose visit photos the caller reads as a scheduler of the visit's business (to open
-- them with the household's key).
create or replace function pawkeep_my_visit_photo_households()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = pg_catalog, public, pg_temp
as $$begin return (select coalesce(array_agg(distinct household_id), '{}')
    from documents
   where place = 'visit' and household_id is not null
     and business_id = any (pawkeep_my_businesses_with('bookings.write'))); end$$;
revoke execute on function pawkeep_my_visit_photo_households() from public;
grant execute on function pawkeep_my_visit_photo_households() to ${appRole};

-- What the caller may do with the documents of a pet, household, booking or business, read as
-- the caller (row-level security on those tables decides whether the row is seen at all: no row
-- answers 404). For the application to answer 404 or 403 before it reads an upload; the policies
-- below decide what is actually written and read.
create or replace function pawkeep_document_pet_rights(p_pet uuid)
  returns table (household_id uuid, writer boolean, clinic_reader boolean, clinics uuid[])
  language sql stable
  set search_path = pg_catalog, public, pg_temp
as $$
  select p.household_id,
         p.household_id = any (pawkeep_my_writable_households()),
         p.household_id = any (pawkeep_my_clinic_households('medical.read')),
         array(select b from unnest(pawkeep_my_businesses_with('medical.write')) b
                where pawkeep_clinic_may(b, p.household_id, 'medical.write') order by b)
    from pets p where p.id = p_pet
$$;
revoke execute on function pawkeep_document_pet_rights(uuid) from public;
grant execute on function pawkeep_document_pet_rights(uuid) to ${appRole};

create or replace function pawkeep_document_household_rights(p_household uuid)
  returns table (reader boolean, owner boolean)
  language sql stable
  set search_path = pg_catalog, public, pg_temp
as $$
  select h.id = any (pawkeep_my_writable_households()),
         h.id = any (pawkeep_my_owned_households())
    from households h where h.id = p_household
$$;
revoke execute on function pawkeep_document_household_rights(uuid) from public;
grant execute on function pawkeep_document_household_rights(uuid) to ${appRole};

create or replace function pawkeep_document_booking_rights(p_booking uuid)
  returns table (household_id uuid, business_id uuid, household_reader boolean,
                 assignee_in_window boolean, scheduler boolean)
  language sql stable
  set search_path = pg_catalog, public, pg_temp
as $$
  select b.household_id, b.business_id,
         b.household_id = any (pawkeep_my_writable_households()),
         b.id = any (pawkeep_my_assigned_bookings('care.log')),
         b.business_id = any (pawkeep_my_businesses_with('bookings.write'))
    from bookings b where b.id = p_booking
$$;
revoke execute on function pawkeep_document_booking_rights(uuid) from public;
grant execute on function pawkeep_document_booking_rights(uuid) to ${appRole};

create or replace function pawkeep_document_business_rights(p_business uuid)
  returns table (manager boolean)
  language sql stable
  set search_path = pg_catalog, public, pg_temp
as $$
  select b.id = any (pawkeep_my_businesses_with('settings.manage'))
    from businesses b where b.id = p_business
$$;
revoke execute on function pawkeep_document_business_rights(uuid) from public;
grant execute on function pawkeep_document_business_rights(uuid) to ${appRole};

-- May the caller move this document to the bin and back? The one definition, for the policy
-- below and for the application to tell the person beforehand.
create or replace function pawkeep_may_bin_document(p_place text, p_household uuid,
                                                    p_business uuid, p_booking uuid,
                                                    p_uploaded_by uuid)
  returns boolean
  language sql stable
  set search_path = pg_catalog, public, pg_temp
as $$
  select case p_place
    when 'pet_photo' then p_household = any (pawkeep_my_writable_households())
    when 'pet' then
      case when p_business is null
           then p_household = any (pawkeep_my_owned_households())
                or (p_uploaded_by = pawkeep_current_user()
                    and p_household = any (pawkeep_my_writable_households()))
           else pawkeep_clinic_may(p_business, p_household, 'medical.write') end
    when 'household' then p_household = any (pawkeep_my_owned_households())
    when 'visit' then p_household = any (pawkeep_my_owned_households())
                      or (p_uploaded_by = pawkeep_current_user()
                          and p_booking = any (pawkeep_my_assigned_bookings('care.log')))
    when 'business' then p_business = any (pawkeep_my_businesses_with('settings.manage'))
    else false end
$$;
revoke execute on function pawkeep_may_bin_document(text, uuid, uuid, uuid, uuid) from public;
grant execute on function pawkeep_may_bin_document(text, uuid, uuid, uuid, uuid) to ${appRole};

-- documents ---------------------------------------------------------------------------------
alter table documents enable row level security;
alter table documents force row level security;
drop policy if exists schema_owner on documents;
create policy schema_owner on documents to current_user using (true) with check (true);

drop policy if exists household_reads on documents;
create policy household_reads on documents for select to ${appRole}
  using ((place = 'pet_photo'
          and household_id = any (cast((select pawkeep_my_households()) as uuid[])))
         or (place in ('pet', 'household', 'visit')
             and household_id = any (cast((select pawkeep_my_writable_households()) as uuid[]))));

drop policy if exists clinic_reads on documents;
create policy clinic_reads on documents for select to ${appRole}
  using ((place in ('pet_photo', 'pet')
          and household_id = any (cast((select pawkeep_my_clinic_households('medical.read'))
                                       as uuid[])))
         or (place = 'pet_photo'
             and household_id = any (cast((select pawkeep_my_clinic_households('medical.write'))
                                          as uuid[]))));

drop policy if exists assignees_read on documents;
create policy assignees_read on documents for select to ${appRole}
  using ((place = 'pet_photo'
          and household_id = any (cast((select pawkeep_my_assigned_households('bookings.read'))
                                       as uuid[])))
         or (place = 'visit'
             and booking_id = any (cast((select pawkeep_my_assigned_bookings('care.log'))
                                        as uuid[]))));

drop policy if exists schedulers_read on documents;
create policy schedulers_read on documents for select to ${appRole}
  using (place = 'visit'
         and business_id = any (cast((select pawkeep_my_businesses_with('bookings.write'))
                                     as uuid[]))
         and household_id <> all (cast((select pawkeep_deleted_households()) as uuid[])));

drop policy if exists managers_read on documents;
create policy managers_read on documents for select to ${appRole}
  using (place = 'business'
         and business_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                     as uuid[])));

drop policy if exists uploaders_insert on documents;
create policy uploaders_insert on documents for insert to ${appRole}
  with check (uploaded_by = (select pawkeep_current_user())
              and ((place in ('pet_photo', 'pet') and business_id is null
                    and household_id = any (cast((select pawkeep_my_writable_households())
                                                 as uuid[])))
                   or (place = 'pet' and business_id is not null
                       and pawkeep_clinic_may(business_id, household_id, 'medical.write'))
                   or (place = 'household'
                       and household_id = any (cast((select pawkeep_my_owned_households())
                                                    as uuid[])))
                   or (place = 'visit'
                       and booking_id = any (cast((select pawkeep_my_assigned_bookings('care.log'))
                                                  as uuid[])))
                   or (place = 'business'
                       and business_id = any (cast((select pawkeep_my_businesses_with(
                                                            'settings.manage')) as uuid[])))));

-- Moving to the bin and back (the columns granted are deleted_at and deleted_by only).
drop policy if exists binners_update on documents;
create policy binners_update on documents for update to ${appRole}
  using (pawkeep_may_bin_document(place, household_id, business_id, booking_id, uploaded_by))
  with check (deleted_at is null or deleted_by = (select pawkeep_current_user()));

drop trigger if exists documents_shape on documents;
create trigger documents_shape before insert on documents
  for each row execute function pawkeep_shape_document();

drop trigger if exists documents_only_bin on documents;
create trigger documents_only_bin before update on documents
  for each row execute function pawkeep_documents_only_bin();

-- Data keys (CRYPTO-1, FILE-2) on the crypto module's table (its other policies are in
-- R__45_data_keys.sql, R__70_bookings.sql and R__90_clinical.sql): a business's documents are
-- sealed with its own key, used and created by its settings.manage holders; a visit photo with
-- the household's, created if need be by the assignee uploading inside the window and used by the
-- business's schedulers who read the photo.
drop policy if exists document_managers_use on tenant_data_keys;
create policy document_managers_use on tenant_data_keys for select to ${appRole}
  using (tenant_id = any (cast((select pawkeep_my_businesses_with('settings.manage')) as uuid[]))
         or tenant_id = any (cast((select pawkeep_my_visit_photo_households()) as uuid[])));

drop policy if exists document_managers_create on tenant_data_keys;
create policy document_managers_create on tenant_data_keys for insert to ${appRole}
  with check (tenant_id = any (cast((select pawkeep_my_businesses_with('settings.manage'))
                                    as uuid[]))
              or tenant_id = any (cast((select pawkeep_my_assigned_households('care.log'))
                                       as uuid[])));
