package io.pawkeep.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.HouseholdPagesTestSupport;
import io.pawkeep.testing.PageClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deleting a household and bringing it back in Chromium (PRIV-2): the owner confirms with the
 * household's name, the household is gone for its member at once, and the owner brings it back from
 * "Deleted households"; a wrong name shows the error beside the field; a member gets the 403 page,
 * a stranger the 404 page, and neither can bring it back.
 */
class HouseholdDeletionPagesBrowserTests extends HouseholdPagesTestSupport {

  @Test
  void anOwnerDeletesTheHouseholdAfterAWrongNameAndBringsItBack() {
    User owner = signedInUser("delete-owner");
    String household = createHousehold(owner, "<img src=x onerror=alert(1)> Nest");
    User member = signedInUser("delete-member");
    join(owner, household, member, "member");
    signIn(owner);

    browser.open("/households/" + household).click("Delete the household");
    browser.waitForPath("/households/" + household + "/delete");
    browser.assertAccessible();
    browser.fill("Type the household's name to confirm", "Nest").click("Delete the household");
    browser.waitForText("Type the household's name exactly").assertAccessible();
    assertThat(browser.find("#confirmName").getAttribute("aria-describedby"))
        .isEqualTo("confirmName-error");
    assertThat(api.get("/api/v1/households/" + household, member.accessToken()).status())
        .as("a wrong name deletes nothing")
        .isEqualTo(200);

    browser
        .fill("Type the household's name to confirm", "<img src=x onerror=alert(1)> Nest")
        .click("Delete the household");
    browser.waitForText("The household was deleted.").assertAccessible();
    assertThat(api.get("/api/v1/households/" + household, member.accessToken()).status())
        .isEqualTo(404);

    browser.click("Bring back <img src=x onerror=alert(1)> Nest");
    browser.waitForPath("/households/" + household);
    assertThat(api.get("/api/v1/households/" + household, member.accessToken()).status())
        .isEqualTo(200);
  }

  @Test
  void aMemberGetsTheForbiddenPageAndAStrangerThePageNotFoundAndNeitherBringsItBack() {
    User owner = signedInUser("delete-owner");
    String household = createHousehold(owner, "Kept House");
    User member = signedInUser("delete-member");
    join(owner, household, member, "member");
    User stranger = signedInUser("delete-stranger");

    PageClient asMember = pageClient(member);
    asMember.get("/");
    assertThat(asMember.get("/households/" + household + "/delete").status()).isEqualTo(403);
    assertThat(
            asMember
                .post("/households/" + household + "/delete", Map.of("confirmName", "Kept House"))
                .status())
        .isEqualTo(403);
    signIn(stranger);
    browser.open("/households/" + household + "/delete");
    assertThat(browser.text()).contains("Page not found").doesNotContain("Kept House");

    api.delete("/api/v1/households/" + household, null, owner.accessToken());
    PageClient asStranger = pageClient(stranger);
    asStranger.get("/");
    assertThat(asStranger.post("/households/" + household + "/undo-deletion", Map.of()).status())
        .isEqualTo(404);
    assertThat(asMember.post("/households/" + household + "/undo-deletion", Map.of()).status())
        .isEqualTo(404);
    browser.open("/households/deleted");
    assertThat(browser.text()).contains("No deleted household").doesNotContain("Kept House");
    browser.assertAccessible();
  }
}
