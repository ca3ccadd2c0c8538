package io.pawkeep.documents;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a pet document is; its text in the database and the API is the lower-case name. */
public enum Kind {
  VACCINATION,
  LAB_RESULT,
  IMAGING,
  OTHER;

  /** The name in the database and the API, e.g. {@code lab_result}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named exactly by {@code text}, e.g. {@code lab_result}; empty for anything else. */
  public static Optional<Kind> parse(String text) {
    return Arrays.stream(values()).filter(k -> k.text().equals(text)).findFirst();
  }

  static Kind of(String text) {
    return text == null ? null : valueOf(text.toUpperCase(Locale.ROOT));
  }
}
