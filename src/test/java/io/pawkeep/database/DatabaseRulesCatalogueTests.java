package io.pawkeep.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.pawkeep.testing.ApiTestSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Every rule of the database in one reviewed text: {@code docs/database-rules.txt} is what the
 * migrations build (row-level security flags, grants, policies, triggers, functions and who may
 * execute them), so a change to any rule shows up in review as a diff of that file.
 *
 * <p>When a test here fails because the rules changed on purpose, the text the database has now is
 * in {@code target/database-rules.txt}: copy it over {@code docs/database-rules.txt}, or run {@code
 * ./mvnw -o verify -Dtest=DatabaseRulesCatalogueTests -Dpawkeep.rules.write=true}, which rewrites
 * the committed file, and review the diff.
 *
 * <p>The shared test database is read as the application role (catalogue reads are open to it). The
 * scratch databases that prove a fresh and an upgraded schema end alike are created by the embedded
 * server's superuser, migrated and read as the owner role, as the application migrates, and dropped
 * afterwards; nothing else in the tests connects as them.
 */
class DatabaseRulesCatalogueTests extends ApiTestSupport {

  static final Path COMMITTED = Path.of("docs", "database-rules.txt");
  static final Path RENDERED = Path.of("target", "database-rules.txt");
  private static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");

  /** The versioned migration that moved every rule into the repeatable ones. */
  private static final int RULES_MOVED_AT = 32;

  /** Functions any role may execute on purpose. None: each grant names the application role. */
  private static final Set<String> EXECUTABLE_BY_PUBLIC = Set.of();

  @Autowired HikariDataSource application;
  @Autowired DatabaseLogins logins;
  @Autowired JdbcClient jdbc;

  @Value("${pawkeep.data-dir}")
  Path dataDir;

  @Test
  void theCommittedRuleCatalogueIsWhatTheMigrationsBuild() throws Exception {
    String live;
    try (Connection c = application.getConnection()) {
      live = DatabaseRulesCatalogue.render(c);
    }
    Files.createDirectories(RENDERED.getParent());
    Files.writeString(RENDERED, live, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("pawkeep.rules.write")) {
      Files.writeString(COMMITTED, live, StandardCharsets.UTF_8);
    }
    assertThat(live)
        .as(
            "the database's rules differ from %s; the live text is in %s: review the difference"
                + " and copy it over (or run with -Dpawkeep.rules.write=true)",
            COMMITTED, RENDERED)
        .isEqualTo(committed());
  }

  @Test
  void aFreshDatabaseAndOneUpgradedFromVersion31EndWithTheSameRules(@TempDir Path upToV31)
      throws Exception {
    copyVersionedMigrationsUpTo(31, upToV31);
    try (ScratchDatabase fresh = new ScratchDatabase("pawkeep_rules_fresh");
        ScratchDatabase upgraded = new ScratchDatabase("pawkeep_rules_upgraded")) {
      fresh.migrations().load().migrate();

      // Today's databases: V1..V31 applied, no repeatable migration yet.
      MigrateResult old = upgraded.migrations().locations("filesystem:" + upToV31).load().migrate();
      assertThat(old.targetSchemaVersion).isEqualTo("31");
      assertThat(old.migrations).allMatch(m -> m.version != null && !m.version.isEmpty());
      MigrateResult upgrade = upgraded.migrations().load().migrate();
      assertThat(upgrade.migrations).anyMatch(m -> m.version == null || m.version.isEmpty());

      String freshRules = fresh.rules();
      assertThat(upgraded.rules()).isEqualTo(freshRules);
      // While the committed file is being rewritten, the test above owns the comparison with it
      // (JUnit may run this one first, against the file as it was).
      if (!Boolean.getBoolean("pawkeep.rules.write")) {
        assertThat(freshRules).isEqualTo(committed());
      }
    }
  }

  @Test
  void everySecurityDefinerFunctionPinsItsSearchPathWithTemporarySchemasLast() {
    // AUTHZ-4: a definer function runs with the owner's rights; an unpinned search_path would let
    // a caller's own objects (or pg_temp searched first) stand in for the ones it means.
    List<String> unpinned =
        jdbc.sql(
                """
                select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
                  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'public' and p.prosecdef
                   and not exists (select 1 from unnest(p.proconfig) s
                                    where s ~ '^search_path=pg_catalog, (public, )?pg_temp$')
                 order by 1
                """)
            .query(String.class)
            .list();
    assertThat(unpinned).as("security definer functions without a pinned search_path").isEmpty();
    assertThat(definerFunctionCount()).isGreaterThan(40);
  }

  @Test
  void noFunctionIsExecutableByEveryRoleUnlessListedOnPurpose() {
    List<String> open =
        jdbc.sql(
                """
                select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
                  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'public'
                   and not exists (select 1 from pg_depend d
                                    where d.classid = 'pg_proc'::regclass and d.objid = p.oid
                                      and d.deptype = 'e')
                   and exists (select 1
                                 from aclexplode(coalesce(p.proacl,
                                                          acldefault('f', p.proowner))) a
                                where a.grantee = 0 and a.privilege_type = 'EXECUTE')
                 order by 1
                """)
            .query(String.class)
            .list();
    assertThat(open).allMatch(EXECUTABLE_BY_PUBLIC::contains);
  }

  @Test
  void noVersionedMigrationFromTheMoveOnDefinesAFunctionPolicyOrTrigger() throws IOException {
    Pattern version = Pattern.compile("V(\\d+)__.*\\.sql");
    Pattern definition =
        Pattern.compile(
            "\\b(create\\s+(or\\s+replace\\s+)?(function|procedure|policy|trigger"
                + "|constraint\\s+trigger)|alter\\s+(policy|function))\\b",
            Pattern.CASE_INSENSITIVE);
    List<String> offenders;
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      offenders =
          files
              .filter(
                  f -> {
                    Matcher m = version.matcher(f.getFileName().toString());
                    return m.matches() && Integer.parseInt(m.group(1)) >= RULES_MOVED_AT;
                  })
              .filter(f -> definition.matcher(withoutLineComments(f)).find())
              .map(f -> f.getFileName().toString())
              .sorted()
              .toList();
    }
    assertThat(offenders)
        .as("functions, policies and triggers belong in the R__ files of db/migration")
        .isEmpty();
  }

  /** The lint above catches what it is meant to. */
  @Test
  void theMigrationLintRecognisesADefinition() {
    Pattern definition =
        Pattern.compile(
            "\\b(create\\s+(or\\s+replace\\s+)?(function|procedure|policy|trigger"
                + "|constraint\\s+trigger)|alter\\s+(policy|function))\\b",
            Pattern.CASE_INSENSITIVE);
    assertThat(definition.matcher("CREATE OR REPLACE\n FUNCTION f()").find()).isTrue();
    assertThat(definition.matcher("create policy p on t").find()).isTrue();
    assertThat(definition.matcher("alter table t add column f int").find()).isFalse();
  }

  private long definerFunctionCount() {
    return jdbc.sql(
            """
            select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             where n.nspname = 'public' and p.prosecdef
            """)
        .query(Long.class)
        .single();
  }

  private static String withoutLineComments(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).replaceAll("--[^\n]*", "");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String committed() throws IOException {
    return Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
  }

  private static void copyVersionedMigrationsUpTo(int last, Path target) throws IOException {
    Pattern version = Pattern.compile("V(\\d+)__.*\\.sql");
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path f : files.toList()) {
        Matcher m = version.matcher(f.getFileName().toString());
        if (m.matches() && Integer.parseInt(m.group(1)) <= last) {
          Files.copy(f, target.resolve(f.getFileName()));
        }
      }
    }
  }

  /** A database of its own on the embedded server, owned by the owner role, dropped on close. */
  private final class ScratchDatabase implements AutoCloseable {

    private final String name;

    ScratchDatabase(String name) throws Exception {
      this.name = name;
      try (Connection c = superuser();
          Statement s = c.createStatement()) {
        s.execute("drop database if exists " + name + " with (force)");
        s.execute("create database " + name + " owner " + logins.ownerUsername());
      }
    }

    org.flywaydb.core.api.configuration.FluentConfiguration migrations() {
      return DatabaseConfiguration.migrations(
          new SimpleDriverDataSource(
              new org.postgresql.Driver(),
              url(name),
              logins.ownerUsername(),
              logins.ownerPassword()),
          logins.username());
    }

    String rules() throws SQLException {
      try (Connection c =
          DriverManager.getConnection(url(name), logins.ownerUsername(), logins.ownerPassword())) {
        return DatabaseRulesCatalogue.render(c);
      }
    }

    @Override
    public void close() throws Exception {
      try (Connection c = superuser();
          Statement s = c.createStatement()) {
        s.execute("drop database if exists " + name + " with (force)");
      }
    }
  }

  private Connection superuser() throws Exception {
    Properties login = new Properties();
    login.setProperty("user", EmbeddedPasswords.SUPERUSER);
    login.setProperty(
        "password",
        Files.readString(
                dataDir.resolve("keys").resolve(EmbeddedPasswords.SUPERUSER_FILE),
                StandardCharsets.US_ASCII)
            .trim());
    return DriverManager.getConnection(url("postgres"), login);
  }

  private String url(String database) {
    return logins.url().replace("/" + EmbeddedDatabase.DATABASE, "/" + database);
  }
}
