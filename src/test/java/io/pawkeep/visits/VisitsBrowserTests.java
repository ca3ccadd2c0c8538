package io.pawkeep.visits;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.HouseholdPagesTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The walker's visit screen in Chromium (issue 11): the outbox's rules run as unit tests inside the
 * browser (the real module and IndexedDB, a fake server behind its transport), and the online visit
 * from check-in to check-out ends in the household's visit report. The connection cut by a proxy is
 * proven by the offline tests, not here.
 */
class VisitsBrowserTests extends HouseholdPagesTestSupport {

  private static final String OUTBOX_TESTS = resource("/visits/outbox-tests.js");

  @BeforeEach
  void deviceAndServerAgreeOnTheTime() {
    // The browser stamps items with its own clock; the server refuses items from its future.
    clock.set(Instant.now());
  }

  // ---- the outbox, unit by unit, in the browser ----

  @SuppressWarnings("unchecked")
  private Map<String, Object> outbox(String testCase) {
    browser.navigate("/sign-in");
    browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    Map<String, Object> answer =
        (Map<String, Object>) browser.driver().executeAsyncScript(OUTBOX_TESTS, testCase);
    assertThat(answer.get("ok")).as(String.valueOf(answer.get("error"))).isEqualTo(true);
    return (Map<String, Object>) answer.get("result");
  }

  @Test
  void anActionIsRecordedOnTheDeviceAtOnceWithItsOwnClientIdAndTheDeviceTime() {
    Map<String, Object> r = outbox("recordsAtOnceWithAClientIdAndTheDeviceTime");
    assertThat((String) r.get("clientId"))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(number(r, "deviceTimeMs")).isBetween(number(r, "before"), number(r, "after"));
    assertThat(r).containsEntry("listed", 1L).containsEntry("outcome", "pending");
    assertThat(r).containsEntry("unsynced", 1L).containsEntry("otherBooking", 0L);
  }

  @Test
  void theOutboxIsSentInTheOrderItWasRecordedWithOneFreshCsrfTokenPerFlush() {
    Map<String, Object> r = outbox("sendsInRecordedOrderInBatches");
    List<?> recorded = (List<?>) r.get("recorded");
    assertThat(r.get("posted")).isEqualTo(List.of(recorded.subList(0, 2), recorded.subList(2, 3)));
    assertThat(r).containsEntry("tokens", 1L).containsEntry("state", "done");
    assertThat(r).containsEntry("unsynced", 0L);
    // Exactly the sync API's item, nothing the device keeps for itself (label, outcome, photo).
    assertThat(r.get("wireKeys"))
        .isEqualTo(List.of("bookingId", "clientId", "deviceTime", "kind", "payload", "supersedes"));
  }

  @Test
  void eachItemKeepsTheServersOutcomeForItsClientIdAndARejectionsReason() {
    Map<String, Object> r = outbox("eachOutcomeIsKeptBesideItsItem");
    assertThat(r.get("outcomes")).isEqualTo(List.of("duplicate", "rejected", "accepted"));
    assertThat(r.get("reasons")).isEqualTo(Arrays.asList(null, "not_assigned", null));
    assertThat(r).containsEntry("unsynced", 0L);
  }

  @Test
  void aRejectedItemIsNeverRetried() {
    Map<String, Object> r = outbox("aRejectedItemIsNeverSentAgain");
    assertThat(r).containsEntry("posts", 1L).containsEntry("first", 1L);
    assertThat(r).containsEntry("second", 0L).containsEntry("third", 0L);
    assertThat(r.get("outcomes")).isEqualTo(List.of("rejected"));
  }

  @Test
  void aSignedOutAnswerKeepsTheQueueUntilTheNextSessionSendsIt() {
    Map<String, Object> r = outbox("signedOutKeepsTheWholeQueue");
    assertThat(r.get("states")).isEqualTo(List.of("signed-out", "signed-out", "done"));
    assertThat(r).containsEntry("postsWhileSignedOut", 0L).containsEntry("afterSignedOut", 0L);
    assertThat(r).containsEntry("stored", 3L);
    assertThat(r.get("outcomes")).isEqualTo(List.of("accepted", "accepted", "accepted"));
  }

  @Test
  void aRefusedCsrfTokenIsReplacedByAFreshOneAndTheBatchSentOnceMore() {
    Map<String, Object> r = outbox("aRefusedTokenIsFetchedAfreshAndTriedOnce");
    assertThat(r).containsEntry("state", "done").containsEntry("tokens", 2L);
    assertThat(r.get("postTokens")).isEqualTo(List.of("t1", "t2"));
    assertThat(r.get("outcomes")).isEqualTo(List.of("accepted", "accepted", "accepted"));
  }

  @Test
  void aFlushCutInTheMiddleResendsTheSameClientIdsAndTheServerStoresEachOnce() {
    Map<String, Object> r =
        outbox("anInterruptedFlushResendsTheSameClientIdsAndNothingIsStoredTwice");
    assertThat(r).containsEntry("first", "offline").containsEntry("second", "done");
    assertThat(r.get("between")).isEqualTo(List.of("accepted", "accepted", "pending", "pending"));
    assertThat(r.get("resent")).isEqualTo(r.get("expectedResent"));
    assertThat(r.get("storedIds")).isEqualTo(r.get("ids"));
    assertThat(r.get("outcomes"))
        .isEqualTo(List.of("accepted", "accepted", "duplicate", "duplicate"));
  }

  @Test
  void onlyTheServersAnswerForAnItemsOwnClientIdTakesItOutOfPending() {
    Map<String, Object> r = outbox("onlyTheAnswerForItsOwnClientIdMovesAnItem");
    assertThat(r).containsEntry("changed", 1L).containsEntry("again", 0L);
    assertThat(r.get("outcomes")).isEqualTo(List.of("accepted", "pending", "pending"));
  }

  @Test
  void aPhotoWhosePictureIsNotUploadedWaitsOnTheDeviceCountedAsUnsyncedAndIsNeverSynced() {
    Map<String, Object> r = outbox("aHeldPhotoIsCountedButNeverSyncedWithoutItsUpload");
    assertThat(r).containsEntry("state", "offline");
    assertThat(r.get("sentKinds")).isEqualTo(List.of());
    assertThat(r).containsEntry("unsynced", 2L);
    assertThat(r.get("outcomes")).isEqualTo(List.of("pending", "pending"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPhotosPictureIsUploadedFirstAndTheItemThenSyncedNamingTheUploadedPhoto() {
    Map<String, Object> r = outbox("aHeldPhotoIsUploadedFirstThenSyncedNamingTheUploadedPhoto");
    assertThat(r).containsEntry("state", "done").containsEntry("tokens", 1L);
    List<Map<String, Object>> uploads = (List<Map<String, Object>>) r.get("uploads");
    assertThat(uploads).hasSize(1);
    assertThat(uploads.getFirst())
        .containsEntry("token", "t1")
        .containsEntry("clientId", r.get("photoClientId"))
        .containsEntry("bookingId", "3f2b6a7e-1111-4222-8333-944455556666")
        .containsEntry("text", "jpeg bytes")
        .containsEntry("type", "image/jpeg");
    String photoId = (String) r.get("photoId");
    assertThat(r.get("sent"))
        .isEqualTo(Arrays.asList(List.of("photo", photoId), Arrays.asList("note", null)));
    // The id is kept with the item and the picture leaves the device once the server has it.
    assertThat((Map<String, Object>) r.get("kept"))
        .containsEntry("photoId", photoId)
        .containsEntry("blob", null)
        .containsEntry("held", false);
    assertThat(r).containsEntry("unsynced", 0L);
    assertThat(r.get("outcomes")).isEqualTo(List.of("accepted", "accepted"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void anUploadedPhotoIsNeverUploadedAgainAfterALostSyncAnswerOrAReload() {
    Map<String, Object> r = outbox("anUploadedPhotoIsNeverUploadedAgainAfterALostSyncOrAReload");
    assertThat(r.get("states")).isEqualTo(List.of("offline", "done"));
    assertThat(r.get("uploads")).isEqualTo(List.of(1L, 0L));
    String photoId = (String) r.get("firstPhoto");
    assertThat((Map<String, Object>) r.get("between"))
        .containsEntry("outcome", "pending")
        .containsEntry("photoId", photoId)
        .containsEntry("photoRef", photoId);
    assertThat(r).containsEntry("resentRef", photoId);
    assertThat(r.get("outcomes")).isEqualTo(List.of("duplicate"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPhotoWhoseUploadAnswerWasLostIsSentAgainUnderItsItemAndNamesThePhotoStoredFirst() {
    Map<String, Object> r = outbox("aLostUploadAnswerGetsTheStoredPhotoOnTheRetry");
    assertThat(r.get("states")).isEqualTo(List.of("offline", "done"));
    List<String> uploads = (List<String>) r.get("uploads");
    assertThat(uploads).hasSize(2).doesNotContainNull();
    assertThat(uploads.get(1)).isEqualTo(uploads.get(0));
    assertThat((List<String>) r.get("photos")).hasSize(1);
    assertThat(r.get("named")).isEqualTo(r.get("photos"));
    assertThat(r.get("outcomes")).isEqualTo(List.of("accepted"));
  }

  @Test
  void aPhotoUploadCutByTheNetworkOrFailingOnTheServerKeepsItsPictureForTheNextSync() {
    Map<String, Object> r = outbox("aPhotoUploadCutByTheNetworkKeepsItsPictureUntilTheNextFlush");
    assertThat(r.get("states")).isEqualTo(List.of("offline", "error", "done"));
    assertThat(r.get("statuses")).isEqualTo(List.of(0L, 503L));
    assertThat(r.get("keptBlob")).isEqualTo(List.of("jpeg bytes", "jpeg bytes"));
    assertThat(r).containsEntry("uploads", 3L).containsEntry("posts", 1L);
    assertThat(r.get("outcomes")).isEqualTo(List.of("accepted"));
  }

  @Test
  void aPhotoTheServerRefusesIsRejectedWithTheServersWordsAndNeverUploadedAgain() {
    Map<String, Object> r =
        outbox("aPhotoTheServerRefusesIsRejectedWithItsWordsAndNeverUploadedAgain");
    assertThat(r).containsEntry("state", "done").containsEntry("secondState", "done");
    // A refused token is fetched afresh once; then each photo is refused, and never sent again.
    assertThat(r.get("uploads")).isEqualTo(List.of("t1", "t2", "t2"));
    assertThat(r).containsEntry("posts", 0L).containsEntry("unsynced", 0L);
    assertThat(r.get("outcomes")).isEqualTo(List.of("rejected", "rejected"));
    assertThat(r.get("reasons")).isEqualTo(List.of("photo_too_large", "photo_not_allowed"));
    assertThat(r.get("details"))
        .isEqualTo(List.of("The file is larger than 10 MiB.", "The file is larger than 10 MiB."));
    assertThat(r.get("blobs")).isEqualTo(Arrays.asList(null, null));
    assertThat(r.get("refusals"))
        .isEqualTo(
            Arrays.asList(
                "photo_refused",
                "photo_not_allowed",
                "photo_not_allowed",
                null,
                "photo_too_large",
                "photo_refused",
                null,
                null,
                null));
  }

  @Test
  void withNoConnectionTheQueueStaysAndAnsweredItemsLeaveTheDeviceLater() {
    Map<String, Object> r = outbox("offlineKeepsTheQueueAndAnsweredItemsArePrunedLater");
    assertThat(r).containsEntry("offline", "offline").containsEntry("pendingAfterOffline", 3L);
    assertThat(r).containsEntry("left", 0L);
  }

  // ---- the visit screen against the server ----

  private static final String XSS = "<img src=x onerror=alert(1)>";

  private record Visit(User walker, User family, String household, String booking) {}

  /** A walk assigned to a walker whose window is open now, at a business that records tracks. */
  private Visit assignedWalk() {
    User businessOwner = withSecondFactor("business-owner");
    String business = createBusiness(businessOwner, "care_company", "Happy Paws");
    String service = service(businessOwner, business, "Walk", 60);
    User walker = signedInUser("walker");
    hire(businessOwner, business, walker, "staff");
    User family = signedInUser("family");
    String household = createHousehold(family, "The Kennel");
    String pet = pet(family, household, "Rex");
    careInstructions(family, pet, Map.of("feeding", "Two scoops at noon"));
    grant(family, household, business);
    String booking =
        booking(family, household, business, service, pet, Instant.now().plusSeconds(60));
    bookingStatus(businessOwner, booking, "confirmed");
    assign(businessOwner, booking, userId(walker));
    ApiClient.Response r =
        api.send(
            "PUT",
            "/api/v1/businesses/" + business + "/care-settings",
            Map.of("recordTracks", true, "clientsSeeTracks", true),
            businessOwner.accessToken(),
            Map.of());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return new Visit(walker, family, household, booking);
  }

  private void position(double lat, double lon) {
    browser
        .driver()
        .executeCdpCommand(
            "Emulation.setGeolocationOverride",
            Map.of("latitude", lat, "longitude", lon, "accuracy", 5));
  }

  private void allowGeolocation() {
    browser
        .driver()
        .executeCdpCommand(
            "Browser.grantPermissions",
            Map.of("origin", baseUrl(), "permissions", List.of("geolocation")));
  }

  private WebDriverWait waiting() {
    // The outbox list is redrawn as answers arrive: an element read mid-redraw is looked up again.
    WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(15));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private void awaitApp() {
    waiting().until(d -> !d.findElements(By.cssSelector("body.app-ready")).isEmpty());
  }

  private List<WebElement> outboxItems() {
    return browser.driver().findElements(By.cssSelector("#outbox li"));
  }

  private void awaitAllSynced(int items) {
    waiting()
        .until(
            d ->
                outboxItems().size() == items
                    && outboxItems().stream()
                        .allMatch(li -> "accepted".equals(li.getAttribute("data-outcome")))
                    && "0".equals(d.findElement(By.id("unsynced-count")).getText()));
  }

  @Test
  void aWalkerChecksInWalksNotesAFeedingChecksOutAndTheHouseholdsReportShowsIt() {
    Visit v = assignedWalk();
    signIn(v.walker());
    allowGeolocation();
    position(52.5200, 13.4050);
    browser.phone().open("/visits");
    awaitApp();
    waiting().until(d -> !d.findElements(By.cssSelector("#visits li a")).isEmpty());
    browser.assertAccessible();
    assertThat(browser.find("h1").getText()).isEqualTo("Today");
    screenshot("visits-today-phone.png");
    WebElement link = browser.find("#visits li a");
    assertThat(link.getText()).startsWith("The Kennel");
    assertThat(link.getAttribute("href")).endsWith("/visits/" + v.booking());

    link.click();
    browser.waitForPath("/visits/" + v.booking());
    awaitApp();
    waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("The Kennel"));
    browser.assertAccessible();
    assertThat(browser.text()).contains("Rex").contains("Two scoops at noon");

    browser.click("Check in");
    awaitAllSynced(1);

    browser.click("Start walk");
    browser.waitForVisible("#walk-time");
    position(52.5210, 13.4050);
    position(52.5220, 13.4060);
    waiting().until(d -> Integer.parseInt(d.findElement(By.id("walk-distance")).getText()) > 100);
    browser.assertAccessible();
    browser.click("Stop walk");
    awaitAllSynced(2);

    browser.click("Add note").fill("Note", XSS);
    browser.assertAccessible();
    browser.click("Save");
    browser.click("Feeding").fill("Food", "Kibble").fill("Amount", "200 g").click("Save");
    browser.click("Check out");
    awaitAllSynced(5);
    browser.assertAccessible();
    assertThat(browser.text()).contains("Checked out at").contains("Note: " + XSS);
    screenshot("visits-visit-phone.png");
    assertThat(browser.driver().findElements(By.cssSelector("main img"))).isEmpty();

    signIn(v.family());
    browser.desktop().open("/bookings/" + v.booking() + "/report");
    String report = browser.text();
    assertThat(report)
        .contains("Check in")
        .contains("Walk")
        .contains("Metres")
        .contains("Note")
        .contains(XSS)
        .contains("Feeding")
        .contains("Kibble")
        .contains("200 g")
        .contains("Check out");
    assertThat(browser.driver().findElements(By.cssSelector("svg.track-map"))).isNotEmpty();
  }

  /** What the app keeps in IndexedDB and the service worker's caches, as one text. */
  private String deviceStorage() {
    Object stored =
        browser
            .driver()
            .executeAsyncScript(
                """
                const done = arguments[arguments.length - 1];
                (async () => {
                  const out = { databases: (await indexedDB.databases()).map((d) => d.name), caches: {} };
                  for (const name of await caches.keys()) {
                    const cache = await caches.open(name);
                    out.caches[name] = (await cache.keys()).map((r) => new URL(r.url).pathname);
                  }
                  if (out.databases.includes("pawkeep-visits")) {
                    const m = await import("/js/visits/outbox.js");
                    const box = await m.Outbox.open();
                    out.outbox = await box.list();
                    out.visits = await box.get("visits");
                    box.close();
                  }
                  return JSON.stringify(out);
                })().then(done, (e) => done("error " + e));
                """);
    return String.valueOf(stored);
  }

  @Test
  void theAlarmCodeIsShownOnlineForAReasonRecordedInTheRevealLogAndNeverKeptOnTheDevice() {
    Visit v = assignedWalk();
    ApiClient.Response secrets =
        api.send(
            "PUT",
            "/api/v1/households/" + v.household() + "/access-secrets",
            Map.of("alarmCode", "4711-9"),
            v.family().accessToken(),
            Map.of());
    assertThat(secrets.status()).as(secrets.raw()).isEqualTo(204);
    signIn(v.walker());
    browser.phone().open("/visits/" + v.booking());
    awaitApp();
    waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("The Kennel"));

    browser.click("Show alarm code").click("Show");
    browser.waitForText("Enter why you need the code.");
    browser.assertAccessible();
    browser.fill("Reason for showing the code", "Alarm beeping at the door").click("Show");
    browser.waitForVisible("#alarm-fields");
    browser.assertAccessible();
    assertThat(browser.find("#alarm-fields").getText()).contains("4711-9");
    assertThat(deviceStorage()).doesNotContain("4711-9").doesNotContain("/reveal");
    browser.click("Hide now");
    assertThat(browser.driver().findElements(By.id("alarm-fields"))).isEmpty();
    assertThat(browser.text()).doesNotContain("4711-9");

    ApiClient.Response log =
        api.get(
            "/api/v1/households/" + v.household() + "/access-secrets/reveals",
            v.family().accessToken());
    assertThat(log.raw()).contains("Alarm beeping at the door");
  }

  @Test
  void theDeviceKeepsOnlyTheShellAndStaticFilesAndSigningOutSyncsThenForgetsEverything() {
    Visit v = assignedWalk();
    signIn(v.walker());
    browser.open("/visits/" + v.booking());
    awaitApp();
    waiting().until(d -> d.findElement(By.tagName("h1")).getText().equals("The Kennel"));
    waiting()
        .until(
            d ->
                Boolean.TRUE.equals(
                    ((org.openqa.selenium.JavascriptExecutor) d)
                        .executeScript("return !!navigator.serviceWorker.controller")));
    String stored = deviceStorage();
    assertThat(stored).contains("pawkeep-visits-v1").contains("/js/visits/app.js");
    assertThat(stored).contains("\"/visits\"");
    assertThat(stored)
        .doesNotContain("/visits/data\"")
        .doesNotContain("/visits/csrf\"")
        .doesNotContain("/visits/sync\"")
        .doesNotContain("/visits/" + v.booking() + "\"");
    // The visits themselves are in IndexedDB, for Today offline.
    assertThat(stored).contains("The Kennel");

    browser.click("Add note").fill("Note", "Rex slept").click("Save");
    browser.click("Sign out");
    waiting().until(d -> java.net.URI.create(d.getCurrentUrl()).getPath().equals("/"));
    assertThat(
            api.get("/api/v1/bookings/" + v.booking() + "/care-actions", v.family().accessToken())
                .raw())
        .contains("Rex slept");
    String after = deviceStorage();
    assertThat(after).doesNotContain("pawkeep-visits").doesNotContain("The Kennel");
    assertThat(browser.cookie("__Host-pawkeep")).isNull();
  }

  @Test
  void withoutASessionTheShellOpensAndAsksToSignInAgain() {
    browser.phone().open("/visits");
    awaitApp();
    browser.waitForVisible("#sign-in-again");
    browser.assertAccessible();
    assertThat(browser.find("#sign-in-again a").getAttribute("href")).endsWith("/sign-in");
    assertThat(browser.text()).contains("Sign in to load your visits.");
    assertThat(browser.find("#unsynced-count").getText()).isEqualTo("0");
  }

  /**
   * Rewrites a screenshot of {@code docs/screenshots/} only when run with {@code
   * -Dpawkeep.screenshots.write=true}, so an ordinary build never changes committed files.
   */
  private void screenshot(String name) {
    if (Boolean.getBoolean("pawkeep.screenshots.write")) {
      assertThat(browser.screenshot(Path.of("docs", "screenshots", name))).isNotEmptyFile();
    }
  }

  private static long number(Map<String, Object> r, String key) {
    return ((Number) r.get(key)).longValue();
  }

  private static String resource(String path) {
    try (InputStream in = VisitsBrowserTests.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
