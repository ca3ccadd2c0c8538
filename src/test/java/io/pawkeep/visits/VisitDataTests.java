package io.pawkeep.visits;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BookingTestSupport;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.PageClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Today's visits for the walker's app: exactly what the API lets the assigned staff member see
 * (AUTHZ-5): their own assigned visits of today and the next 24 hours, the pets, care instructions
 * and address note only inside the assignment window, nothing once the household revoked the
 * business or the business removed them; never stored ({@code no-store}).
 */
class VisitDataTests extends BookingTestSupport {

  @Test
  void anAssignedWalkerGetsTheirVisitsOfTheNext24HoursWithCareInstructionsOnlyInsideTheWindow() {
    World w = world();
    careInstructions(
        w.family(), w.pet(), Map.of("feeding", "Two scoops", "medicalNotes", "No chicken"));
    addressNote(w, "Blue door, side gate");
    String soon = assignedBooking(w, w.walkerId(), inHours(1));
    String later = assignedBooking(w, w.walkerId(), inHours(20));
    assignedBooking(w, w.walkerId(), inHours(30));
    assignedBooking(w, w.otherWalkerId(), inHours(2));

    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    PageClient.Page r = app.get("/visits/data");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).contains("no-store");
    JsonNode data = VisitAppSession.JSON.readTree(r.body());

    assertThat(data.path("person").path("id").asString()).isEqualTo(w.walkerId());
    assertThat(bookingIds(data)).containsExactly(soon, later);
    JsonNode open = data.path("visits").get(0);
    assertThat(open.path("householdName").asString()).isEqualTo("The Kennel");
    assertThat(open.path("businessName").asString()).isEqualTo("Happy Paws");
    assertThat(open.path("status").asString()).isEqualTo("confirmed");
    assertThat(open.path("recordTracks").asBoolean()).isTrue();
    assertThat(open.path("addressNote").asString()).isEqualTo("Blue door, side gate");
    assertThat(open.path("pets")).hasSize(1);
    assertThat(open.path("pets").get(0).path("name").asString()).isEqualTo("Rex");
    assertThat(open.path("pets").get(0).path("careInstructions").asString())
        .contains("Feeding: Two scoops")
        .contains("Medical notes: No chicken");

    // Outside the window (it opens 2 hours before the start): the visit, but nothing of the home.
    JsonNode closed = data.path("visits").get(1);
    assertThat(closed.path("householdName").asString()).isEqualTo("The Kennel");
    assertThat(closed.path("pets")).isEmpty();
    assertThat(closed.path("addressNote").isNull()).isTrue();
    assertThat(closed.path("hasAccessSecrets").asBoolean()).isFalse();
  }

  @Test
  void anotherWalkerSeesNoneOfTheseVisits() {
    World w = world();
    assignedBooking(w, w.walkerId(), inHours(1));
    JsonNode data = VisitAppSession.signIn(port, w.otherWalker()).data();
    assertThat(data.path("visits")).isEmpty();
  }

  @Test
  void afterTheHouseholdRevokedTheBusinessTheWalkerGetsNothing() {
    World w = world();
    assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    assertThat(app.data().path("visits")).hasSize(1);

    revoke(w.family(), w.household(), w.business());

    assertThat(app.data().path("visits")).isEmpty();
  }

  @Test
  void aRemovedStaffMemberGetsNothing() {
    World w = world();
    assignedBooking(w, w.walkerId(), inHours(1));
    VisitAppSession app = VisitAppSession.signIn(port, w.walker());
    assertThat(app.data().path("visits")).hasSize(1);

    ApiClient.Response removed =
        api.delete(
            "/api/v1/businesses/" + w.business() + "/staff/" + w.walkerId(),
            null,
            w.owner().accessToken());
    assertThat(removed.status()).as(removed.raw()).isIn(200, 204);

    assertThat(app.data().path("visits")).isEmpty();
  }

  @Test
  void theAddressNoteIsReadByAssignedStaffOnlyInsideTheWindowInTheDatabase() {
    World w = world();
    addressNote(w, "Blue door");
    assignedBooking(w, w.walkerId(), inHours(20));
    assertThat(notesSeen(w.walker(), clock.instant(), w)).isZero();
    assertThat(notesSeen(w.walker(), inHours(19), w)).isEqualTo(1);
    assertThat(notesSeen(w.otherWalker(), inHours(19), w)).isZero();
  }

  /** How many address notes of the world's household {@code user} reads at {@code at}. */
  private long notesSeen(User user, java.time.Instant at, World w) {
    java.util.UUID household = java.util.UUID.fromString(w.household());
    Long count =
        asCaller(
            user,
            at,
            db ->
                db.sql("select count(*) from household_address_notes where household_id = :h")
                    .param("h", household)
                    .query(Long.class)
                    .single());
    return count;
  }

  private void addressNote(World w, String note) {
    ApiClient.Response r =
        api.send(
            "PUT",
            "/api/v1/households/" + w.household() + "/address-note",
            Map.of("note", note),
            w.family().accessToken(),
            Map.of());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  private static List<String> bookingIds(JsonNode data) {
    List<String> ids = new ArrayList<>();
    data.path("visits").forEach(v -> ids.add(v.path("bookingId").asString()));
    return ids;
  }
}
