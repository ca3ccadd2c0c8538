package io.pawkeep.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.RequestClock;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The request's time in the database (DOM-3 sitting windows, AUTHZ-5 assignment windows): the time
 * a request began with, never the database's clock for the application role, so a window cannot
 * open by the wall clock in a transaction that began no request (or in a test that forgot to set
 * the time).
 */
class RequestTimeDatabaseTests extends ApiTestSupport {

  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;
  @Autowired OwnerDatabase owner;

  @Test
  void theApplicationRoleHasNoRequestTimeUntilARequestSetsOne() {
    Instant set = Instant.parse("2031-05-06T07:08:09Z");
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            status -> {
              assertThat(requestTime(jdbc)).isNull();
              RequestClock.set(jdbc, set);
              assertThat(requestTime(jdbc).toInstant()).isEqualTo(set);
            });
    // The setting ends with its transaction.
    new TransactionTemplate(transactions)
        .executeWithoutResult(status -> assertThat(requestTime(jdbc)).isNull());
  }

  @Test
  void theOwnersMaintenanceReadsTheDatabaseClock() {
    // One statement: now() is the transaction's start time, the same for both.
    assertThat(
            owner.jdbc().sql("select pawkeep_request_time() = now()").query(Boolean.class).single())
        .isTrue();
  }

  private static OffsetDateTime requestTime(JdbcClient client) {
    return client
        .sql("select pawkeep_request_time()")
        .query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
        .list()
        .getFirst(); // null is an answer here, which single() refuses
  }
}
