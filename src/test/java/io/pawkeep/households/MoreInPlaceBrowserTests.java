package io.pawkeep.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.HouseholdPagesTestSupport;
import io.pawkeep.testing.LoadMore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lists that used a plain "More" link load their next page in place with htmx, like the reveal
 * log and the audit trails (fragment layout/more): focus on the first new item, the count
 * announced, and the plain link kept for a browser without script.
 */
class MoreInPlaceBrowserTests extends HouseholdPagesTestSupport {

  @Test
  void moreKeysAndMoreHouseholdsLoadBelowTheFirstPageInPlace() {
    User owner = signedInUser("many-keys-owner");
    String household = createHousehold(owner, "Many Keys House");
    for (int k = 0; k <= KeyPages.KEYS_PER_PAGE; k++) {
      key(owner, household, "Key " + k, 1);
    }
    for (int h = 0; h < 50; h++) {
      createHousehold(owner, "House " + h);
    }
    signIn(owner);

    browser.open("/households/" + household + "/keys");
    List<String> keys =
        LoadMore.loadTheLastPageInPlace(browser, "keys", "More keys", KeyPages.KEYS_PER_PAGE);
    assertThat(keys).hasSize(KeyPages.KEYS_PER_PAGE + 1);

    browser.open("/households");
    List<String> households =
        LoadMore.loadTheLastPageInPlace(browser, "households", "More households", 50);
    assertThat(households).hasSize(51);
  }
}
