package io.pawkeep.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pawkeep.bookings.BookingTestSupport;
import io.pawkeep.testing.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * AVAIL-2: the database server is killed (SIGKILL, no shutdown) while clients write bookings and
 * care actions through the API; after it comes back on the same files, every write that was
 * answered 2xx is there, and Pawkeep serves again without a restart of its own. This class runs its
 * own server in its own folder, so the other test classes never see the crash.
 */
@DirtiesContext
class EmbeddedDatabaseCrashTests extends BookingTestSupport {

  private static final Path PG_DIR = Path.of("target/crash-db-" + UUID.randomUUID());
  private static final int CLIENTS = 8;
  private static final int WRITES_BEFORE_CRASH = 80;
  private static final Duration RECOVERY = Duration.ofSeconds(10);

  @Autowired OwnerDatabase owner;

  @DynamicPropertySource
  static void ownServer(DynamicPropertyRegistry registry) {
    registry.add("pawkeep.database.embedded-dir", PG_DIR::toString);
    registry.add("pawkeep.database.clean-embedded", () -> "false");
  }

  @AfterAll
  static void removeServer() throws Exception {
    EmbeddedDatabase.stop(PG_DIR);
    FileSystemUtils.deleteRecursively(PG_DIR);
  }

  @Test
  void noWriteAnsweredTwoHundredIsLostWhenTheDatabaseIsKilledAndPawkeepServesAgain()
      throws Exception {
    World w = world();
    Instant soon =
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(60);
    String booking = assignedBooking(w, w.walkerId(), soon);
    Set<String> bookings = ConcurrentHashMap.newKeySet();
    Set<String> careActions = ConcurrentHashMap.newKeySet();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong lastAcknowledgedAt = new AtomicLong();
    AtomicBoolean writing = new AtomicBoolean(true);

    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      boolean books = c % 2 == 0;
      clients.submit(
          () -> {
            ApiClient client = new ApiClient(port);
            while (writing.get()) {
              String id = books ? requestBooking(client, w) : recordCareAction(client, w, booking);
              if (id != null) {
                (books ? bookings : careActions).add(id);
                acknowledged.incrementAndGet();
                lastAcknowledgedAt.set(System.nanoTime());
              }
            }
          });
    }
    awaitAtLeast(acknowledged, WRITES_BEFORE_CRASH);

    killServer();
    long acknowledgedAtCrash = acknowledged.get();
    EmbeddedDatabase.restart(PG_DIR);
    long back = System.nanoTime();
    await("a write acknowledged after the database came back")
        .atMost(RECOVERY.plusSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> lastAcknowledgedAt.get() >= back);
    long servedAgainMillis = (lastAcknowledgedAt.get() - back) / 1_000_000;
    awaitAtLeast(acknowledged, acknowledged.get() + 2 * CLIENTS);
    writing.set(false);
    clients.shutdown();
    assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    System.out.printf(
        "crash test: %d writes acknowledged before the kill, %d in all; served again %d ms after"
            + " the database came back%n",
        acknowledgedAtCrash, acknowledged.get(), servedAgainMillis);
    assertThat(servedAgainMillis).isBetween(0L, RECOVERY.toMillis());
    assertThat(stored("select id::text from bookings where business_id = ?::uuid", w.business()))
        .containsAll(bookings);
    assertThat(
            stored("select client_id::text from care_actions where booking_id = ?::uuid", booking))
        .containsAll(careActions);
  }

  /** SIGKILL to the postmaster and every process it started: no shutdown, no final flush. */
  private static void killServer() throws Exception {
    long pid = Long.parseLong(Files.readAllLines(PG_DIR.resolve("postmaster.pid")).get(0).trim());
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    List<ProcessHandle> server =
        Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
    server.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle process : server) {
      process.onExit().get(10, TimeUnit.SECONDS);
    }
  }

  /** The id of the booking if the answer was 2xx, else null. */
  private String requestBooking(ApiClient client, World w) {
    ApiClient.Response r =
        client.post(
            "/api/v1/bookings",
            Map.of(
                "householdId", w.household(),
                "businessId", w.business(),
                "serviceId", w.service(),
                "petIds", List.of(w.pet()),
                "startsAt", inHours(48).toString()),
            w.family().accessToken());
    return r.status() / 100 == 2 ? r.text("id") : null;
  }

  /** The client id of the care action if the answer was 2xx and accepted it, else null. */
  private String recordCareAction(ApiClient client, World w, String booking) {
    String clientId = UUID.randomUUID().toString();
    Map<String, Object> item =
        Map.of(
            "clientId",
            clientId,
            "bookingId",
            booking,
            "kind",
            "note",
            "deviceTime",
            clock.instant().toString(),
            "payload",
            Map.of("text", "all well"));
    ApiClient.Response r =
        client.post(
            "/api/v1/sync/care-actions", Map.of("items", List.of(item)), w.walker().accessToken());
    boolean accepted =
        r.status() / 100 == 2
            && r.json().path("results").path(0).path("outcome").asString("").equals("accepted");
    return accepted ? clientId : null;
  }

  private Set<String> stored(String sql, String id) {
    return new HashSet<>(owner.jdbc().sql(sql).param(id).query(String.class).list());
  }

  private static void awaitAtLeast(AtomicLong count, long target) {
    await(target + " writes acknowledged")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(count::get, n -> n >= target);
  }
}
