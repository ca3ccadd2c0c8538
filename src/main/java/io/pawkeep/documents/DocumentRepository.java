package io.pawkeep.documents;

import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for documents, run as the caller: row-level security (R__95_documents.sql) decides every row
 * the caller sees, inserts and bins; the rights read here only let the service answer 404 or 403
 * before a file is read and tell the person what they may do.
 */
@Repository
class DocumentRepository {

  /** A document row as the caller sees it. */
  record Row(
      UUID id,
      UUID tenantId,
      Place place,
      Kind kind,
      UUID householdId,
      UUID petId,
      UUID bookingId,
      UUID businessId,
      String name,
      String contentType,
      long size,
      Integer width,
      Integer height,
      byte[] fileKey,
      UUID thumbnailId,
      byte[] thumbnailKey,
      Long thumbnailSize,
      String uploadedByName,
      String businessName,
      Instant uploadedAt,
      Instant deletedAt,
      boolean canDelete) {

    boolean clinical() {
      return place == Place.PET && businessId != null;
    }

    DocumentView view() {
      return new DocumentView(
          id,
          place,
          kind,
          name,
          contentType,
          size,
          width,
          height,
          thumbnailId != null,
          householdId,
          petId,
          bookingId,
          businessId,
          clinical(),
          uploadedByName,
          businessName,
          uploadedAt,
          deletedAt,
          canDelete);
    }
  }

  /** What the caller may do with a pet's documents. */
  record PetRights(UUID householdId, boolean writer, boolean clinicReader, List<UUID> clinics) {}

  /** What the caller may do with a household's documents. */
  record HouseholdRights(boolean reader, boolean owner) {}

  /** What the caller may do with a booking's visit photos. */
  record BookingRights(
      UUID householdId,
      UUID businessId,
      boolean householdReader,
      boolean assigneeInWindow,
      boolean scheduler) {}

  /** A new document's columns; the database checks its tenant and fills household and business. */
  record NewDocument(
      UUID id,
      UUID tenantId,
      Place place,
      Kind kind,
      UUID householdId,
      UUID petId,
      UUID bookingId,
      UUID businessId,
      String name,
      String contentType,
      long size,
      Integer width,
      Integer height,
      byte[] fileKey,
      UUID thumbnailId,
      byte[] thumbnailKey,
      Long thumbnailSize,
      UUID uploadedBy,
      Instant uploadedAt) {}

  private static final String COLUMNS =
      """
      select id, tenant_id, place, kind, household_id, pet_id, booking_id, business_id, name,
             content_type, size_bytes, width, height, file_key, thumbnail_id, thumbnail_key,
             thumbnail_size, uploaded_by_name, business_name, uploaded_at, deleted_at,
             coalesce(pawkeep_may_bin_document(place, household_id, business_id, booking_id,
                                               uploaded_by), false) as can_delete
        from documents
      """;

  private final JdbcClient jdbc;

  DocumentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<PetRights> petRights(UUID pet) {
    return jdbc.sql(
            """
            select household_id, writer, clinic_reader, clinics
              from pawkeep_document_pet_rights(:pet)
            """)
        .param("pet", pet)
        .query(
            (rs, n) ->
                new PetRights(
                    rs.getObject("household_id", UUID.class),
                    rs.getBoolean("writer"),
                    rs.getBoolean("clinic_reader"),
                    uuids(rs, "clinics")))
        .optional();
  }

  Optional<HouseholdRights> householdRights(UUID household) {
    return jdbc.sql(
            """
            select reader, owner from pawkeep_document_household_rights(:household)
            """)
        .param("household", household)
        .query((rs, n) -> new HouseholdRights(rs.getBoolean("reader"), rs.getBoolean("owner")))
        .optional();
  }

  Optional<BookingRights> bookingRights(UUID booking) {
    return jdbc.sql(
            """
            select household_id, business_id, household_reader, assignee_in_window, scheduler
              from pawkeep_document_booking_rights(:booking)
            """)
        .param("booking", booking)
        .query(
            (rs, n) ->
                new BookingRights(
                    rs.getObject("household_id", UUID.class),
                    rs.getObject("business_id", UUID.class),
                    rs.getBoolean("household_reader"),
                    rs.getBoolean("assignee_in_window"),
                    rs.getBoolean("scheduler")))
        .optional();
  }

  /** Empty when the caller cannot see the business; else whether they manage its documents. */
  Optional<Boolean> businessRights(UUID business) {
    return jdbc.sql(
            """
            select manager from pawkeep_document_business_rights(:business)
            """)
        .param("business", business)
        .query(Boolean.class)
        .optional();
  }

  /**
   * The bytes the tenant's files take, after waiting for any other upload to the tenant to end (the
   * lock is held until this transaction ends); empty when the caller may not upload there.
   */
  Optional<Long> usage(UUID tenant) {
    return jdbc.sql("select pawkeep_document_usage(:tenant)")
        .param("tenant", tenant)
        .query((rs, n) -> Optional.ofNullable(rs.getObject(1, Long.class)))
        .single();
  }

  void insert(NewDocument d) {
    jdbc.sql(
            """
            insert into documents (id, tenant_id, place, kind, household_id, pet_id, booking_id,
                                   business_id, name, content_type, size_bytes, width, height,
                                   file_key, thumbnail_id, thumbnail_key, thumbnail_size,
                                   uploaded_by, uploaded_by_name, uploaded_at)
            values (:id, :tenant, :place, :kind, :household, :pet, :booking, :business, :name,
                    :contentType, :size, :width, :height, :fileKey, :thumbnailId, :thumbnailKey,
                    :thumbnailSize, :uploadedBy, '', :uploadedAt)
            """)
        .param("id", d.id())
        .param("tenant", d.tenantId())
        .param("place", d.place().text())
        .param("kind", d.kind() == null ? null : d.kind().text())
        .param("household", d.householdId())
        .param("pet", d.petId())
        .param("booking", d.bookingId())
        .param("business", d.businessId())
        .param("name", d.name())
        .param("contentType", d.contentType())
        .param("size", d.size())
        .param("width", d.width())
        .param("height", d.height())
        .param("fileKey", d.fileKey())
        .param("thumbnailId", d.thumbnailId())
        .param("thumbnailKey", d.thumbnailKey())
        .param("thumbnailSize", d.thumbnailSize())
        .param("uploadedBy", d.uploadedBy())
        .param("uploadedAt", Instants.timestamp(d.uploadedAt()))
        .update();
  }

  /** The document as the caller sees it, in the bin or not. */
  Optional<Row> row(UUID id) {
    return jdbc.sql(COLUMNS + " where id = :id")
        .param("id", id)
        .query(DocumentRepository::mapRow)
        .optional();
  }

  /**
   * Not binned documents of one place under its pet, household, booking or business, newest first.
   */
  List<Row> listed(Place place, UUID parent) {
    return jdbc.sql(listedWhere(place) + " order by uploaded_at desc, id desc")
        .param("parent", parent)
        .param("place", place.text())
        .query(DocumentRepository::mapRow)
        .list();
  }

  /** One page of {@link #listed(Place, UUID)}, newest first (HARD-8). */
  List<Row> listed(Place place, UUID parent, PageRequest page) {
    Seek after = page.seek(SortKey.descending(SortKey.instant("uploaded_at"), SortKey.uuid("id")));
    return jdbc.sql(
            listedWhere(place) + after.and() + " order by uploaded_at desc, id desc limit :fetch")
        .param("parent", parent)
        .param("place", place.text())
        .params(after.params())
        .query(DocumentRepository::mapRow)
        .list();
  }

  /** The latest pet photo not in the bin. */
  Optional<Row> petPhoto(UUID pet) {
    return jdbc.sql(
            COLUMNS
                + " where pet_id = :pet and place = 'pet_photo' and deleted_at is null"
                + " order by uploaded_at desc, id desc limit 1")
        .param("pet", pet)
        .query(DocumentRepository::mapRow)
        .optional();
  }

  /** Binned documents of a household or a business the caller may restore, newest first. */
  List<Row> bin(UUID owner, Instant binnedSince) {
    return jdbc.sql(
            COLUMNS
                + " where (household_id = :owner or (place = 'business' and business_id = :owner))"
                + " and deleted_at is not null and deleted_at > :since"
                + " and coalesce(pawkeep_may_bin_document(place, household_id, business_id,"
                + " booking_id, uploaded_by), false)"
                + " order by deleted_at desc, id")
        .param("owner", owner)
        .param("since", Instants.timestamp(binnedSince))
        .query(DocumentRepository::mapRow)
        .list();
  }

  /** Moves the document to the bin (or back with {@code null}); false when the policy refused. */
  boolean setBinned(UUID id, Instant deletedAt, UUID deletedBy) {
    Timestamp at = deletedAt == null ? null : Instants.timestamp(deletedAt);
    return jdbc.sql("update documents set deleted_at = :at, deleted_by = :by where id = :id")
            .param("at", at, java.sql.Types.TIMESTAMP)
            .param("by", deletedBy, java.sql.Types.OTHER)
            .param("id", id)
            .update()
        == 1;
  }

  private static String listedWhere(Place place) {
    return COLUMNS
        + " where "
        + parentColumn(place)
        + " = :parent and place = :place and deleted_at is null";
  }

  /** The column naming what a document of the place belongs to. */
  private static String parentColumn(Place place) {
    return switch (place) {
      case PET, PET_PHOTO -> "pet_id";
      case HOUSEHOLD -> "household_id";
      case VISIT -> "booking_id";
      case BUSINESS -> "business_id";
    };
  }

  private static Row mapRow(ResultSet rs, int n) throws SQLException {
    long thumbnailSize = rs.getLong("thumbnail_size");
    Long thumbnail = rs.wasNull() ? null : thumbnailSize;
    return new Row(
        rs.getObject("id", UUID.class),
        rs.getObject("tenant_id", UUID.class),
        Place.of(rs.getString("place")),
        Kind.of(rs.getString("kind")),
        rs.getObject("household_id", UUID.class),
        rs.getObject("pet_id", UUID.class),
        rs.getObject("booking_id", UUID.class),
        rs.getObject("business_id", UUID.class),
        rs.getString("name"),
        rs.getString("content_type"),
        rs.getLong("size_bytes"),
        (Integer) rs.getObject("width"),
        (Integer) rs.getObject("height"),
        rs.getBytes("file_key"),
        rs.getObject("thumbnail_id", UUID.class),
        rs.getBytes("thumbnail_key"),
        thumbnail,
        rs.getString("uploaded_by_name"),
        rs.getString("business_name"),
        Instants.from(rs, "uploaded_at"),
        Instants.from(rs, "deleted_at"),
        rs.getBoolean("can_delete"));
  }

  private static List<UUID> uuids(ResultSet rs, String column) throws SQLException {
    java.sql.Array array = rs.getArray(column);
    return array == null ? List.of() : Arrays.asList((UUID[]) array.getArray());
  }
}
