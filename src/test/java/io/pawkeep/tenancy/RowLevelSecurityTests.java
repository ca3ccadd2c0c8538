package io.pawkeep.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Row-level security: the catalogue, the application role, and identity on pooled connections. */
class RowLevelSecurityTests extends ApiTestSupport {

  /** Global tables that hold no tenant or personal data. Keep this list short. */
  static final Set<String> GLOBAL_TABLES =
      Set.of("flyway_schema_history", "platform_admins", "rate_limit_buckets");

  /**
   * Reference data every caller reads ({@code using (true)}): the permission catalogue, the role
   * templates, the booking state machine and the settings copied from configuration. They hold no
   * tenant or personal data (the test checks they have no uuid column). Keep this list short.
   */
  static final Set<String> PUBLIC_REFERENCE_TABLES =
      Set.of(
          "business_permissions",
          "business_roles",
          "business_role_permissions",
          "booking_transitions",
          "booking_settings",
          "invoice_transitions",
          "clinical_settings");

  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;
  @Autowired JwtDecoder decoder;
  @Autowired OwnerDatabase schemaOwner;

  @Test
  void everyTableHasRowLevelSecurityEnabledAndForcedExceptTheGlobalAllowlist() {
    List<String> unprotected =
        jdbc.sql(
                """
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'public' and c.relkind in ('r', 'p')
                   and not (c.relrowsecurity and c.relforcerowsecurity)
                """)
            .query(String.class)
            .list();
    assertThat(unprotected).allMatch(GLOBAL_TABLES::contains);
    assertThat(
            jdbc.sql("select count(*) from pg_policies where schemaname = 'public'")
                .query(Long.class)
                .single())
        .isPositive();
  }

  @Test
  void applicationRoleOwnsNothingAndCannotBypassRowLevelSecurity() {
    assertThat(jdbc.sql("select current_user").query(String.class).single())
        .isEqualTo("pawkeep_app");
    assertThat(
            jdbc.sql("select rolsuper or rolbypassrls from pg_roles where rolname = current_user")
                .query(Boolean.class)
                .single())
        .isFalse();
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                     where n.nspname = 'public' and pg_get_userbyid(c.relowner) = current_user
                    """)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void applicationRoleCannotCreateTemporaryTablesThatShadowRealOnes() {
    assertThatThrownBy(() -> jdbc.sql("create temporary table users (id uuid)").update())
        .isInstanceOf(DataAccessException.class);
  }

  /**
   * Every table under row-level security, listed from the catalogue when the test runs (so a new
   * table is covered the day it is added): a transaction of the application role without an
   * identity counts no row in any of them, or is refused; only the public reference tables are read
   * by everyone. Positive control: with an identity, the same kind of transaction sees its own
   * rows.
   */
  @Test
  void aTransactionWithoutIdentitySeesNoRowOfAnyTableUnderRowLevelSecurity() {
    User someone = tenantDataInEveryKindOfTable();
    List<String> tables =
        jdbc.sql(
                """
                select quote_ident(c.relname) from pg_class c
                  join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity
                 order by 1
                """)
            .query(String.class)
            .list();
    assertThat(tables).contains("users", "sessions", "households", "care_actions", "audit_events");

    for (String filled : FILLED_BY_THE_FIXTURE) {
      assertThat(ownerCount(filled)).as("rows in " + filled).isPositive();
    }

    Map<String, Long> visible = new TreeMap<>();
    List<String> refused = new ArrayList<>();
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from information_schema.columns
                     where table_schema = 'public' and table_name = any (?) and data_type = 'uuid'
                    """)
                .param(PUBLIC_REFERENCE_TABLES.toArray(String[]::new))
                .query(Long.class)
                .single())
        .as("uuid columns (references to tenants or people) in the public reference tables")
        .isZero();

    for (String table : tables) {
      if (PUBLIC_REFERENCE_TABLES.contains(table)) {
        continue;
      }
      try {
        long rows =
            inRequestOf(
                null, () -> jdbc.sql("select count(*) from " + table).query(Long.class).single());
        if (rows != 0) {
          visible.put(table, rows);
        }
      } catch (DataAccessException e) {
        refused.add(table);
      }
    }
    assertThat(visible).as("rows seen without an identity").isEmpty();
    assertThat(refused).as("tables refused outright").hasSizeLessThan(tables.size());

    assertThat(inRequestOf(someone, () -> count("users"))).isEqualTo(1);
    assertThat(inRequestOf(someone, () -> count("households"))).isEqualTo(1);
    assertThat(inRequestOf(someone, () -> count("household_members"))).isEqualTo(1);
  }

  /**
   * Identity is set exactly as for a request: the security context holds the decoded access token,
   * and the application's transaction manager (the bean the request filter serves each request in)
   * opens the transaction with {@code pawkeep_begin_request}, which sets it transaction-locally. A
   * later transaction without identity on the same physical connection ({@code pg_backend_pid()})
   * sees nothing; interleaved requests each see their own account only.
   */
  @Test
  void identityNeverLeaksBetweenPooledConnections() throws Exception {
    User alice = signedInUser("alice");
    User bob = signedInUser("bob");
    UUID aliceId = claim(alice, "sub");
    UUID bobId = claim(bob, "sub");

    int reused = 0;
    for (int i = 0; i < 20; i++) {
      Seen identified = inRequestOf(alice, this::seen);
      assertThat(identified.users()).containsExactly(aliceId);
      assertThat(identified.identity()).isEqualTo(aliceId.toString());
      Seen anonymous = inRequestOf(null, this::seen);
      assertThat(anonymous.users())
          .as("accounts seen without identity on backend %d", anonymous.backend())
          .isEmpty();
      assertThat(anonymous.identity()).isEmpty();
      if (anonymous.backend() == identified.backend()) {
        reused++;
      }
    }
    assertThat(reused).as("transactions on the connection alice's request used").isPositive();

    int iterations = 300;
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      CyclicBarrier start = new CyclicBarrier(3);
      List<Future<Integer>> results = new ArrayList<>();
      results.add(threads.submit(() -> readAs(alice, List.of(aliceId), iterations, start)));
      results.add(threads.submit(() -> readAs(bob, List.of(bobId), iterations, start)));
      results.add(threads.submit(() -> readAs(null, List.of(), iterations, start)));
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(iterations);
      }
    } finally {
      threads.shutdown();
    }
  }

  /** What one transaction saw: its connection's backend, the accounts, the identity setting. */
  record Seen(int backend, List<UUID> users, String identity) {}

  private Seen seen() {
    return new Seen(
        jdbc.sql("select pg_backend_pid()").query(Integer.class).single(),
        jdbc.sql("select id from users").query(UUID.class).list(),
        jdbc.sql("select coalesce(current_setting('pawkeep.user_id', true), '')")
            .query(String.class)
            .single());
  }

  /** Tables the fixture below writes rows into, so a zero count there means something. */
  private static final List<String> FILLED_BY_THE_FIXTURE =
      List.of(
          "users",
          "sessions",
          "refresh_tokens",
          "households",
          "household_members",
          "household_invites",
          "pets",
          "pet_care_instructions",
          "tenant_data_keys",
          "businesses",
          "business_staff",
          "business_clients",
          "documents",
          "invoices",
          "invoice_lines",
          "invoice_counters",
          "idempotency_keys",
          "audit_events");

  /**
   * A household with a pet, care instructions, an invitation and a document, a client of a business
   * that invoiced it (with an Idempotency-Key).
   */
  private User tenantDataInEveryKindOfTable() {
    User family = signedInUser("someone");
    String household = createHousehold(family, "Counted");
    String pet = createPet(family, household, "Mochi", "cat");
    careInstructions(family, pet, Map.of("feeding", "Twice a day", "medicalNotes", "Insulin"));
    ApiClient.Response invite =
        api.post(
            "/api/v1/households/" + household + "/invites",
            Map.of("role", "member"),
            family.accessToken());
    assertThat(invite.status()).as(invite.raw()).isEqualTo(201);
    ApiClient.Response document =
        api.upload(
            "/api/v1/households/" + household + "/documents",
            ApiClient.Multipart.file(
                "lease.pdf",
                "application/pdf",
                "%PDF-1.4\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII)),
            family.accessToken());
    assertThat(document.status()).as(document.raw()).isEqualTo(201);
    User boss = withSecondFactor("boss");
    String business = createBusiness(boss, "care_company", "Counted Care");
    grant(family, household, business);
    ApiClient.Response invoice =
        api.send(
            "POST",
            "/api/v1/businesses/" + business + "/invoices",
            Map.of(
                "householdId",
                household,
                "currency",
                "EUR",
                "extraLines",
                List.of(Map.of("description", "Key pickup", "amountMinor", 500))),
            boss.accessToken(),
            Map.of("Idempotency-Key", "counted-invoice"));
    assertThat(invoice.status()).as(invoice.raw()).isEqualTo(201);
    ApiClient.Response issued =
        api.post("/api/v1/invoices/" + invoice.text("id") + "/issue", Map.of(), boss.accessToken());
    assertThat(issued.status()).as(issued.raw()).isEqualTo(200);
    return family;
  }

  /** As the schema owner, who is not subject to row-level security: what the table holds. */
  private long ownerCount(String table) {
    return schemaOwner.jdbc().sql("select count(*) from " + table).query(Long.class).single();
  }

  private long count(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }

  /** Interleaved requests; each must see exactly its own account (or nothing). */
  private int readAs(User user, List<UUID> expected, int iterations, CyclicBarrier start)
      throws Exception {
    start.await();
    int ok = 0;
    for (int i = 0; i < iterations; i++) {
      if (inRequestOf(user, this::seen).users().equals(expected)) {
        ok++;
      }
    }
    return ok;
  }

  /**
   * Runs {@code work} in a transaction of the application's transaction manager while the security
   * context holds {@code user}'s decoded access token (none when null), as a request is served.
   */
  private <T> T inRequestOf(User user, Supplier<T> work) {
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    if (user != null) {
      context.setAuthentication(
          new JwtAuthenticationToken(decoder.decode(user.accessToken()), List.of()));
    }
    SecurityContextHolder.setContext(context);
    try {
      return new TransactionTemplate(transactions).execute(tx -> work.get());
    } finally {
      SecurityContextHolder.clearContext();
    }
  }
}
