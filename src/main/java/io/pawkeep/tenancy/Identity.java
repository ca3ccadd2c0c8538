package io.pawkeep.tenancy;

import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sets the database identity inside the current transaction for flows that authenticate the caller
 * themselves (login, token refresh, links from emails), after a narrow lookup found the account.
 * The setting ends with the transaction.
 */
@Component
public class Identity {

  private final JdbcClient jdbc;

  Identity(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void assume(UUID userId) {
    Objects.requireNonNull(userId, "userId cannot be null");
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("an identity can only be assumed inside a transaction");
    }
    jdbc.sql("select set_config('pawkeep.user_id', :userId, true)")
        .param("userId", userId.toString())
        .query(String.class)
        .single();
  }
}
