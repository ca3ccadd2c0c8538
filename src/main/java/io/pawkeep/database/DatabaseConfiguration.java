package io.pawkeep.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pawkeep.security.DataDirProperties;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Migrates the schema as the owner role, then hands the rest of the application a pool that
 * connects as the application role, so every query runs under row-level security.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  DatabaseProperties.class,
  PlatformAdminProperties.class,
  PitrProperties.class
})
class DatabaseConfiguration {

  @Bean
  DatabaseLogins databaseLogins(
      DatabaseProperties properties, DataDirProperties files, PitrProperties pitr) {
    if (!properties.embedded()) {
      return new DatabaseLogins(
          properties.url(),
          properties.username(),
          properties.password(),
          properties.ownerUsername(),
          properties.ownerPassword());
    }
    // Already started, or being started, when the launch began it early (EarlyDatabaseStart).
    return embedded(properties, files, pitr);
  }

  /** Starts (or finds running) the embedded server these settings describe. */
  static DatabaseLogins embedded(
      DatabaseProperties properties, DataDirProperties files, PitrProperties pitr) {
    Path dataDir = files.dataDir();
    return EmbeddedDatabase.start(
        dataDir,
        embeddedDir(properties, dataDir),
        properties.cleanEmbedded(),
        properties.ownerUsername(),
        properties.username(),
        pitr.activeFor(properties) ? pitr.archive(dataDir) : null);
  }

  /** Where the embedded server keeps its files. */
  static Path embeddedDir(DatabaseProperties properties, Path dataDir) {
    return properties.embeddedDir() == null ? dataDir.resolve("pg") : properties.embeddedDir();
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(
      DatabaseLogins logins,
      DatabaseProperties properties,
      PlatformAdminProperties admins,
      ObjectProvider<BeforeMigrations> beforeMigrations,
      ObjectProvider<EarlyDatabase> earlyStart)
      throws Exception {
    DataSource owner = owner(logins);
    EarlyDatabase early = earlyStart.getIfAvailable();
    // An early start migrates only when there is no work before the migrations (EarlyDatabase).
    if (early == null || !early.migrated()) {
      for (BeforeMigrations before : beforeMigrations.orderedStream().toList()) {
        before.prepare(owner, logins.username());
      }
      migrate(owner, logins.username());
    }
    PlatformAdmins.synchronise(owner, admins.emails());

    HikariConfig pool = new HikariConfig();
    pool.setPoolName("pawkeep");
    pool.setJdbcUrl(logins.url());
    pool.setUsername(logins.username());
    pool.setPassword(logins.password());
    pool.setMaximumPoolSize(properties.maxPoolSize());
    pool.setAutoCommit(true);
    return new HikariDataSource(pool);
  }

  @Bean
  JdbcClient jdbcClient(DataSource dataSource) {
    return JdbcClient.create(dataSource);
  }

  /** Connections as the schema owner, for the migrations and the work before them. */
  static DataSource owner(DatabaseLogins logins) {
    return new SimpleDriverDataSource(
        new org.postgresql.Driver(), logins.url(), logins.ownerUsername(), logins.ownerPassword());
  }

  static void migrate(DataSource owner, String appRole) {
    migrations(owner, appRole).load().migrate();
  }

  /** How the schema is migrated: as the owner, with the application role as a placeholder. */
  static FluentConfiguration migrations(DataSource owner, String appRole) {
    return Flyway.configure()
        .dataSource(owner)
        .locations("classpath:db/migration")
        .placeholders(java.util.Map.of("appRole", appRole))
        // Migrations select functions for their effect (select pawkeep_protect(...)): without
        // this, Flyway logs every such result as a table.
        .outputQueryResults(false);
  }

  static List<String> normalised(List<String> emails) {
    return emails.stream().map(e -> e.trim().toLowerCase(java.util.Locale.ROOT)).toList();
  }
}
