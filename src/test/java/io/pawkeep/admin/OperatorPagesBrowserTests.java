package io.pawkeep.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.TotpCodes;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.Browser;
import io.pawkeep.testing.BrowserTestSupport;
import io.pawkeep.testing.Mailbox;
import io.pawkeep.testing.PageClient;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator pages in Chromium (AUTHZ-7): an operator signed in with the second factor finds an
 * account, deactivates it (the account's open page is refused on its next click), reactivates it
 * and mails it a reset link; anyone else gets the 404 page, and an operator without the second
 * factor is led to set it up and refused.
 */
class OperatorPagesBrowserTests extends BrowserTestSupport {

  private static final String OPERATOR = "page-operator@pawkeep.test";
  private static final String FACTORLESS_OPERATOR = "page-factorless-operator@pawkeep.test";

  private static String operatorSecret;

  @Test
  void anOperatorDeactivatesAnAccountWhoseOpenPageIsRefusedOnItsNextClick() {
    User walker = signedInUser("walker");
    Browser walkersPhone = anotherBrowser();
    signInAs(walkersPhone, walker).navigate("/").waitForText("Your households");

    signInAsOperator(browser);
    browser.open("/admin").waitForText("Account email");
    browser.fill("Account email", "not-an-address").click("Find account");
    browser.waitForText("Enter a valid email address").assertAccessible();
    assertThat(browser.find("#email").getAttribute("aria-describedby")).isEqualTo("email-error");
    assertThat(browser.find("#email").getAttribute("value")).isEqualTo("not-an-address");

    browser.fill("Account email", "nobody-" + walker.email()).click("Find account");
    browser.waitForText("No account has this email address.").assertAccessible();

    browser.fill("Account email", walker.email().toUpperCase(Locale.ROOT)).click("Find account");
    browser.waitForText(walker.email()).assertAccessible();
    browser.click("Alex Walker").waitForText("Last sign-in").assertAccessible();

    browser.click("Deactivate account").waitForText("its sessions have ended").assertAccessible();
    assertThat(browser.find("#account-status").getText()).isEqualTo("deactivated");
    // The walker's open page is refused on its next click: back to signing in.
    walkersPhone.click("Home").waitForText("This is a shared device");
    assertThat(walkersPhone.text()).doesNotContain("Your households");
    assertThat(login(walker.email(), walker.password()).status()).isNotEqualTo(200);

    browser.click("Reactivate account").waitForText("active again").assertAccessible();
    assertThat(browser.find("#account-status").getText()).isEqualTo("active");
    int before = Mailbox.mailsTo(walker.email()).size();
    browser.click("Mail a password reset link").waitForText("You do not see it.");
    browser.assertAccessible();
    String token = Mailbox.awaitLatest(walker.email(), "Reset", 1).token();
    assertThat(Mailbox.mailsTo(walker.email()).size()).isGreaterThan(before);
    assertThat(browser.driver().getPageSource()).doesNotContain(token);

    browser.phone();
    browser.open("/admin").waitForText("Account email");
  }

  @Test
  void someoneWhoIsNotAnOperatorGetsTheNotFoundPageAndChangesNothing() {
    User mallory = signedInUser("mallory");
    User victim = signedInUser("victim");
    signInAs(browser, mallory);
    browser.open("/admin").waitForText("Page not found");
    assertThat(browser.text()).doesNotContain("Account email");

    PageClient page = new PageClient(port);
    page.get("/sign-in");
    page.post("/sign-in", Map.of("email", mallory.email(), "password", mallory.password()));
    assertThat(page.get("/admin").status()).isEqualTo(404);
    String victimId = userId(victim);
    assertThat(page.post("/admin/accounts/" + victimId + "/deactivate", Map.of()).status())
        .isEqualTo(404);
    assertThat(page.post("/admin/accounts/find", Map.of("email", victim.email())).status())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/me", victim.accessToken()).status()).isEqualTo(200);
  }

  @Test
  void anOperatorWithoutTheSecondFactorIsLedToSetItUpAndRefused() {
    User victim = signedInUser("victim");
    if (login(FACTORLESS_OPERATOR, PASSWORD).status() != 200) {
      registerVerified(FACTORLESS_OPERATOR, PASSWORD);
    }
    signInAs(browser, new User(FACTORLESS_OPERATOR, PASSWORD, null, null));
    browser.open("/admin").waitForText("Second factor needed");
    assertThat(browser.find("a[href='/account/second-factor']").getText())
        .contains("Set up your second factor");

    PageClient page = new PageClient(port);
    page.get("/sign-in");
    page.post("/sign-in", Map.of("email", FACTORLESS_OPERATOR, "password", PASSWORD));
    assertThat(page.get("/admin").status()).isEqualTo(403);
    assertThat(page.post("/admin/accounts/" + userId(victim) + "/deactivate", Map.of()).status())
        .isEqualTo(403);
    assertThat(api.get("/api/v1/me", victim.accessToken()).status()).isEqualTo(200);
  }

  /** The allowlisted operator, signed in through the pages with password and TOTP. */
  private void signInAsOperator(Browser b) {
    if (operatorSecret == null) {
      if (login(OPERATOR, PASSWORD).status() != 200) {
        registerVerified(OPERATOR, PASSWORD);
      }
      ApiClient.Response first = login(OPERATOR, PASSWORD);
      operatorSecret =
          enrolTotp(
              new User(
                  OPERATOR, PASSWORD, first.text("access_token"), first.text("refresh_token")));
    }
    signIn(b, new User(OPERATOR, PASSWORD, null, null));
    b.waitForText("Enter your code").fill("Code", TotpCodes.at(operatorSecret, clock));
    clock.advance(TotpCodes.step());
    b.click("Continue").waitForText("Your households");
  }

  private static void signIn(Browser b, User user) {
    b.open("/sign-in")
        .fill("Email", user.email())
        .fill("Password", user.password())
        .click("Sign in");
  }
}
