package io.pawkeep.bookings;

import static io.pawkeep.bookings.BookingIsolationMatrixTests.Caller.ACCOUNTANT;
import static io.pawkeep.bookings.BookingIsolationMatrixTests.Caller.ASSIGNED;
import static io.pawkeep.bookings.BookingIsolationMatrixTests.Caller.HOUSEHOLD_MEMBER;
import static io.pawkeep.bookings.BookingIsolationMatrixTests.Caller.HOUSEHOLD_OWNER;
import static io.pawkeep.bookings.BookingIsolationMatrixTests.Caller.MANAGER;
import static io.pawkeep.bookings.BookingIsolationMatrixTests.Caller.OTHER_BUSINESS;
import static io.pawkeep.bookings.BookingIsolationMatrixTests.Caller.OTHER_HOUSEHOLD;
import static io.pawkeep.bookings.BookingIsolationMatrixTests.Caller.OUTSIDE_WINDOW;
import static io.pawkeep.bookings.BookingIsolationMatrixTests.Caller.OWNER;
import static io.pawkeep.bookings.BookingIsolationMatrixTests.Caller.STRANGER;
import static io.pawkeep.bookings.BookingIsolationMatrixTests.Caller.UNASSIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every booking route called by every kind of caller: the business's owner and manager (second
 * factor), staff assigned inside the window, unassigned staff, staff assigned to a booking outside
 * its window, an accountant, another business's owner, the client household's owner and member,
 * another household's owner and a stranger. Each must get the status its role allows, and every 404
 * must be exactly the answer to a missing id.
 */
class BookingIsolationMatrixTests extends BookingTestSupport {

  enum Caller {
    OWNER,
    MANAGER,
    ASSIGNED,
    UNASSIGNED,
    OUTSIDE_WINDOW,
    ACCOUNTANT,
    OTHER_BUSINESS,
    HOUSEHOLD_OWNER,
    HOUSEHOLD_MEMBER,
    OTHER_HOUSEHOLD,
    STRANGER
  }

  private record Call(String method, String path, Object body) {}

  private record Row(String route, Function<Caller, Call> call, int... expected) {
    Row {
      assertThat(expected).as(route).hasSize(Caller.values().length);
    }
  }

  private final Map<Caller, User> people = new EnumMap<>(Caller.class);
  private World w;
  private int slot;

  @Test
  void everyBookingRouteAnswersEveryCallerAsItsRoleAllows() {
    w = world();
    people.put(OWNER, w.owner());
    people.put(MANAGER, w.manager());
    people.put(ASSIGNED, w.walker());
    people.put(UNASSIGNED, w.otherWalker());
    people.put(OUTSIDE_WINDOW, signedInUser("outside"));
    hire(w.owner(), w.business(), people.get(OUTSIDE_WINDOW), "staff");
    people.put(ACCOUNTANT, signedInUser("accountant"));
    hire(w.owner(), w.business(), people.get(ACCOUNTANT), "accountant");
    people.put(OTHER_BUSINESS, withSecondFactor("other-business"));
    createBusiness(people.get(OTHER_BUSINESS), "Elsewhere");
    people.put(HOUSEHOLD_OWNER, w.family());
    people.put(HOUSEHOLD_MEMBER, w.familyMember());
    people.put(OTHER_HOUSEHOLD, signedInUser("other-household"));
    createHousehold(people.get(OTHER_HOUSEHOLD), "Next Door");
    people.put(STRANGER, signedInUser("stranger"));
    api.send(
        "PUT",
        "/api/v1/households/" + w.household() + "/access-secrets",
        Map.of("alarmCode", "1234"),
        w.family().accessToken(),
        Map.of());
    String outsideId = userId(people.get(OUTSIDE_WINDOW));

    String inside = assignedBooking(w, w.walkerId(), inHours(1));
    String outside = assignedBooking(w, outsideId, inHours(72));
    Function<Caller, String> own = c -> c == OUTSIDE_WINDOW ? outside : inside;
    String b = "/api/v1/businesses/" + w.business();
    String h = "/api/v1/households/" + w.household();
    Map<String, Object> service =
        Map.of(
            "kind",
            "walk",
            "name",
            "Matrix",
            "durationMinutes",
            30,
            "priceMinor",
            1,
            "currency",
            "EUR");

    List<Row> rows =
        List.of(
            same(
                "GET",
                b + "/services",
                null,
                200,
                200,
                200,
                200,
                200,
                403,
                404,
                404,
                404,
                404,
                404),
            same(
                "POST",
                b + "/services",
                service,
                201,
                201,
                403,
                403,
                403,
                403,
                404,
                404,
                404,
                404,
                404),
            new Row(
                "POST /api/v1/bookings",
                c -> new Call("POST", "/api/v1/bookings", newBooking()),
                404,
                404,
                404,
                404,
                404,
                404,
                404,
                201,
                201,
                404,
                404),
            same(
                "GET",
                "/api/v1/bookings?staff=me",
                null,
                200,
                200,
                200,
                200,
                200,
                200,
                200,
                200,
                200,
                200,
                200),
            same(
                "GET",
                "/api/v1/bookings?business=" + w.business(),
                null,
                200,
                200,
                200,
                200,
                200,
                403,
                404,
                404,
                404,
                404,
                404),
            same(
                "GET",
                "/api/v1/bookings?business=" + w.business() + "&staff=" + w.walkerId(),
                null,
                200,
                200,
                200,
                403,
                403,
                403,
                404,
                404,
                404,
                404,
                404),
            new Row(
                "GET /api/v1/bookings/{id}",
                c -> new Call("GET", "/api/v1/bookings/" + own.apply(c), null),
                200,
                200,
                200,
                404,
                200,
                404,
                404,
                200,
                200,
                404,
                404),
            new Row(
                "PATCH /api/v1/bookings/{id}",
                c ->
                    new Call(
                        "PATCH",
                        "/api/v1/bookings/" + fresh(c, outsideId),
                        Map.of("notes", "ring twice")),
                200,
                200,
                403,
                404,
                403,
                404,
                404,
                200,
                200,
                404,
                404),
            new Row(
                "PATCH /api/v1/bookings/{id} times",
                c -> {
                  String id = fresh(c, outsideId);
                  return new Call("PATCH", "/api/v1/bookings/" + id, laterTimes(id));
                },
                200,
                200,
                403,
                404,
                403,
                404,
                404,
                200,
                200,
                404,
                404),
            new Row(
                "POST /api/v1/bookings/{id}/reschedule/accept",
                c -> {
                  String id = fresh(c, outsideId);
                  return new Call(
                      "POST", "/api/v1/bookings/" + id + "/reschedule/accept", proposed(id));
                },
                403,
                403,
                403,
                404,
                403,
                404,
                404,
                200,
                200,
                404,
                404),
            new Row(
                "POST /api/v1/bookings/{id}/reschedule/decline",
                c -> {
                  String id = fresh(c, outsideId);
                  proposed(id);
                  return new Call("POST", "/api/v1/bookings/" + id + "/reschedule/decline", null);
                },
                403,
                403,
                403,
                404,
                403,
                404,
                404,
                200,
                200,
                404,
                404),
            new Row(
                "POST /api/v1/bookings/{id}/assign",
                c ->
                    new Call(
                        "POST",
                        "/api/v1/bookings/" + fresh(c, outsideId) + "/assign",
                        Map.of("userId", w.otherWalkerId())),
                200,
                200,
                403,
                404,
                403,
                404,
                404,
                403,
                403,
                404,
                404),
            new Row(
                "POST /api/v1/bookings/{id}/status confirmed",
                c ->
                    new Call(
                        "POST",
                        "/api/v1/bookings/" + fresh(c, outsideId) + "/status",
                        Map.of("status", "confirmed")),
                200,
                200,
                403,
                404,
                403,
                404,
                404,
                403,
                403,
                404,
                404),
            new Row(
                "POST /api/v1/bookings/{id}/status cancelled",
                c ->
                    new Call(
                        "POST",
                        "/api/v1/bookings/" + fresh(c, outsideId) + "/status",
                        Map.of("status", "cancelled", "reason", "plans changed")),
                200,
                200,
                403,
                404,
                403,
                404,
                404,
                200,
                200,
                404,
                404),
            new Row(
                "POST /api/v1/bookings/{id}/access-secrets/reveal",
                c ->
                    new Call(
                        "POST",
                        "/api/v1/bookings/" + own.apply(c) + "/access-secrets/reveal",
                        Map.of()),
                403,
                403,
                200,
                404,
                403,
                404,
                404,
                403,
                403,
                404,
                404),
            same(
                "GET",
                h + "/bookings",
                null,
                404,
                404,
                404,
                404,
                404,
                404,
                404,
                200,
                200,
                404,
                404));

    JsonNode missing =
        problem(api.get("/api/v1/bookings/" + UUID.randomUUID(), w.owner().accessToken()));
    List<String> wrong = new ArrayList<>();
    for (Row row : rows) {
      for (Caller caller : Caller.values()) {
        Call call = row.call().apply(caller);
        ApiClient.Response r =
            api.send(
                call.method(),
                call.path(),
                call.body(),
                people.get(caller).accessToken(),
                Map.of());
        int expected = row.expected()[caller.ordinal()];
        if (r.status() != expected) {
          wrong.add(row.route() + " as " + caller + ": " + r.status() + " instead of " + expected);
        } else if (expected == 404 && !problem(r).equals(missing)) {
          wrong.add(row.route() + " as " + caller + ": a 404 unlike a missing id's: " + r.raw());
        }
      }
    }
    assertThat(wrong).isEmpty();
    // Missing ids on the business and household routes answer the same 404.
    assertThat(
            problem(
                api.get(
                    "/api/v1/businesses/" + UUID.randomUUID() + "/services",
                    w.owner().accessToken())))
        .isEqualTo(missing);
    assertThat(
            problem(
                api.get(
                    "/api/v1/households/" + UUID.randomUUID() + "/bookings",
                    w.family().accessToken())))
        .isEqualTo(missing);
  }

  /** A fresh requested booking, assigned to the caller when the caller is assigned staff. */
  private String fresh(Caller caller, String outsideId) {
    Instant start = clock.instant().plus(Duration.ofDays(10)).plus(Duration.ofHours(3L * slot++));
    ApiClient.Response r =
        requestBooking(w, w.family(), start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    String id = r.text("id");
    if (caller == ASSIGNED || caller == OUTSIDE_WINDOW) {
      String assignee = caller == ASSIGNED ? w.walkerId() : outsideId;
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
        "startsAt", start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
  }

  private static Row same(String method, String path, Object body, int... expected) {
    Call call = new Call(method, path, body);
    return new Row(method + " " + path.replaceAll("[0-9a-f-]{36}", "{id}"), c -> call, expected);
  }

  private static JsonNode problem(ApiClient.Response r) {
    return ((ObjectNode) r.json()).without("instance");
  }
}
