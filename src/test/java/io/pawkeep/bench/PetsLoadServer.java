package io.pawkeep.bench;

import io.pawkeep.security.AccessTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The application under load for {@code bench/pets-load.sh} ({@link BenchServer}): seeds it as the
 * schema owner, mints one access token per owner with the application's own issuer, writes them to
 * {@code <data-dir>/bench/targets.tsv} and keeps serving. {@code bench/pages-load.sh} seeds the
 * same.
 *
 * <p>Household {@code n} (1 to {@value #HOUSEHOLDS}) has the id {@code 00000000-0000-4000-8000-<n
 * on 12 digits>}; its owner account, the owner's session and its pets use the prefixes {@code
 * 8001}, {@code 8002} and {@code 8003} in the same place, so the raw-SQL script builds every id
 * from {@code n} alone.
 */
final class PetsLoadServer {

  static final int HOUSEHOLDS = 1000;
  static final int PETS_PER_HOUSEHOLD = 5;
  static final String PASSWORD = "tawny-otter-chases-seven-kites";

  private PetsLoadServer() {}

  public static void main(String[] args) {
    BenchServer.serve(
        args,
        server -> {
          server.seed(PetsLoadServer::seed);
          AccessTokens tokens = server.bean(AccessTokens.class);
          List<String> targets = new ArrayList<>();
          for (int n = 1; n <= HOUSEHOLDS; n++) {
            String token = tokens.issue(id("8001", n), id("8002", n), false).value();
            targets.add(id("8000", n) + "\t" + token);
          }
          server.ready(Map.of("targets.tsv", targets));
        });
  }

  /** The id of entity {@code n} of the kind named by {@code prefix} (8000: household, ...). */
  static UUID id(String prefix, long n) {
    return UUID.fromString("00000000-0000-4000-%s-%012d".formatted(prefix, n));
  }

  /**
   * Owners with one shared Argon2id hash (the application's format and parameters), a live session
   * each, their households with the owner's membership row, and the pets; then fresh statistics, as
   * autovacuum would eventually gather them.
   */
  static void seed(Connection owner) throws SQLException {
    seedHouseholds(owner, HOUSEHOLDS, "pets-load");
    try (Statement s = owner.createStatement()) {
      s.execute("analyze users, sessions, households, household_members, pets");
    }
  }

  /**
   * The owners, their sessions (with this user agent), households, memberships and {@value
   * #PETS_PER_HOUSEHOLD} pets each, for households 1 to {@code households}, in one transaction.
   * {@link BackupSeedServer} seeds the same rows at a larger count.
   */
  static void seedHouseholds(Connection owner, int households, String userAgent)
      throws SQLException {
    String hash = "{argon2}" + new Argon2PasswordEncoder(16, 32, 1, 19_456, 2).encode(PASSWORD);
    owner.setAutoCommit(false);
    try (PreparedStatement users =
        owner.prepareStatement(
            """
            insert into users (id, email, display_name, password_hash, created_at,
                               email_verified_at, sessions_valid_after)
            select ('00000000-0000-4000-8001-' || lpad(n::text, 12, '0'))::uuid,
                   'bench-owner-' || n || '@example.org', 'Bench owner ' || n, ?,
                   now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour'
              from generate_series(1, ?) n
            """)) {
      users.setString(1, hash);
      users.setInt(2, households);
      users.executeUpdate();
    }
    try (Statement s = owner.createStatement()) {
      s.execute(
          """
          insert into sessions (id, user_id, created_at, last_used_at, expires_at, mfa,
                                user_agent, ip_address)
          select ('00000000-0000-4000-8002-' || lpad(n::text, 12, '0'))::uuid,
                 ('00000000-0000-4000-8001-' || lpad(n::text, 12, '0'))::uuid,
                 now(), now(), now() + interval '1 day', false, '%3$s', '127.0.0.1'
            from generate_series(1, %1$d) n;
          insert into households (id, name, created_at, created_by)
          select ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid,
                 'Bench household ' || n, now() - interval '1 hour',
                 ('00000000-0000-4000-8001-' || lpad(n::text, 12, '0'))::uuid
            from generate_series(1, %1$d) n;
          insert into household_members (household_id, user_id, role, joined_at)
          select ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid,
                 ('00000000-0000-4000-8001-' || lpad(n::text, 12, '0'))::uuid,
                 'owner', now() - interval '1 hour'
            from generate_series(1, %1$d) n;
          insert into pets (id, household_id, name, species, breed, sex, birth_date, microchip,
                            created_at)
          select ('00000000-0000-4000-8003-' || lpad((n * 10 + k)::text, 12, '0'))::uuid,
                 ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid,
                 'Pet ' || n || '-' || k,
                 (array['dog', 'cat', 'rabbit', 'bird', 'other'])[1 + (k - 1) %% 5],
                 'Mixed', (array['female', 'male', 'unknown'])[1 + k %% 3],
                 date '2020-01-01' + (n + k) %% 1500, lpad((n * 10 + k)::text, 15, '9'),
                 now() - interval '1 hour' + k * interval '1 minute'
            from generate_series(1, %1$d) n, generate_series(1, %2$d) k;
          """
              .formatted(households, PETS_PER_HOUSEHOLD, userAgent));
    }
    owner.commit();
    owner.setAutoCommit(true);
  }
}
