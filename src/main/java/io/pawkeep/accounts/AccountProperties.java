package io.pawkeep.accounts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Account security settings, each with the default the requirements name. */
@ConfigurationProperties("pawkeep.accounts")
record AccountProperties(
    Integer passwordMinLength,
    Integer lockoutThreshold,
    Duration lockoutDuration,
    Duration emailVerificationTtl,
    Duration passwordResetTtl,
    Duration mfaChallengeTtl,
    Integer mfaChallengeAttempts,
    Duration sessionLifetime,
    String totpIssuer) {

  AccountProperties {
    passwordMinLength = passwordMinLength == null ? 12 : passwordMinLength;
    lockoutThreshold = lockoutThreshold == null ? 10 : lockoutThreshold;
    lockoutDuration = lockoutDuration == null ? Duration.ofMinutes(15) : lockoutDuration;
    emailVerificationTtl =
        emailVerificationTtl == null ? Duration.ofHours(24) : emailVerificationTtl;
    passwordResetTtl = passwordResetTtl == null ? Duration.ofMinutes(30) : passwordResetTtl;
    mfaChallengeTtl = mfaChallengeTtl == null ? Duration.ofMinutes(5) : mfaChallengeTtl;
    mfaChallengeAttempts = mfaChallengeAttempts == null ? 5 : mfaChallengeAttempts;
    sessionLifetime = sessionLifetime == null ? Duration.ofDays(30) : sessionLifetime;
    totpIssuer = totpIssuer == null || totpIssuer.isBlank() ? "Pawkeep" : totpIssuer;
  }
}
