package io.pawkeep.care;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The offline sync of care actions (DOM-6, AVAIL-3): idempotent per client id, judged item by item,
 * with the rules for late, early, conflicting and oversized entries.
 */
class CareSyncTests extends CareTestSupport {

  @Test
  void aReplayedBatchAnswersDuplicateWithTheFirstReceiptAndWritesNothing() {
    World w = world();
    String booking = walkersBooking(w);
    Instant at = now();
    List<Map<String, Object>> batch =
        List.of(
            item(booking, "check_in", at, Map.of()),
            item(booking, "walk", at.plusSeconds(60), walk(50)),
            item(booking, "feeding", at.plusSeconds(120), Map.of("food", "kibble")));
    List<JsonNode> first = outcomes(w.walker(), batch);
    assertThat(first).allMatch(o -> o.path("outcome").asString().equals("accepted"));

    List<JsonNode> replay = outcomes(w.walker(), batch);
    for (int k = 0; k < batch.size(); k++) {
      assertThat(replay.get(k).path("outcome").asString()).isEqualTo("duplicate");
      assertThat(replay.get(k).path("receivedAt")).isEqualTo(first.get(k).path("receivedAt"));
    }
    assertThat(careLog(w.walker(), booking).items()).hasSize(3);
  }

  @Test
  void racingReplaysStoreEachClientIdOnceAndAgreeOnTheAnswer() throws Exception {
    World w = world();
    String booking = walkersBooking(w);
    Instant at = now();
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int k = 0; k < 50; k++) {
      batch.add(item(booking, "note", at.plusSeconds(k), Map.of("text", "note " + k)));
    }
    // Four phones upload the same entries at once, two of them in the reverse order: without the
    // client-id locks taken in one order, their inserts wait on each other and deadlock.
    List<List<Map<String, Object>>> uploads =
        List.of(batch, batch.reversed(), batch, batch.reversed());
    CyclicBarrier start = new CyclicBarrier(uploads.size());
    long[] started = new long[uploads.size()];
    long[] ended = new long[uploads.size()];
    List<Future<ApiClient.Response>> posts = new ArrayList<>();
    ExecutorService phones = Executors.newFixedThreadPool(uploads.size());
    try {
      for (int t = 0; t < uploads.size(); t++) {
        int phone = t;
        posts.add(
            phones.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  started[phone] = System.nanoTime();
                  ApiClient.Response r = sync(w.walker(), uploads.get(phone));
                  ended[phone] = System.nanoTime();
                  return r;
                }));
      }
      Map<String, List<String>> outcomes = new HashMap<>();
      Map<String, Set<String>> receipts = new HashMap<>();
      for (Future<ApiClient.Response> post : posts) {
        ApiClient.Response r = post.get(60, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        for (JsonNode o : r.json().path("results")) {
          String id = o.path("clientId").asString();
          outcomes.computeIfAbsent(id, k -> new ArrayList<>()).add(o.path("outcome").asString());
          receipts.computeIfAbsent(id, k -> new HashSet<>()).add(o.path("receivedAt").asString());
        }
      }
      // The uploads did overlap: every one started before any had its answer.
      assertThat(Arrays.stream(started).max().orElseThrow())
          .isLessThan(Arrays.stream(ended).min().orElseThrow());
      assertThat(outcomes).hasSize(50);
      assertThat(outcomes.values())
          .allSatisfy(
              answers ->
                  assertThat(answers)
                      .containsExactlyInAnyOrder(
                          "accepted", "duplicate", "duplicate", "duplicate"));
      assertThat(receipts.values()).allSatisfy(times -> assertThat(times).hasSize(1));
    } finally {
      phones.shutdownNow();
    }
    assertThat(api.all("/api/v1/bookings/" + booking + "/care-actions", w.walker().accessToken()))
        .hasSize(50);
  }

  @Test
  void aCorrectionRacingAConflictingUploadOfItsTargetGetsTheConflictAnswersNever500()
      throws Exception {
    World w = world();
    String booking = walkersBooking(w);
    String other = assignedBooking(w, w.walkerId(), now().plus(Duration.ofMinutes(90)));
    Instant at = now();
    for (int round = 0; round < 20; round++) {
      // One phone sends an entry and its correction; another sends the same client id for
      // another booking at the same moment.
      String target = UUID.randomUUID().toString();
      Map<String, Object> fix = item(booking, "note", at.plusSeconds(5), Map.of("text", "fixed"));
      fix.put("supersedes", target);
      List<Map<String, Object>> corrected =
          List.of(item(target, booking, "note", at, Map.of("text", "typo")), fix);
      List<Map<String, Object>> conflicting =
          List.of(item(target, other, "note", now(), Map.of("text", "elsewhere")));
      CountDownLatch start = new CountDownLatch(1);
      CompletableFuture<ApiClient.Response> a = racing(start, () -> sync(w.walker(), corrected));
      CompletableFuture<ApiClient.Response> b = racing(start, () -> sync(w.walker(), conflicting));
      start.countDown();
      ApiClient.Response first = a.get();
      ApiClient.Response second = b.get();
      assertThat(first.status()).as(first.raw()).isEqualTo(200);
      assertThat(second.status()).as(second.raw()).isEqualTo(200);
      List<String> answers = new ArrayList<>();
      first.json().path("results").forEach(o -> answers.add(reason(o)));
      second.json().path("results").forEach(o -> answers.add(reason(o)));
      // Whichever stored the client id first, the other is told it conflicts.
      assertThat(answers)
          .isIn(
              List.of("accepted:", "accepted:", "rejected:conflict"),
              List.of("rejected:conflict", "rejected:invalid_supersedes", "accepted:"));
    }
  }

  private static CompletableFuture<ApiClient.Response> racing(
      CountDownLatch start, java.util.function.Supplier<ApiClient.Response> post) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return post.get();
        });
  }

  @Test
  void itemsOfBookingsTheAuthorIsNotAssignedToAreRejectedWhileTheRestIsAccepted() {
    World w = world();
    String mine = walkersBooking(w);
    String theirs = assignedBooking(w, w.otherWalkerId(), soon());
    User stranger = withSecondFactor("rival-owner");
    String rival = createBusiness(stranger, "Rival Paws");
    List<JsonNode> outcomes =
        outcomes(
            w.walker(),
            List.of(
                item(mine, "check_in", now(), Map.of()),
                item(theirs, "check_in", now(), Map.of()),
                item(UUID.randomUUID().toString(), "check_in", now(), Map.of()),
                item(mine, "check_out", now().plusSeconds(30), Map.of())));
    assertThat(outcomes.stream().map(CareTestSupport::reason))
        .containsExactly(
            "accepted:", "rejected:not_assigned", "rejected:unknown_booking", "accepted:");
    // Staff of another business cannot tell the booking from a missing one.
    assertThat(
            outcomes(
                    stranger,
                    List.of(
                        item(mine, "check_in", now(), Map.of()),
                        item(UUID.randomUUID().toString(), "check_in", now(), Map.of())))
                .stream()
                .map(CareTestSupport::reason))
        .containsExactly("rejected:unknown_booking", "rejected:unknown_booking");
    // ...and they are staff: the owner of a business of their own, who reads it.
    ApiClient.Response own = api.get("/api/v1/businesses/" + rival, stranger.accessToken());
    assertThat(own.status()).as(own.raw()).isEqualTo(200);
    assertThat(careLog(w.walker(), mine).items()).hasSize(2);
  }

  @Test
  void deviceTimesOutsideTheAssignmentWindowOrTooFarAheadOrTooOldAreRejected() {
    World w = world();
    String booking = walkersBooking(w); // starts in 1 min; the window opened 1 h 59 min ago
    Instant now = now();
    List<JsonNode> outcomes =
        outcomes(
            w.walker(),
            List.of(
                item(booking, "note", now.plus(Duration.ofMinutes(4)), Map.of("text", "ok")),
                item(booking, "note", now.plus(Duration.ofMinutes(6)), Map.of("text", "ahead")),
                item(booking, "note", now.minus(Duration.ofDays(8)), Map.of("text", "old")),
                item(booking, "note", now.minus(Duration.ofHours(2)), Map.of("text", "early"))));
    assertThat(outcomes.stream().map(CareTestSupport::reason))
        .containsExactly(
            "accepted:",
            "rejected:device_time_in_future",
            "rejected:too_old",
            "rejected:not_assigned");
  }

  @Test
  void lateEntriesAreAcceptedForSevenDaysWhenTheAuthorWasAssignedAtTheDeviceTime() {
    World w = world();
    String booking = walkersBooking(w);
    Instant during = soon().plus(Duration.ofMinutes(10));
    clock.advance(Duration.ofDays(3));
    User walker = again(w.walker());
    List<JsonNode> outcomes =
        outcomes(walker, List.of(item(booking, "note", during, Map.of("text", "late"))));
    assertThat(reason(outcomes.get(0))).isEqualTo("accepted:");
    JsonNode entry = careLog(walker, booking).items().get(0);
    assertThat(Instant.parse(entry.path("deviceTime").asString())).isEqualTo(during);
    assertThat(Instant.parse(entry.path("receivedAt").asString()))
        .isAfter(during.plus(Duration.ofDays(2)));
  }

  @Test
  void theSameClientIdWithDifferentContentIsAConflict() {
    World w = world();
    String booking = walkersBooking(w);
    String id = UUID.randomUUID().toString();
    Instant at = now();
    outcomes(w.walker(), List.of(item(id, booking, "note", at, Map.of("text", "first"))));
    List<JsonNode> outcomes =
        outcomes(
            w.walker(),
            List.of(
                item(id, booking, "note", at, Map.of("text", "first")),
                item(id, booking, "note", at.plusSeconds(1), Map.of("text", "first"))));
    assertThat(outcomes.stream().map(CareTestSupport::reason))
        .containsExactly("duplicate:", "rejected:conflict");
    assertThat(
            outcomes(w.walker(), List.of(item(id, booking, "note", at, Map.of("text", "changed"))))
                .stream()
                .map(CareTestSupport::reason))
        .containsExactly("rejected:conflict");
    String twice = UUID.randomUUID().toString();
    assertThat(
            outcomes(
                    w.walker(),
                    List.of(
                        item(twice, booking, "note", at, Map.of("text", "a")),
                        item(twice, booking, "note", at, Map.of("text", "b"))))
                .stream()
                .map(CareTestSupport::reason))
        .containsExactly("accepted:", "rejected:conflict");
    assertThat(careLog(w.walker(), booking).items()).hasSize(2);
  }

  /**
   * A client id another walker's entry already holds, in a booking this author cannot see: the
   * insert skips that row (the id is claimed), the author learns only "conflict", and the rest of
   * the batch is stored once (DOM-6). The batch's insert returns no rows, so this is the case in
   * which the written ids are read back.
   */
  @Test
  void aClientIdTakenByAnEntryTheAuthorCannotSeeIsAConflictWhileTheRestIsStored() {
    World w = world();
    String booking = walkersBooking(w);
    String colleagues = assignedBooking(w, w.otherWalkerId(), soon().plusSeconds(3600));
    String taken = UUID.randomUUID().toString();
    Instant at = now();
    assertThat(
            outcomes(
                    w.otherWalker(),
                    List.of(item(taken, colleagues, "note", at, Map.of("text", "theirs"))))
                .stream()
                .map(CareTestSupport::reason))
        .containsExactly("accepted:");
    List<JsonNode> outcomes =
        outcomes(
            w.walker(),
            List.of(
                item(taken, booking, "note", at, Map.of("text", "mine")),
                item(booking, "note", at, Map.of("text", "also mine"))));
    assertThat(outcomes.stream().map(CareTestSupport::reason))
        .containsExactly("rejected:conflict", "accepted:");
    assertThat(careLog(w.walker(), booking).items())
        .singleElement()
        .satisfies(
            e -> assertThat(e.path("payload").path("text").asString()).isEqualTo("also mine"));
    assertThat(careLog(w.otherWalker(), colleagues).items())
        .singleElement()
        .satisfies(e -> assertThat(e.path("payload").path("text").asString()).isEqualTo("theirs"));
  }

  @Test
  void correctionsSupersedeAnEntryOfTheSameBookingOnly() {
    World w = world();
    String booking = walkersBooking(w);
    String other = assignedBooking(w, w.walkerId(), now().plus(Duration.ofMinutes(90)));
    Instant at = now();
    String original = UUID.randomUUID().toString();
    Map<String, Object> fix = item(booking, "note", at.plusSeconds(5), Map.of("text", "fixed"));
    fix.put("supersedes", original);
    Map<String, Object> stray = item(other, "note", now(), Map.of("text", "stray"));
    stray.put("supersedes", original);
    List<JsonNode> outcomes =
        outcomes(
            w.walker(),
            List.of(item(original, booking, "note", at, Map.of("text", "typo")), fix, stray));
    assertThat(outcomes.stream().map(CareTestSupport::reason))
        .containsExactly("accepted:", "accepted:", "rejected:invalid_supersedes");
    JsonNode log = careLog(w.walker(), booking).items();
    assertThat(log.get(1).path("supersedes").asString()).isEqualTo(original);
  }

  @Test
  void invalidPayloadsAreRejectedOneByOne() {
    World w = world();
    String booking = walkersBooking(w);
    Instant at = now();
    List<JsonNode> outcomes =
        outcomes(
            w.walker(),
            List.of(
                item(booking, "walk", at, walk(2001)),
                item(booking, "walk", at, Map.of("durationMinutes", -3)),
                item(booking, "dance", at, Map.of()),
                item(booking, "note", at, Map.of("text", "x", "admin", true)),
                item(booking, "note", at, Map.of("text", "x".repeat(2001))),
                item(booking, "walk", at, walk(2000))));
    assertThat(outcomes.stream().map(CareTestSupport::reason))
        .containsExactly(
            "rejected:invalid_payload",
            "rejected:invalid_payload",
            "rejected:invalid_payload",
            "rejected:invalid_payload",
            "rejected:invalid_payload",
            "accepted:");
  }

  @Test
  void aFullBatchIsAcceptedButALargerOneIsRefusedWith413() {
    World w = world();
    String booking = walkersBooking(w);
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int k = 0; k < 500; k++) {
      batch.add(item(booking, "note", now().plusMillis(k), Map.of("text", "note " + k)));
    }
    // Far beyond the global 64 KiB limit, within this endpoint's 2 MiB.
    assertThat(outcomes(w.walker(), batch))
        .allMatch(o -> o.path("outcome").asString().equals("accepted"));
    batch.add(item(booking, "note", now(), Map.of("text", "one too many")));
    ApiClient.Response tooMany = sync(w.walker(), batch);
    assertThat(tooMany.status()).isEqualTo(413);
    assertThat(tooMany.text("type")).isEqualTo("urn:pawkeep:problem:payload-too-large");
    ApiClient.Response tooBig =
        api.post(SYNC, "{\"items\":[\"" + "x".repeat(3 * 1024 * 1024) + "\"]}", null);
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(api.all("/api/v1/bookings/" + booking + "/care-actions", w.walker().accessToken()))
        .hasSize(500);
  }

  @Test
  void malformedBatchesAre400ProblemsNever500() {
    World w = world();
    String booking = walkersBooking(w);
    String token = w.walker().accessToken();
    for (String body :
        List.of(
            "{\"items\": [",
            "not json",
            "{}",
            "{\"items\": [{\"clientId\": \"nope\", \"bookingId\": \"" + booking + "\"}]}",
            "{\"items\": [{\"clientId\": \""
                + UUID.randomUUID()
                + "\", \"bookingId\": \"12\", \"kind\": \"note\"}]}",
            "{\"items\": [{\"clientId\": \""
                + UUID.randomUUID()
                + "\", \"deviceTime\": \"yesterday\"}]}",
            "{\"items\": [null]}")) {
      ApiClient.Response r = api.post(SYNC, body, token);
      assertThat(r.status()).as(body + " -> " + r.raw()).isEqualTo(400);
      assertThat(r.header("Content-Type")).contains("application/problem+json");
    }
  }

  @Test
  void tracksAreDroppedWhenTheBusinessDoesNotRecordThem() {
    World w = world();
    String booking = walkersBooking(w);
    ApiClient.Response changed =
        api.send(
            "PUT",
            "/api/v1/businesses/" + w.business() + "/care-settings",
            Map.of("recordTracks", false, "clientsSeeTracks", false),
            w.owner().accessToken(),
            Map.of());
    assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
    Map<String, Object> walk = item(booking, "walk", now(), walk(10));
    assertThat(reason(outcomes(w.walker(), List.of(walk)).get(0))).isEqualTo("accepted:");
    assertThat(reason(outcomes(w.walker(), List.of(walk)).get(0))).isEqualTo("duplicate:");
    JsonNode stored = careLog(w.walker(), booking).items().get(0).path("payload");
    assertThat(stored.has("track")).isFalse();
    assertThat(stored.path("durationMinutes").asInt()).isEqualTo(45);
  }

  @Test
  void eachBatchIsAuditedInTheBusinessChainWithCountsOnly() {
    World w = world();
    String booking = walkersBooking(w);
    outcomes(
        w.walker(),
        List.of(
            item(booking, "note", now(), Map.of("text", "secret-ish detail")),
            item(booking, "note", inHours(-200), Map.of("text", "old"))));
    ApiClient.Response trail =
        api.get("/api/v1/businesses/" + w.business() + "/audit", w.owner().accessToken());
    assertThat(trail.status()).as(trail.raw()).isEqualTo(200);
    assertThat(trail.raw()).contains("care.synced").doesNotContain("secret-ish");
    JsonNode synced = null;
    for (JsonNode e : trail.items()) {
      if (e.path("action").asString().equals("care.synced")) {
        synced = e;
        break;
      }
    }
    assertThat(synced).isNotNull();
    assertThat(synced.path("detail").asString())
        .contains("\"accepted\": 1")
        .contains("\"rejected\": 1");
  }
}
