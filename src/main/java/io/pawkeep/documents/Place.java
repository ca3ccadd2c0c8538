package io.pawkeep.documents;

import java.util.Locale;

/** Where a document belongs; its text in the database and the API is the lower-case name. */
public enum Place {
  PET_PHOTO,
  PET,
  HOUSEHOLD,
  VISIT,
  BUSINESS;

  /** The name in the database and the API, e.g. {@code pet_photo}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Place of(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
