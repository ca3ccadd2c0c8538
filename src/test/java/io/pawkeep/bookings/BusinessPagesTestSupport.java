package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.Browser;
import io.pawkeep.testing.BrowserTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * What the business pages' browser tests start from, made through the API like the API tests do: a
 * care company whose owner has a second factor and turned its requirement off, so that its manager
 * signs in with a password only, a walker, a client household with a dog and its care instructions,
 * and a walk service.
 */
public abstract class BusinessPagesTestSupport extends BrowserTestSupport {

  protected static final String FEEDING = "Kibble twice a day, never chocolate";

  /** Everyone and everything a business page test needs, freshly created. */
  protected record Company(
      User owner,
      User manager,
      User walker,
      User family,
      String business,
      String household,
      String pet,
      String service,
      String walkerId) {}

  protected Company company(String householdName) {
    User owner = withSecondFactor("owner");
    String business = createBusiness(owner, "care_company", "Happy Paws");
    ApiClient.Response relaxed =
        api.send(
            "PATCH",
            "/api/v1/businesses/" + business,
            Map.of("requireSecondFactor", false),
            owner.accessToken(),
            Map.of());
    assertThat(relaxed.status()).as(relaxed.raw()).isEqualTo(200);
    User manager = signedInUser("manager");
    hire(owner, business, manager, "manager");
    User walker = signedInUser("walker");
    hire(owner, business, walker, "staff");
    User family = signedInUser("family");
    String household = createHousehold(family, householdName);
    grant(family, household, business);
    String pet = pet(family, household, "Rex");
    careInstructions(family, pet, Map.of("feeding", FEEDING));
    String service = createService(owner, business, "walk", "Morning walk", 60);
    return new Company(
        owner, manager, walker, family, business, household, pet, service, userId(walker));
  }

  /** The family requests a walk of their dog at {@code startsAt}; returns the booking's id. */
  protected String request(Company c, Instant startsAt) {
    ApiClient.Response r =
        api.post(
            "/api/v1/bookings",
            Map.of(
                "householdId",
                c.household(),
                "businessId",
                c.business(),
                "serviceId",
                c.service(),
                "petIds",
                List.of(c.pet()),
                "startsAt",
                startsAt.toString()),
            c.family().accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  /** A request approved by the manager and assigned to {@code assigneeId}, through the API. */
  protected String assigned(Company c, String assigneeId, Instant startsAt) {
    String id = request(c, startsAt);
    ApiClient.Response confirmed =
        api.post(
            "/api/v1/bookings/" + id + "/status",
            Map.of("status", "confirmed"),
            c.manager().accessToken());
    assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
    ApiClient.Response r =
        api.post(
            "/api/v1/bookings/" + id + "/assign",
            Map.of("userId", assigneeId),
            c.manager().accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return id;
  }

  protected Instant inHours(long hours) {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(hours));
  }

  /**
   * Signs {@code user} in and shows their home. These tests are not about signing in, so the
   * session is made without the sign-in page ({@link #signInAs(Browser, User)}).
   */
  protected void signIn(Browser browser, User user) {
    signInAs(browser, user).navigate("/").waitForText("Your households");
  }

  protected static void signOut(Browser browser) {
    browser.click("Sign out").waitForText("This is a shared device");
  }

  /**
   * Posts a form to {@code path} from the open page with its CSRF token, as a person who edits the
   * page's HTML could: for proving that the server refuses an action whose control is hidden.
   */
  protected static void forgePost(Browser browser, String path) {
    browser
        .driver()
        .executeScript(
            "const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                + " const t = document.createElement('input'); t.type = 'hidden';"
                + " t.name = '_csrf';"
                + " t.value = document.querySelector('meta[name=csrf-token]').content;"
                + " f.appendChild(t); document.body.appendChild(f); f.submit();",
            path);
  }
}
