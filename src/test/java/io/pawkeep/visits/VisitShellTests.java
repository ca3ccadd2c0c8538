package io.pawkeep.visits;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.PageClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The visit app's shell is the same HTML for everyone, answered without a session, revalidated
 * rather than never stored (the service worker keeps it), and the only page allowed to ask for the
 * location; its JSON routes answer problems, never the sign-in page (DOM-6, SESS-5, HARD-2).
 */
class VisitShellTests extends ApiTestSupport {

  @Test
  void theShellNeedsNoSessionAndMayBeKeptByTheServiceWorker() {
    PageClient stranger = new PageClient(port);
    for (String path : new String[] {"/visits", "/visits/" + UUID.randomUUID()}) {
      PageClient.Page shell = stranger.get(path);
      assertThat(shell.status()).as(path).isEqualTo(200);
      assertThat(shell.body()).contains("<h1 id=\"page-title\">").contains("/js/visits/app.js");
      assertThat(shell.header("Cache-Control")).isEqualTo("no-cache");
      assertThat(shell.header("Permissions-Policy")).contains("geolocation=(self)");
      assertThat(shell.headers().allValues("Set-Cookie")).isEmpty();
    }
  }

  @Test
  void theShellCarriesNoPersonalDataForSomeoneSignedIn() {
    User walker = signedInUser("shell-walker");
    VisitAppSession app = VisitAppSession.signIn(port, walker);
    PageClient.Page shell = app.browser.get("/visits");
    assertThat(shell.status()).isEqualTo(200);
    assertThat(shell.body()).doesNotContain(walker.email()).doesNotContain("csrf");
    String strangers = VisitAppSession.stranger(port).browser.get("/visits").body();
    assertThat(withoutNonce(shell.body())).isEqualTo(withoutNonce(strangers));
  }

  private static String withoutNonce(String html) {
    return html.replaceAll("nonce=\"[^\"]*\"", "");
  }

  @Test
  void otherPagesStillMayNotAskForTheLocation() {
    assertThat(new PageClient(port).get("/sign-in").header("Permissions-Policy"))
        .contains("geolocation=()");
  }

  @Test
  void theAppsDataAnswersAProblemWithoutASessionNeverTheSignInPage() {
    VisitAppSession stranger = VisitAppSession.stranger(port);
    for (String path : new String[] {"/visits/data", "/visits/csrf"}) {
      PageClient.Page r = stranger.get(path);
      assertThat(r.status()).as(path).isEqualTo(401);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(r.header("Location")).isNull();
    }
    var sync = stranger.post("/visits/sync", java.util.Map.of("items", java.util.List.of()), null);
    assertThat(sync.status()).isEqualTo(401);
    assertThat(sync.header("Content-Type")).startsWith("application/problem+json");
    var reveal =
        stranger.post(
            "/visits/" + UUID.randomUUID() + "/reveal", java.util.Map.of("reason", "walk"), null);
    assertThat(reveal.status()).isEqualTo(401);
  }
}
