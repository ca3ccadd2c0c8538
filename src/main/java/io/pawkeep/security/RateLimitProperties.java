package io.pawkeep.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Brute-force limits; every node shares their state through the database. */
@ConfigurationProperties("pawkeep.rate-limits")
public record RateLimitProperties(
    RateLimit loginPerAccount,
    RateLimit loginPerAddress,
    RateLimit registrationPerAddress,
    RateLimit resetPerAccount,
    RateLimit resetPerAddress,
    RateLimit reauthenticationPerAccount) {

  public RateLimitProperties {
    loginPerAccount = orDefault(loginPerAccount, 10, Duration.ofMinutes(1));
    loginPerAddress = orDefault(loginPerAddress, 60, Duration.ofMinutes(1));
    registrationPerAddress = orDefault(registrationPerAddress, 5, Duration.ofMinutes(1));
    resetPerAccount = orDefault(resetPerAccount, 5, Duration.ofHours(1));
    resetPerAddress = orDefault(resetPerAddress, 20, Duration.ofHours(1));
    // Checks of the current password or a code by a signed-in caller (password change, turning
    // off the second factor): a stolen session must not be able to guess its way further.
    reauthenticationPerAccount = orDefault(reauthenticationPerAccount, 5, Duration.ofMinutes(15));
  }

  private static RateLimit orDefault(RateLimit limit, int capacity, Duration period) {
    return limit == null ? new RateLimit(capacity, period) : limit;
  }
}
