package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The business's schedule and booking pages in Chromium: a manager approves and assigns a request;
 * the assigned walker reads the pets' care instructions only inside the assignment window
 * (AUTHZ-5), sees no scheduler's control and is refused when posting one anyway; another business's
 * booking is the 404 page; a decline without a reason is shown beside its field.
 */
class SchedulePagesBrowserTests extends BusinessPagesTestSupport {

  private static final String XSS = "<img src=x onerror=alert(1)>";

  @Test
  void aManagerApprovesAndAssignsARequestFromTheSchedule() {
    Company c = company(XSS);
    Instant start = inHours(30);
    String booking = request(c, start);

    signIn(browser, c.manager());
    browser.phone();
    String day = LocalDate.ofInstant(start, ZoneOffset.UTC).toString();
    browser.open("/businesses/" + c.business() + "/schedule?date=" + day);
    assertThat(browser.text()).contains("Requests to approve", "Morning walk", XSS);
    browser.desktop();
    browser.open("/businesses/" + c.business() + "/schedule?view=week&date=" + day);
    assertThat(browser.text()).contains("Week of", XSS, "unassigned");

    browser.find("#requests-heading + ul a").click();
    browser.waitForPath("/businesses/" + c.business() + "/bookings/" + booking).assertAccessible();
    assertThat(browser.text()).contains("requested", "Nobody yet");
    browser.click("Approve").waitForText("confirmed").assertAccessible();
    assertThat(browser.text()).doesNotContain("Approve or decline");

    new Select(browser.find("#assignee")).selectByValue(c.walkerId());
    browser.click("Assign");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(5), Duration.ofMillis(50))
        .until(d -> !browser.text().contains("Nobody yet"));
    browser.assertAccessible();
    var api =
        this.api
            .get("/api/v1/bookings/" + booking, c.manager().accessToken())
            .json()
            .path("booking");
    assertThat(api.path("status").asString()).isEqualTo("confirmed");
    assertThat(api.path("assigneeId").asString()).isEqualTo(c.walkerId());
    // Schedulers never see the pets (AUTHZ-5).
    assertThat(browser.text()).doesNotContain(FEEDING);
  }

  @Test
  void aDeclineNeedsAReasonShownBesideItsFieldAndAnAssigneeMustBeOnTheStaff() {
    Company c = company("The Kennel");
    String booking = request(c, inHours(30));
    signIn(browser, c.manager());
    String page = "/businesses/" + c.business() + "/bookings/" + booking;
    browser.open(page).click("Decline").waitForText("Say why you decline").assertAccessible();
    assertThat(browser.find("#reason").getAttribute("aria-describedby")).isEqualTo("reason-error");
    browser.fill("Reason for declining", "Fully booked that day").click("Decline");
    browser.waitForText("cancelled").assertAccessible();
    assertThat(browser.text()).contains("Fully booked that day");

    String other = request(c, inHours(31));
    browser.open("/businesses/" + c.business() + "/bookings/" + other);
    browser
        .driver()
        .executeScript(
            "document.querySelector('#assignee option[value=\"\"]').value = arguments[0];"
                + " document.querySelector('#assignee').value = arguments[0];",
            c.family().email());
    browser.click("Assign").waitForText("Choose a member of the staff").assertAccessible();
    assertThat(browser.find("#assignee").getAttribute("aria-describedby"))
        .isEqualTo("assignee-error");
  }

  @Test
  void anAssignedWalkerReadsTheCareInstructionsOnlyInsideTheWindowAndCannotApprove() {
    Company c = company("The Kennel");
    Instant start = inHours(2).plus(Duration.ofMinutes(1)); // the window opens 2 h before
    String booking = assigned(c, c.walkerId(), start);
    String waiting = request(c, inHours(5));
    String page = "/businesses/" + c.business() + "/bookings/" + booking;

    signIn(browser, c.walker());
    browser.open("/businesses/" + c.business() + "/schedule?view=week&date=" + day(start));
    assertThat(browser.text())
        .contains("You see the bookings you are assigned to", "Morning walk")
        .doesNotContain("Requests to approve");
    browser.open(page);
    assertThat(browser.text())
        .contains("show from shortly before the visit")
        .doesNotContain(FEEDING);

    clock.advance(Duration.ofMinutes(2)); // 1 h 59 min before the start: inside the window
    browser.open(page);
    assertThat(browser.text()).contains("Rex", FEEDING);
    assertThat(browser.text()).doesNotContain("Approve or decline", "Staff member");

    // The hidden controls are refused by the server too, and a request is not theirs to see.
    forgePost(browser, page + "/approve");
    browser.waitForText("Not allowed").assertAccessible();
    forgePost(browser, page + "/assign");
    browser.waitForText("Not allowed");
    browser.open("/businesses/" + c.business() + "/bookings/" + waiting);
    browser.waitForText("Page not found");

    clock.set(start.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(1))); // 2 h after the end
    browser.navigate(page);
    if (browser.path().startsWith("/sign-in")) {
      signIn(browser, c.walker()); // the moved clock ended the idle session
    }
    browser.open(page);
    assertThat(browser.text())
        .contains("show from shortly before the visit")
        .doesNotContain(FEEDING);
  }

  @Test
  void anotherBusinessesBookingAndScheduleAreThePageNotFound() {
    Company c = company("The Kennel");
    String booking = request(c, inHours(30));
    Company rival = company("Other Kennel");
    signIn(browser, rival.manager());
    browser.open("/businesses/" + c.business() + "/bookings/" + booking);
    browser.waitForText("Page not found");
    browser.open("/businesses/" + rival.business() + "/bookings/" + booking);
    browser.waitForText("Page not found");
    browser.open("/businesses/" + c.business() + "/schedule");
    browser.waitForText("Page not found");
    forgePost(browser, "/businesses/" + rival.business() + "/bookings/" + booking + "/approve");
    browser.waitForText("Page not found");
    assertThat(
            api.get("/api/v1/bookings/" + booking, c.manager().accessToken())
                .json()
                .path("booking")
                .path("status")
                .asString())
        .isEqualTo("requested");

    // Someone on both businesses' staff still finds a booking only under its own business.
    browser.open("/");
    signOut(browser);
    hire(rival.owner(), rival.business(), c.manager(), "manager");
    signIn(browser, c.manager());
    browser.open("/businesses/" + rival.business() + "/bookings/" + booking);
    browser.waitForText("Page not found");
    browser.open("/businesses/" + c.business() + "/bookings/" + booking).waitForText("requested");

    browser.open("/businesses/" + rival.business() + "/schedule?date=tomorrow");
    browser.waitForText("Enter a date as YYYY-MM-DD");
    assertThat(browser.find("#date").getAttribute("aria-describedby")).isEqualTo("date-error");
  }

  private static String day(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
  }
}
