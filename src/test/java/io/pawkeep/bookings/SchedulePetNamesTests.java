package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.PageClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schedule names a booking's pets to whoever may read them on the booking's own page, the
 * assignee inside the assignment window (AUTHZ-5); the scheduler, and the assignee before the
 * window opens, read a count.
 */
class SchedulePetNamesTests extends BusinessPagesTestSupport {

  @Test
  void theAssigneeInsideTheWindowReadsThePetsNamesAndTheSchedulerACount() {
    Company c = company("The Kennel");
    Instant soon = clock.instant().plus(Duration.ofMinutes(10));
    Instant later = inHours(72);
    assigned(c, c.walkerId(), soon);
    assigned(c, c.walkerId(), later);
    String soonDay = schedule(c, soon);
    String laterDay = schedule(c, later);

    PageClient walker = signedIn(c.walker());
    assertThat(walker.get(soonDay).body()).contains("· Rex").doesNotContain("1 pet");
    assertThat(walker.get(laterDay).body()).contains("· 1 pet").doesNotContain("Rex");

    PageClient manager = signedIn(c.manager());
    String managersDay = manager.get(soonDay).body();
    assertThat(managersDay).contains("· 1 pet").doesNotContain("Rex");
  }

  private static String schedule(Company c, Instant at) {
    return "/businesses/"
        + c.business()
        + "/schedule?date="
        + LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  private PageClient signedIn(User user) {
    PageClient client = new PageClient(port);
    client.get("/sign-in");
    PageClient.Page r =
        client.post("/sign-in", Map.of("email", user.email(), "password", user.password()));
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return client;
  }
}
