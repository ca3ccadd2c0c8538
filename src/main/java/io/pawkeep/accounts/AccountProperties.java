package io.pawkeep.accounts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Account security settings, each with the default the requirements name. {@code recoveryCodeKey}:
 * the base64 key recovery codes are hashed under; empty means a development key under the data
 * directory, which production refuses. An empty value takes the default as a missing one does
 * (hence the boxed numbers).
 */
@ConfigurationProperties("pawkeep.accounts")
record AccountProperties(
    @DefaultValue("12") Integer passwordMinLength,
    @DefaultValue("10") Integer lockoutThreshold,
    @DefaultValue("PT15M") Duration lockoutDuration,
    @DefaultValue("PT24H") Duration emailVerificationTtl,
    @DefaultValue("PT30M") Duration passwordResetTtl,
    @DefaultValue("PT5M") Duration mfaChallengeTtl,
    @DefaultValue("5") Integer mfaChallengeAttempts,
    @DefaultValue("P30D") Duration sessionLifetime,
    @DefaultValue(AccountProperties.TOTP_ISSUER) String totpIssuer,
    @DefaultValue("") String recoveryCodeKey) {

  static final String TOTP_ISSUER = "Pawkeep";

  AccountProperties {
    // An empty issuer would leave authenticator apps without a name for the account.
    totpIssuer = totpIssuer.isBlank() ? TOTP_ISSUER : totpIssuer;
  }

  /** Every setting but the recovery-code key, of which it says only whether it is configured. */
  @Override
  public String toString() {
    return "AccountProperties[passwordMinLength=%d, lockoutThreshold=%d, lockoutDuration=%s,"
            .formatted(passwordMinLength, lockoutThreshold, lockoutDuration)
        + " emailVerificationTtl=%s, passwordResetTtl=%s, mfaChallengeTtl=%s,"
            .formatted(emailVerificationTtl, passwordResetTtl, mfaChallengeTtl)
        + " mfaChallengeAttempts=%d, sessionLifetime=%s, totpIssuer=%s, recoveryCodeKey=%s]"
            .formatted(
                mfaChallengeAttempts,
                sessionLifetime,
                totpIssuer,
                recoveryCodeKey.isBlank() ? "" : "(set)");
  }
}
