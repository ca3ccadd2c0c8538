package io.pawkeep.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.HouseholdPagesTestSupport;
import io.pawkeep.testing.LoadMore;
import io.pawkeep.testing.PageClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The household's audit trail page and its export download. */
class HouseholdAuditPagesBrowserTests extends HouseholdPagesTestSupport {

  @Test
  void anOwnerReadsTheAuditTrailPageByPageAndDownloadsTheExport() {
    User owner = signedInUser("audit-owner");
    String household = createHousehold(owner, "Audit House");
    for (int k = 0; k < 52; k++) {
      key(owner, household, "Key " + k, 1);
    }
    signIn(owner);
    browser.phone().open("/households/" + household + "/audit");
    assertThat(browser.driver().findElements(By.cssSelector("tbody tr"))).hasSize(50);
    assertThat(browser.text()).contains("key.registered");
    browser.desktop().afterHtmxSwap(() -> browser.click("Older events"));
    assertThat(browser.text()).contains("household.created");
    assertThat(browser.find("a[download]").getAttribute("href"))
        .endsWith("/households/" + household + "/export");

    PageClient client = pageClient(owner);
    PageClient.Page file = client.get("/households/" + household + "/export");
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.header("Content-Disposition"))
        .startsWith("attachment")
        .contains("household-" + household + "-export.json");
    assertThat(file.header("Cache-Control")).contains("no-store");
    assertThat(file.body()).contains("pawkeep-household-export/1").contains("Key 51");
    assertThat(file.body()).doesNotContain("\"accessSecrets\"");
    browser.open("/households/" + household + "/audit");
    assertThat(browser.text()).contains("household.exported");
  }

  @Test
  void olderEventsLoadBelowTheFirstPageInPlace() {
    User owner = signedInUser("audit-owner");
    String household = createHousehold(owner, "Audit House");
    for (int k = 0; k < 52; k++) {
      key(owner, household, "Key " + k, 1);
    }
    signIn(owner);
    browser.open("/households/" + household + "/audit");
    List<String> rows =
        LoadMore.loadTheLastPageInPlace(
            browser, "audit-events", "Older events", HouseholdAuditPages.PER_PAGE);
    assertThat(rows.getLast()).contains("household.created");
  }

  @Test
  void aMemberNeitherReadsTheTrailNorExportsAndAStrangerGetsThePageNotFound() {
    User owner = signedInUser("audit-owner");
    String household = createHousehold(owner, "Audit House");
    User member = signedInUser("audit-member");
    join(owner, household, member, "member");
    signIn(member);
    browser.open("/households/" + household + "/audit");
    assertThat(browser.text()).contains("Not allowed").doesNotContain("household.created");
    assertThat(browser.driver().findElements(By.cssSelector("a[download]"))).isEmpty();
    PageClient members = pageClient(member);
    PageClient.Page refused = members.get("/households/" + household + "/export");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.header("Content-Disposition")).isNull();
    assertThat(refused.body()).doesNotContain("pawkeep-household-export");

    User stranger = signedInUser("audit-stranger");
    PageClient strangers = pageClient(stranger);
    assertThat(strangers.get("/households/" + household + "/export").status()).isEqualTo(404);
    assertThat(strangers.get("/households/" + household + "/audit").status()).isEqualTo(404);
  }

  @Test
  void aBrokenCursorIsAClientMistakeNotAnError() {
    User owner = signedInUser("audit-owner");
    String household = createHousehold(owner, "Audit House");
    PageClient client = pageClient(owner);
    assertThat(client.get("/households/" + household + "/audit?cursor=broken").status())
        .isEqualTo(400);
    assertThat(client.get("/households/not-a-household/export").status()).isEqualTo(400);
  }
}
