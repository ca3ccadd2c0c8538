package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.Browser;
import io.pawkeep.testing.HouseholdPagesTestSupport;
import io.pawkeep.testing.PageClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/** The household's booking pages in a real browser: request, change, cancel, reschedules. */
class HouseholdBookingPagesBrowserTests extends HouseholdPagesTestSupport {

  private static final DateTimeFormatter FIELD =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

  /** A care company with a walk service, and a household with a dog that granted it access. */
  private record World(
      User businessOwner,
      User family,
      String business,
      String household,
      String pet,
      String service) {}

  private World world() {
    User businessOwner = withSecondFactor("business-owner");
    String business = createBusiness(businessOwner, "care_company", "Happy Paws");
    String service = service(businessOwner, business, "Morning walk", 60);
    User family = signedInUser("family");
    String household = createHousehold(family, "The Kennel");
    String pet = pet(family, household, "Rex");
    grant(family, household, business);
    return new World(businessOwner, family, business, household, pet, service);
  }

  private void setTime(String field, Instant at) {
    browser
        .driver()
        .executeScript(
            "arguments[0].value = arguments[1];", browser.find("#" + field), FIELD.format(at));
  }

  @Test
  void anOwnerRequestsABookingChangesItWhileRequestedAndCancelsIt() {
    World w = world();
    signIn(w.family());
    browser.phone().open("/households/" + w.household() + "/bookings");
    assertThat(browser.text()).contains("No bookings");
    browser.click("Request a booking").waitForPath("/households/").assertAccessible();
    new Select(browser.find("#serviceId"))
        .selectByVisibleText("Happy Paws — Morning walk (60 min, 25.00 EUR)");
    browser.find("#pet-" + w.pet()).click();
    Instant start = inHours(48);
    setTime("startsAt", start);
    browser.fill("Notes for the business", "<img src=x onerror=alert(1)>");
    browser.click("Request booking").waitForPath("/bookings/").assertAccessible();
    assertThat(browser.text())
        .contains("requested")
        .contains("Rex")
        .contains("<img src=x onerror=alert(1)>");
    assertThat(browser.driver().findElements(By.cssSelector("main img"))).isEmpty();

    Instant later = start.plusSeconds(3 * 3600);
    setTime("startsAt", later);
    setTime("endsAt", later.plusSeconds(1800));
    browser.click("Save changes").waitForPath("/bookings/").assertAccessible();
    String booking = browser.path().substring("/bookings/".length());
    assertThat(api.get("/api/v1/bookings/" + booking, w.family().accessToken()).raw())
        .contains(later.toString());

    browser.fill("Reason", "We stay home").click("Cancel booking");
    browser.waitForText("cancelled").assertAccessible();
    assertThat(browser.text()).contains("We stay home").doesNotContain("Save changes");
    browser.desktop().open("/households/" + w.household() + "/bookings");
    assertThat(browser.text()).contains("Morning walk").contains("cancelled");
  }

  @Test
  void theHouseholdAcceptsOneProposedRescheduleAndDeclinesAnother() {
    World w = world();
    String first =
        booking(w.family(), w.household(), w.business(), w.service(), w.pet(), inHours(24));
    String second =
        booking(w.family(), w.household(), w.business(), w.service(), w.pet(), inHours(30));
    Instant proposed = inHours(26);
    for (String b : new String[] {first, second}) {
      bookingStatus(w.businessOwner(), b, "confirmed");
      ApiClient.Response r =
          api.send(
              "PATCH",
              "/api/v1/bookings/" + b,
              Map.of(
                  "startsAt", proposed.toString(), "endsAt", proposed.plusSeconds(3600).toString()),
              w.businessOwner().accessToken(),
              Map.of());
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }
    signIn(w.family());
    browser.open("/bookings/" + first);
    assertThat(browser.text()).contains("New times proposed by the business");
    browser.click("Accept new times").waitForPath("/bookings/" + first).assertAccessible();
    assertThat(browser.text()).doesNotContain("New times proposed");
    assertThat(api.get("/api/v1/bookings/" + first, w.family().accessToken()).raw())
        .contains("\"startsAt\":\"" + proposed + "\"");

    browser.open("/bookings/" + second);
    browser.click("Keep the agreed times").waitForPath("/bookings/" + second).assertAccessible();
    assertThat(browser.text()).doesNotContain("New times proposed");
    assertThat(api.get("/api/v1/bookings/" + second, w.family().accessToken()).raw())
        .contains("\"startsAt\":\"" + inHours(30) + "\"");
  }

  @Test
  void aSitterSeesBookingsWithoutControlsAndAnotherHouseholdsBookingIsNotFound() {
    World w = world();
    String b = booking(w.family(), w.household(), w.business(), w.service(), w.pet(), inHours(24));
    User sitter = signedInUser("sitter");
    join(w.family(), w.household(), sitter, "sitter");
    signIn(sitter);
    browser.open("/households/" + w.household() + "/bookings");
    assertThat(browser.text()).contains("Morning walk").doesNotContain("Request a booking");
    browser.open("/bookings/" + b);
    assertThat(browser.driver().findElements(By.cssSelector("main form"))).isEmpty();
    browser.open("/households/" + w.household() + "/bookings/new");
    assertThat(browser.text()).contains("Not allowed");

    PageClient client = pageClient(sitter);
    client.get("/bookings/" + b);
    assertThat(client.post("/bookings/" + b + "/cancel", Map.of("reason", "no")).status())
        .isEqualTo(403);
    assertThat(
            client
                .post(
                    "/households/" + w.household() + "/bookings",
                    Map.of(
                        "serviceId",
                        w.service(),
                        "petIds",
                        w.pet(),
                        "startsAt",
                        "2030-01-01T10:00"))
                .status())
        .isEqualTo(403);
    assertThat(api.get("/api/v1/bookings/" + b, w.family().accessToken()).raw())
        .contains("\"status\":\"requested\"");

    User stranger = signedInUser("stranger");
    Browser other = anotherBrowser();
    signIn(other, stranger);
    other.open("/bookings/" + b);
    assertThat(other.text()).contains("Page not found").doesNotContain("Morning walk");
    other.open("/bookings/" + b + "/report");
    assertThat(other.text()).contains("Page not found");
  }

  @Test
  void aRequestWithoutServicePetsOrTimeShowsTheErrorsBesideTheFields() {
    World w = world();
    signIn(w.family());
    browser.open("/households/" + w.household() + "/bookings/new");
    browser.fill("Notes for the business", "Keep this text");
    browser.click("Request booking").waitForText("Choose a service.").assertAccessible();
    assertThat(browser.text())
        .contains("Choose from 1 to 20 pets for the visit.")
        .contains("Enter the date and time the visit starts.");
    assertThat(browser.find("#serviceId").getAttribute("aria-describedby"))
        .isEqualTo("serviceId-error");
    assertThat(browser.find("#startsAt").getAttribute("aria-describedby"))
        .isEqualTo("startsAt-error");
    assertThat(browser.find("#notes").getAttribute("value")).isEqualTo("Keep this text");

    new Select(browser.find("#serviceId"))
        .selectByVisibleText("Happy Paws — Morning walk (60 min, 25.00 EUR)");
    browser.find("#pet-" + w.pet()).click();
    setTime("startsAt", inHours(-2));
    browser.click("Request booking").waitForText("Choose a time that is not in the past.");
    browser.assertAccessible();

    String b = booking(w.family(), w.household(), w.business(), w.service(), w.pet(), inHours(24));
    browser.open("/bookings/" + b);
    browser.click("Cancel booking").waitForText("Say why you cancel").assertAccessible();
    assertThat(browser.find("#reason").getAttribute("aria-describedby")).isEqualTo("reason-error");
    setTime("endsAt", inHours(20));
    browser.click("Save changes").waitForText("The visit must end after it starts.");
    browser.assertAccessible();
  }

  @Test
  void theHomePageListsTodayAndUpcomingBookingsOfEveryHouseholdOfThePerson() {
    World w = world();
    booking(w.family(), w.household(), w.business(), w.service(), w.pet(), inHours(3));
    User neighbour = signedInUser("neighbour");
    String second = createHousehold(neighbour, "<b>Second Home</b>");
    String cat = pet(neighbour, second, "Tom");
    grant(neighbour, second, w.business());
    booking(neighbour, second, w.business(), w.service(), cat, inHours(5));
    join(neighbour, second, w.family(), "sitter");
    User newcomer = signedInUser("newcomer");

    signIn(w.family());
    browser.phone().open("/");
    assertThat(browser.text())
        .contains("Today and upcoming")
        .contains("The Kennel")
        .contains("<b>Second Home</b>");
    assertThat(browser.driver().findElements(By.cssSelector("#bookings-heading + ul li")))
        .hasSize(2);
    browser.find("#bookings-heading + ul li a").click();
    browser.waitForPath("/bookings/").assertAccessible();

    Browser other = anotherBrowser();
    signIn(other, newcomer);
    other.open("/");
    assertThat(other.text()).contains("No bookings today or in the coming weeks.");
  }
}
