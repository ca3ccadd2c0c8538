package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.HouseholdPagesTestSupport;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The booking request form names the business of each service: two businesses may both offer a
 * "Morning walk". Only the businesses the household granted access appear, and their names reach no
 * one outside the household, also in the database.
 */
class BookingRequestFormBrowserTests extends HouseholdPagesTestSupport {

  @Test
  void eachServiceIsListedUnderItsBusinessAndOnlyGrantedBusinessesAppear() {
    User family = signedInUser("family");
    String household = createHousehold(family, "Choice House");
    pet(family, household, "Rex");
    User businessOwner = withSecondFactor("business-owner");
    String first = createBusiness(businessOwner, "care_company", "Happy Paws");
    service(businessOwner, first, "Morning walk", 60);
    String second = createBusiness(businessOwner, "care_company", "<img src=x onerror=alert(1)>");
    service(businessOwner, second, "Morning walk", 30);
    String third = createBusiness(businessOwner, "care_company", "Not Granted Co");
    service(businessOwner, third, "Morning walk", 45);
    grant(family, household, first);
    grant(family, household, second);

    signIn(family);
    browser.open("/households/" + household + "/bookings/new");
    List<String> groups =
        browser.driver().findElements(By.cssSelector("#serviceId optgroup")).stream()
            .map(g -> g.getAttribute("label"))
            .toList();
    assertThat(groups).containsExactly("<img src=x onerror=alert(1)>", "Happy Paws");
    List<String> options =
        browser.driver().findElements(By.cssSelector("#serviceId optgroup option")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(options)
        .containsExactly(
            "<img src=x onerror=alert(1)> — Morning walk (30 min, 25.00 EUR)",
            "Happy Paws — Morning walk (60 min, 25.00 EUR)");
    assertThat(browser.text()).doesNotContain("Not Granted Co");

    // Someone outside the household learns no business name through the database.
    User stranger = signedInUser("stranger");
    List<String> seen =
        asCaller(
            stranger,
            jdbc ->
                jdbc.sql("select name from pawkeep_bookable_business_names(:h)")
                    .param("h", UUID.fromString(household))
                    .query(String.class)
                    .list());
    assertThat(seen).isEmpty();
  }
}
