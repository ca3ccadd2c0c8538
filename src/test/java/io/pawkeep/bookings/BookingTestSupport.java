package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A care company with an owner (second factor), a manager (second factor) and two walkers, a client
 * household with an owner, a member and a dog, and a walk service: what booking tests start from.
 */
public abstract class BookingTestSupport extends ApiTestSupport {

  /** Everyone and everything a booking test needs, freshly created. */
  public record World(
      User owner,
      User manager,
      User walker,
      User otherWalker,
      User family,
      User familyMember,
      String business,
      String household,
      String pet,
      String service,
      String walkerId,
      String otherWalkerId) {}

  protected World world() {
    User owner = withSecondFactor("owner");
    String business = createBusiness(owner, "Happy Paws");
    User manager = withSecondFactor("manager");
    hire(owner, business, manager, "manager");
    User walker = signedInUser("walker");
    hire(owner, business, walker, "staff");
    User otherWalker = signedInUser("other-walker");
    hire(owner, business, otherWalker, "staff");
    User family = signedInUser("family");
    String household = createHousehold(family, "The Kennel");
    User familyMember = signedInUser("family-member");
    join(family, household, familyMember, "member");
    grant(family, household, business);
    String pet = pet(family, household, "Rex");
    String service = service(owner, business, "walk", 60);
    return new World(
        owner,
        manager,
        walker,
        otherWalker,
        family,
        familyMember,
        business,
        household,
        pet,
        service,
        userId(walker),
        userId(otherWalker));
  }

  protected String createBusiness(User owner, String name) {
    return createBusiness(owner, "care_company", name);
  }

  protected String service(User manager, String business, String kind, int minutes) {
    return createService(manager, business, kind, "Walk " + minutes, minutes);
  }

  protected ApiClient.Response requestBooking(World w, User caller, Instant startsAt) {
    return api.post(
        "/api/v1/bookings",
        Map.of(
            "householdId",
            w.household(),
            "businessId",
            w.business(),
            "serviceId",
            w.service(),
            "petIds",
            List.of(w.pet()),
            "startsAt",
            startsAt.toString()),
        caller.accessToken());
  }

  /** A booking requested by the family, confirmed and assigned to {@code assignee}. */
  protected String assignedBooking(World w, String assigneeId, Instant startsAt) {
    ApiClient.Response requested = requestBooking(w, w.family(), startsAt);
    assertThat(requested.status()).as(requested.raw()).isEqualTo(201);
    String id = requested.text("id");
    assertThat(status(w.manager(), id, "confirmed", null).status()).isEqualTo(200);
    ApiClient.Response assigned = assign(w.manager(), id, assigneeId);
    assertThat(assigned.status()).as(assigned.raw()).isEqualTo(200);
    return id;
  }

  protected ApiClient.Response status(User caller, String booking, String status, String reason) {
    return api.post(
        "/api/v1/bookings/" + booking + "/status",
        reason == null ? Map.of("status", status) : Map.of("status", status, "reason", reason),
        caller.accessToken());
  }

  protected ApiClient.Response assign(User caller, String booking, String userId) {
    return api.post(
        "/api/v1/bookings/" + booking + "/assign", Map.of("userId", userId), caller.accessToken());
  }

  protected ApiClient.Response patch(User caller, String path, Object body) {
    return api.send("PATCH", path, body, caller.accessToken(), Map.of());
  }

  /**
   * The session id of the user's access token, for database tests that act as them: owners' and
   * managers' permissions count in the database only in a session opened with the second factor.
   */
  protected static String sessionOf(User user) {
    return claim(user, "sid").toString();
  }

  protected Instant inHours(long hours) {
    return clock
        .instant()
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        .plus(Duration.ofHours(hours));
  }
}
