package io.pawkeep.accounts;

import io.pawkeep.tenancy.Identity;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a transaction acting as one account, for the flows that authenticate the caller
 * themselves (sign-in, refresh, links from emails). Row-level security then shows that account's
 * rows and nobody else's.
 */
@Component
class UserTransactions {

  private final TransactionTemplate transactions;
  private final Identity identity;

  UserTransactions(TransactionTemplate transactions, Identity identity) {
    this.transactions = transactions;
    this.identity = identity;
  }

  <T> T call(UUID userId, Supplier<T> work) {
    return transactions.execute(
        tx -> {
          identity.assume(userId);
          return work.get();
        });
  }

  void run(UUID userId, Runnable work) {
    call(
        userId,
        () -> {
          work.run();
          return null;
        });
  }
}
