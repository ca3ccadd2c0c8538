package io.pawkeep.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pawkeep.testing.ApiTestSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Row-level security: the catalogue, the application role, and identity on pooled connections. */
class RowLevelSecurityTests extends ApiTestSupport {

  /** Global tables that hold no tenant or personal data. Keep this list short. */
  static final Set<String> GLOBAL_TABLES =
      Set.of("flyway_schema_history", "platform_admins", "rate_limit_buckets");

  @Autowired JdbcClient jdbc;
  @Autowired HikariDataSource dataSource;

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

  @Test
  void aTransactionWithoutIdentitySeesNoTenantRows() {
    signedInUser("someone");
    assertThat(jdbc.sql("select count(*) from users").query(Long.class).single()).isZero();
    assertThat(jdbc.sql("select count(*) from sessions").query(Long.class).single()).isZero();
    assertThat(jdbc.sql("select count(*) from refresh_tokens").query(Long.class).single()).isZero();
  }

  @Test
  void identityNeverLeaksBetweenPooledConnections() throws Exception {
    UUID alice = userId(signedInUser("alice").email());
    UUID bob = userId(signedInUser("bob").email());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(dataSource.getJdbcUrl());
    config.setUsername(dataSource.getUsername());
    config.setPassword(dataSource.getPassword());
    config.setMaximumPoolSize(2);
    int iterations = 2_000;
    try (HikariDataSource pool = new HikariDataSource(config)) {
      ExecutorService threads = Executors.newFixedThreadPool(3);
      CyclicBarrier start = new CyclicBarrier(3);
      List<Future<Integer>> results = new ArrayList<>();
      results.add(threads.submit(() -> readAs(pool, alice, iterations, start)));
      results.add(threads.submit(() -> readAs(pool, bob, iterations, start)));
      results.add(threads.submit(() -> readAs(pool, null, iterations, start)));
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(iterations);
      }
      threads.shutdown();
    }
  }

  /** Interleaved transactions; each must see exactly its own account (or nothing). */
  private static int readAs(HikariDataSource pool, UUID user, int iterations, CyclicBarrier start)
      throws Exception {
    start.await();
    int ok = 0;
    for (int i = 0; i < iterations; i++) {
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        if (user != null) {
          try (PreparedStatement ps =
              c.prepareStatement("select set_config('pawkeep.user_id', ?, true)")) {
            ps.setString(1, user.toString());
            ps.executeQuery().close();
          }
        }
        List<UUID> seen = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id from users");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            seen.add(rs.getObject(1, UUID.class));
          }
        }
        c.commit();
        if (user == null ? seen.isEmpty() : seen.equals(List.of(user))) {
          ok++;
        }
      }
    }
    return ok;
  }

  private UUID userId(String email) {
    return jdbc.sql("select id from pawkeep_find_login(?)").param(email).query(UUID.class).single();
  }
}
