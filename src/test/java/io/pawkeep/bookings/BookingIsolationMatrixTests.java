package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.AccessMatrix;
import io.pawkeep.testing.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Every booking route called by every kind of caller: the business's owner and manager (second
 * factor), staff assigned inside the window, unassigned staff, staff assigned to a booking outside
 * its window, an accountant, another business's owner, the client household's owner and member,
 * another household's owner, a stranger and a caller without a token. Each must get the status its
 * role allows, and every 404 must be exactly the answer to a missing id, the same on every route.
 */
class BookingIsolationMatrixTests extends BookingTestSupport {

  private static final String TABLE =
      """
      | method | path                                                  | body        | owner | manager | assigned | unassigned | outsideWindow | accountant | otherBusiness | householdOwner | householdMember | otherHousehold | stranger | anonymous |
      |--------|-------------------------------------------------------|-------------|-------|---------|----------|------------|---------------|------------|---------------|----------------|-----------------|----------------|----------|-----------|
      | GET    | /api/v1/businesses/{business}/services                |             | 200   | 200     | 200      | 200        | 200           | 403        | 404           | 404            | 404             | 404            | 404      | 401       |
      | POST   | /api/v1/businesses/{business}/services                | service     | 201   | 201     | 403      | 403        | 403           | 403        | 404           | 404            | 404             | 404            | 404      | 401       |
      | POST   | /api/v1/bookings                                      | newBooking  | 404   | 404     | 404      | 404        | 404           | 404        | 404           | 201            | 201             | 404            | 404      | 401       |
      | GET    | /api/v1/bookings?staff=me                             |             | 200   | 200     | 200      | 200        | 200           | 200        | 200           | 200            | 200             | 200            | 200      | 401       |
      | GET    | /api/v1/bookings?business={business}                  |             | 200   | 200     | 200      | 200        | 200           | 403        | 404           | 404            | 404             | 404            | 404      | 401       |
      | GET    | /api/v1/bookings?business={business}&staff=me        |             | 200   | 200     | 200      | 200        | 200           | 403        | 404           | 404            | 404             | 404            | 404      | 401       |
      | GET    | /api/v1/bookings?business={business}&staff={walker}   |             | 200   | 200     | 200      | 403        | 403           | 403        | 404           | 404            | 404             | 404            | 404      | 401       |
      # {own} is the booking the caller is assigned to: inside its window, or outside for outsideWindow.
      | GET    | /api/v1/bookings/{own}                                |             | 200   | 200     | 200      | 404        | 200           | 404        | 404           | 200            | 200             | 404            | 404      | 401       |
      | GET    | /api/v1/bookings/{own}/care-actions                   |             | 200   | 200     | 200      | 404        | 200           | 404        | 404           | 200            | 200             | 404            | 404      | 401       |
      # {fresh} is a requested booking of the cell's own, assigned to the caller when it is staff assigned.
      | PATCH  | /api/v1/bookings/{fresh}                              | notes       | 200   | 200     | 403      | 404        | 403           | 404        | 404           | 200            | 200             | 404            | 404      | 401       |
      | PATCH  | /api/v1/bookings/{fresh}                              | laterTimes  | 200   | 200     | 403      | 404        | 403           | 404        | 404           | 200            | 200             | 404            | 404      | 401       |
      | POST   | /api/v1/bookings/{fresh}/reschedule/accept            | proposal    | 403   | 403     | 403      | 404        | 403           | 404        | 404           | 200            | 200             | 404            | 404      | 401       |
      | POST   | /api/v1/bookings/{rescheduled}/reschedule/decline     |             | 403   | 403     | 403      | 404        | 403           | 404        | 404           | 200            | 200             | 404            | 404      | 401       |
      | POST   | /api/v1/bookings/{fresh}/assign                       | otherWalker | 200   | 200     | 403      | 404        | 403           | 404        | 404           | 403            | 403             | 404            | 404      | 401       |
      | POST   | /api/v1/bookings/{fresh}/status                       | confirm     | 200   | 200     | 403      | 404        | 403           | 404        | 404           | 403            | 403             | 404            | 404      | 401       |
      | POST   | /api/v1/bookings/{fresh}/status                       | cancel      | 200   | 200     | 403      | 404        | 403           | 404        | 404           | 200            | 200             | 404            | 404      | 401       |
      | POST   | /api/v1/bookings/{own}/access-secrets/reveal          | empty       | 403   | 403     | 200      | 404        | 403           | 404        | 404           | 403            | 403             | 404            | 404      | 401       |
      | GET    | /api/v1/households/{household}/bookings               |             | 404   | 404     | 404      | 404        | 404           | 404        | 404           | 200            | 200             | 404            | 404      | 401       |
      # Upload answers each item accepted or rejected; which items are is care/CareIsolationTests' matter.
      | POST   | /api/v1/sync/care-actions                             | careAction  | 200   | 200     | 200      | 200        | 200           | 200        | 200           | 200            | 200             | 200            | 200      | 401       |
      """;

  private World w;
  private String outsideId;
  private int slot;

  @TestFactory
  Stream<DynamicTest> everyBookingRouteAnswersEveryCallerAsItsRoleAllows() {
    w = world();
    User outside = signedInUser("outside");
    hire(w.owner(), w.business(), outside, "staff");
    outsideId = userId(outside);
    User accountant = signedInUser("accountant");
    hire(w.owner(), w.business(), accountant, "accountant");
    User otherBusiness = withSecondFactor("other-business");
    createBusiness(otherBusiness, "Elsewhere");
    User otherHousehold = signedInUser("other-household");
    createHousehold(otherHousehold, "Next Door");
    api.send(
        "PUT",
        "/api/v1/households/" + w.household() + "/access-secrets",
        Map.of("alarmCode", "1234"),
        w.family().accessToken(),
        Map.of());
    String inside = assignedBooking(w, w.walkerId(), inHours(1));
    String outsideBooking = assignedBooking(w, outsideId, inHours(72));
    return AccessMatrix.of(TABLE)
        .caller("owner", w.owner().accessToken())
        .caller("manager", w.manager().accessToken())
        .caller("assigned", w.walker().accessToken())
        .caller("unassigned", w.otherWalker().accessToken())
        .caller("outsideWindow", outside.accessToken())
        .caller("accountant", accountant.accessToken())
        .caller("otherBusiness", otherBusiness.accessToken())
        .caller("householdOwner", w.family().accessToken())
        .caller("householdMember", w.familyMember().accessToken())
        .caller("otherHousehold", otherHousehold.accessToken())
        .caller("stranger", signedInUser("stranger").accessToken())
        .caller("anonymous", null)
        .everyNotFoundAlike()
        .id("business", w.business())
        .id("household", w.household())
        .id("walker", w.walkerId())
        .id("own", cell -> cell.caller().equals("outsideWindow") ? outsideBooking : inside)
        .id("fresh", cell -> fresh(cell.caller()))
        .id(
            "rescheduled",
            cell -> {
              String id = fresh(cell.caller());
              proposed(id);
              return id;
            })
        .body(
            "service",
            Map.of(
                "kind", "walk",
                "name", "Matrix",
                "durationMinutes", 30,
                "priceMinor", 1,
                "currency", "EUR"))
        .body("newBooking", cell -> newBooking())
        .body("notes", Map.of("notes", "ring twice"))
        .body("laterTimes", cell -> laterTimes(cell.id("fresh")))
        .body("proposal", cell -> proposed(cell.id("fresh")))
        .body("otherWalker", Map.of("userId", w.otherWalkerId()))
        .body("confirm", Map.of("status", "confirmed"))
        .body("cancel", Map.of("status", "cancelled", "reason", "plans changed"))
        .body("empty", Map.of())
        .body(
            "careAction",
            cell ->
                Map.of(
                    "items",
                    List.of(
                        Map.of(
                            "clientId", UUID.randomUUID().toString(),
                            "bookingId", cell.id("own"),
                            "kind", "note",
                            "deviceTime",
                                clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
                            "payload", Map.of("text", "Fed and watered")))))
        .tests(api);
  }

  /** A fresh requested booking, assigned to the caller when the caller is assigned staff. */
  private String fresh(String caller) {
    Instant start = clock.instant().plus(Duration.ofDays(10)).plus(Duration.ofHours(3L * slot++));
    ApiClient.Response r = requestBooking(w, w.family(), start.truncatedTo(ChronoUnit.SECONDS));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    String id = r.text("id");
    if (caller.equals("assigned") || caller.equals("outsideWindow")) {
      String assignee = caller.equals("assigned") ? w.walkerId() : outsideId;
      assertThat(assign(w.manager(), id, assignee).status()).isEqualTo(200);
    }
    return id;
  }

  /** The booking's times moved one hour later. */
  private Map<String, Object> laterTimes(String id) {
    JsonNode booking = api.get("/api/v1/bookings/" + id, w.manager().accessToken()).json();
    Instant start = Instant.parse(booking.path("booking").path("startsAt").asString());
    Instant end = Instant.parse(booking.path("booking").path("endsAt").asString());
    Duration hour = Duration.ofHours(1);
    return Map.of("startsAt", start.plus(hour).toString(), "endsAt", end.plus(hour).toString());
  }

  /** A reschedule the manager proposes for the booking; returns its times. */
  private Map<String, Object> proposed(String id) {
    Map<String, Object> times = laterTimes(id);
    ApiClient.Response r =
        api.send("PATCH", "/api/v1/bookings/" + id, times, w.manager().accessToken(), Map.of());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return times;
  }

  private Map<String, Object> newBooking() {
    Instant start = clock.instant().plus(Duration.ofDays(20)).plus(Duration.ofHours(3L * slot++));
    return Map.of(
        "householdId", w.household(),
        "businessId", w.business(),
        "serviceId", w.service(),
        "petIds", List.of(w.pet()),
        "startsAt", start.truncatedTo(ChronoUnit.SECONDS).toString());
  }
}
