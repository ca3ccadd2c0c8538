package io.pawkeep.households;

import io.pawkeep.testing.ApiTestSupport.User;
import io.pawkeep.testing.Browser;
import io.pawkeep.testing.PageClient;
import org.openqa.selenium.Cookie;

/** Steps the household, pet and access-secret browser tests share. */
public final class HouseholdBrowsing {

  private HouseholdBrowsing() {}

  /** Signs {@code user} in through the sign-in page the browser shows. */
  public static void signIn(Browser browser, User user) {
    browser.fill("Email", user.email()).fill("Password", user.password()).click("Sign in");
  }

  /**
   * An HTTP client holding the browser's cookies (the same session), to read response headers or
   * post a form the page does not offer.
   */
  public static PageClient sameSession(Browser browser, int port) {
    PageClient client = new PageClient(port);
    for (Cookie cookie : browser.cookies()) {
      client.setCookie(cookie.getName(), cookie.getValue());
    }
    return client;
  }
}
