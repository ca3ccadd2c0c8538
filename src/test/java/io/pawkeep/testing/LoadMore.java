package io.pawkeep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The shared check of the "Older ..." links of paginated lists (fragment {@code layout/more}): with
 * script, a click appends the next page below the first one in place (no navigation), moves focus
 * to the first new item, announces how many came, and the link goes at the last page.
 */
public final class LoadMore {

  private LoadMore() {}

  /**
   * On the open page, clicks {@code linkText} (which must be the last page's link) and checks the
   * in-place load of the list {@code listId}, whose first page holds {@code firstPage} items.
   * Returns the texts of all items afterwards, first page first.
   */
  public static List<String> loadTheLastPageInPlace(
      Browser browser, String listId, String linkText, int firstPage) {
    new WebDriverWait(browser.driver(), Duration.ofSeconds(5), Browser.POLL)
        .withMessage("htmx to load")
        .until(
            d ->
                Boolean.TRUE.equals(
                    browser
                        .driver()
                        .executeScript(
                            "return document.readyState === 'complete' && !!window.htmx;")));
    String path = browser.path();
    By items = By.cssSelector("#" + listId + " > *");
    List<String> before = texts(browser, items);
    assertThat(before).hasSize(firstPage);
    WebElement link = browser.find("#" + listId + "-more a");
    assertThat(link.getAttribute("href")).as("the plain link still works").contains("cursor=");
    assertThat(link.getDomAttribute("hx-get")).isEqualTo(link.getDomAttribute("href"));
    browser.driver().executeScript("window.__pawkeepNoNavigation = true;");

    browser.afterHtmxSwap(() -> browser.click(linkText));

    assertThat(browser.driver().executeScript("return window.__pawkeepNoNavigation === true;"))
        .as("the page was not reloaded")
        .isEqualTo(true);
    assertThat(browser.path()).isEqualTo(path);
    List<String> after = texts(browser, items);
    assertThat(after).hasSizeGreaterThan(firstPage);
    assertThat(after.subList(0, firstPage)).as("page 2 comes below page 1").isEqualTo(before);
    assertThat(browser.driver().findElements(By.cssSelector("#" + listId + "-more a")))
        .as("no link after the last page")
        .isEmpty();
    assertThat(browser.driver().findElements(By.id(listId + "-more"))).hasSize(1);
    WebElement firstNew = browser.driver().findElements(items).get(firstPage);
    assertThat(browser.driver().switchTo().activeElement())
        .as(
            "focus on the first new item, not %s",
            browser
                .driver()
                .executeScript(
                    "return document.activeElement.outerHTML.substring(0, 200) + ' status: '"
                        + " + document.getElementById(arguments[0]).textContent;",
                    listId + "-status"))
        .isEqualTo(firstNew);
    assertThat(browser.find("#" + listId + "-status").getAttribute("textContent"))
        .isEqualTo((after.size() - firstPage) + " more loaded");
    assertThat(browser.find("#" + listId + "-status").getAttribute("aria-live"))
        .isEqualTo("polite");
    return after;
  }

  private static List<String> texts(Browser browser, By items) {
    return browser.driver().findElements(items).stream()
        .map(e -> e.getAttribute("textContent"))
        .toList();
  }
}
