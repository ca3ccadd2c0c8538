package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BookingTests extends BookingTestSupport {

  @Test
  void householdRequestsBusinessApprovesAssignsAndTheAssigneeCompletes() {
    World w = world();
    Instant start = inHours(24);
    ApiClient.Response requested = requestBooking(w, w.familyMember(), start);
    assertThat(requested.status()).as(requested.raw()).isEqualTo(201);
    assertThat(requested.text("status")).isEqualTo("requested");
    assertThat(requested.text("serviceKind")).isEqualTo("walk");
    assertThat(Instant.parse(requested.text("endsAt"))).isEqualTo(start.plus(Duration.ofHours(1)));
    String id = requested.text("id");

    assertThat(status(w.manager(), id, "confirmed", null).text("status")).isEqualTo("confirmed");
    assertThat(assign(w.manager(), id, w.walkerId()).text("assigneeId")).isEqualTo(w.walkerId());
    assertThat(status(w.walker(), id, "in_progress", null).status()).isEqualTo(200);
    assertThat(status(w.walker(), id, "completed", null).text("status")).isEqualTo("completed");

    JsonNode schedule =
        api.get("/api/v1/bookings?business=" + w.business() + "&staff=me", w.walker().accessToken())
            .items();
    assertThat(schedule.size()).isEqualTo(1);
    assertThat(schedule.get(0).path("petIds").get(0).asString()).isEqualTo(w.pet());
    JsonNode mine =
        api.get("/api/v1/households/" + w.household() + "/bookings", w.family().accessToken())
            .items();
    assertThat(mine.size()).isEqualTo(1);

    List<String> householdTrail =
        actions(
            api.get("/api/v1/households/" + w.household() + "/audit", w.family().accessToken()));
    assertThat(householdTrail)
        .contains(
            "booking.requested",
            "booking.approved",
            "booking.assigned",
            "booking.in_progress",
            "booking.completed");
    List<String> businessTrail =
        actions(api.get("/api/v1/businesses/" + w.business() + "/audit", w.owner().accessToken()));
    assertThat(businessTrail)
        .contains("booking.requested", "booking.approved", "booking.completed");
  }

  @Test
  void businessDeclinesWithAReasonAndACancelledBookingCannotBeCompleted() {
    World w = world();
    String id = requestBooking(w, w.family(), inHours(24)).text("id");
    assertThat(status(w.manager(), id, "cancelled", null).status()).isEqualTo(400);
    ApiClient.Response declined = status(w.manager(), id, "cancelled", "fully booked");
    assertThat(declined.text("status")).isEqualTo("cancelled");
    assertThat(declined.text("cancelReason")).isEqualTo("fully booked");
    ApiClient.Response completed = status(w.manager(), id, "completed", null);
    assertThat(completed.status()).isEqualTo(409);
    assertThat(completed.text("type")).isEqualTo("urn:pawkeep:problem:conflict");
    assertThat(status(w.family(), id, "confirmed", null).status()).isEqualTo(403);
    assertThat(
            actions(
                api.get(
                    "/api/v1/households/" + w.household() + "/audit", w.family().accessToken())))
        .contains("booking.declined");
  }

  @Test
  void badRequestsAnswerProblemDetailsAndWriteNothing() {
    World w = world();
    Instant start = inHours(24);
    String base = "/api/v1/bookings";
    Map<String, Object> good =
        Map.of(
            "householdId", w.household(),
            "businessId", w.business(),
            "serviceId", w.service(),
            "petIds", List.of(w.pet()),
            "startsAt", start.toString());
    // End before start.
    assertThat(
            api.post(
                    base,
                    with(good, "endsAt", start.minusSeconds(60).toString()),
                    w.family().accessToken())
                .status())
        .isEqualTo(400);
    // A pet of another household.
    User stranger = signedInUser("stranger");
    String otherHousehold = createHousehold(stranger, "Elsewhere");
    String otherPet = pet(stranger, otherHousehold, "Tom");
    assertThat(
            api.post(base, with(good, "petIds", List.of(otherPet)), w.family().accessToken())
                .status())
        .isEqualTo(400);
    // An unknown service.
    assertThat(
            api.post(
                    base,
                    with(good, "serviceId", java.util.UUID.randomUUID().toString()),
                    w.family().accessToken())
                .status())
        .isEqualTo(400);
    // A business the household is not an active client of.
    api.delete(
        "/api/v1/households/" + w.household() + "/businesses/" + w.business(),
        null,
        w.family().accessToken());
    ApiClient.Response notClient = api.post(base, good, w.family().accessToken());
    assertThat(notClient.status()).isEqualTo(409);
    assertThat(notClient.text("type")).isEqualTo("urn:pawkeep:problem:not-an-active-client");
    // Nothing was written.
    assertThat(
            api.get("/api/v1/households/" + w.household() + "/bookings", w.family().accessToken())
                .items()
                .size())
        .isZero();
  }

  @Test
  void oneStaffMemberIsNeverBookedTwiceAtOnce() {
    World w = world();
    Instant start = inHours(24);
    String first = assignedBooking(w, w.walkerId(), start);
    String second = requestBooking(w, w.family(), start.plus(Duration.ofMinutes(30))).text("id");
    ApiClient.Response clash = assign(w.manager(), second, w.walkerId());
    assertThat(clash.status()).as(clash.raw()).isEqualTo(409);
    assertThat(clash.raw()).doesNotContain("SQL", "exclusion");
    assertThat(
            api.get("/api/v1/bookings/" + second, w.manager().accessToken())
                .json()
                .path("booking")
                .path("assigneeId")
                .isNull())
        .isTrue();
    assertThat(assign(w.manager(), second, w.otherWalkerId()).status()).isEqualTo(200);
    // Moving the first booking onto the other walker's time is refused too.
    String free = requestBooking(w, w.family(), start.plus(Duration.ofHours(5))).text("id");
    assertThat(assign(w.manager(), free, w.otherWalkerId()).status()).isEqualTo(200);
    ApiClient.Response moved =
        patch(
            w.manager(),
            "/api/v1/bookings/" + free,
            Map.of(
                "startsAt",
                start.toString(),
                "endsAt",
                start.plus(Duration.ofHours(1)).toString()));
    assertThat(moved.status()).as(moved.raw()).isEqualTo(409);
    // Cancelling the first frees the walker's time.
    status(w.manager(), first, "cancelled", "client away");
    String third = requestBooking(w, w.family(), start).text("id");
    assertThat(assign(w.manager(), third, w.walkerId()).status()).isEqualTo(200);
  }

  @Test
  void aHouseholdSeesOnlyItsOwnBookingsAndAnotherHouseholdsOwnerGets404() {
    World w = world();
    String id = requestBooking(w, w.family(), inHours(24)).text("id");
    User neighbour = signedInUser("neighbour");
    String theirs = createHousehold(neighbour, "Next Door");
    grant(neighbour, theirs, w.business());
    assertThat(
            api.get("/api/v1/households/" + theirs + "/bookings", neighbour.accessToken())
                .items()
                .size())
        .isZero();
    assertThat(
            api.get("/api/v1/households/" + w.household() + "/bookings", neighbour.accessToken())
                .status())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/bookings/" + id, neighbour.accessToken()).status()).isEqualTo(404);
    assertThat(status(neighbour, id, "cancelled", "not mine").status()).isEqualTo(404);
    JsonNode own =
        api.get("/api/v1/households/" + w.household() + "/bookings", w.familyMember().accessToken())
            .items();
    assertThat(own.size()).isEqualTo(1);
    assertThat(own.get(0).path("id").asString()).isEqualTo(id);
  }

  @Test
  void staffWithoutBookingsWriteSeeOnlyTheirOwnAssignmentsAndSchedulersSeeEveryone() {
    World w = world();
    Instant start = inHours(24);
    String walkers = assignedBooking(w, w.walkerId(), start);
    String others = assignedBooking(w, w.otherWalkerId(), start);
    String schedule = "/api/v1/bookings?business=" + w.business();
    assertThat(ids(api.get(schedule, w.walker().accessToken()))).containsExactly(walkers);
    assertThat(ids(api.get(schedule + "&staff=me", w.walker().accessToken())))
        .containsExactly(walkers);
    assertThat(ids(api.get("/api/v1/bookings", w.walker().accessToken()))).containsExactly(walkers);
    assertThat(api.get(schedule + "&staff=" + w.otherWalkerId(), w.walker().accessToken()).status())
        .isEqualTo(403);
    assertThat(api.get("/api/v1/bookings/" + others, w.walker().accessToken()).status())
        .isEqualTo(404);
    assertThat(ids(api.get(schedule, w.manager().accessToken())))
        .containsExactlyInAnyOrder(walkers, others);
    assertThat(ids(api.get(schedule + "&staff=" + w.otherWalkerId(), w.manager().accessToken())))
        .containsExactly(others);
    String window =
        "&from=" + start.plus(Duration.ofHours(2)) + "&to=" + start.plus(Duration.ofHours(3));
    assertThat(ids(api.get(schedule + window, w.manager().accessToken()))).isEmpty();
    assertThat(
            api.get(schedule + "&from=" + start + "&to=" + start, w.manager().accessToken())
                .status())
        .isEqualTo(400);
  }

  @Test
  void theHouseholdChangesARequestedBookingButNotOneTheBusinessConfirmed() {
    World w = world();
    Instant start = inHours(24);
    String id = requestBooking(w, w.family(), start).text("id");
    String later = start.plus(Duration.ofHours(1)).toString();
    ApiClient.Response moved =
        patch(
            w.familyMember(),
            "/api/v1/bookings/" + id,
            Map.of("startsAt", later, "endsAt", start.plus(Duration.ofHours(2)).toString()));
    assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
    assertThat(moved.text("startsAt")).isEqualTo(later);
    ApiClient.Response backwards =
        patch(w.family(), "/api/v1/bookings/" + id, Map.of("endsAt", start.toString()));
    assertThat(backwards.status()).isEqualTo(400);
    status(w.manager(), id, "confirmed", null);
    assertThat(patch(w.family(), "/api/v1/bookings/" + id, Map.of("notes", "x")).status())
        .isEqualTo(409);
    assertThat(status(w.family(), id, "cancelled", "trip cancelled").status()).isEqualTo(200);
    assertThat(status(w.family(), id, "in_progress", null).status()).isEqualTo(403);
  }

  @Test
  void theHouseholdAcceptsOrDeclinesABusinessRescheduleAndEachStepIsAudited() {
    World w = world();
    Instant start = inHours(24);
    String id = assignedBooking(w, w.walkerId(), start);
    String path = "/api/v1/bookings/" + id;
    Instant later = start.plus(Duration.ofHours(3));
    Map<String, Object> proposal = times(later, later.plus(Duration.ofHours(1)));
    ApiClient.Response proposed = patch(w.manager(), path, proposal);
    assertThat(proposed.status()).as(proposed.raw()).isEqualTo(200);
    assertThat(proposed.text("startsAt")).isEqualTo(start.toString());
    assertThat(proposed.text("proposedStartsAt")).isEqualTo(later.toString());
    assertThat(proposed.text("proposedEndsAt"))
        .isEqualTo(later.plus(Duration.ofHours(1)).toString());
    assertThat(
            api.get(path, w.family().accessToken())
                .json()
                .path("booking")
                .path("proposedStartsAt")
                .asString())
        .isEqualTo(later.toString());

    // Declined: the agreed times stay, the proposal is gone and there is nothing left to accept.
    ApiClient.Response declined =
        api.post(path + "/reschedule/decline", null, w.family().accessToken());
    assertThat(declined.status()).as(declined.raw()).isEqualTo(200);
    assertThat(declined.text("startsAt")).isEqualTo(start.toString());
    assertThat(declined.json().path("proposedStartsAt").isNull()).isTrue();
    assertThat(api.post(path + "/reschedule/accept", proposal, w.family().accessToken()).status())
        .isEqualTo(409);

    // Proposed again: the household accepts exactly the times it saw, and nobody else accepts.
    assertThat(patch(w.manager(), path, proposal).status()).isEqualTo(200);
    Map<String, Object> other =
        times(later.plus(Duration.ofHours(1)), later.plus(Duration.ofHours(2)));
    assertThat(api.post(path + "/reschedule/accept", other, w.family().accessToken()).status())
        .isEqualTo(409);
    ApiClient.Response incomplete =
        api.post(
            path + "/reschedule/accept",
            Map.of("startsAt", later.toString()),
            w.family().accessToken());
    assertThat(incomplete.status()).isEqualTo(400);
    assertThat(incomplete.text("type")).isEqualTo("urn:pawkeep:problem:invalid-request");
    User sitter = signedInUser("sitter");
    join(w.family(), w.household(), sitter, "sitter");
    for (User notWriter : List.of(w.manager(), w.owner(), w.walker(), sitter)) {
      assertThat(api.post(path + "/reschedule/accept", proposal, notWriter.accessToken()).status())
          .isEqualTo(403);
      assertThat(api.post(path + "/reschedule/decline", null, notWriter.accessToken()).status())
          .isEqualTo(403);
    }
    ApiClient.Response accepted =
        api.post(path + "/reschedule/accept", proposal, w.familyMember().accessToken());
    assertThat(accepted.status()).as(accepted.raw()).isEqualTo(200);
    assertThat(accepted.text("startsAt")).isEqualTo(later.toString());
    assertThat(accepted.text("endsAt")).isEqualTo(later.plus(Duration.ofHours(1)).toString());
    assertThat(accepted.json().path("proposedStartsAt").isNull()).isTrue();

    List<String> expected =
        List.of(
            "booking.reschedule.proposed",
            "booking.reschedule.declined",
            "booking.reschedule.accepted");
    assertThat(
            actions(
                api.get(
                    "/api/v1/households/" + w.household() + "/audit", w.family().accessToken())))
        .containsAll(expected);
    assertThat(
            actions(
                api.get("/api/v1/businesses/" + w.business() + "/audit", w.owner().accessToken())))
        .containsAll(expected);
  }

  @Test
  void aPendingRescheduleHoldsTheAssigneesTimeUntilTheHouseholdAnswers() {
    World w = world();
    Instant start = inHours(24);
    String first = assignedBooking(w, w.walkerId(), start);
    Instant later = start.plus(Duration.ofHours(5));
    assertThat(
            patch(
                    w.manager(),
                    "/api/v1/bookings/" + first,
                    times(later, later.plus(Duration.ofHours(1))))
                .status())
        .isEqualTo(200);
    // Both the agreed and the proposed times stay the walker's until the household answers.
    String atAgreed = requestBooking(w, w.family(), start).text("id");
    String atProposed = requestBooking(w, w.family(), later).text("id");
    assertThat(assign(w.manager(), atAgreed, w.walkerId()).status()).isEqualTo(409);
    assertThat(assign(w.manager(), atProposed, w.walkerId()).status()).isEqualTo(409);
    assertThat(
            api.post(
                    "/api/v1/bookings/" + first + "/reschedule/decline",
                    null,
                    w.family().accessToken())
                .status())
        .isEqualTo(200);
    assertThat(assign(w.manager(), atProposed, w.walkerId()).status()).isEqualTo(200);
    assertThat(assign(w.manager(), atAgreed, w.walkerId()).status()).isEqualTo(409);
  }

  @Test
  void theBusinessWithdrawsItsProposalAndTheHouseholdsOwnChangeReplacesIt() {
    World w = world();
    Instant start = inHours(24);
    String id = requestBooking(w, w.family(), start).text("id");
    String path = "/api/v1/bookings/" + id;
    Instant later = start.plus(Duration.ofHours(3));
    assertThat(patch(w.manager(), path, times(later, later.plus(Duration.ofHours(1)))).status())
        .isEqualTo(200);
    // Sending the agreed times again withdraws the proposal.
    ApiClient.Response withdrawn =
        patch(w.manager(), path, times(start, start.plus(Duration.ofHours(1))));
    assertThat(withdrawn.status()).as(withdrawn.raw()).isEqualTo(200);
    assertThat(withdrawn.json().path("proposedStartsAt").isNull()).isTrue();
    // A household's change of its requested booking is agreed at once and replaces a proposal.
    assertThat(patch(w.manager(), path, times(later, later.plus(Duration.ofHours(1)))).status())
        .isEqualTo(200);
    Instant earlier = start.minus(Duration.ofHours(2));
    ApiClient.Response own =
        patch(w.familyMember(), path, times(earlier, earlier.plus(Duration.ofHours(1))));
    assertThat(own.status()).as(own.raw()).isEqualTo(200);
    assertThat(own.text("startsAt")).isEqualTo(earlier.toString());
    assertThat(own.json().path("proposedStartsAt").isNull()).isTrue();
    assertThat(
            actions(
                api.get(
                    "/api/v1/households/" + w.household() + "/audit", w.family().accessToken())))
        .contains("booking.reschedule.withdrawn", "booking.changed");
  }

  @Test
  void servicesAreListedByStaffAndAddedWithSettingsManageAndValidFieldsOnly() {
    World w = world();
    String path = "/api/v1/businesses/" + w.business() + "/services";
    JsonNode listed = api.get(path, w.walker().accessToken()).json();
    assertThat(listed.size()).isEqualTo(1);
    assertThat(listed.get(0).path("priceMinor").asLong()).isEqualTo(2500);
    assertThat(listed.get(0).path("currency").asString()).isEqualTo("EUR");
    Map<String, Object> good =
        Map.of(
            "kind",
            "boarding",
            "name",
            "Boarding",
            "durationMinutes",
            1440,
            "priceMinor",
            4000,
            "currency",
            "GBP");
    assertThat(api.post(path, good, w.walker().accessToken()).status()).isEqualTo(403);
    for (Map<String, Object> bad :
        List.of(
            with(good, "kind", "grooming"),
            with(good, "currency", "XXY"),
            with(good, "priceMinor", -1),
            with(good, "durationMinutes", 0),
            with(good, "name", " "))) {
      ApiClient.Response r = api.post(path, bad, w.manager().accessToken());
      assertThat(r.status()).as(r.raw()).isEqualTo(400);
      assertThat(r.text("type")).isEqualTo("urn:pawkeep:problem:invalid-request");
    }
    assertThat(api.get(path, w.manager().accessToken()).json().size()).isEqualTo(1);
    assertThat(api.post(path, good, w.manager().accessToken()).status()).isEqualTo(201);
  }

  private static List<String> ids(ApiClient.Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.items().valueStream().map(b -> b.path("id").asString()).toList();
  }

  private static Map<String, Object> times(Instant startsAt, Instant endsAt) {
    return Map.of("startsAt", startsAt.toString(), "endsAt", endsAt.toString());
  }

  private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(body);
    copy.put(key, value);
    return copy;
  }

  static List<String> actions(ApiClient.Response trail) {
    return trail.items().valueStream().map(e -> e.path("action").asString()).toList();
  }
}
