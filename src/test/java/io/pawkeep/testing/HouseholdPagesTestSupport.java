package io.pawkeep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Browser tests of the household's keys, businesses, bookings, visit reports, audit trail and
 * export: signing in (without the sign-in page), a signed-in {@link PageClient} for forged posts,
 * and the set-up the API tests already cover (businesses, services, bookings) done through the API.
 */
public abstract class HouseholdPagesTestSupport extends BrowserTestSupport {

  /** Signs {@code user} in to {@link #browser} and shows their home. */
  protected void signIn(User user) {
    signIn(browser, user);
  }

  /**
   * Signs {@code user} in and shows their home. These tests are not about signing in, so the
   * session is made without the sign-in page ({@link #signInAs(Browser, User)}).
   */
  protected void signIn(Browser b, User user) {
    signInAs(b, user).navigate("/").waitForPath("/");
  }

  /** A cookie-jar client signed in as {@code user}, to post what the page does not offer. */
  protected PageClient pageClient(User user) {
    PageClient client = new PageClient(port);
    client.get("/sign-in");
    PageClient.Page r =
        client.post("/sign-in", Map.of("email", user.email(), "password", user.password()));
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return client;
  }

  protected String service(User manager, String business, String name, int minutes) {
    return createService(manager, business, "walk", name, minutes);
  }

  protected String key(User owner, String household, String label, int copies) {
    ApiClient.Response r =
        api.post(
            "/api/v1/households/" + household + "/keys",
            Map.of("label", label, "copies", copies),
            owner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  protected String booking(
      User caller, String household, String business, String service, String pet, Instant at) {
    ApiClient.Response r =
        api.post(
            "/api/v1/bookings",
            Map.of(
                "householdId", household,
                "businessId", business,
                "serviceId", service,
                "petIds", List.of(pet),
                "startsAt", at.toString()),
            caller.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  protected void bookingStatus(User caller, String booking, String status) {
    ApiClient.Response r =
        api.post(
            "/api/v1/bookings/" + booking + "/status",
            Map.of("status", status),
            caller.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  protected void assign(User caller, String booking, String userId) {
    ApiClient.Response r =
        api.post(
            "/api/v1/bookings/" + booking + "/assign",
            Map.of("userId", userId),
            caller.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  protected Instant inHours(long hours) {
    return clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofHours(hours));
  }
}
