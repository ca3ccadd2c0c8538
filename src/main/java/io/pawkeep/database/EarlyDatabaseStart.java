package io.pawkeep.database;

import io.pawkeep.security.DataDirProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Starts the embedded development database on a thread of its own as soon as the settings are
 * known, before the context parses its configuration and creates its beans, so initdb (on a first
 * start), the server's start and the migrations overlap the rest of the start instead of preceding
 * the pool (docs/performance.md, "Start-up and memory"). The application's launch adds it ({@code
 * PawkeepApplication.main}); a context without it starts the database in its {@code databaseLogins}
 * bean as before, which is also what happens when this start fails (the context then reports the
 * error).
 *
 * <p>Never in production: the {@code prod} profile refuses an embedded database before any bean is
 * created, and nothing may start one ahead of that refusal. Not with an external database either.
 */
public final class EarlyDatabaseStart
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static final Logger log = LoggerFactory.getLogger(EarlyDatabaseStart.class);

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment environment = context.getEnvironment();
    // pawkeep.database.early-start=false: the bean starts it, as without this initializer (to
    // compare the two on one build: bench/startup.sh VARIANTS).
    if (environment.acceptsProfiles(Profiles.of("prod"))
        || !environment.getProperty("pawkeep.database.early-start", Boolean.class, true)) {
      return;
    }
    DatabaseProperties database;
    DataDirProperties files;
    PitrProperties pitr;
    try {
      Binder binder = Binder.get(environment);
      database = binder.bindOrCreate("pawkeep.database", DatabaseProperties.class);
      files = binder.bindOrCreate("pawkeep", DataDirProperties.class);
      pitr = binder.bindOrCreate("pawkeep.pitr", PitrProperties.class);
    } catch (RuntimeException e) {
      // A setting the context will refuse with its own message: leave the start to it.
      log.debug("Embedded PostgreSQL not started early: the settings do not bind", e);
      return;
    }
    if (!database.embedded()) {
      return;
    }
    EarlyDatabase early = new EarlyDatabase(database, files, pitr);
    context.getBeanFactory().registerSingleton(EarlyDatabase.BEAN, early);
    context.addBeanFactoryPostProcessor(early::configured);
    context.addApplicationListener(
        event -> {
          if (event instanceof ApplicationFailedEvent) {
            early.failed();
          }
        });
    early.start();
  }
}
