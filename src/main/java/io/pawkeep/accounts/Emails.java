package io.pawkeep.accounts;

import io.pawkeep.web.ApiProblem;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses as Pawkeep stores and compares them. */
final class Emails {

  static final int MAX_LENGTH = 254;
  private static final Pattern SHAPE = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

  private Emails() {}

  static String normalise(String email) {
    if (email == null) {
      throw ApiProblem.badRequest("email is required.");
    }
    String trimmed = email.strip().toLowerCase(Locale.ROOT);
    if (trimmed.length() > MAX_LENGTH || !SHAPE.matcher(trimmed).matches()) {
      throw ApiProblem.badRequest("email must be a valid address of at most 254 characters.");
    }
    return trimmed;
  }

  static String domain(String email) {
    return email.substring(email.indexOf('@') + 1);
  }
}
