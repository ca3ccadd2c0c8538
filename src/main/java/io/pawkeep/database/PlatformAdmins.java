package io.pawkeep.database;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Copies the configured operator allowlist into the database as the owner role, so that policies
 * can recognise an administrator while the application role can never make itself one.
 */
final class PlatformAdmins {

  private PlatformAdmins() {}

  static void synchronise(DataSource owner, List<String> emails) {
    JdbcClient jdbc = JdbcClient.create(owner);
    new TransactionTemplate(new DataSourceTransactionManager(owner))
        .executeWithoutResult(
            tx -> {
              jdbc.sql("delete from platform_admins").update();
              for (String email : emails) {
                jdbc.sql(
                        "insert into platform_admins (email) values (:email)"
                            + " on conflict do nothing")
                    .param("email", email)
                    .update();
              }
            });
  }
}
