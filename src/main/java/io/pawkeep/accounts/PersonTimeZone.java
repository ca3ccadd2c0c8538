package io.pawkeep.accounts;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.UtcTimes;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The signed-in person's time zone for the pages. A browser session's request already read it in
 * the statement that began the request (no query); otherwise it is read from their own account row
 * in the request's transaction. {@link UtcTimes} asks once per request and keeps the answer.
 */
@Component
class PersonTimeZone implements UtcTimes.PersonZone {

  private final CurrentUser currentUser;
  private final AccountRepository accounts;

  PersonTimeZone(CurrentUser currentUser, AccountRepository accounts) {
    this.currentUser = currentUser;
    this.accounts = accounts;
  }

  @Override
  public Optional<ZoneId> zone() {
    if (!currentUser.isSignedIn()) {
      return Optional.empty();
    }
    Optional<String> name =
        currentUser
            .person()
            .map(person -> Optional.ofNullable(person.timeZone()))
            .orElseGet(() -> accounts.timeZone(currentUser.userId()));
    return name.flatMap(PersonTimeZone::known);
  }

  /** A name this JVM no longer knows (an older time-zone database) falls back to UTC. */
  private static Optional<ZoneId> known(String name) {
    try {
      return Optional.of(ZoneId.of(name));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
