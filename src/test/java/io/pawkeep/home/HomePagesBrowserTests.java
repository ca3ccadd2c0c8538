package io.pawkeep.home;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.accounts.AccountFixture;
import io.pawkeep.bookings.BusinessPagesTestSupport;
import io.pawkeep.testing.ApiClient;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The signed-in home leads with what each role has today (DOM-9): households their bookings and
 * households with their pets, staff their assignments today with links to those bookings and
 * schedulers the requests waiting, accountants their businesses only, operators their tools; a
 * person with several roles sees the section with most today first. Denials: a sitter sees no
 * business section, a staff member nothing of another business, an accountant no schedule.
 */
class HomePagesBrowserTests extends BusinessPagesTestSupport {

  /** An allowlisted operator address of the test profile that never enrols a second factor. */
  private static final String OPERATOR = "factorless-operator@pawkeep.test";

  @Autowired AccountFixture accounts;

  /** Days on the home are UTC days: each test runs at 08:00 UTC of a day after the clock's. */
  @BeforeEach
  void morning() {
    LocalDate tomorrow = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1);
    clock.set(tomorrow.atTime(8, 0).toInstant(ZoneOffset.UTC));
  }

  @Test
  void aSitterSeesTodaysBookingsAndTheHouseholdsPetsFirstAndNoBusinessSection() {
    Company c = company("<img src=x onerror=alert(1)>");
    String booking = request(c, inHours(2));
    User sitter = signedInUser("sitter");
    join(c.family(), c.household(), sitter, "sitter");

    signIn(browser.phone(), sitter);
    browser.open("/");
    assertThat(headings()).containsExactly("Today and upcoming", "Your households");
    assertThat(browser.text())
        .contains("Morning walk")
        .contains("<img src=x onerror=alert(1)>")
        .contains("sitter")
        .doesNotContain("Your businesses")
        .doesNotContain("Your work today")
        .doesNotContain("Happy Paws");
    assertThat(browser.find("#bookings-heading + ul li a").getAttribute("href"))
        .endsWith("/bookings/" + booking);
    browser.find("#households-heading + ul a.home-more").click();
    browser.waitForPath("/households/" + c.household() + "/pets").assertAccessible();
  }

  @Test
  void aWalkerSeesTodaysAssignmentsFirstAndNothingOfAnotherBusinessAndTheManagerTheRequests() {
    Company c = company("Maple Street");
    String today = assigned(c, c.walkerId(), inHours(3));
    assigned(c, c.walkerId(), inHours(30)); // tomorrow: not today's work
    request(c, inHours(5)); // waiting for the manager
    createHousehold(c.walker(), "Walker's flat"); // a household with nothing today comes after

    Company other = company("Oak Lane");
    rename(other, "Bark Avenue");
    String theirs = assigned(other, other.walkerId(), inHours(3));

    signIn(browser, c.walker());
    browser.open("/");
    assertThat(headings())
        .containsExactly(
            "Your work today", "Your businesses", "Today and upcoming", "Your households");
    List<WebElement> work = browser.driver().findElements(By.cssSelector("#work-heading + ul li"));
    assertThat(work).hasSize(1);
    assertThat(browser.text())
        .contains("Walker's flat")
        .doesNotContain("Bark Avenue")
        .doesNotContain("booking request")
        .doesNotContain(theirs);
    assertThat(browser.driver().getPageSource()).doesNotContain(other.business());
    browser.find("#work-heading + ul li a").click();
    browser.waitForPath("/businesses/" + c.business() + "/bookings/" + today).assertAccessible();
    signOut(browser);

    signIn(browser, c.manager());
    browser.open("/");
    assertThat(headings().getFirst()).isEqualTo("Your work today");
    assertThat(browser.text())
        .contains("Nothing is assigned to you today.")
        .contains("1 booking request waiting");
    browser.click("1 booking request waiting");
    browser.waitForPath("/businesses/" + c.business() + "/schedule").assertAccessible();
  }

  @Test
  void anAccountantSeesTheirBusinessesButNoScheduleNorWork() {
    Company c = company("Elm Row");
    request(c, inHours(2));
    User accountant = signedInUser("accountant");
    hire(c.owner(), c.business(), accountant, "accountant");

    signIn(browser, accountant);
    browser.open("/");
    assertThat(headings())
        .containsExactly("Your businesses", "Today and upcoming", "Your households");
    assertThat(browser.text())
        .contains("Happy Paws")
        .contains("accountant")
        .doesNotContain("Schedule")
        .doesNotContain("booking request");
  }

  @Test
  void someoneNewSeesTheEmptyStateAndAListedOperatorTheOperatorSection() {
    User newcomer = signedInUser("newcomer");
    signIn(browser, newcomer);
    browser.open("/");
    assertThat(headings()).containsExactly("Today and upcoming", "Your households");
    assertThat(browser.text())
        .contains("No bookings today or in the coming weeks.")
        .contains("You are not in a household yet.")
        .doesNotContain("Operator");
    browser.click("Create a household").waitForPath("/households").assertAccessible();
    signOut(browser);

    signIn(browser, operator());
    browser.open("/");
    assertThat(headings()).contains("Operator");
    assertThat(browser.text()).contains("needs a session opened with your second factor");
  }

  private List<String> headings() {
    return browser.driver().findElements(By.cssSelector("main h2")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private void rename(Company c, String name) {
    ApiClient.Response r =
        api.send(
            "PATCH",
            "/api/v1/businesses/" + c.business(),
            Map.of("name", name),
            c.owner().accessToken(),
            Map.of());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
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
}
