package io.pawkeep.database;

import io.pawkeep.security.DataDirProperties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * The embedded database's start begun by {@link EarlyDatabaseStart}: the server (one per folder and
 * JVM, so the {@code databaseLogins} bean finds it started or waits for it), then the migrations,
 * unless the context has work that must reach the database before them ({@link BeforeMigrations}: a
 * restore at start), which it learns once the configuration is parsed, before any bean exists.
 */
final class EarlyDatabase {

  static final String BEAN = "pawkeepEarlyDatabase";

  private static final Logger log = LoggerFactory.getLogger(EarlyDatabase.class);

  /** Bounds every wait, so a context that never gets as far as deciding cannot hold the JVM. */
  private static final long WAIT_MINUTES = 10;

  private final DatabaseProperties database;
  private final DataDirProperties files;
  private final PitrProperties pitr;
  private final CompletableFuture<Boolean> mayMigrate = new CompletableFuture<>();
  private final CompletableFuture<Boolean> migrated = new CompletableFuture<>();

  EarlyDatabase(DatabaseProperties database, DataDirProperties files, PitrProperties pitr) {
    this.database = database;
    this.files = files;
    this.pitr = pitr;
  }

  /**
   * Not a daemon: a start that fails meanwhile waits for it ({@link #failed}), so the server it
   * launched is stopped with the JVM rather than left running.
   */
  void start() {
    Thread.ofPlatform().name("pawkeep-database-start").start(this::run);
  }

  private void run() {
    boolean done = false;
    try {
      DatabaseLogins logins = DatabaseConfiguration.embedded(database, files, pitr);
      if (mayMigrate.get(WAIT_MINUTES, TimeUnit.MINUTES)) {
        DatabaseConfiguration.migrate(DatabaseConfiguration.owner(logins), logins.username());
        done = true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // The context starts and migrates again where this stopped, and reports what fails there.
      log.debug("Embedded PostgreSQL's early start stopped; the context takes over", e);
    } finally {
      migrated.complete(done);
    }
  }

  /**
   * Once the configuration is parsed (a bean factory post-processor): migrates early only when
   * nothing must reach the database before the migrations.
   */
  void configured(ConfigurableListableBeanFactory beanFactory) {
    mayMigrate.complete(
        beanFactory.getBeanNamesForType(BeforeMigrations.class, true, false).length == 0);
  }

  /** A start that fails waits for this one, whose server then stops with the JVM. */
  void failed() {
    mayMigrate.complete(false);
    migrated();
  }

  /** Whether this start migrated the database; waits for it to finish. */
  boolean migrated() {
    try {
      return migrated.get(WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }
}
