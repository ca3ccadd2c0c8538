package io.pawkeep.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pawkeep.security.SelfSignedCertificate;
import io.pawkeep.testing.ApiClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.FileSystemUtils;

/**
 * AVAIL-4: two Pawkeep processes on one PostgreSQL behind HAProxy running the shipped {@code
 * deploy/haproxy.cfg}. Everything starts once for all cases: a PostgreSQL server in this JVM (it
 * outlives a node), set up as an external database is (owner and application roles with passwords),
 * two nodes as child JVMs sharing one data folder and the same keys, and HAProxy over TLS in front.
 * The cases run in order; the last kills node 2. Logs: {@code target/several-nodes/<run>/}.
 *
 * <p>Node 1 alone rotates keys (data keys and the access-token signing key); node 2 honours what
 * node 1 rotated without a restart.
 */
@ExtendWith(HaproxyCondition.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralNodesTests {

  private static final Path FOLDER = Path.of("target/several-nodes");
  private static final Duration START = Duration.ofSeconds(180);

  // Limits as both nodes are configured (see nodeArguments).
  private static final int API_CAPACITY = 200;
  private static final Duration API_PERIOD = Duration.ofHours(1);
  private static final int SIGN_IN_CAPACITY = 6;

  // Jobs both nodes schedule every 2 s, each with its lock's lockAtLeastFor: runs at least that
  // far apart, on one node at a time, are what ShedLock promises.
  private static final Map<String, Duration> JOBS =
      Map.of(
          "audit-checkpoints", Duration.ofMinutes(1),
          "audit-retention", Duration.ofMinutes(1),
          "retention-purge", Duration.ofMinutes(5),
          "household-purge", Duration.ofMinutes(5),
          "account-purge", Duration.ofMinutes(5));

  private static final Pattern TIMESTAMP = Pattern.compile("\"@timestamp\":\"([^\"]+)\"");
  // HAProxy's httplog: "... <termination state> actconn/feconn/beconn/srv_conn/retries ...".
  private static final Pattern RETRIES =
      Pattern.compile("\\s\\S{4}\\s\\d+/\\d+/\\d+/\\d+/\\+?(\\d+)\\s");

  private static Path run;
  private static Path pgDir;
  private static Path dataDir;
  private static JdbcClient owner;
  private static PawkeepNode node1;
  private static PawkeepNode node2;
  private static Haproxy haproxy;
  private static NodeClient one;
  private static NodeClient two;
  private static NodeClient balancer;

  @BeforeAll
  static void startEverything() throws Exception {
    if (Haproxy.current() instanceof Haproxy.Decision.Fail fail) {
      throw new AssertionError(fail.reason());
    }
    // Only the last run's logs are kept.
    FileSystemUtils.deleteRecursively(FOLDER.toFile());
    run = FOLDER.resolve(UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
    pgDir = run.resolve("pg");
    dataDir = run.resolve("data");
    Files.createDirectories(dataDir);
    // The database as an operator would run it: its own folder and passwords, apart from Pawkeep's.
    DatabaseLogins logins =
        EmbeddedDatabase.start(
            run.resolve("database"),
            pgDir,
            true,
            DatabaseProperties.OWNER_ROLE,
            DatabaseProperties.APP_ROLE);
    owner =
        JdbcClient.create(
            new SimpleDriverDataSource(
                new org.postgresql.Driver(),
                logins.url(),
                logins.ownerUsername(),
                logins.ownerPassword()));

    Map<String, String> environment = nodeEnvironment(logins);
    int port1 = PawkeepNode.freePort();
    int port2 = PawkeepNode.freePort();
    List<String> jvm = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    node1 =
        PawkeepNode.start(
            "node-1",
            port1,
            run,
            environment,
            nodeArguments(
                // Node 1 alone checks key ages, every second, and finds a key due after 2 s: the
                // data-key case makes it rotate (see aDataKeyRotatedOnOneNodeIsHonouredByTheOther).
                "--pawkeep.crypto.rotation-check-interval=PT1S",
                "--pawkeep.crypto.data-key-max-age=PT2S",
                // Likewise for the access-token signing key (see
                // aSigningKeyRotatedOnOneNodeIsHonouredByTheOther).
                "--pawkeep.jwt.rotation-check-interval=PT1S",
                "--pawkeep.jwt.key-max-age=PT2S"),
            jvm);
    node2 = PawkeepNode.start("node-2", port2, run, environment, nodeArguments(), jvm);
    // While the nodes start: the balancer's certificate.
    SelfSignedCertificate certificate = SelfSignedCertificate.create(run);
    Path pem = run.resolve("haproxy.pem");
    Files.writeString(
        pem,
        Files.readString(certificate.certificate()) + Files.readString(certificate.privateKey()));
    node1.awaitHealthy(START);
    node2.awaitHealthy(START);

    int tlsPort = PawkeepNode.freePort();
    String configuration =
        Haproxy.configuration(
            Files.readString(Haproxy.SHIPPED), tlsPort, PawkeepNode.freePort(), pem, port1, port2);
    haproxy = Haproxy.start(configuration, run, tlsPort);
    SSLContext trust = certificate.trustingClient();
    one = NodeClient.to(node1);
    two = NodeClient.to(node2);
    balancer = NodeClient.through(haproxy, trust);
  }

  /** What every node is given, as production gives it: the database and the same keys. */
  private static Map<String, String> nodeEnvironment(DatabaseLogins logins) {
    Map<String, String> environment = new HashMap<>();
    environment.put("PAWKEEP_DATA_DIR", dataDir.toString());
    environment.put("PAWKEEP_DATABASE_URL", logins.url());
    environment.put("PAWKEEP_DATABASE_USERNAME", logins.username());
    environment.put("PAWKEEP_DATABASE_PASSWORD", logins.password());
    environment.put("PAWKEEP_DATABASE_OWNER_USERNAME", logins.ownerUsername());
    environment.put("PAWKEEP_DATABASE_OWNER_PASSWORD", logins.ownerPassword());
    environment.put("PAWKEEP_CRYPTO_MASTER_KEY", randomKey());
    environment.put("PAWKEEP_AUDIT_CHECKPOINT_KEY", randomKey());
    environment.put("PAWKEEP_BACKUP_KEY", randomKey());
    environment.put("PAWKEEP_ACCOUNTS_RECOVERY_CODE_KEY", randomKey());
    environment.put("PAWKEEP_JWT_KEYS_NODES", randomKey());
    environment.put("PAWKEEP_JWT_ACTIVE_KEY_ID", "nodes");
    // HAProxy connects from the loopback address: its forwarded headers are believed.
    environment.put("PAWKEEP_TRUSTED_PROXIES", "127.0.0.1/32");
    return environment;
  }

  private static List<String> nodeArguments(String... more) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--pawkeep.rate-limits.api-per-user.capacity=" + API_CAPACITY,
                "--pawkeep.rate-limits.api-per-user.period=" + API_PERIOD,
                "--pawkeep.rate-limits.login-per-account.capacity=" + SIGN_IN_CAPACITY,
                "--pawkeep.rate-limits.login-per-account.period=PT10M",
                "--pawkeep.rate-limits.login-per-address.capacity=100000",
                "--pawkeep.rate-limits.login-per-address.period=PT1M",
                "--pawkeep.rate-limits.registration-per-address.capacity=100000",
                "--pawkeep.rate-limits.registration-per-address.period=PT1M",
                "--pawkeep.audit.checkpoint-interval=PT2S",
                "--pawkeep.retention.purge-interval=PT2S",
                "--pawkeep.privacy.purge-interval=PT2S",
                "--pawkeep.backup.schedule=-",
                "--logging.level.net.javacrumbs.shedlock.core=DEBUG"));
    arguments.addAll(List.of(more));
    return arguments;
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @AfterAll
  static void stopEverything() {
    for (PawkeepNode node : new PawkeepNode[] {node1, node2}) {
      if (node != null) {
        node.kill();
      }
    }
    if (haproxy != null) {
      haproxy.stop();
    }
    if (pgDir != null) {
      EmbeddedDatabase.stop(pgDir);
      // The logs stay for whoever reads a failure; the database and the keys go.
      FileSystemUtils.deleteRecursively(pgDir.toFile());
      FileSystemUtils.deleteRecursively(dataDir.toFile());
      FileSystemUtils.deleteRecursively(run.resolve("database").toFile());
      for (String key : List.of("private-key.pem", "haproxy.pem")) {
        run.resolve(key).toFile().delete();
      }
    }
  }

  private static Path mail() {
    return dataDir.resolve("mail");
  }

  @Test
  @Order(1)
  void signingOutEverywhereOnOneNodeRefusesTheTokenOnTheOther() {
    NodeClient.User person = one.signUp("everywhere", mail());
    NodeClient.expect(one.get("/api/v1/me", person.accessToken()), 200);

    NodeClient.expect(
        two.send("DELETE", "/api/v1/me/sessions", null, person.accessToken(), Map.of()), 204);

    assertThat(one.get("/api/v1/me", person.accessToken()).status()).isEqualTo(401);
    assertThat(
            one.post("/api/v1/auth/refresh", Map.of("refresh_token", person.refreshToken()), null)
                .status())
        .isEqualTo(401);
  }

  @Test
  @Order(2)
  void anApiLimitHoldsAcrossBothNodes() throws Exception {
    NodeClient.User person = one.signUp("limited", mail());
    Map<String, AtomicInteger> accepted =
        Map.of("node-1", new AtomicInteger(), "node-2", new AtomicInteger());
    Map<String, AtomicInteger> refused =
        Map.of("node-1", new AtomicInteger(), "node-2", new AtomicInteger());
    List<String> other = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    // Both nodes at once, each sent more than the whole capacity.
    ExecutorService callers = Executors.newFixedThreadPool(2);
    for (NodeClient node : List.of(one, two)) {
      callers.submit(
          () -> {
            for (int i = 0; i < API_CAPACITY + 20; i++) {
              ApiClient.Response r = node.get("/api/v1/me", person.accessToken());
              switch (r.status()) {
                case 200 -> accepted.get(node.name()).incrementAndGet();
                case 429 -> refused.get(node.name()).incrementAndGet();
                default -> other.add(r.status() + " " + r.raw());
              }
            }
          });
    }
    callers.shutdown();
    assertThat(callers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
    double elapsedSeconds = (System.nanoTime() - start) / 1e9;
    long refill = (long) Math.ceil(elapsedSeconds * API_CAPACITY / API_PERIOD.toSeconds());
    int total = accepted.get("node-1").get() + accepted.get("node-2").get();

    System.out.printf(
        "API limit across nodes: accepted %s, refused %s in %.1f s (capacity %d, refill %d)%n",
        accepted, refused, elapsedSeconds, API_CAPACITY, refill);
    // Counted per node, each node would accept a whole capacity: about twice as many.
    assertThat(other).isEmpty();
    assertThat(total).isLessThanOrEqualTo(API_CAPACITY + (int) refill);
    assertThat(accepted.values()).allSatisfy(n -> assertThat(n.get()).isPositive());
    assertThat(refused.values()).allSatisfy(n -> assertThat(n.get()).isPositive());
  }

  @Test
  @Order(3)
  void aSignInLimitHoldsExactlyAcrossBothNodes() {
    String email = one.register("guessed", mail());
    List<Integer> answers = new ArrayList<>();
    for (int i = 0; i < 2 * SIGN_IN_CAPACITY; i++) {
      NodeClient node = i % 2 == 0 ? one : two;
      answers.add(
          node.post(
                  "/api/v1/auth/login",
                  Map.of("email", email, "password", "wrong-guess-number-" + i),
                  null)
              .status());
    }
    // One statement per attempt on the shared bucket: exactly the capacity gets through (its
    // refill, one attempt a minute and more, cannot add one in the few seconds this takes).
    assertThat(answers.subList(0, SIGN_IN_CAPACITY)).containsOnly(401);
    assertThat(answers.subList(SIGN_IN_CAPACITY, answers.size())).containsOnly(429);
    assertThat(
            two.post(
                    "/api/v1/auth/login",
                    Map.of("email", email, "password", NodeClient.PASSWORD),
                    null)
                .status())
        .isEqualTo(429);
  }

  @Test
  @Order(4)
  void aDataKeyRotatedOnOneNodeIsHonouredByTheOther() {
    NodeClient.User person = one.signUp("rotating", mail());
    ApiClient.Response created =
        one.post("/api/v1/households", Map.of("name", "Rotating home"), person.accessToken());
    NodeClient.expect(created, 201);
    UUID household = UUID.fromString(created.text("id"));
    writeAlarm(one, person, household, "1111-before");
    assertThat(revealAlarm(two, person, household)).isEqualTo("1111-before");
    int before = alarmKeyId(household);

    // Node 1 alone checks key ages (every second; due after 2 s). Its check holds the rotation's
    // lock for a minute at least, so the test frees the lock until node 1's next check has given
    // the household a new key and re-encrypted its alarm code under it.
    await("node 1 rotates the household's data key")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (alarmKeyId(household) != before) {
                return true;
              }
              owner
                  .sql("update shedlock set lock_until = now() where name = 'key-rotation'")
                  .update();
              return false;
            });
    int after = alarmKeyId(household);
    // The run logs its report after it has committed the new key and re-encrypted under it.
    await("node 1 reports its rotation run")
        .atMost(Duration.ofSeconds(30))
        .until(() -> node1.logLines().stream().anyMatch(line -> line.contains("Key rotation run")));
    assertThat(node2.logLines()).noneMatch(line -> line.contains("Key rotation run"));

    // Node 2 opens what node 1 re-encrypted, and writes with the new key; and the reverse.
    assertThat(revealAlarm(two, person, household)).isEqualTo("1111-before");
    writeAlarm(two, person, household, "2222-node-two");
    assertThat(alarmKeyId(household)).isEqualTo(after);
    assertThat(revealAlarm(one, person, household)).isEqualTo("2222-node-two");
    writeAlarm(one, person, household, "3333-node-one");
    assertThat(alarmKeyId(household)).isEqualTo(after);
    assertThat(revealAlarm(two, person, household)).isEqualTo("3333-node-one");
  }

  @Test
  @Order(5)
  void aSigningKeyRotatedOnOneNodeIsHonouredByTheOther() {
    NodeClient.User person = two.signUp("signing", mail());
    String before = activeSigningKey();

    // Node 1 alone checks the signing key's age (every second; due after 2 s); the test frees the
    // rotation's lock until node 1 has retired the key in use and made a new one.
    await("node 1 rotates the signing key")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (!activeSigningKey().equals(before)) {
                return true;
              }
              owner
                  .sql("update shedlock set lock_until = now() where name = 'signing-key-rotation'")
                  .update();
              return false;
            });
    String after = activeSigningKey();

    // The rotating node signs with the new key at once; the other node has never loaded it, and
    // accepts the token on its first request (it reloads the keys for an unknown key id).
    ApiClient.Response refreshed =
        one.post("/api/v1/auth/refresh", Map.of("refresh_token", person.refreshToken()), null);
    NodeClient.expect(refreshed, 200);
    String token = refreshed.text("access_token");
    assertThat(keyId(token)).isEqualTo(after);
    NodeClient.expect(two.get("/api/v1/me", token), 200);
    // A token signed before the rotation still verifies on both nodes until its retired key's time.
    NodeClient.expect(one.get("/api/v1/me", person.accessToken()), 200);
    assertThat(node2.logLines()).noneMatch(line -> line.contains("Rotated the access-token"));
  }

  private static String activeSigningKey() {
    return owner
        .sql("select key_id from signing_keys where retired_at is null")
        .query(String.class)
        .single();
  }

  private static String keyId(String token) {
    String header =
        new String(
            Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
            StandardCharsets.UTF_8);
    Matcher kid = Pattern.compile("\"kid\"\\s*:\\s*\"([^\"]+)\"").matcher(header);
    assertThat(kid.find()).as("the token names its key: %s", header).isTrue();
    return kid.group(1);
  }

  private static void writeAlarm(
      NodeClient node, NodeClient.User person, UUID household, String code) {
    NodeClient.expect(
        node.send(
            "PUT",
            "/api/v1/households/" + household + "/access-secrets",
            Map.of("alarmCode", code),
            person.accessToken(),
            Map.of()),
        204);
  }

  private static String revealAlarm(NodeClient node, NodeClient.User person, UUID household) {
    ApiClient.Response r =
        node.post(
            "/api/v1/households/" + household + "/access-secrets/reveal",
            Map.of("fields", List.of("alarmCode")),
            person.accessToken());
    NodeClient.expect(r, 200);
    return r.text("alarmCode");
  }

  /** The id of the data key that sealed the stored alarm code (Tink's prefix: version, key id). */
  private static int alarmKeyId(UUID household) {
    byte[] sealed =
        owner
            .sql("select alarm_code from access_secrets where household_id = ?")
            .param(household)
            .query(byte[].class)
            .single();
    return ByteBuffer.wrap(sealed, 1, 4).getInt();
  }

  @Test
  @Order(6)
  void scheduledJobsRunOnOneNodeAtATime() {
    Map<String, List<String>> logs = Map.of("node-1", node1.logLines(), "node-2", node2.logLines());
    for (var job : JOBS.entrySet()) {
      List<Instant> runs = new ArrayList<>();
      Set<String> attempted = new java.util.TreeSet<>();
      logs.forEach(
          (node, lines) -> {
            for (String line : lines) {
              if (line.contains("Locked '" + job.getKey() + "'")) {
                runs.add(timestamp(line));
                attempted.add(node);
              } else if (line.contains("Not executing '" + job.getKey() + "'")) {
                attempted.add(node);
              }
            }
          });
      Collections.sort(runs);
      System.out.printf("%s: runs at %s, tried by %s%n", job.getKey(), runs, attempted);
      // Both nodes tried (every 2 s), yet the runs are a lock's lockAtLeastFor apart at least.
      assertThat(attempted).as(job.getKey()).containsExactly("node-1", "node-2");
      assertThat(runs).as(job.getKey()).isNotEmpty();
      assertApart(runs, job.getValue(), job.getKey());
    }
    List<Instant> checkpoints =
        owner
            .sql("select created_at from audit_checkpoints order by created_at")
            .query((rs, n) -> rs.getTimestamp(1).toInstant())
            .list();
    assertApart(checkpoints, JOBS.get("audit-checkpoints"), "audit checkpoints written");
  }

  private static void assertApart(List<Instant> times, Duration gap, String what) {
    for (int i = 1; i < times.size(); i++) {
      // The lock runs on the database's clock, the times here on the nodes': a second of slack.
      assertThat(Duration.between(times.get(i - 1), times.get(i)))
          .as(what + " " + times)
          .isGreaterThanOrEqualTo(gap.minusSeconds(1));
    }
  }

  private static Instant timestamp(String line) {
    Matcher m = TIMESTAMP.matcher(line);
    if (!m.find()) {
      throw new AssertionError("a log line without time: " + line);
    }
    return Instant.parse(m.group(1));
  }

  @Test
  @Order(7)
  void killingANodeUnderLoadLosesNoRetriedRequestAndNoAcknowledgedWrite() throws Exception {
    // Through the balancer Pawkeep knows the client came over TLS (HSTS; directly, it does not)
    // and from where: HAProxy appends its peer to what the client sent, and Pawkeep reads the
    // rightmost address that is not a trusted proxy.
    String email = balancer.register("balanced", mail());
    ApiClient.Response signedIn =
        balancer.send(
            "POST",
            "/api/v1/auth/login",
            Map.of("email", email, "password", NodeClient.PASSWORD),
            null,
            Map.of("X-Forwarded-For", "203.0.113.50"));
    NodeClient.expect(signedIn, 200);
    NodeClient.User probe =
        new NodeClient.User(email, signedIn.text("access_token"), signedIn.text("refresh_token"));
    assertThat(
            balancer
                .get("/api/v1/me/sessions", probe.accessToken())
                .items()
                .path(0)
                .path("ipAddress")
                .asString())
        .isEqualTo("203.0.113.50");
    assertThat(balancer.get("/api/v1/me", probe.accessToken()).header("Strict-Transport-Security"))
        .isNotNull();
    assertThat(one.get("/api/v1/me", probe.accessToken()).header("Strict-Transport-Security"))
        .isNull();

    int clients = 4;
    int operations = 120; // per client, half reads and half writes: within the API limit
    List<NodeClient.User> people = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      people.add(balancer.signUp("load-" + c, mail()));
    }
    List<String> unanswered = Collections.synchronizedList(new ArrayList<>());
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger done = new AtomicInteger();
    AtomicLong acknowledgedAfterKill = new AtomicLong();
    AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
    ExecutorService load = Executors.newFixedThreadPool(clients);
    for (NodeClient.User person : people) {
      load.submit(
          () -> {
            for (int i = 0; i < operations; i++) {
              if (i % 2 == 0) {
                read(person, unanswered);
              } else if (write(person, i, acknowledged) && System.nanoTime() > killedAt.get()) {
                acknowledgedAfterKill.incrementAndGet();
              }
              done.incrementAndGet();
            }
          });
    }
    await("a quarter of the load done")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> done.get() >= clients * operations / 4);
    killedAt.set(System.nanoTime());
    node2.kill();
    int doneAtKill = done.get();
    load.shutdown();
    assertThat(load.awaitTermination(120, TimeUnit.SECONDS)).isTrue();

    List<String> stored =
        owner
            .sql("select id::text from households where id = any(?::uuid[])")
            .param(acknowledged.toArray(String[]::new))
            .query(String.class)
            .list();
    List<String> balancerLog = haproxy.logLines();
    long toNode2 = balancerLog.stream().filter(l -> l.contains("pawkeep/pawkeep-2")).count();
    long retried = balancerLog.stream().filter(SeveralNodesTests::retried).count();
    System.out.printf(
        "node 2 killed after %d of %d operations; %d writes acknowledged (%d after the kill);"
            + " %d requests served by node 2, %d retried by HAProxy; unanswered reads: %s%n",
        doneAtKill,
        clients * operations,
        acknowledged.size(),
        acknowledgedAfterKill.get(),
        toNode2,
        retried,
        unanswered);

    assertThat(node2.alive()).isFalse();
    assertThat(unanswered).as("reads that got no answer").isEmpty();
    assertThat(stored)
        .as("acknowledged writes in the database")
        .containsExactlyInAnyOrderElementsOf(acknowledged);
    assertThat(acknowledgedAfterKill.get()).as("writes acknowledged after the kill").isPositive();
    assertThat(toNode2).as("requests node 2 answered before it died").isPositive();
    assertThat(retried).as("requests HAProxy sent again").isPositive();
  }

  private static void read(NodeClient.User person, List<String> unanswered) {
    try {
      ApiClient.Response r = balancer.get("/api/v1/me", person.accessToken());
      if (r.status() != 200) {
        unanswered.add(r.status() + " " + r.raw());
      }
    } catch (RuntimeException e) {
      unanswered.add(String.valueOf(e));
    }
  }

  /** Whether the write was acknowledged (201): then its household is recorded. */
  private static boolean write(NodeClient.User person, int i, Set<String> acknowledged) {
    try {
      ApiClient.Response r =
          balancer.post("/api/v1/households", Map.of("name", "Load " + i), person.accessToken());
      if (r.status() == 201) {
        acknowledged.add(r.text("id"));
        return true;
      }
    } catch (RuntimeException unanswered) {
      // Not acknowledged: the client does not know whether it was done, and nothing is asserted.
    }
    return false;
  }

  private static boolean retried(String line) {
    Matcher m = RETRIES.matcher(line);
    return m.find() && Integer.parseInt(m.group(1)) > 0;
  }
}
