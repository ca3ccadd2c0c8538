package io.pawkeep.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiTestSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Migrations call {@code select pawkeep_protect(...)} and similar functions; Flyway prints the
 * result of every select as a table at INFO unless told not to, which filled the start-up log.
 */
@ExtendWith(OutputCaptureExtension.class)
class MigrationLogTests extends ApiTestSupport {

  private static final String SCHEMA = "migration_log_test";

  @Autowired DatabaseLogins logins;
  @Autowired OwnerDatabase owner;

  @Test
  void migrationsDoNotPrintTheResultTablesOfTheirSelects(CapturedOutput output) {
    DataSource asOwner =
        new SimpleDriverDataSource(
            new org.postgresql.Driver(),
            logins.url(),
            logins.ownerUsername(),
            logins.ownerPassword());
    try {
      DatabaseConfiguration.migrations(asOwner, logins.username())
          .locations("classpath:db/migration-log-test")
          .schemas(SCHEMA)
          .load()
          .migrate();
    } finally {
      owner.jdbc().sql("drop schema if exists " + SCHEMA + " cascade").update();
    }

    assertThat(output).contains("Successfully applied 1 migration");
    assertThat(output).doesNotContain("a-result-row").doesNotContain("flyway_result_column");
  }
}
