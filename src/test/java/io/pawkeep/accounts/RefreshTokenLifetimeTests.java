package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * SESS-2: a session's refresh tokens work for 30 days from sign-in, however often they are rotated,
 * and the database keeps only their SHA-256.
 */
class RefreshTokenLifetimeTests extends ApiTestSupport {

  private static final Duration LIFETIME = Duration.ofDays(30);

  @Autowired OwnerDatabase owner;

  @Test
  void refreshTokensWorkUntilThirtyDaysAfterSignInAndNotASecondLonger() {
    String email = registerVerified(uniqueEmail("lifetime"), PASSWORD);
    Instant signedIn = clock.instant();
    String rotating = signIn(email).text("refresh_token");
    String unused = signIn(email).text("refresh_token");

    clock.set(signedIn.plus(LIFETIME).minusSeconds(1));
    ApiClient.Response lastDay = refresh(rotating);
    assertThat(lastDay.status()).as(lastDay.raw()).isEqualTo(200);
    String rotated = lastDay.text("refresh_token");

    clock.set(signedIn.plus(LIFETIME).plusSeconds(1));
    // Rotation hands out a new token, never a new lifetime: the session ends with its 30 days.
    ApiClient.Response expired = refresh(rotated);
    assertThat(expired.status()).as(expired.raw()).isEqualTo(401);
    assertThat(refresh(unused).status()).isEqualTo(401);
  }

  @Test
  void aRefreshTokenOfASessionOpenedBeforeTheAccountsSessionsWereInvalidatedIsRefused() {
    String email = registerVerified(uniqueEmail("invalidated"), PASSWORD);
    ApiClient.Response signedIn = signIn(email);
    UUID session = sessionOf(signedIn.text("access_token"));
    clock.advance(Duration.ofSeconds(5));
    // SESS-4: the account's sessions are invalidated after this one opened, and the session row
    // itself is left live, so only the account's rule can refuse it, as each request's check does.
    int moved =
        owner
            .jdbc()
            .sql(
                """
                update users u set sessions_valid_after = s.created_at + interval '2 seconds'
                  from sessions s where s.id = ? and u.id = s.user_id and s.revoked_at is null
                """)
            .param(session)
            .update();
    assertThat(moved).isOne();
    ApiClient.Response refreshed = refresh(signedIn.text("refresh_token"));
    assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(401);
  }

  @Test
  void theDatabaseHoldsOnlyTheSha256OfEachRefreshTokenNeverTheToken() throws Exception {
    String email = registerVerified(uniqueEmail("hashed"), PASSWORD);
    ApiClient.Response signedIn = signIn(email);
    String first = signedIn.text("refresh_token");
    UUID session = sessionOf(signedIn.text("access_token"));
    ApiClient.Response refreshed = refresh(first);
    assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
    String second = refreshed.text("refresh_token");

    List<String> hashes =
        owner
            .jdbc()
            .sql("select encode(token_hash, 'hex') from refresh_tokens where session_id = ?")
            .param(session)
            .query(String.class)
            .list();
    assertThat(hashes).containsExactlyInAnyOrder(sha256Hex(first), sha256Hex(second));
    String rows =
        owner
            .jdbc()
            .sql(
                "select string_agg(t::text || s::text, ' ') from refresh_tokens t"
                    + " join sessions s on s.id = t.session_id where s.id = ?")
            .param(session)
            .query(String.class)
            .single();
    for (String token : List.of(first, second)) {
      // Nor the token as text, as its bytes, or as the 32 random bytes it encodes.
      String asBytes = HexFormat.of().formatHex(token.getBytes(StandardCharsets.UTF_8));
      String decoded = HexFormat.of().formatHex(Base64.getUrlDecoder().decode(token));
      assertThat(rows).doesNotContain(token).doesNotContain(asBytes).doesNotContain(decoded);
    }
  }

  private ApiClient.Response signIn(String email) {
    ApiClient.Response r = login(email, PASSWORD);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r;
  }

  private ApiClient.Response refresh(String token) {
    return api.post("/api/v1/auth/refresh", Map.of("refresh_token", token));
  }

  private static UUID sessionOf(String accessToken) {
    return claim(new User(null, null, accessToken, null), "sid");
  }

  private static String sha256Hex(String token) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
  }
}
