package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.Mailbox;
import io.pawkeep.testing.PageClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The account pages (sign-up, forgot password, password, sessions, second factor) over HTTP: each
 * page's task, its bad input and its denial, through the same services as the API.
 */
class AccountPagesTests extends ApiTestSupport {

  private static final String COOKIE = "__Host-pawkeep";
  private static final Pattern END_FORM =
      Pattern.compile("action=\"/account/sessions/([0-9a-f-]{36})/end\"");

  @Test
  void signingUpMailsAConfirmationLinkAndRefusesBadInputBesideItsField() {
    PageClient browser = new PageClient(port);
    browser.get("/sign-up");
    PageClient.Page blank =
        browser.post("/sign-up", Map.of("displayName", "", "email", "x", "password", ""));
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.body())
        .contains("aria-describedby=\"name-error\"")
        .contains("aria-describedby=\"email-error\"")
        .contains("aria-describedby=\"password-error\"");

    String email = uniqueEmail("newcomer");
    PageClient.Page weak =
        browser.post(
            "/sign-up", Map.of("displayName", "Nia Newcomer", "email", email, "password", "short"));
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.body())
        .contains("id=\"password-error\"")
        .contains(email)
        .doesNotContain("short\"");

    PageClient.Page done =
        browser.post(
            "/sign-up",
            Map.of("displayName", "Nia Newcomer", "email", email, "password", PASSWORD));
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.body()).contains("Check your email");
    String token = Mailbox.awaitLatest(email, "Confirm", 1).token();
    assertThat(api.post("/api/v1/auth/verify-email", Map.of("token", token)).status())
        .isEqualTo(204);

    // The same answer for an address that has an account.
    PageClient.Page again =
        browser.post(
            "/sign-up",
            Map.of("displayName", "Someone Else", "email", email, "password", PASSWORD + "x"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).contains("Check your email");

    browser.get("/sign-in");
    PageClient.Page in = browser.post("/sign-in", Map.of("email", email, "password", PASSWORD));
    assertThat(in.status()).isEqualTo(302);
    assertThat(browser.get("/").body()).contains("Nia Newcomer");
  }

  @Test
  void forgotPasswordMailsALinkOnlyToAnAccountAndAnswersTheSameEitherWay() {
    User walker = signedInUser("walker");
    PageClient browser = new PageClient(port);
    browser.get("/forgot-password");
    PageClient.Page blank = browser.post("/forgot-password", Map.of("email", ""));
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.body()).contains("id=\"email-error\"");

    int before = Mailbox.awaitMails(walker.email(), "Reset", 0).size();
    PageClient.Page known = browser.post("/forgot-password", Map.of("email", walker.email()));
    PageClient.Page unknown =
        browser.post("/forgot-password", Map.of("email", uniqueEmail("nobody")));
    assertThat(known.status()).isEqualTo(200);
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(known.body()).contains("has an account, we");
    assertThat(Mailbox.awaitMails(walker.email(), "Reset", before + 1)).hasSize(before + 1);
  }

  @Test
  void theSessionsPageEndsAnotherDeviceButNotSomeoneElsesSession() {
    User walker = signedInUser("walker");
    PageClient laptop = signedIn(walker);
    PageClient phone = signedIn(walker);

    PageClient.Page page = laptop.get("/account/sessions");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("This browser").contains("Sign out everywhere");
    List<String> ids = endForms(page.body());
    assertThat(ids).hasSizeGreaterThanOrEqualTo(3); // laptop, phone and the API session

    // Someone else's session is the generic 404 page, and stays live.
    User other = signedInUser("other");
    PageClient.Page denied =
        laptop.post("/account/sessions/" + claim(other, "sid") + "/end", Map.of());
    assertThat(denied.status()).isEqualTo(404);
    assertThat(denied.body()).contains("Page not found");
    assertThat(api.get("/api/v1/me", other.accessToken()).status()).isEqualTo(200);

    for (String id : ids) {
      if (!isCurrent(page.body(), id)) {
        assertThat(laptop.post("/account/sessions/" + id + "/end", Map.of()).status())
            .isEqualTo(302);
      }
    }
    assertThat(phone.get("/").status()).isEqualTo(302);
    assertThat(api.get("/api/v1/me", walker.accessToken()).status()).isEqualTo(401);
    assertThat(laptop.get("/").status()).isEqualTo(200);
  }

  @Test
  void signingOutEverywhereFromThePageEndsEverySessionThisOneToo() {
    User walker = signedInUser("walker");
    PageClient laptop = signedIn(walker);
    PageClient phone = signedIn(walker);
    laptop.get("/account/sessions");

    PageClient.Page out = laptop.post("/account/sessions/end-all", Map.of());
    assertThat(out.status()).isEqualTo(302);
    assertThat(out.setCookie(COOKIE).orElseThrow()).contains("Max-Age=0");
    assertThat(phone.get("/").status()).isEqualTo(302);
    assertThat(api.get("/api/v1/me", walker.accessToken()).status()).isEqualTo(401);
  }

  @Test
  void changingThePasswordKeepsThisBrowserSignedInAndEndsEveryOtherSession() {
    User walker = signedInUser("walker");
    PageClient laptop = signedIn(walker);
    PageClient phone = signedIn(walker);
    String oldCookie = laptop.cookie(COOKIE).orElseThrow();
    laptop.get("/account/password");

    PageClient.Page wrong =
        laptop.post(
            "/account/password",
            Map.of("currentPassword", "not-my-password", "newPassword", "a-new-long-passphrase-7"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.body()).contains("id=\"current-error\"").doesNotContain("not-my-password");
    PageClient.Page weak =
        laptop.post(
            "/account/password", Map.of("currentPassword", PASSWORD, "newPassword", "short"));
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.body()).contains("id=\"new-error\"");

    PageClient.Page changed =
        laptop.post(
            "/account/password",
            Map.of("currentPassword", PASSWORD, "newPassword", "a-new-long-passphrase-7"));
    assertThat(changed.status()).as(changed.body()).isEqualTo(302);
    assertThat(laptop.cookie(COOKIE).orElseThrow()).isNotEqualTo(oldCookie);
    assertThat(laptop.get("/account?password-changed").body()).contains("password is");
    assertThat(phone.get("/").status()).isEqualTo(302);
    PageClient thief = new PageClient(port);
    thief.setCookie(COOKIE, oldCookie);
    assertThat(thief.get("/").status()).isEqualTo(302);
  }

  @Test
  void settingUpTheSecondFactorShowsAServerDrawnQrCodeAndTheRecoveryCodesOnce() {
    User owner = signedInUser("owner");
    PageClient browser = signedIn(owner);
    browser.get("/account/second-factor");
    PageClient.Page premature =
        browser.post("/account/second-factor/confirm", Map.of("code", "123456"));
    assertThat(premature.status()).isEqualTo(409);

    PageClient.Page setup = browser.post("/account/second-factor/start", Map.of());
    assertThat(setup.status()).isEqualTo(200);
    assertThat(setup.body()).contains("src=\"data:image/svg+xml;base64,");
    Matcher secret =
        Pattern.compile("<code class=\"secret\">([A-Z2-7]+)</code>").matcher(setup.body());
    assertThat(secret.find()).isTrue();
    Matcher uri = Pattern.compile("name=\"uri\" value=\"([^\"]+)\"").matcher(setup.body());
    assertThat(uri.find()).isTrue();
    String hiddenUri = uri.group(1).replace("&amp;", "&");

    PageClient.Page wrong =
        browser.post(
            "/account/second-factor/confirm",
            Map.of(
                "code",
                TotpCodes.wrongAt(secret.group(1), clock),
                "secret",
                secret.group(1),
                "uri",
                hiddenUri));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.body()).contains("id=\"code-error\"").contains("data:image/svg+xml");

    PageClient.Page codes =
        browser.post(
            "/account/second-factor/confirm",
            Map.of(
                "code",
                TotpCodes.at(secret.group(1), clock),
                "secret",
                secret.group(1),
                "uri",
                hiddenUri));
    assertThat(codes.status()).isEqualTo(200);
    assertThat(codes.body()).contains("Your recovery codes");
    assertThat(codes.header("Cache-Control")).contains("no-store");
    assertThat(Pattern.compile("<li><code>[^<]+</code></li>").matcher(codes.body()).results())
        .hasSize(10);
    clock.advance(TotpCodes.step());

    PageClient next = new PageClient(port);
    next.get("/sign-in");
    PageClient.Page asked =
        next.post("/sign-in", Map.of("email", owner.email(), "password", owner.password()));
    assertThat(asked.body()).contains("Enter your code");
  }

  @Test
  void aStrangerIsSentToSignInFromEveryAccountPage() {
    PageClient stranger = new PageClient(port);
    for (String path :
        new String[] {
          "/account", "/account/password", "/account/sessions", "/account/second-factor"
        }) {
      PageClient.Page r = stranger.get(path);
      assertThat(r.status()).as(path).isEqualTo(302);
      assertThat(r.location()).as(path).endsWith("/sign-in");
    }
  }

  private static boolean isCurrent(String page, String id) {
    int at = page.indexOf(id + "/end");
    int end = page.indexOf("</form>", at);
    return page.substring(at, end).contains("Sign out here");
  }

  private static List<String> endForms(String page) {
    List<String> ids = new ArrayList<>();
    Matcher m = END_FORM.matcher(page);
    while (m.find()) {
      ids.add(m.group(1));
    }
    ids.forEach(UUID::fromString);
    return ids;
  }

  private PageClient signedIn(User user) {
    PageClient browser = new PageClient(port);
    browser.get("/sign-in");
    PageClient.Page r =
        browser.post("/sign-in", Map.of("email", user.email(), "password", user.password()));
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return browser;
  }
}
