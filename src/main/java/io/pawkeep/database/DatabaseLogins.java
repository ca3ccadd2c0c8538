package io.pawkeep.database;

/**
 * Where Pawkeep's database is and as whom it connects: the application role for requests, the owner
 * role for migrations and maintenance. From the settings, or from the embedded server and its
 * generated passwords.
 */
record DatabaseLogins(
    String url, String username, String password, String ownerUsername, String ownerPassword) {

  DatabaseLogins {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("url cannot be empty");
    }
  }

  @Override
  public String toString() {
    // Never the passwords, should this record ever reach a log.
    return "DatabaseLogins[url="
        + url
        + ", username="
        + username
        + ", ownerUsername="
        + ownerUsername
        + "]";
  }
}
