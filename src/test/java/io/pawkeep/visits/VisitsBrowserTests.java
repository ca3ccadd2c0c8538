package io.pawkeep.visits;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.HouseholdPagesTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
  void aPhotoWaitsOnTheDeviceCountedAsUnsyncedAndIsNeverSent() {
    Map<String, Object> r = outbox("aHeldPhotoIsCountedButNeverSent");
    assertThat(r.get("sentKinds")).isEqualTo(List.of("note"));
    assertThat(r).containsEntry("unsynced", 1L);
    assertThat(r.get("outcomes")).isEqualTo(List.of("pending", "accepted"));
  }

  @Test
  void withNoConnectionTheQueueStaysAndAnsweredItemsLeaveTheDeviceLater() {
    Map<String, Object> r = outbox("offlineKeepsTheQueueAndAnsweredItemsArePrunedLater");
    assertThat(r).containsEntry("offline", "offline").containsEntry("pendingAfterOffline", 3L);
    assertThat(r).containsEntry("left", 0L);
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
