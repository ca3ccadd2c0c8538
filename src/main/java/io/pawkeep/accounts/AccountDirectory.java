package io.pawkeep.accounts;

import io.pawkeep.web.Instants;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for operators looking accounts up. Row-level security shows another account's row and
 * sessions only to a platform administrator signed in with a second factor ({@code
 * pawkeep_is_platform_admin}), so anyone else finds nothing but themselves (AUTHZ-7).
 */
@Repository
class AccountDirectory {

  // The email is looked up through its unique index; the latest sign-in through the sessions'
  // (user_id, created_at, id) index.
  private static final String SUMMARY =
      """
      select u.id, u.email, u.display_name, u.created_at,
             u.deactivated_at is not null as deactivated,
             u.email_verified_at is not null as email_verified,
             u.totp_enabled_at is not null as second_factor,
             (select max(s.created_at) from sessions s where s.user_id = u.id) as last_sign_in_at
        from users u
      """;

  private final JdbcClient jdbc;

  AccountDirectory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The account with this normalised email, as a list of none or one. */
  List<AccountSummary> withEmail(String normalisedEmail) {
    return jdbc.sql(SUMMARY + " where u.email = :email")
        .param("email", normalisedEmail)
        .query((rs, n) -> summary(rs))
        .list();
  }

  Optional<AccountSummary> find(UUID id) {
    return jdbc.sql(SUMMARY + " where u.id = :id")
        .param("id", id)
        .query((rs, n) -> summary(rs))
        .optional();
  }

  private static AccountSummary summary(ResultSet rs) throws SQLException {
    return new AccountSummary(
        rs.getObject("id", UUID.class),
        rs.getString("email"),
        rs.getString("display_name"),
        rs.getBoolean("deactivated") ? "deactivated" : "active",
        rs.getBoolean("email_verified"),
        rs.getBoolean("second_factor"),
        Instants.from(rs, "created_at"),
        Instants.from(rs, "last_sign_in_at"));
  }
}
