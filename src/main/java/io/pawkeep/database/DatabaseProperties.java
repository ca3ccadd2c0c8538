package io.pawkeep.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Pawkeep's data lives. With no {@code url}, an embedded PostgreSQL is started under {@code
 * pawkeep.data-dir}; otherwise the application connects as {@code username} (a role that owns
 * nothing and cannot bypass row-level security) and migrates as {@code ownerUsername}. The embedded
 * server keeps its files in {@code embeddedDir} ({@code <data-dir>/pg} unless set) and generates
 * the passwords of both roles under {@code <data-dir>/keys/}. An empty value takes the default as a
 * missing one does (hence the boxed number and flag).
 */
@ConfigurationProperties("pawkeep.database")
public record DatabaseProperties(
    String url,
    @DefaultValue(DatabaseProperties.APP_ROLE) String username,
    String password,
    @DefaultValue(DatabaseProperties.OWNER_ROLE) String ownerUsername,
    String ownerPassword,
    @DefaultValue("10") Integer maxPoolSize,
    @DefaultValue("false") Boolean cleanEmbedded,
    Path embeddedDir) {

  static final String APP_ROLE = "pawkeep_app";
  static final String OWNER_ROLE = "pawkeep_owner";

  public DatabaseProperties {
    // An empty PAWKEEP_DATABASE_USERNAME names the default role, as a missing one does.
    username = username.isBlank() ? APP_ROLE : username;
    ownerUsername = ownerUsername.isBlank() ? OWNER_ROLE : ownerUsername;
  }

  public boolean embedded() {
    return url == null || url.isBlank();
  }
}
