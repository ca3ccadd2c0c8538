package io.pawkeep.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.SignInAttempt;
import io.pawkeep.accounts.TotpCodes;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.Browser;
import io.pawkeep.testing.BrowserTestSupport;
import io.pawkeep.testing.PageClient;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The operators' alerts page in Chromium (LOG-3): an operator sees an open alert and closes it;
 * anyone else gets the 404 page and closes nothing; a bad filter is a 400 page. Every page is
 * checked for CSP violations and WCAG 2.2 AA by the harness.
 */
class AlertPagesBrowserTests extends BrowserTestSupport {

  private static final String OPERATOR = "watch-page-operator@pawkeep.test";
  private static String operatorSecret;

  @Autowired private ApplicationEventPublisher events;
  @Autowired private OwnerDatabase owner;

  @Test
  void anOperatorSeesAnOpenAlertAndClosesIt() {
    String account = raiseAlert();
    UUID id = openAlert(account);

    signInAsOperator(browser);
    browser.open("/admin/alerts").waitForText(account).assertAccessible();
    assertThat(browser.text()).contains("One account failing to sign in from many addresses");
    browser.find("#alert-" + id + " button").click();
    browser.waitForText("The alert is closed.").assertAccessible();
    assertThat(browser.text()).doesNotContain(account);
    assertThat(closedAt(id)).isTrue();

    browser.click("Closed").waitForText(account).assertAccessible();
    assertThat(browser.find("#alert-" + id + " .alert-status").getText()).startsWith("closed");

    browser.open("/admin/alerts?state=everything").waitForText("choose open, closed or all");
    browser.assertAccessible();

    browser.phone();
    browser.open("/admin/alerts?state=all").waitForText(account).assertAccessible();
  }

  @Test
  void someoneWhoIsNotAnOperatorGetsTheNotFoundPageAndClosesNothing() {
    String account = raiseAlert();
    UUID id = openAlert(account);
    User mallory = signedInUser("mallory");
    signInAs(browser, mallory);
    browser.open("/admin/alerts").waitForText("Page not found");
    assertThat(browser.text()).doesNotContain(account);

    PageClient page = new PageClient(port);
    page.get("/sign-in");
    page.post("/sign-in", Map.of("email", mallory.email(), "password", mallory.password()));
    assertThat(page.get("/admin/alerts").status()).isEqualTo(404);
    assertThat(page.post("/admin/alerts/" + id + "/close", Map.of()).status()).isEqualTo(404);
    assertThat(closedAt(id)).isFalse();
  }

  private String raiseAlert() {
    String account = UUID.randomUUID().toString();
    for (int i = 0; i < 5; i++) {
      events.publishEvent(new SignInAttempt(account, AnomalyRulesTests.randomAddress(), false));
    }
    return account;
  }

  private UUID openAlert(String account) {
    return owner
        .jdbc()
        .sql("select id from watch_alerts where subject = :s and closed_at is null")
        .param("s", account)
        .query(UUID.class)
        .single();
  }

  private boolean closedAt(UUID id) {
    return owner
        .jdbc()
        .sql("select closed_at is not null from watch_alerts where id = :id")
        .param("id", id)
        .query(Boolean.class)
        .single();
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
    b.open("/sign-in").fill("Email", OPERATOR).fill("Password", PASSWORD).click("Sign in");
    b.waitForText("Enter your code").fill("Code", TotpCodes.at(operatorSecret, clock));
    clock.advance(TotpCodes.step());
    b.click("Continue").waitForText("Your households");
  }
}
