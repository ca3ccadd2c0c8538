package io.pawkeep.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Pawkeep's data lives. With no {@code url}, an embedded PostgreSQL is started under {@code
 * pawkeep.data-dir}; otherwise the application connects as {@code username} (a role that owns
 * nothing and cannot bypass row-level security) and migrates as {@code ownerUsername}. The embedded
 * server keeps its files in {@code embeddedDir} ({@code <data-dir>/pg} unless set) and generates
 * the passwords of both roles under {@code <data-dir>/keys/}.
 */
@ConfigurationProperties("pawkeep.database")
public record DatabaseProperties(
    String url,
    String username,
    String password,
    String ownerUsername,
    String ownerPassword,
    Integer maxPoolSize,
    Boolean cleanEmbedded,
    Path embeddedDir) {

  public DatabaseProperties {
    username = blankToDefault(username, "pawkeep_app");
    ownerUsername = blankToDefault(ownerUsername, "pawkeep_owner");
    maxPoolSize = maxPoolSize == null ? 10 : maxPoolSize;
    cleanEmbedded = cleanEmbedded != null && cleanEmbedded;
  }

  public boolean embedded() {
    return url == null || url.isBlank();
  }

  private static String blankToDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
