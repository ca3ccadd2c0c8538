package io.pawkeep.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A password or second-factor sign-in attempt, published for monitoring (LOG-3) once it is decided.
 *
 * @param account the account's id, or for an email no account has {@code unknown:} and a digest of
 *     it (the email itself never leaves this module)
 * @param address the client's network (an IPv6 address by its /64), as lockouts count it
 * @param succeeded whether it signed the person in
 */
public record SignInAttempt(String account, String address, boolean succeeded) {

  static SignInAttempt of(UUID account, String address, boolean succeeded) {
    return new SignInAttempt(account.toString(), address == null ? "unknown" : address, succeeded);
  }

  static SignInAttempt unknownEmail(String email, String address) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(String.valueOf(email).getBytes(StandardCharsets.UTF_8));
      return new SignInAttempt(
          "unknown:" + HexFormat.of().formatHex(digest, 0, 16),
          address == null ? "unknown" : address,
          false);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
