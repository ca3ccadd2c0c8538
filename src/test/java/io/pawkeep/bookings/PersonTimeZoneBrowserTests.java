package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.testing.HouseholdPagesTestSupport;
import io.pawkeep.testing.PageClient;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.dao.DataAccessException;

/**
 * A person chooses their time zone on their account page and every page shows them times in it; a
 * name that is not a zone is refused beside the field; the API keeps answering UTC instants.
 */
class PersonTimeZoneBrowserTests extends HouseholdPagesTestSupport {

  @Test
  void aPersonInParisSeesANineOClockUtcBookingAtTenAndTheApiStillAnswersUtc() {
    User businessOwner = withSecondFactor("business-owner");
    String business = createBusiness(businessOwner, "care_company", "Zone Paws");
    String service = service(businessOwner, business, "Morning walk", 60);
    User family = signedInUser("family");
    String household = createHousehold(family, "Zone House");
    String pet = pet(family, household, "Rex");
    grant(family, household, business);
    Instant nineUtc = clock.instant().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
    nineUtc = nineUtc.plus(9, ChronoUnit.HOURS);
    String booking = booking(family, household, business, service, pet, nineUtc);
    String paris =
        DateTimeFormatter.ofPattern("HH:mm z", Locale.ENGLISH)
            .withZone(ZoneId.of("Europe/Paris"))
            .format(nineUtc);
    // Winter (the test clock is the real time): Paris is an hour ahead of UTC.
    assertThat(paris).isIn("10:00 CET", "11:00 CEST");

    signIn(family);
    browser.open("/bookings/" + booking).waitForText("09:00 UTC");

    browser.open("/account");
    new Select(browser.find("#timeZone")).selectByValue("Europe/Paris");
    browser.click("Save the time zone").waitForText("Your time zone is saved");
    assertThat(new Select(browser.find("#timeZone")).getFirstSelectedOption().getText())
        .isEqualTo("Europe/Paris");

    browser.open("/bookings/" + booking).waitForText(paris);
    assertThat(browser.text()).doesNotContain("09:00 UTC");
    browser.open("/households/" + household + "/bookings").waitForText(paris);

    assertThat(
            api.get("/api/v1/bookings/" + booking, family.accessToken())
                .json()
                .path("booking")
                .path("startsAt")
                .asString())
        .isEqualTo(nineUtc.toString());
  }

  @Test
  void aNameThatIsNotATimeZoneIsRefusedBesideTheFieldAndNeverStored() {
    User person = signedInUser("person");
    PageClient pages = pageClient(person);
    pages.get("/account");
    for (String typed : new String[] {"Mars/Olympus_Mons", "<img src=x onerror=alert(1)>", ""}) {
      PageClient.Page refused = pages.post("/account/time-zone", Map.of("timeZone", typed));
      assertThat(refused.status()).as(typed).isEqualTo(400);
      assertThat(refused.body())
          .contains("id=\"timeZone-error\"")
          .contains("aria-describedby=\"timeZone-error\"")
          .contains("Choose a time zone from the list.")
          .doesNotContain("<img src=x");
    }
    PageClient.Page saved = pages.post("/account/time-zone", Map.of("timeZone", "Asia/Tokyo"));
    assertThat(saved.status()).isEqualTo(302);
    assertThat(pages.get("/account").body()).contains("<option value=\"Asia/Tokyo\" selected");

    // The database keeps the shape even from the application role's own SQL.
    assertThatThrownBy(
            () ->
                asCaller(
                    person,
                    jdbc ->
                        jdbc.sql(
                                "update users set time_zone = '<script>' where id ="
                                    + " pawkeep_current_user()")
                            .update()))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("users_time_zone_shape");
  }
}
