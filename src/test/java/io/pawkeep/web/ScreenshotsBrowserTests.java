package io.pawkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.AccountFixture;
import io.pawkeep.accounts.TotpCodes;
import io.pawkeep.testing.Browser;
import io.pawkeep.testing.BrowserTestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The screenshots of each role's home in {@code docs/screenshots/} (phone and desktop viewports),
 * shown in the README. Rewritten only when run with {@code -Dpawkeep.screenshots.write=true}:
 *
 * <pre>
 * ./mvnw -o verify -Dtest=ScreenshotsBrowserTests -Dpawkeep.screenshots.write=true
 * </pre>
 *
 * Otherwise skipped, so an ordinary build never changes committed files. Each person signs in
 * through the sign-in page with seeded data, at 08:00 UTC of a day: an owner with a household and
 * pets and a walk booked for today, a care company's manager (one request waiting) and walker
 * (today's walk assigned), a clinic's veterinarian and a platform operator.
 */
@EnabledIfSystemProperty(
    named = "pawkeep.screenshots.write",
    matches = "true",
    disabledReason = "screenshots are rewritten only with -Dpawkeep.screenshots.write=true")
class ScreenshotsBrowserTests extends BrowserTestSupport {

  static final Path DIRECTORY = Path.of("docs", "screenshots");

  /** An allowlisted operator address of the test profile that never enrols a second factor. */
  private static final String OPERATOR = "factorless-operator@pawkeep.test";

  @Autowired AccountFixture accounts;
  private final Map<String, String> secrets = new HashMap<>();

  @Test
  void eachRolesHomeOnAPhoneAndADesktop() {
    // 08:00 UTC of a new day, so that today's bookings and assignments show on the homes.
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1);
    clock.set(day.atTime(8, 0).toInstant(ZoneOffset.UTC));
    User owner = person("owner", "Sam Rivera");
    String home = createHousehold(owner, "Maple Street");
    String biscuit = pet(owner, home, "Biscuit", "dog");
    String pepper = pet(owner, home, "Pepper", "cat");
    createHousehold(owner, "Lake Cabin");

    // Owners and managers of a business sign in with a second factor.
    User manager = personWithSecondFactor("manager", "Priya Shah");
    String company = createBusiness(manager, "care_company", "Happy Paws Walking");
    User walker = person("walker", "Jordan Lee");
    hire(manager, company, walker, "staff");
    grant(owner, home, company);
    String walk = createService(manager, company, "walk", "Morning walk", 60);
    String today = book(owner, home, company, walk, biscuit, 2);
    post("/api/v1/bookings/" + today + "/status", Map.of("status", "confirmed"), manager);
    post("/api/v1/bookings/" + today + "/assign", Map.of("userId", userId(walker)), manager);
    book(owner, home, company, walk, pepper, 27); // tomorrow, waiting for the manager

    User clinicOwner = personWithSecondFactor("clinic-owner", "Ana Costa");
    String clinic = createBusiness(clinicOwner, "clinic", "Riverside Vet Clinic");
    User vet = person("vet", "Dr Mei Chen");
    hire(clinicOwner, clinic, vet, "veterinarian");

    User operator = operator();

    Map<String, User> roles =
        Map.of(
            "owner", owner, "manager", manager, "walker", walker, "vet", vet, "operator", operator);
    for (var role : roles.entrySet()) {
      signIn(role.getValue());
      for (Browser.Viewport viewport : new Browser.Viewport[] {Browser.PHONE, Browser.DESKTOP}) {
        browser.viewport(viewport).open("/");
        String name =
            "%s-home-%s.png".formatted(role.getKey(), viewport.mobile() ? "phone" : "desktop");
        assertThat(browser.screenshot(DIRECTORY.resolve(name))).isNotEmptyFile();
      }
      browser.desktop().click("Sign out").waitForText("Sign in");
    }
  }

  private User person(String role, String displayName) {
    String email = uniqueEmail(role);
    var tokens = accounts.signIn(accounts.confirmedAccount(email, PASSWORD, displayName));
    return new User(email, PASSWORD, tokens.accessToken(), tokens.refreshToken());
  }

  private User personWithSecondFactor(String role, String displayName) {
    String email = uniqueEmail(role);
    UUID id = accounts.confirmedAccount(email, PASSWORD, displayName);
    String secret = accounts.startSecondFactor(id);
    accounts.confirmSecondFactor(id, TotpCodes.at(secret, clock));
    clock.advance(TotpCodes.step());
    var tokens = accounts.signInWithSecondFactor(id, TotpCodes.at(secret, clock));
    clock.advance(TotpCodes.step());
    secrets.put(email, secret);
    return new User(email, PASSWORD, tokens.accessToken(), tokens.refreshToken());
  }

  private void signIn(User user) {
    String secret = secrets.get(user.email());
    if (secret == null) {
      signInAs(browser, user);
      return;
    }
    browser.navigate("/sign-in");
    browser.fill("Email", user.email()).fill("Password", user.password()).click("Sign in");
    browser.waitForText("Enter your code");
    browser.fill("Code", TotpCodes.at(secret, clock)).click("Continue");
    clock.advance(TotpCodes.step());
    browser.waitForText("Your households");
  }

  private User operator() {
    var r = login(OPERATOR, PASSWORD);
    if (r.status() != 200) {
      accounts.confirmedAccount(OPERATOR, PASSWORD, "Robin Okafor");
      r = login(OPERATOR, PASSWORD);
    }
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return new User(OPERATOR, PASSWORD, r.text("access_token"), r.text("refresh_token"));
  }

  private String pet(User owner, String household, String name, String species) {
    var r =
        api.post(
            "/api/v1/households/" + household + "/pets",
            Map.of("name", name, "species", species),
            owner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  /** The owner requests the service for the pet {@code hours} from now; returns the booking. */
  private String book(
      User owner, String household, String business, String service, String pet, int hours) {
    var r =
        api.post(
            "/api/v1/bookings",
            Map.of(
                "householdId", household,
                "businessId", business,
                "serviceId", service,
                "petIds", List.of(pet),
                "startsAt", clock.instant().plus(Duration.ofHours(hours)).toString()),
            owner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  private void post(String path, Map<String, Object> body, User caller) {
    var r = api.post(path, body, caller.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }
}
