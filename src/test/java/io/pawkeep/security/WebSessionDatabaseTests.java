package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.PageClient;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SESS-5 in the database, as the application role: a browser session's idle and absolute expiry are
 * judged by {@code pawkeep_begin_request} at the request's time; a page request's first statement,
 * {@code pawkeep_begin_web_request}, finds the session by its cookie and judges it by the same
 * rules in one round trip; and the application role cannot lengthen them or give a session a cookie
 * secret of its choosing.
 */
class WebSessionDatabaseTests extends ApiTestSupport {

  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;

  private record WebSession(UUID user, UUID session, Instant created) {}

  @Test
  void theDatabaseRefusesAnIdleWebSessionAtTheRequestsTimeButNotAnApiSession() {
    User walker = signedInUser("walker");
    WebSession web = webSession(walker);

    assertThat(begin(web.user(), web.session(), web.created(), minutes(web, 29))).isTrue();
    assertThat(begin(web.user(), web.session(), web.created(), minutes(web, 59)))
        .as("used at 29 minutes, so idle for 30 at 59")
        .isFalse();
    assertThat(begin(web.user(), web.session(), web.created(), minutes(web, 58)))
        .as("idle for 29 minutes")
        .isTrue();
    // An API session (refresh tokens, no idle timeout) is not idle however long it waits.
    UUID apiSession = claim(walker, "sid");
    Instant issued = Instant.ofEpochSecond(claims(walker).path("iat").asLong());
    assertThat(begin(web.user(), apiSession, issued, issued.plus(Duration.ofHours(2)))).isTrue();
  }

  @Test
  void theDatabaseRefusesAWebSessionTwelveHoursAfterSignIn() {
    User walker = signedInUser("walker");
    WebSession web = webSession(walker);
    for (int m = 25; m < 12 * 60; m += 25) {
      assertThat(begin(web.user(), web.session(), web.created(), minutes(web, m))).isTrue();
    }
    assertThat(begin(web.user(), web.session(), web.created(), minutes(web, 12 * 60 + 1)))
        .isFalse();
  }

  @Test
  void thePageRequestsFirstStatementFindsTheCookiesSessionChecksItAndSetsTheIdentity() {
    User walker = signedInUser("walker");
    byte[] hash = cookieHash(walker);
    WebSession web = webSession(hash);

    Begun live = beginWeb(hash, minutes(web, 29));
    assertThat(live.rows()).hasSize(1);
    Map<String, Object> row = live.rows().getFirst();
    assertThat(row.get("user_id")).isEqualTo(web.user());
    assertThat(row.get("session_id")).isEqualTo(web.session());
    assertThat(row.get("mfa")).isEqualTo(false);
    assertThat(row.get("email")).isEqualTo(walker.email());
    assertThat(row.get("display_name")).isNotNull();
    assertThat(live.currentUser()).isEqualTo(web.user());
    assertThat(live.currentSession()).isEqualTo(web.session());

    // Idle for 30 minutes since the use at 29: refused by the same rule as every request's.
    Begun idle = beginWeb(hash, minutes(web, 59));
    assertThat(idle.rows()).isEmpty();
    assertThat(idle.currentUser()).isNull();
    assertThat(idle.currentSession()).isNull();
  }

  @Test
  void theStatementThatBeginsAPageRequestRefusesAnExpiredASignedOutOrAnUnknownCookie() {
    User walker = signedInUser("walker");
    byte[] hash = cookieHash(walker);
    WebSession web = webSession(hash);
    for (int m = 25; m < 12 * 60; m += 25) {
      assertThat(beginWeb(hash, minutes(web, m)).rows()).as("at %d minutes", m).hasSize(1);
    }
    assertThat(beginWeb(hash, minutes(web, 12 * 60 + 1)).rows()).as("12 h on").isEmpty();

    byte[] unknown = WebSessionCookie.hash(WebSessionCookie.newSecret());
    for (byte[] refused : new byte[][] {unknown, new byte[0], new byte[31], null}) {
      Begun begun = beginWeb(refused, clock.instant());
      assertThat(begun.rows()).isEmpty();
      assertThat(begun.currentUser()).isNull();
    }

    // Deactivation and a password change end the session through sessions_valid_after.
    User other = signedInUser("other");
    byte[] otherHash = cookieHash(other);
    assertThat(beginWeb(otherHash, clock.instant()).rows()).hasSize(1);
    assertThat(api.delete("/api/v1/me/sessions", null, other.accessToken()).status())
        .isEqualTo(204);
    assertThat(beginWeb(otherHash, clock.instant()).rows()).isEmpty();
  }

  @Test
  void theApplicationRoleCannotLengthenAWebSessionNorChooseItsSecret() {
    User walker = signedInUser("walker");
    WebSession web = webSession(walker);
    for (String change :
        new String[] {
          "update sessions set idle_timeout = interval '100 years' where id = :id",
          "update sessions set web_secret_hash = sha256('chosen'::bytea) where id = :id",
          "update sessions set expires_at = expires_at + interval '1 year' where id = :id"
        }) {
      assertThatThrownBy(
              () ->
                  asIdentity(
                      web.user(),
                      web.session(),
                      sql -> sql.sql(change).param("id", web.session()).update()))
          .as(change)
          .rootCause()
          .hasMessageContaining("permission denied");
    }
    // Nor make another account's API session a web session: the refresh token is not theirs.
    User other = signedInUser("other");
    UUID made =
        asIdentity(
            web.user(),
            web.session(),
            sql ->
                sql.sql(
                        "select pawkeep_make_web_session(sha256(convert_to(:refresh, 'UTF8')),"
                            + " sha256('chosen'::bytea), 600, false, cast(:now as timestamptz),"
                            + " cast(:expires as timestamptz))")
                    .param("refresh", other.refreshToken())
                    .param("now", Timestamp.from(clock.instant()))
                    .param("expires", Timestamp.from(clock.instant().plus(Duration.ofHours(1))))
                    .query(UUID.class)
                    .optional()
                    .orElse(null));
    assertThat(made).isNull();
  }

  private WebSession webSession(User user) {
    return webSession(cookieHash(user));
  }

  /** The session a cookie names, read by the statement that begins a page request. */
  private WebSession webSession(byte[] hash) {
    return new TransactionTemplate(transactions)
        .execute(
            tx ->
                jdbc.sql(
                        "select user_id, session_id, created_at"
                            + " from pawkeep_begin_web_request(:hash, :now)")
                    .param("hash", hash)
                    .param("now", Timestamp.from(clock.instant()))
                    .query(
                        (rs, n) ->
                            new WebSession(
                                rs.getObject(1, UUID.class),
                                rs.getObject(2, UUID.class),
                                rs.getTimestamp(3).toInstant()))
                    .single());
  }

  /** The SHA-256 of the cookie a sign-in through the page gave the browser. */
  private byte[] cookieHash(User user) {
    PageClient browser = new PageClient(port);
    browser.get("/sign-in");
    PageClient.Page r =
        browser.post("/sign-in", Map.of("email", user.email(), "password", user.password()));
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return WebSessionCookie.hash(browser.cookie(WebSessionCookie.NAME).orElseThrow());
  }

  /** What {@code pawkeep_begin_web_request} answered, and the identity it left set. */
  private record Begun(List<Map<String, Object>> rows, UUID currentUser, UUID currentSession) {}

  /** {@code pawkeep_begin_web_request} as the application role, as a page request begins. */
  private Begun beginWeb(byte[] hash, Instant now) {
    return new TransactionTemplate(transactions)
        .execute(
            tx ->
                new Begun(
                    jdbc.sql("select * from pawkeep_begin_web_request(:hash, :now)")
                        .param("hash", hash)
                        .param("now", Timestamp.from(now))
                        .query()
                        .listOfRows(),
                    jdbc.sql("select pawkeep_current_user()")
                        .query(UUID.class)
                        .optional()
                        .orElse(null),
                    jdbc.sql("select pawkeep_current_session()")
                        .query(UUID.class)
                        .optional()
                        .orElse(null)));
  }

  private static Instant minutes(WebSession web, int minutes) {
    return web.created().plus(Duration.ofMinutes(minutes));
  }

  /**
   * {@code pawkeep_begin_request} as the application role, as each request's transaction runs it.
   */
  private boolean begin(UUID user, UUID session, Instant issuedAt, Instant now) {
    return new TransactionTemplate(transactions)
        .execute(
            tx ->
                jdbc.sql("select pawkeep_begin_request(?, ?, ?, ?)")
                    .params(user, session, Timestamp.from(issuedAt), Timestamp.from(now))
                    .query(Boolean.class)
                    .single());
  }
}
