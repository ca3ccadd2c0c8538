package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.PageClient;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * SESS-5 in the database, as the application role: a browser session's idle and absolute expiry are
 * judged by {@code pawkeep_begin_request} at the request's time, and the application role cannot
 * lengthen them or give a session a cookie secret of its choosing.
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
    PageClient browser = new PageClient(port);
    browser.get("/sign-in");
    PageClient.Page r =
        browser.post("/sign-in", Map.of("email", user.email(), "password", user.password()));
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    byte[] hash = WebSessionCookie.hash(browser.cookie(WebSessionCookie.NAME).orElseThrow());
    return jdbc.sql("select user_id, session_id, created_at from pawkeep_find_web_session(:hash)")
        .param("hash", hash)
        .query(
            (rs, n) ->
                new WebSession(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class),
                    rs.getTimestamp(3).toInstant()))
        .single();
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
