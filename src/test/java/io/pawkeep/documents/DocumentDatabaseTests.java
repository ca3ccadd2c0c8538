package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.database.OwnerDatabase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The documents' rules in the database itself (FILE-2, AUTHZ-5, AUTHZ-6), proven with the
 * application role's SQL and the identity a request sets: whatever the application asks, row-level
 * security, column grants and the triggers of R__95_documents.sql decide.
 */
class DocumentDatabaseTests extends DocumentTestSupport {

  @Autowired OwnerDatabase owner;

  /**
   * The rows written here carry a placeholder for a sealed key: removed, so key rotation in other
   * tests never meets a key it cannot open.
   */
  @AfterEach
  void removeRowsWithoutARealKey() {
    owner.jdbc().sql("delete from documents where file_key = '\\x01'::bytea").update();
  }

  @Test
  void aStrangerSeesNoDocumentAndASitterOnlyThePetsPhotoInTheDatabase() {
    World w = world();
    User sitter = signedInUser("sitter");
    join(w.family(), w.household(), sitter, "sitter");
    uploaded(w.family(), "/api/v1/pets/" + w.pet() + "/documents", pdfFile("vaccination"));
    uploaded(w.family(), "/api/v1/households/" + w.household() + "/documents", pdfFile(null));
    uploaded(w.family(), "/api/v1/pets/" + w.pet() + "/photo", jpegFile());
    User stranger = signedInUser("stranger");

    assertThat(places(w.familyMember(), w.household()))
        .containsExactlyInAnyOrder("pet", "household", "pet_photo");
    assertThat(places(sitter, w.household())).containsExactly("pet_photo");
    assertThat(places(stranger, w.household())).isEmpty();
    assertThat(places(w.walker(), w.household())).as("no window open").isEmpty();
  }

  @Test
  void theHouseholdCannotBinAClinicsDocumentInTheDatabase() {
    World w = world();
    String lab = labResult(grantedClinic(w), w);

    int binned = binDirectly(w.family(), w.family(), lab);

    assertThat(binned).isZero();
  }

  @Test
  void theApplicationChangesNothingButTheBinAndDeletesNoRow() {
    World w = world();
    String id =
        uploaded(w.family(), "/api/v1/households/" + w.household() + "/documents", pdfFile(null));

    for (String change :
        List.of(
            "update documents set name = 'evil.html' where id = ?::uuid",
            "update documents set content_type = 'image/png' where id = ?::uuid",
            "update documents set file_key = '\\x00' where id = ?::uuid",
            "delete from documents where id = ?::uuid")) {
      assertThatThrownBy(() -> asCaller(w.family(), db -> db.sql(change).param(id).update()))
          .as(change)
          .isInstanceOf(DataAccessException.class);
    }
    assertThatThrownBy(() -> binDirectly(w.family(), w.familyMember(), id))
        .as("binned in someone else's name")
        .isInstanceOf(DataAccessException.class);
  }

  @Test
  void nobodyAddsADocumentToAnotherHouseholdsPetOrSealsItWithTheirOwnKey() {
    World w = world();
    User other = signedInUser("other");
    String otherHousehold = createHousehold(other, "Next Door");

    assertThatThrownBy(() -> insertOnPet(other, w.pet(), w.household()))
        .as("under the pet's household")
        .isInstanceOf(DataAccessException.class);
    assertThatThrownBy(() -> insertOnPet(other, w.pet(), otherHousehold))
        .as("under the caller's own household as tenant")
        .isInstanceOf(DataAccessException.class);
    assertThat(insertOnPet(w.family(), w.pet(), w.household())).isEqualTo(1);
  }

  @Test
  void theAssigneeAddsVisitPhotosOnlyInsideTheWindowInTheDatabase() {
    World w = world();
    Instant start = inHours(1);
    String booking = assignedBooking(w, w.walkerId(), start);

    assertThat(
            insertVisitPhoto(
                w.walker(), booking, w.household(), start.plus(Duration.ofMinutes(10))))
        .isEqualTo(1);
    assertThatThrownBy(
            () ->
                insertVisitPhoto(
                    w.walker(), booking, w.household(), start.plus(Duration.ofDays(3))))
        .isInstanceOf(DataAccessException.class);
    assertThatThrownBy(
            () ->
                insertVisitPhoto(
                    w.otherWalker(), booking, w.household(), start.plus(Duration.ofMinutes(10))))
        .isInstanceOf(DataAccessException.class);
  }

  private List<String> places(User caller, String household) {
    return asCaller(
        caller,
        db ->
            db.sql("select place from documents where household_id = ?::uuid")
                .param(household)
                .query(String.class)
                .list());
  }

  private int insertOnPet(User caller, String pet, String tenant) {
    return asCaller(
        caller,
        db ->
            insert(db, caller, tenant, "pet", "other", pet, null, Timestamp.from(clock.instant())));
  }

  /** A visit photo sealed, as it must be, under the booking's household. */
  private int insertVisitPhoto(User caller, String booking, String household, Instant at) {
    return asCaller(
        caller,
        at,
        db -> insert(db, caller, household, "visit", null, null, booking, Timestamp.from(at)));
  }

  private static int insert(
      JdbcClient db,
      User caller,
      String tenant,
      String place,
      String kind,
      String pet,
      String booking,
      Timestamp at) {
    return db.sql(
            """
            insert into documents (id, tenant_id, place, kind, pet_id, booking_id, name,
                                   content_type, size_bytes, file_key, uploaded_by,
                                   uploaded_by_name, uploaded_at)
            values (?, ?::uuid, ?, ?, ?::uuid, ?::uuid, 'x.pdf', 'application/pdf', 10, '\\x01',
                    ?, '', ?)
            """)
        .params(UUID.randomUUID(), tenant, place, kind, pet, booking, claim(caller, "sub"), at)
        .update();
  }

  /** The caller's own SQL moving the document to the bin in the name of {@code binnedBy}. */
  private int binDirectly(User caller, User binnedBy, String id) {
    return asCaller(
        caller,
        db ->
            db.sql("update documents set deleted_at = now(), deleted_by = ? where id = ?::uuid")
                .params(claim(binnedBy, "sub"), id)
                .update());
  }
}
