package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.Mailbox;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrationTests extends ApiTestSupport {

  private static final String CHOSEN = "quiet-lantern-over-amber-fields";

  @Test
  void registeringAKnownOrUnknownEmailAnswersTheSame() {
    String known = registerVerified(uniqueEmail("known"), PASSWORD);
    ApiClient.Response again = register(known, "another-calm-heron-in-rain");
    ApiClient.Response fresh = register(uniqueEmail("fresh"), "another-calm-heron-in-rain");
    assertThat(again.status()).isEqualTo(202);
    assertThat(fresh.status()).isEqualTo(202);
    assertThat(again.raw()).isEqualTo(fresh.raw());
    // Only the mailbox owner learns that the account exists, and the password did not change.
    assertThat(Mailbox.awaitLatest(known, 2).subject()).contains("tried to register");
    assertThat(login(known, PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void registeringAnUnconfirmedAConfirmedOrAnUnknownEmailAnswersTheSame() {
    String unconfirmed = uniqueEmail("pending");
    register(unconfirmed, PASSWORD);
    String confirmed = registerVerified(uniqueEmail("done"), PASSWORD);
    ApiClient.Response a = register(unconfirmed, "another-calm-heron-in-rain");
    ApiClient.Response b = register(confirmed, "another-calm-heron-in-rain");
    ApiClient.Response c = register(uniqueEmail("new"), "another-calm-heron-in-rain");
    assertThat(a.status()).isEqualTo(202);
    assertThat(a.raw()).isEqualTo(b.raw()).isEqualTo(c.raw());
  }

  @Test
  void registeringAgainWithAnUnconfirmedAddressSendsANewConfirmationLink() {
    String email = uniqueEmail("lost-mail");
    register(email, PASSWORD);
    Mailbox.awaitMails(email, "Confirm", 1);
    String repeated = "another-calm-heron-in-rain";
    assertThat(register(email, repeated).status()).isEqualTo(202);
    // AUTH-10: the lost confirmation is recoverable; whoever opens the link chooses the password.
    Mailbox.Mail finish = Mailbox.awaitLatest(email, "Finish signing up", 1);
    assertThat(finish.body())
        .contains("/reset-password.html?token=")
        .contains("choose your password");
    assertThat(choosePassword(finish.token(), CHOSEN).status()).isEqualTo(204);
    // Mail leaves in the background: the notice of the new password, queued after the
    // registration's mail, is the marker that a "tried to register" mail would be there by now.
    Mailbox.awaitMails(email, "password was changed", 1);
    assertThat(Mailbox.mailsTo(email)).noneMatch(m -> m.subject().contains("tried to register"));
    assertThat(login(email, CHOSEN).status()).isEqualTo(200);
    // Neither registration's password was applied by the link.
    assertThat(login(email, repeated).status()).isEqualTo(401);
    assertThat(login(email, PASSWORD).status()).isEqualTo(401);
  }

  @Test
  void registeringAgainCannotSetThePasswordOfAPendingAccount() {
    String email = uniqueEmail("mailbox-owner");
    register(email, PASSWORD);
    Mailbox.awaitMails(email, 1);
    String strangers = "granite-moth-sings-at-dusk";
    assertThat(register(email, strangers).status()).isEqualTo(202);
    // The mailbox owner follows the newest mail as it asks: a confirmation link is opened, a link
    // to choose a password gets the owner's own.
    Mailbox.Mail newest = Mailbox.awaitLatest(email, 2);
    if (newest.body().contains("/reset-password.html")) {
      assertThat(choosePassword(newest.token(), CHOSEN).status()).isEqualTo(204);
    } else {
      api.post("/api/v1/auth/verify-email", Map.of("token", newest.token()));
    }
    assertThat(login(email, strangers).status()).isEqualTo(401);
    // Signing in proves the address is confirmed too: unconfirmed accounts never sign in.
    assertThat(login(email, CHOSEN).status()).isEqualTo(200);
  }

  @Test
  void earlierConfirmationLinksStayValidUntilOneIsUsedThenTheOthersAreVoid() {
    String email = uniqueEmail("two-links");
    register(email, PASSWORD);
    String first = Mailbox.awaitLatest(email, "Confirm", 1).token();
    // The right password on the unconfirmed account mails another confirmation link.
    assertThat(login(email, PASSWORD).status()).isEqualTo(401);
    String second = Mailbox.awaitLatest(email, "Confirm", 2).token();
    // A later registration (perhaps a stranger's) voids neither.
    register(email, "another-calm-heron-in-rain");
    Mailbox.awaitMails(email, "Finish signing up", 1);
    assertThat(api.post("/api/v1/auth/verify-email", Map.of("token", first)).status())
        .isEqualTo(204);
    assertThat(api.post("/api/v1/auth/verify-email", Map.of("token", second)).status())
        .isEqualTo(400);
    // The later registration's password was never applied.
    assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    assertThat(login(email, "another-calm-heron-in-rain").status()).isEqualTo(401);
  }

  @Test
  void unverifiedAccountCannotSignInAndGetsTheGenericAnswer() {
    String email = uniqueEmail("unverified");
    register(email, PASSWORD);
    ApiClient.Response r = login(email, PASSWORD);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.raw()).isEqualTo(login(uniqueEmail("nobody"), PASSWORD).raw());
  }

  @Test
  void verificationLinkIsSingleUse() {
    String email = uniqueEmail("single");
    register(email, PASSWORD);
    String token = Mailbox.awaitLatest(email, 1).token();
    assertThat(api.post("/api/v1/auth/verify-email", Map.of("token", token)).status())
        .isEqualTo(204);
    ApiClient.Response replay = api.post("/api/v1/auth/verify-email", Map.of("token", token));
    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void verificationLinkExpires() {
    String email = uniqueEmail("late");
    register(email, PASSWORD);
    String token = Mailbox.awaitLatest(email, 1).token();
    clock.advance(java.time.Duration.ofHours(25));
    assertThat(api.post("/api/v1/auth/verify-email", Map.of("token", token)).status())
        .isEqualTo(400);
  }

  @Test
  void commonPasswordIsRejectedWithReasonsButNeverEchoed() {
    ApiClient.Response r = register(uniqueEmail("common"), "password1234");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("violations").isArray()).isTrue();
    assertThat(r.raw()).doesNotContain("password1234");
  }

  @Test
  void sixtyFourCharacterPasswordIsAccepted() {
    String longPassword =
        "lantern-quiet-basil-orbit-" + "x7Kq9mZ2vR4tY8wP3nB6cF1hJ5gD0sLa".repeat(2);
    String email = registerVerified(uniqueEmail("long"), longPassword.substring(0, 64));
    assertThat(login(email, longPassword.substring(0, 64)).status()).isEqualTo(200);
    // No truncation: the 63-character prefix is a different password.
    assertThat(login(email, longPassword.substring(0, 63)).status()).isEqualTo(401);
  }

  @Test
  void passwordContainingTheEmailIsRejected() {
    String email = uniqueEmail("marmalade");
    assertThat(register(email, "marmalade-sunrise-over-hills").status()).isEqualTo(400);
  }

  @Test
  void badInputGetsProblemDetailsNeverA500() {
    String tooLongEmail = "a".repeat(250) + "@example.org";
    assertProblem(register(tooLongEmail, PASSWORD), 400);
    assertProblem(register(uniqueEmail("huge"), "p".repeat(1025)), 400);
    assertProblem(api.post("/api/v1/auth/register", "{not json"), 400);
    assertProblem(api.post("/api/v1/auth/register", "{\"email\": 5, \"password\": []}"), 400);
    assertProblem(api.post("/api/v1/auth/register", Map.of("email", uniqueEmail("x"))), 400);
    assertProblem(
        api.post(
            "/api/v1/auth/register",
            Map.of(
                "email",
                uniqueEmail("mass"),
                "password",
                PASSWORD,
                "displayName",
                "Mass Assign",
                "admin",
                true)),
        400);
    assertProblem(api.post("/api/v1/auth/verify-email", Map.of("token", "nonsense")), 400);
  }

  private ApiClient.Response choosePassword(String token, String password) {
    return api.post(
        "/api/v1/auth/password-reset/confirm", Map.of("token", token, "newPassword", password));
  }

  private ApiClient.Response register(String email, String password) {
    return api.post(
        "/api/v1/auth/register",
        Map.of("email", email, "password", password, "displayName", "Robin Keeper"));
  }

  static void assertProblem(ApiClient.Response r, int status) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().path("status").asInt()).isEqualTo(status);
    assertThat(r.raw()).doesNotContain("Exception").doesNotContain("at io.pawkeep");
  }
}
