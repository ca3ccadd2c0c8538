package io.pawkeep.accounts;

import io.pawkeep.security.ClientInfo;
import io.pawkeep.security.WebSessionCookie;
import java.util.UUID;
import org.springframework.context.ApplicationContext;

/**
 * Browser sessions for the page benchmark ({@code bench/pages-load.sh}): the steps the sign-in page
 * takes once the password is checked ({@link SignInPages}), through the same session service, so
 * the benchmark's cookies are real ones without an Argon2 hash per person.
 */
public final class WebSessionsForLoad {

  private final Sessions sessions;
  private final WebSessionProperties settings;

  public WebSessionsForLoad(ApplicationContext app) {
    this.sessions = app.getBean(Sessions.class);
    this.settings = app.getBean(WebSessionProperties.class);
  }

  /** Opens a browser session for the person; returns the cookie's secret. */
  public String open(UUID userId) {
    TokenResponse opened = sessions.open(userId, new ClientInfo("127.0.0.1", "pages-load"));
    String secret = WebSessionCookie.newSecret();
    sessions.makeWebSession(
        opened,
        WebSessionCookie.hash(secret),
        settings.idleTimeout(),
        settings.absoluteTimeout(),
        false);
    return secret;
  }
}
