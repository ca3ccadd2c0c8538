package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.AccessMatrix;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The account's own routes, called by the account's holder, another signed-in user and a caller
 * without a token: each acts only on its own account, another user's session is revoked by nobody
 * but its holder (404 exactly like a missing one), and nothing answers without a token.
 */
class AccountIsolationMatrixTests extends ApiTestSupport {

  private static final String TABLE =
      """
      | method | path                            | body          | holder | otherUser | anonymous |
      |--------|---------------------------------|---------------|--------|-----------|-----------|
      | GET    | /api/v1/me                      |               | 200    | 200       | 401       |
      | GET    | /api/v1/me/sessions             |               | 200    | 200       | 401       |
      # {session} is another session of the holder's, opened for the cell.
      | DELETE | /api/v1/me/sessions/{session}   |               | 204    | 404       | 401       |
      | POST   | /api/v1/me/totp                 |               | 200    | 200       | 401       |
      | POST   | /api/v1/me/totp/confirm         | wrongCode     | 400    | 400       | 401       |
      # Neither has a second factor yet to disable.
      | DELETE | /api/v1/me/totp                 | wrongCode     | 409    | 409       | 401       |
      | POST   | /api/v1/me/password             | wrongPassword | 400    | 400       | 401       |
      # Last: signing out everywhere ends the caller's own token.
      | DELETE | /api/v1/me/sessions             |               | 204    | 204       | 401       |
      """;

  @TestFactory
  Stream<DynamicTest> everyAccountRouteActsOnTheCallersOwnAccountOnly() {
    User holder = signedInUser("holder");
    return AccessMatrix.of(TABLE)
        .caller("holder", holder.accessToken())
        .caller("otherUser", signedInUser("other").accessToken())
        .caller("anonymous", null)
        .id(
            "session",
            cell -> {
              ApiClient.Response r = login(holder.email(), holder.password());
              assertThat(r.status()).as(r.raw()).isEqualTo(200);
              return claim(
                      new User(holder.email(), holder.password(), r.text("access_token"), null),
                      "sid")
                  .toString();
            })
        .body("wrongCode", Map.of("code", "000000"))
        .body(
            "wrongPassword",
            Map.of("currentPassword", "not-the-password-at-all", "newPassword", PASSWORD + "-new"))
        .tests(api);
  }
}
