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

  /** A user who enrolled TOTP and signed in with it (a session with the second factor). */
  protected User withSecondFactor(String name) {
    User user = signedInUser(name);
    String secret = enrolTotp(user);
    ApiClient.Response r = loginWithTotp(user.email(), user.password(), secret);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return new User(user.email(), user.password(), r.text("access_token"), r.text("refresh_token"));
  }

  /** Signs in again, for a user whose access token the moved clock has expired. */
  protected User again(User user) {
    ApiClient.Response r = login(user.email(), user.password());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return new User(user.email(), user.password(), r.text("access_token"), r.text("refresh_token"));
  }

  protected String createBusiness(User owner, String name) {
    ApiClient.Response r =
        api.post(
            "/api/v1/businesses",
            Map.of("kind", "care_company", "name", name),
            owner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  protected String userId(User user) {
    return api.get("/api/v1/me", user.accessToken()).text("id");
  }

  /** {@code manager} invites {@code person} with {@code role}, who accepts. */
  protected void hire(User manager, String business, User person, String role) {
    hire(manager, business, person, role, Map.of());
  }

  protected void hire(
      User manager, String business, User person, String role, Map<String, String> overrides) {
    ApiClient.Response invited =
        api.post(
            "/api/v1/businesses/" + business + "/staff-invites",
            Map.of("role", role, "permissions", overrides),
            manager.accessToken());
    assertThat(invited.status()).as(invited.raw()).isEqualTo(201);
    ApiClient.Response r =
        api.post(
            "/api/v1/staff-invites/accept",
            Map.of("token", invited.text("token")),
            person.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  protected void grant(User householdOwner, String household, String business) {
    ApiClient.Response r =
        api.post(
            "/api/v1/households/" + household + "/businesses/" + business + "/grant",
            null,
            householdOwner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  protected String pet(User writer, String household, String name) {
    ApiClient.Response r =
        api.post(
            "/api/v1/households/" + household + "/pets",
            Map.of("name", name, "species", "dog"),
            writer.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  protected String service(User manager, String business, String kind, int minutes) {
    ApiClient.Response r =
        api.post(
            "/api/v1/businesses/" + business + "/services",
            Map.of(
                "kind",
                kind,
                "name",
                "Walk " + minutes,
                "durationMinutes",
                minutes,
                "priceMinor",
                2500,
                "currency",
                "EUR"),
            manager.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
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

  protected Instant inHours(long hours) {
    return clock
        .instant()
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        .plus(Duration.ofHours(hours));
  }
}
