package io.pawkeep.businesses;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BusinessPagesTestSupport;
import io.pawkeep.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * A business's own pages in Chromium: the overview, creating a business, staff, invitations (link
 * shown once, accepted, revoked), one member's permissions, and their denials: staff without
 * staff.manage see no staff link and are refused, a manager cannot give the owner role (AUTHZ-9),
 * another business is the 404 page, and an owner or manager without the second factor a business
 * requires is led to set it up (AUTHZ-8).
 */
class BusinessPagesBrowserTests extends BusinessPagesTestSupport {

  private static final String XSS = "<img src=x onerror=alert(1)>";

  @Test
  void aManagerInvitesSomeoneWhoJoinsThroughTheLinkAndAdjustsAMembersPermissions() {
    Company c = company("The Kennel");
    signIn(browser, c.manager());
    browser.open("/businesses/" + c.business());
    browser.click("Staff").waitForText("What each role grants").assertAccessible();
    assertThat(browser.text()).contains("accountant", "billing.read");

    new Select(browser.find("#role")).selectByValue("staff");
    browser.click("Create invitation").waitForText("Invitation created").assertAccessible();
    String link = browser.find("#invite-link").getAttribute("value");
    assertThat(link).startsWith(baseUrl() + "/staff-invites/");

    browser.open("/businesses/" + c.business() + "/staff/" + c.walkerId());
    new Select(browser.find("#perm-care\\.log")).selectByValue("revoke");
    browser.click("Save").waitForText("Adjust single permissions");
    browser.open("/businesses/" + c.business() + "/staff").waitForText("staff (adjusted)");
    ApiClient.Response walker =
        api.get("/api/v1/businesses/" + c.business(), c.walker().accessToken());
    assertThat(walker.raw()).doesNotContain("care.log").contains("bookings.read");

    signOut(browser);
    User newcomer = signedInUser("newcomer");
    signIn(browser, newcomer);
    browser.open(link.substring(baseUrl().length()));
    browser.click("Accept the invitation").waitForPath("/businesses/" + c.business());
    browser.assertAccessible();
    assertThat(browser.text()).contains("Happy Paws", "Schedule").doesNotContain("Audit trail");
    // A used link does not work twice.
    browser.open(link.substring(baseUrl().length())).click("Accept the invitation");
    browser.waitForText("already used").assertAccessible();
  }

  @Test
  void aRevokedInvitationNoLongerWorksAndBadRolesAreShownBesideTheField() {
    Company c = company("The Kennel");
    signIn(browser, c.manager());
    String staff = "/businesses/" + c.business() + "/staff";
    browser.open(staff).click("Create invitation").waitForText("Choose a role.");
    browser.assertAccessible();
    assertThat(browser.find("#role").getAttribute("aria-describedby")).isEqualTo("role-error");

    // A manager cannot make owners (AUTHZ-9): the refusal shows beside the field.
    new Select(browser.find("#role")).selectByValue("owner");
    browser.click("Create invitation").waitForText("You cannot give this role.");
    browser.assertAccessible();

    new Select(browser.find("#role")).selectByValue("staff");
    browser.click("Create invitation").waitForText("Invitation created");
    String link = browser.find("#invite-link").getAttribute("value");
    browser.click("Revoke this invitation").waitForText("was revoked").assertAccessible();
    signOut(browser);
    signIn(browser, signedInUser("late"));
    browser.open(link.substring(baseUrl().length())).click("Accept the invitation");
    browser.waitForText("revoked").assertAccessible();
  }

  @Test
  void staffWithoutStaffManageSeeNoStaffPageAndAreRefusedAndOtherBusinessesAreNotFound() {
    Company c = company("The Kennel");
    Company rival = company("Other Kennel");
    signIn(browser, c.walker());
    browser.open("/businesses/" + c.business());
    assertThat(browser.text()).contains("Schedule").doesNotContain("Settings");
    assertThat(browser.driver().findElements(By.linkText("Staff"))).isEmpty();
    browser.open("/businesses/" + c.business() + "/staff").waitForText("Not allowed");
    forgePost(browser, "/businesses/" + c.business() + "/staff-invites?role=staff");
    browser.waitForText("Not allowed").assertAccessible();
    browser.open("/businesses/" + rival.business()).waitForText("Page not found");
    browser.open("/businesses/" + rival.business() + "/staff").waitForText("Page not found");
    browser.open("/businesses/" + c.business() + "/staff/" + rival.walkerId());
    browser.waitForText("Not allowed");
  }

  @Test
  void aManagerWithoutTheSecondFactorIsLedToSetItUpWhenTheBusinessRequiresIt() {
    User owner = withSecondFactor("owner");
    String business = createBusiness(owner, "care_company", "Strict Paws");
    User manager = signedInUser("manager");
    hire(owner, business, manager, "manager");
    signIn(browser, manager);
    browser.open("/businesses/" + business).waitForText("Second factor required");
    assertThat(browser.find("a[href='/account/second-factor']").getText())
        .isEqualTo("Set up a second factor");
  }

  @Test
  void aPersonCreatesABusinessWhoseNameIsShownAsTextAndAMissingNameIsShownBesideTheField() {
    User founder = signedInUser("founder");
    signIn(browser, founder);
    browser.open("/businesses").waitForText("You do not work for a business here yet");
    browser.click("Create business").waitForText("Enter the business's name.");
    browser.assertAccessible();
    assertThat(browser.find("#name").getAttribute("aria-describedby")).isEqualTo("name-error");
    browser.fill("Name", XSS).click("Create business");
    // A new business requires its owners' second factor: the founder is led to set one up.
    browser.waitForText("Second factor required").assertAccessible();
    String id = browser.path().substring("/businesses/".length());
    assertThat(api.get("/api/v1/businesses", founder.accessToken()).raw()).contains(id);
    browser.open("/businesses");
    assertThat(browser.find(".link-list a").getText()).isEqualTo(XSS);
  }
}
