package io.pawkeep.care;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.Browser;
import io.pawkeep.testing.HouseholdPagesTestSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** A visit's report in a real browser: the care log, with the walk's map only when shared. */
class VisitReportBrowserTests extends HouseholdPagesTestSupport {

  private static final String XSS = "<img src=x onerror=alert(1)>";

  private record Visit(User businessOwner, User family, String business, String booking) {}

  /** A walk booked, assigned to a walker whose window is open now, with a walk of 7 points. */
  private Visit visit(boolean clientsSeeTracks) {
    User businessOwner = withSecondFactor("business-owner");
    String business = createBusiness(businessOwner, "care_company", "Happy Paws");
    String service = service(businessOwner, business, "Walk", 60);
    User walker = signedInUser("walker");
    hire(businessOwner, business, walker, "staff");
    User family = signedInUser("family");
    String household = createHousehold(family, "The Kennel");
    String pet = pet(family, household, "Rex");
    grant(family, household, business);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String booking = booking(family, household, business, service, pet, now.plusSeconds(60));
    bookingStatus(businessOwner, booking, "confirmed");
    assign(businessOwner, booking, userId(walker));
    settings(businessOwner, business, clientsSeeTracks);
    List<Map<String, Object>> track = new ArrayList<>();
    for (int k = 0; k < 7; k++) {
      track.add(Map.of("lat", 52.5 + k * 0.0004, "lon", 13.4 + (k % 3) * 0.0006));
    }
    ApiClient.Response r =
        api.post(
            "/api/v1/sync/care-actions",
            Map.of(
                "items",
                List.of(
                    item(booking, "walk", now, Map.of("durationMinutes", 45, "track", track)),
                    item(booking, "note", now.plusSeconds(30), Map.of("text", XSS)))),
            walker.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.raw()).doesNotContain("rejected");
    return new Visit(businessOwner, family, business, booking);
  }

  private void settings(User owner, String business, boolean clientsSeeTracks) {
    ApiClient.Response r =
        api.send(
            "PUT",
            "/api/v1/businesses/" + business + "/care-settings",
            Map.of("recordTracks", true, "clientsSeeTracks", clientsSeeTracks),
            owner.accessToken(),
            Map.of());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
  }

  private static Map<String, Object> item(
      String booking, String kind, Instant at, Map<String, Object> payload) {
    return Map.of(
        "clientId",
        UUID.randomUUID().toString(),
        "bookingId",
        booking,
        "kind",
        kind,
        "deviceTime",
        at.toString(),
        "payload",
        payload);
  }

  @Test
  void theHouseholdSeesTheWalkOnAnInlineMapWithOnePinPerPointWhenTheBusinessSharesTracks() {
    Visit v = visit(true);
    signIn(v.family());
    browser.phone().open("/bookings/" + v.booking() + "/report");
    List<WebElement> maps = browser.driver().findElements(By.cssSelector("svg.track-map"));
    assertThat(maps).hasSize(1);
    assertThat(maps.getFirst().findElements(By.cssSelector("circle.pin"))).hasSize(7);
    assertThat(maps.getFirst().findElement(By.tagName("title")).getAttribute("textContent"))
        .contains("7 GPS points");
    assertThat(browser.driver().findElements(By.cssSelector(".track-points li"))).hasSize(7);
    // Every pin lies inside the viewBox; nothing is fetched from elsewhere.
    for (WebElement pin : maps.getFirst().findElements(By.cssSelector("circle.pin"))) {
      assertThat(Double.parseDouble(pin.getAttribute("cx"))).isBetween(0.0, 400.0);
      assertThat(Double.parseDouble(pin.getAttribute("cy"))).isBetween(0.0, 300.0);
    }
    assertThat(browser.title()).isEqualTo("Visit report · Pawkeep");
    assertThat(browser.text()).contains("Minutes").contains("45").contains(XSS);
    assertThat(browser.driver().findElements(By.cssSelector("main img"))).isEmpty();
  }

  @Test
  void withTracksHiddenTheReportHasNoMapAndNoPoints() {
    Visit v = visit(false);
    signIn(v.family());
    browser.open("/bookings/" + v.booking() + "/report");
    assertThat(browser.text()).contains("Walk").contains("45");
    assertThat(browser.driver().findElements(By.cssSelector("svg"))).isEmpty();
    assertThat(browser.driver().findElements(By.cssSelector(".track-points li"))).isEmpty();
    assertThat(browser.driver().getPageSource()).doesNotContain("52.5");
  }

  @Test
  void anotherHouseholdGetsThePageNotFoundAndABrokenCursorIsAClientMistake() {
    Visit v = visit(true);
    signIn(v.family());
    browser.open("/bookings/" + v.booking() + "/report?cursor=broken");
    assertThat(browser.text()).contains("That did not work");
    browser.open("/bookings/not-a-booking/report");
    assertThat(browser.text()).contains("That did not work");

    User stranger = signedInUser("stranger");
    Browser other = anotherBrowser();
    signIn(other, stranger);
    other.open("/bookings/" + v.booking() + "/report");
    assertThat(other.text()).contains("Page not found").doesNotContain("Minutes");
    assertThat(other.driver().findElements(By.cssSelector("svg"))).isEmpty();
  }
}
