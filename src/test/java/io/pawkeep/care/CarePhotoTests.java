package io.pawkeep.care;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A photo in the care log names a photo its author uploaded to the same visit (DOM-6, FILE-2): a
 * visit photo of the same booking, by the entry's author, not in the bin. Anything else (another
 * visit's photo, a household's document, a colleague's upload, an invented id, free text) is that
 * item's rejection, {@code unknown_photo}, never the batch's.
 */
class CarePhotoTests extends CareTestSupport {

  @Autowired OwnerDatabase schemaOwner;

  @Test
  void aPhotoEntryNamingAPhotoItsAuthorUploadedToTheSameVisitIsStored() {
    World w = world();
    String booking = walkersBooking(w);
    String photo = visitPhoto(w.walker(), booking);

    List<JsonNode> outcomes =
        outcomes(
            w.walker(),
            List.of(
                item(
                    booking, "photo", now(), Map.of("photoRef", photo, "caption", "Rex napping"))));
    assertThat(outcomes).extracting(CareTestSupport::reason).containsExactly("accepted:");
    JsonNode entry = careLog(w.family(), booking).items().get(0);
    assertThat(entry.path("payload").path("photoRef").asString()).isEqualTo(photo);
  }

  @Test
  void aPhotoEntryNamingAnotherVisitsPhotoIsRejectedAloneAndTheRestOfTheBatchIsStored() {
    World w = world();
    String booking = walkersBooking(w);
    String otherVisit = assignedBooking(w, w.walkerId(), soon().plusSeconds(3600));
    String own = visitPhoto(w.walker(), booking);
    String others = visitPhoto(w.walker(), otherVisit);

    List<JsonNode> outcomes =
        outcomes(
            w.walker(),
            List.of(
                item(booking, "note", now(), Map.of("text", "Arrived")),
                item(booking, "photo", now().plusSeconds(1), Map.of("photoRef", others)),
                item(booking, "photo", now().plusSeconds(2), Map.of("photoRef", own))));
    assertThat(outcomes)
        .extracting(CareTestSupport::reason)
        .containsExactly("accepted:", "rejected:unknown_photo", "accepted:");
    assertThat(careLog(w.walker(), booking).items()).hasSize(2);
  }

  @Test
  void aPhotoEntryNamingAHouseholdDocumentIsRejected() {
    World w = world();
    String booking = walkersBooking(w);
    String document = householdDocument(w);

    assertThat(photoEntry(w, booking, document)).isEqualTo("rejected:unknown_photo");
    assertThat(careLog(w.walker(), booking).items()).isEmpty();
  }

  @Test
  void aPhotoEntryNamingAnInventedIdOrFreeTextIsRejected() {
    World w = world();
    String booking = walkersBooking(w);
    assertThat(photoEntry(w, booking, UUID.randomUUID().toString()))
        .isEqualTo("rejected:unknown_photo");
    assertThat(photoEntry(w, booking, "pending-upload")).isEqualTo("rejected:unknown_photo");
    assertThat(careLog(w.walker(), booking).items()).isEmpty();
  }

  @Test
  void aPhotoEntryNamingAPhotoAColleagueUploadedToTheSameVisitIsRejected() {
    World w = world();
    String booking = walkersBooking(w);
    String walkers = visitPhoto(w.walker(), booking);
    // The visit passes to a colleague, who may log it but not claim the first walker's photo.
    ApiClient.Response reassigned = assign(w.manager(), booking, w.otherWalkerId());
    assertThat(reassigned.status()).as(reassigned.raw()).isEqualTo(200);
    String colleagues = visitPhoto(w.otherWalker(), booking);

    List<JsonNode> outcomes =
        outcomes(
            w.otherWalker(),
            List.of(
                item(booking, "photo", now(), Map.of("photoRef", walkers)),
                item(booking, "photo", now().plusSeconds(1), Map.of("photoRef", colleagues))));
    assertThat(outcomes)
        .extracting(CareTestSupport::reason)
        .containsExactly("rejected:unknown_photo", "accepted:");
  }

  @Test
  void aPhotoEntryNamingAPhotoInTheBinIsRejected() {
    World w = world();
    String booking = walkersBooking(w);
    String photo = visitPhoto(w.walker(), booking);
    ApiClient.Response deleted =
        api.delete("/api/v1/documents/" + photo, null, w.walker().accessToken());
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(204);

    assertThat(photoEntry(w, booking, photo)).isEqualTo("rejected:unknown_photo");
  }

  /**
   * Entries stored before photos were uploaded keep their free-text reference (no migration): the
   * rule checks new entries only, so replaying such an entry is still answered as a duplicate.
   */
  @Test
  void anEntryStoredBeforeTheRuleWithAFreeTextReferenceIsKeptAndItsReplayIsADuplicate() {
    World w = world();
    String booking = walkersBooking(w);
    Map<String, Object> old =
        item(booking, "photo", now(), Map.of("photoRef", "IMG_0042 on the walker's phone"));
    // As it was stored before the rule: the rule's trigger off for this one statement's
    // transaction only.
    schemaOwner
        .jdbc()
        .sql(
            """
            alter table care_actions disable trigger care_actions_photo_named;
            insert into care_actions (client_id, booking_id, business_id, household_id,
              author_id, kind, device_time, received_at, payload)
            values ('%s', '%s', '%s', '%s', '%s', 'photo', '%s', '%s',
                    '{"photoRef": "IMG_0042 on the walker''s phone"}');
            alter table care_actions enable trigger care_actions_photo_named;
            """
                .formatted(
                    old.get("clientId"),
                    booking,
                    w.business(),
                    w.household(),
                    w.walkerId(),
                    now(),
                    now()))
        .update();

    assertThat(outcomes(w.walker(), List.of(old)))
        .extracting(o -> o.path("outcome").asString())
        .containsExactly("duplicate");
    assertThat(
            careLog(w.family(), booking).items().get(0).path("payload").path("photoRef").asString())
        .isEqualTo("IMG_0042 on the walker's phone");
  }

  // ---- helpers ----

  /** The outcome of one photo entry naming {@code photoRef}, as "outcome:reason". */
  private String photoEntry(World w, String booking, String photoRef) {
    return reason(
        outcomes(w.walker(), List.of(item(booking, "photo", now(), Map.of("photoRef", photoRef))))
            .get(0));
  }
}
