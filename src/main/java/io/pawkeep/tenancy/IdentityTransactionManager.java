package io.pawkeep.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Opens every transaction with the caller's identity: the first statement of each transaction runs
 * {@code pawkeep_begin_request}, which sets it transaction-locally and refuses a deactivated
 * account or a revoked session in the same round trip. A transaction without an identity sees no
 * tenant rows. A request made with an API key begins with {@code pawkeep_begin_api_key_request}
 * instead, which checks the key the same way. A page request names its browser session only by its
 * cookie: its first transaction begins with {@code pawkeep_begin_web_request}, which finds the
 * session and checks it by the same rules in that one statement (SESS-5), and answers who it is.
 */
final class IdentityTransactionManager extends JdbcTransactionManager {

  private static final String BEGIN = "select pawkeep_begin_request(?, ?, ?, ?)";
  private static final String BEGIN_API_KEY = "select pawkeep_begin_api_key_request(?, ?, ?)";
  private static final String BEGIN_WEB =
      "select user_id, session_id, created_at, mfa, display_name, email, time_zone"
          + " from pawkeep_begin_web_request(?, ?)";

  private final RequestIdentitySource identities;
  private final Clock clock;

  IdentityTransactionManager(DataSource dataSource, RequestIdentitySource identities, Clock clock) {
    super(dataSource);
    this.identities = identities;
    this.clock = clock;
  }

  @Override
  protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition)
      throws SQLException {
    super.prepareTransactionalConnection(con, definition);
    Optional<RequestIdentity> identity = identities.current();
    if (identity.isEmpty()) {
      Optional<BrowserSession> browser = identities.browserSession();
      if (browser.isPresent()) {
        beginWithBrowserSession(con, browser.get());
        return;
      }
      Optional<ApiKeyIdentity> key = identities.apiKey();
      if (key.isPresent()) {
        beginWithApiKey(con, key.get());
      }
      return;
    }
    RequestIdentity id = identity.get();
    try (PreparedStatement ps = con.prepareStatement(BEGIN)) {
      ps.setObject(1, id.userId());
      ps.setObject(2, id.sessionId());
      ps.setObject(3, utc(id.issuedAt()));
      ps.setObject(4, utc(clock.instant()));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          throw new IdentityRejectedException();
        }
      }
    }
  }

  /** Finds, checks and begins in one statement; no row means the database refused the session. */
  private void beginWithBrowserSession(Connection con, BrowserSession session) throws SQLException {
    try (PreparedStatement ps = con.prepareStatement(BEGIN_WEB)) {
      ps.setBytes(1, session.secretHash());
      ps.setObject(2, utc(clock.instant()));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IdentityRejectedException();
        }
        session.check(
            new BrowserSession.Checked(
                new RequestIdentity(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class),
                    rs.getTimestamp(3).toInstant()),
                rs.getBoolean(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7)));
      }
    }
  }

  private void beginWithApiKey(Connection con, ApiKeyIdentity key) throws SQLException {
    try (PreparedStatement ps = con.prepareStatement(BEGIN_API_KEY)) {
      ps.setObject(1, key.keyId());
      ps.setBytes(2, key.secretHash());
      ps.setObject(3, utc(clock.instant()));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          throw new IdentityRejectedException();
        }
      }
    }
  }

  /**
   * A time as the driver sends a {@code timestamptz} without a calendar: binding a {@code
   * Timestamp} made a {@code GregorianCalendar} for each, on every request.
   */
  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
