package io.pawkeep.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The database {@code bench/backup-restore.sh} backs up and restores ({@link BenchServer}): {@value
 * #HOUSEHOLDS} households, each with its owner account, a live session, the owner's membership and
 * {@value #PETS_PER_HOUSEHOLD} pets, seeded as the schema owner; then it writes {@code ready} and
 * keeps running until the script stops it.
 */
final class BackupSeedServer {

  static final int HOUSEHOLDS = 10_000;
  static final int PETS_PER_HOUSEHOLD = 5;

  private BackupSeedServer() {}

  public static void main(String[] args) {
    BenchServer.serve(
        args,
        server -> {
          server.seed(BackupSeedServer::seed);
          server.ready(Map.of());
        });
  }

  static void seed(Connection owner) throws SQLException {
    String hash =
        "{argon2}"
            + new Argon2PasswordEncoder(16, 32, 1, 19_456, 2).encode(PetsLoadServer.PASSWORD);
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
      users.setInt(2, HOUSEHOLDS);
      users.executeUpdate();
    }
    try (Statement s = owner.createStatement()) {
      s.execute(
          """
          insert into sessions (id, user_id, created_at, last_used_at, expires_at, mfa,
                                user_agent, ip_address)
          select ('00000000-0000-4000-8002-' || lpad(n::text, 12, '0'))::uuid,
                 ('00000000-0000-4000-8001-' || lpad(n::text, 12, '0'))::uuid,
                 now(), now(), now() + interval '1 day', false, 'backup-bench', '127.0.0.1'
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
              .formatted(HOUSEHOLDS, PETS_PER_HOUSEHOLD));
    }
    owner.commit();
    owner.setAutoCommit(true);
  }
}
