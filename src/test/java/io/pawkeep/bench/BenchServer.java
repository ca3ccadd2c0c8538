package io.pawkeep.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.pawkeep.PawkeepApplication;
import io.pawkeep.database.DatabaseProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the load benchmarks' servers share ({@code bench/app-server.sh} starts them): Pawkeep
 * started as usual (arguments go to Spring, so the script chooses the data directory, a clean
 * embedded database and the port), seeded as the schema owner, then the files the load generators
 * read written under {@code <data-dir>/bench/}, the {@code ready} file last.
 */
final class BenchServer {

  /** Seeding work on the schema owner's connection. */
  interface Seed {
    void run(Connection owner) throws SQLException;
  }

  private final ConfigurableApplicationContext app;
  private final Path dataDir;

  private BenchServer(ConfigurableApplicationContext app) {
    this.app = app;
    this.dataDir = Path.of(app.getEnvironment().getProperty("pawkeep.data-dir", "./data"));
  }

  /** What a bench server does once Pawkeep runs: seed, write its files, then {@link #ready}. */
  interface Setup {
    void run(BenchServer server) throws Exception;
  }

  /**
   * Starts Pawkeep and runs {@code setup}; if that fails, stops Pawkeep and exits, so the script
   * sees the failure at once instead of waiting for a {@code ready} file that never comes.
   */
  static void serve(String[] args, Setup setup) {
    BenchServer server = new BenchServer(SpringApplication.run(PawkeepApplication.class, args));
    try {
      setup.run(server);
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(SpringApplication.exit(server.app, () -> 1));
    }
  }

  ApplicationContext context() {
    return app;
  }

  <T> T bean(Class<T> type) {
    return app.getBean(type);
  }

  /** Runs {@code seed} as the schema owner (row-level security does not apply to it). */
  BenchServer seed(Seed seed) throws IOException, SQLException {
    String url = bean(HikariDataSource.class).getJdbcUrl();
    DatabaseProperties database = bean(DatabaseProperties.class);
    // The embedded database's generated owner password (HARD-7).
    String ownerPassword =
        database.embedded()
            ? Files.readString(dataDir.resolve("keys/database-owner-dev.password")).trim()
            : database.ownerPassword();
    try (Connection owner =
        DriverManager.getConnection(url, database.ownerUsername(), ownerPassword)) {
      seed.run(owner);
    }
    return this;
  }

  /**
   * Runs {@code seed} as the embedded database's superuser: {@code COPY FROM} is refused on tables
   * whose row-level security is forced, even to their owner, and the superuser bypasses it.
   */
  BenchServer seedAsSuperuser(Seed seed) throws IOException, SQLException {
    if (!bean(DatabaseProperties.class).embedded()) {
      throw new IllegalStateException("COPY seeding needs the embedded database's superuser");
    }
    String url = bean(HikariDataSource.class).getJdbcUrl();
    String password =
        Files.readString(dataDir.resolve("keys/database-superuser-dev.password")).trim();
    try (Connection superuser = DriverManager.getConnection(url, "postgres", password)) {
      seed.run(superuser);
    }
    return this;
  }

  /**
   * Writes {@code files} (name to lines) and {@code server.env} (the application's port and the
   * database's address for the application role), then {@code ready}.
   */
  void ready(Map<String, List<String>> files) throws IOException {
    Path out = dataDir.resolve("bench");
    Files.createDirectories(out);
    for (var file : files.entrySet()) {
      Files.write(out.resolve(file.getKey()), file.getValue());
    }
    String url = bean(HikariDataSource.class).getJdbcUrl();
    URI db = URI.create(url.substring("jdbc:".length()));
    Files.writeString(
        out.resolve("server.env"),
        """
        APP_PORT=%s
        PGHOST=%s
        PGPORT=%d
        PGDATABASE=%s
        PGUSER=%s
        """
            .formatted(
                app.getEnvironment().getProperty("local.server.port"),
                db.getHost(),
                db.getPort(),
                db.getPath().substring(1),
                bean(DatabaseProperties.class).username()));
    Files.writeString(out.resolve("ready"), "");
  }
}
