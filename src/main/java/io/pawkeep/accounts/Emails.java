package io.pawkeep.accounts;

import io.pawkeep.web.ApiProblem;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses as Pawkeep stores and compares them. */
final class Emails {

  static final int MAX_LENGTH = 254;

  /**
   * A practical address: a local part of letters, digits and {@code .!#$%&'*+/=?^_~-} (no leading,
   * trailing or doubled dot; no quotes, braces, pipes, backticks, angle brackets, spaces or control
   * characters, which no real mailbox needs and which page text, logs and mail headers would have
   * to escape), one {@code @}, and a dotted domain of letters, digits and inner hyphens whose last
   * label is letters (or an {@code xn--} label). Checked after lowercasing.
   */
  private static final Pattern SHAPE =
      Pattern.compile(
          "^(?=[^@]{1,64}@)[a-z0-9!#$%&'*+/=?^_~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_~-]+)*"
              + "@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$");

  /**
   * The shape addresses had to have before the strict one: an account made then keeps signing in
   * and resetting its password with its address, whatever it holds.
   */
  private static final Pattern EXISTING_SHAPE =
      Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

  private Emails() {}

  /**
   * An address as typed to find an existing account (sign-in, forgotten password), checked only
   * against the older, looser shape, so accounts made before the strict shape are not locked out.
   */
  static String normaliseExisting(String email) {
    return normalise(email, EXISTING_SHAPE);
  }

  static String normalise(String email) {
    return normalise(email, SHAPE);
  }

  private static String normalise(String email, Pattern shape) {
    if (email == null) {
      throw ApiProblem.badRequest("email is required.");
    }
    String trimmed = email.strip().toLowerCase(Locale.ROOT);
    if (trimmed.length() > MAX_LENGTH || !shape.matcher(trimmed).matches()) {
      throw ApiProblem.badRequest("email must be a valid address of at most 254 characters.");
    }
    return trimmed;
  }

  /** Whether {@code email}, stripped and lowercased, has the shape {@link #normalise} takes. */
  static boolean shaped(String email) {
    if (email == null) {
      return false;
    }
    String trimmed = email.strip().toLowerCase(Locale.ROOT);
    return trimmed.length() <= MAX_LENGTH && SHAPE.matcher(trimmed).matches();
  }

  static String domain(String email) {
    return email.substring(email.indexOf('@') + 1);
  }
}
