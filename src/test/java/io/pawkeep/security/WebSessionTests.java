package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.TotpCodes;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.PageClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Browser sessions (SESS-5) and the CSRF rule: the cookie's attributes, a new session at every
 * sign-in, the database's identity check ending web sessions exactly as it ends tokens, idle and
 * absolute expiry on the server's clock, shared devices, and forms refused without their token.
 */
class WebSessionTests extends ApiTestSupport {

  private static final String COOKIE = "__Host-pawkeep";
  private static final String CSRF_COOKIE = "__Host-pawkeep-csrf";

  @Autowired OwnerDatabase schemaOwner;
  private final List<String> allowlisted = new ArrayList<>();

  @AfterEach
  void removeAllowlistedOperators() {
    for (String email : allowlisted) {
      schemaOwner.jdbc().sql("delete from platform_admins where email = ?").param(email).update();
    }
  }

  @Test
  void signingInSetsAnHttpOnlySecureLaxHostCookieThatLastsTheAbsoluteTimeout() {
    User walker = signedInUser("walker");
    PageClient browser = new PageClient(port);
    browser.get("/sign-in");
    PageClient.Page r = signIn(browser, walker, false);

    String cookie = r.setCookie(COOKIE).orElseThrow();
    assertThat(cookie)
        .contains("HttpOnly")
        .contains("Secure")
        .contains("SameSite=Lax")
        .contains("Path=/")
        .contains("Max-Age=43200")
        .doesNotContainIgnoringCase("Domain=");
    // The cookie holds a random secret, not the access token or a session id.
    assertThat(browser.cookie(COOKIE).orElseThrow()).hasSize(43).doesNotContain(".");
    assertThat(home(browser).body()).contains("Your households");
  }

  /** AUTH-5: the sign-in page shares the account's login limit and says when to try again. */
  @Test
  void theSignInPageAnswersTooManyAttemptsWith429AndRetryAfterOnceTheAccountsLimitIsUsed() {
    User user = signedInUser("hammered"); // made without a sign-in: all 10 logins are left
    for (int i = 0; i < 10; i++) {
      assertThat(login(user.email(), user.password()).status()).isEqualTo(200);
    }
    PageClient browser = new PageClient(port);
    browser.get("/sign-in");
    PageClient.Page limited =
        browser.post("/sign-in", Map.of("email", user.email(), "password", user.password()));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
    assertThat(limited.body()).contains("Too many attempts. Wait a few minutes, then try again.");
    assertThat(limited.setCookie(COOKIE)).isEmpty();
  }

  @Test
  void everySignInOpensANewSessionSoAPlantedCookieIsNeverAdopted() {
    User walker = signedInUser("walker");
    PageClient browser = new PageClient(port);
    browser.setCookie(COOKIE, "chosen-by-an-attacker-in-advance-0123456789abc");
    browser.get("/sign-in");
    signIn(browser, walker, false);
    String first = browser.cookie(COOKIE).orElseThrow();
    assertThat(first).isNotEqualTo("chosen-by-an-attacker-in-advance-0123456789abc");

    // Signing in again, with the first session's cookie still sent, opens another session.
    browser.get("/sign-in");
    signIn(browser, walker, false);
    String second = browser.cookie(COOKIE).orElseThrow();
    assertThat(second).isNotEqualTo(first);
    // The session of the cookie it replaced has ended.
    PageClient copy = new PageClient(port);
    copy.setCookie(COOKIE, first);
    assertEnded(copy);
    long webSessions =
        schemaOwner
            .jdbc()
            .sql(
                "select count(distinct s.id) from sessions s join users u on u.id = s.user_id"
                    + " where u.email = ? and s.web_secret_hash is not null")
            .param(walker.email())
            .query(Long.class)
            .single();
    assertThat(webSessions).isEqualTo(2);
  }

  @Test
  void aFormPostedWithoutItsCsrfTokenIsRefusedWithTheForbiddenPage() {
    User walker = signedInUser("walker");
    PageClient browser = signedIn(walker, false);

    PageClient.Page forged = browser.postExactly("/sign-out", Map.of());
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.body()).contains("Not allowed").doesNotContain("Exception");
    PageClient.Page wrongToken = browser.postExactly("/sign-out", Map.of("_csrf", "forged"));
    assertThat(wrongToken.status()).isEqualTo(403);
    // The session is untouched: the forged sign-out did nothing.
    assertThat(home(browser).body()).contains("Your households");

    // A stranger's forged sign-in is refused too.
    PageClient stranger = new PageClient(port);
    PageClient.Page signIn =
        stranger.postExactly(
            "/sign-in", Map.of("email", walker.email(), "password", walker.password()));
    assertThat(signIn.status()).isEqualTo(403);
    assertThat(signIn.setCookie(COOKIE)).isEmpty();
  }

  @Test
  void loadingAPageKeepsTheCsrfTokenSoTheFormsOfOtherOpenPagesStillWork() {
    User walker = signedInUser("walker");
    PageClient browser = signedIn(walker, false);
    String firstTab = home(browser).csrfToken().orElseThrow();
    PageClient.Page secondTab = home(browser);
    assertThat(secondTab.setCookie(CSRF_COOKIE)).isEmpty();
    home(browser);

    PageClient.Page out = browser.postExactly("/sign-out", Map.of("_csrf", firstTab));
    assertThat(out.status()).isEqualTo(302);
  }

  @Test
  void anHtmxRequestIsAcceptedWithTheTokenInItsHeaderAndRefusedWithout() {
    User walker = signedInUser("walker");
    PageClient browser = signedIn(walker, false);
    String token = home(browser).csrfToken().orElseThrow();

    PageClient.Page without = browser.send("POST", "/sign-out", "", Map.of("HX-Request", "true"));
    assertThat(without.status()).isEqualTo(403);
    PageClient.Page with =
        browser.send("POST", "/sign-out", "", Map.of("HX-Request", "true", "X-CSRF-TOKEN", token));
    assertThat(with.status()).isEqualTo(302);
    assertThat(with.setCookie(COOKIE).orElseThrow()).contains("Max-Age=0");
  }

  @Test
  void theApiNeverReadsTheCookieAndPagesNeverTakeABearerToken() {
    User walker = signedInUser("walker");
    PageClient browser = signedIn(walker, false);
    String secret = browser.cookie(COOKIE).orElseThrow();

    ApiClient.Response withCookie =
        api.send("GET", "/api/v1/me", null, null, Map.of("Cookie", COOKIE + "=" + secret));
    assertThat(withCookie.status()).isEqualTo(401);

    // An access token is no cookie secret: a page sees a stranger.
    PageClient thief = new PageClient(port);
    thief.setCookie(COOKIE, walker.accessToken());
    assertThat(thief.get("/").body()).contains("<h1>Sign in</h1>");
    PageClient bearer = new PageClient(port);
    PageClient.Page page =
        bearer.get("/", Map.of("Authorization", "Bearer " + walker.accessToken()));
    assertThat(page.body()).contains("<h1>Sign in</h1>");
  }

  @Test
  void anIdleSessionEndsOnTheServerAfterThirtyMinutes() {
    User walker = signedInUser("walker");
    PageClient browser = signedIn(walker, false);

    clock.advance(Duration.ofMinutes(29));
    assertThat(home(browser).status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(29));
    assertThat(home(browser).status()).as("used 29 minutes ago").isEqualTo(200);
    clock.advance(Duration.ofMinutes(31));
    assertEnded(browser);
  }

  @Test
  void aSessionEndsTwelveHoursAfterSignInHoweverBusy() {
    User walker = signedInUser("walker");
    PageClient browser = signedIn(walker, false);
    String secret = browser.cookie(COOKIE).orElseThrow();
    for (int i = 0; i < 28; i++) {
      clock.advance(Duration.ofMinutes(25));
      assertThat(home(browser).status()).as("after %d minutes", 25 * (i + 1)).isEqualTo(200);
    }
    clock.advance(Duration.ofMinutes(25)); // 12 h 5 min after sign-in
    browser.setCookie(COOKIE, secret); // even a cookie the browser kept
    assertEnded(browser);
  }

  @Test
  void aSharedDeviceSessionEndsWithTheBrowserAndAfterTenIdleMinutes() {
    User walker = signedInUser("walker");
    PageClient browser = new PageClient(port);
    browser.get("/sign-in");
    PageClient.Page r = signIn(browser, walker, true);
    String cookie = r.setCookie(COOKIE).orElseThrow();
    assertThat(cookie).doesNotContain("Max-Age").doesNotContain("Expires");
    assertThat(home(browser).body()).contains("Your households");

    browser.closeBrowser();
    assertThat(browser.get("/").body()).contains("<h1>Sign in</h1>");

    PageClient other = new PageClient(port);
    other.get("/sign-in");
    signIn(other, walker, true);
    clock.advance(Duration.ofMinutes(9));
    assertThat(home(other).status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(11));
    assertEnded(other);
  }

  @Test
  void signingOutEndsTheSessionInTheDatabaseClearsTheCookieAndReplacesTheCsrfToken() {
    User walker = signedInUser("walker");
    PageClient browser = signedIn(walker, false);
    String secret = browser.cookie(COOKIE).orElseThrow();
    home(browser);

    PageClient.Page out = browser.post("/sign-out", Map.of());
    assertThat(out.status()).isEqualTo(302);
    assertThat(out.setCookie(COOKIE).orElseThrow()).contains("Max-Age=0");
    assertThat(out.setCookie(CSRF_COOKIE).orElseThrow())
        .containsAnyOf("Max-Age=0", "Expires=Thu, 01 Jan 1970");

    // A copy of the cookie (another tab, or a thief) is refused on its next request.
    PageClient copy = new PageClient(port);
    copy.setCookie(COOKIE, secret);
    assertEnded(copy);
  }

  @Test
  void signingOutEverywhereEndsAWebSessionOnItsNextRequest() {
    User walker = signedInUser("walker");
    PageClient browser = signedIn(walker, false);
    assertThat(api.delete("/api/v1/me/sessions", null, walker.accessToken()).status())
        .isEqualTo(204);
    assertEnded(browser);
  }

  @Test
  void aPasswordChangeEndsAWebSessionOnItsNextRequest() {
    User walker = signedInUser("walker");
    PageClient browser = signedIn(walker, false);
    ApiClient.Response changed =
        api.post(
            "/api/v1/me/password",
            Map.of(
                "currentPassword",
                walker.password(),
                "newPassword",
                "a-brand-new-long-passphrase-9"),
            walker.accessToken());
    assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
    assertEnded(browser);
  }

  @Test
  void deactivationEndsAWebSessionOnItsNextRequest() {
    User walker = signedInUser("walker");
    PageClient browser = signedIn(walker, false);
    User admin = withSecondFactor("operator");
    schemaOwner
        .jdbc()
        .sql("insert into platform_admins (email) values (?)")
        .param(admin.email())
        .update();
    allowlisted.add(admin.email());
    ApiClient.Response r =
        api.post(
            "/api/v1/admin/users/" + userId(walker) + "/deactivate", null, admin.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(204);
    assertEnded(browser);
  }

  @Test
  void theSecondFactorIsAskedForBeforeAnySessionOpens() {
    User owner = signedInUser("owner");
    String secret = enrolTotp(owner);
    PageClient browser = new PageClient(port);
    browser.get("/sign-in");
    PageClient.Page first =
        browser.post("/sign-in", Map.of("email", owner.email(), "password", owner.password()));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).contains("Enter your code").doesNotContain(owner.password());
    assertThat(first.setCookie(COOKIE)).isEmpty();

    PageClient.Page wrong = browser.post("/sign-in/second-factor", Map.of("code", "000000"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).contains("That code did not work");
    assertThat(wrong.setCookie(COOKIE)).isEmpty();

    String challenge = challengeOf(first.body());
    PageClient.Page second =
        browser.post(
            "/sign-in/second-factor",
            Map.of("challenge", challenge, "code", TotpCodes.at(secret, clock)));
    assertThat(second.status()).as(second.body()).isEqualTo(302);
    assertThat(second.setCookie(COOKIE)).isPresent();
    assertThat(home(browser).body()).contains("Your households");
  }

  @Test
  void aWrongPasswordGetsTheGenericAnswerAndNoCookie() {
    User walker = signedInUser("walker");
    PageClient browser = new PageClient(port);
    browser.get("/sign-in");
    PageClient.Page r =
        browser.post("/sign-in", Map.of("email", walker.email(), "password", "not-the-password"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).contains("The email or password is not right").contains(walker.email());
    assertThat(r.body()).doesNotContain("not-the-password");
    assertThat(r.setCookie(COOKIE)).isEmpty();

    PageClient.Page blank = browser.post("/sign-in", Map.of("email", "", "password", ""));
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.body())
        .contains("aria-describedby=\"email-error\"")
        .contains("Enter your email address.")
        .contains("Enter your password.");
  }

  private PageClient signedIn(User user, boolean shared) {
    PageClient browser = new PageClient(port);
    browser.get("/sign-in");
    signIn(browser, user, shared);
    return browser;
  }

  private static PageClient.Page signIn(PageClient browser, User user, boolean shared) {
    PageClient.Page r =
        browser.post(
            "/sign-in",
            Map.of("email", user.email(), "password", user.password(), "shared", "" + shared));
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    assertThat(r.location()).endsWith("/");
    return r;
  }

  private static PageClient.Page home(PageClient browser) {
    PageClient.Page r = browser.get("/");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r;
  }

  /** The session is refused: sent to sign in, and the cookie cleared. */
  private static void assertEnded(PageClient browser) {
    PageClient.Page r = browser.get("/");
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    assertThat(r.location()).endsWith("/sign-in");
    assertThat(r.setCookie(COOKIE).orElseThrow()).contains("Max-Age=0");
  }

  private static String challengeOf(String page) {
    var m = java.util.regex.Pattern.compile("name=\"challenge\" value=\"([^\"]+)\"").matcher(page);
    assertThat(m.find()).as(page).isTrue();
    return m.group(1);
  }
}
