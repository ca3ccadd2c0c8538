package io.pawkeep.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The launch starts and migrates the embedded database while the context parses its configuration
 * ({@link EarlyDatabaseStart}, docs/performance.md "Start-up and memory"), never in production and
 * never before work that must precede the migrations. Runs on the test database's settings, so it
 * shares the server the other test classes use rather than starting one of its own.
 */
class EarlyDatabaseStartTests {

  @TempDir Path elsewhere;

  @Test
  void theLaunchStartsAndMigratesTheEmbeddedDatabaseBeforeAnyBeanIsCreated() {
    try (GenericApplicationContext context = context(Map.of())) {
      new EarlyDatabaseStart().initialize(context);
      context.refresh();

      EarlyDatabase early = context.getBean(EarlyDatabase.class);
      assertThat(early.migrated()).isTrue();
      // The server the context's databaseLogins bean now finds running, with nothing to migrate.
      Path dataDir = Path.of(context.getEnvironment().getRequiredProperty("pawkeep.data-dir"));
      DatabaseLogins logins =
          EmbeddedDatabase.start(
              dataDir,
              dataDir.resolve("pg"),
              true,
              DatabaseProperties.OWNER_ROLE,
              DatabaseProperties.APP_ROLE);
      assertThat(
              Migrations.configure(DatabaseConfiguration.owner(logins), logins.username())
                  .load()
                  .info()
                  .pending())
          .isEmpty();
    }
  }

  @Test
  void aStartWithWorkBeforeTheMigrationsLeavesThemToTheContext() {
    try (GenericApplicationContext context = context(Map.of())) {
      new EarlyDatabaseStart().initialize(context);
      context.registerBean(BeforeMigrations.class, () -> (owner, role) -> {});
      context.refresh();

      assertThat(context.getBean(EarlyDatabase.class).migrated()).isFalse();
    }
  }

  @Test
  void productionNeverStartsAnEmbeddedDatabaseAhead() throws IOException {
    Path dataDir = elsewhere.resolve("data");
    try (GenericApplicationContext context =
        context(Map.of("pawkeep.data-dir", dataDir.toString()))) {
      context.getEnvironment().setActiveProfiles("prod");
      new EarlyDatabaseStart().initialize(context);
      context.refresh();

      assertThat(context.getBeanProvider(EarlyDatabase.class).getIfAvailable()).isNull();
      assertThat(dataDir).doesNotExist();
    }
  }

  @Test
  void anEarlyStartTurnedOffLeavesTheDatabaseToTheContext() {
    Path dataDir = elsewhere.resolve("data");
    try (GenericApplicationContext context =
        context(
            Map.of(
                "pawkeep.data-dir", dataDir.toString(), "pawkeep.database.early-start", "false"))) {
      new EarlyDatabaseStart().initialize(context);
      context.refresh();

      assertThat(context.getBeanProvider(EarlyDatabase.class).getIfAvailable()).isNull();
      assertThat(dataDir).doesNotExist();
    }
  }

  @Test
  void anExternalDatabaseIsNeverStartedAhead() {
    Path dataDir = elsewhere.resolve("data");
    try (GenericApplicationContext context =
        context(
            Map.of(
                "pawkeep.data-dir",
                dataDir.toString(),
                "pawkeep.database.url",
                "jdbc:postgresql://db.example.org:5432/pawkeep"))) {
      new EarlyDatabaseStart().initialize(context);
      context.refresh();

      assertThat(context.getBeanProvider(EarlyDatabase.class).getIfAvailable()).isNull();
      assertThat(Files.exists(dataDir)).isFalse();
    }
  }

  /** A context with the tests' settings (application-test.yml over application.yml), plus some. */
  private static GenericApplicationContext context(Map<String, Object> settings) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("case", settings));
    YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
    try {
      for (String file : new String[] {"application-test.yml", "application.yml"}) {
        yaml.load(file, new ClassPathResource(file))
            .forEach(source -> environment.getPropertySources().addLast(source));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    GenericApplicationContext context = new GenericApplicationContext();
    context.setEnvironment(environment);
    return context;
  }
}
