package io.pawkeep.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Brute-force and API limits; every node shares their state through the database. */
@ConfigurationProperties("pawkeep.rate-limits")
public record RateLimitProperties(
    RateLimit loginPerAccount,
    RateLimit loginPerAddress,
    RateLimit registrationPerAddress,
    RateLimit resetPerAccount,
    RateLimit resetPerAddress,
    RateLimit reauthenticationPerAccount,
    RateLimit apiKeyPerHour,
    RateLimit apiKeyPerDay,
    RateLimit apiPerUser) {

  public RateLimitProperties {
    loginPerAccount = orDefault(loginPerAccount, 10, Duration.ofMinutes(1));
    loginPerAddress = orDefault(loginPerAddress, 60, Duration.ofMinutes(1));
    registrationPerAddress = orDefault(registrationPerAddress, 5, Duration.ofMinutes(1));
    resetPerAccount = orDefault(resetPerAccount, 5, Duration.ofHours(1));
    resetPerAddress = orDefault(resetPerAddress, 20, Duration.ofHours(1));
    // Checks of the current password or a code by a signed-in caller (password change, turning
    // off the second factor): a stolen session must not be able to guess its way further.
    reauthenticationPerAccount = orDefault(reauthenticationPerAccount, 5, Duration.ofMinutes(15));
    // HARD-5: API calls per business API key, and per signed-in user for interactive calls.
    apiKeyPerHour = orDefault(apiKeyPerHour, 50, Duration.ofHours(1));
    apiKeyPerDay = orDefault(apiKeyPerDay, 200, Duration.ofDays(1));
    apiPerUser = orDefault(apiPerUser, 3000, Duration.ofHours(1));
  }

  private static RateLimit orDefault(RateLimit limit, int capacity, Duration period) {
    return limit == null ? new RateLimit(capacity, period) : limit;
  }
}
