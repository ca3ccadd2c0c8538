package io.pawkeep.accounts;

import io.pawkeep.database.OwnerDatabase;
import java.util.List;
import java.util.UUID;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases the accounts deleted by their owners whose undo window has passed (PRIV-2), as the schema
 * owner: every row of the person's own (each table with a {@code user_id} column: sessions and
 * refresh tokens, one-time links, recovery codes, sign-in failures, memberships and staff places
 * and permission overrides) is deleted, and the account row becomes a tombstone with no email,
 * name, password or second factor, because bookings, care logs, key handovers and clinical records
 * that others keep still name its id. The audit trail keeps the person's events by id; no event
 * carries their name or email (the email is on the account row alone, now gone).
 */
@Component
public class AccountPurge {

  /** The tombstone's name; its email is {@code erased-<id>@erased.invalid} (RFC 2606). */
  static final String ERASED_NAME = "Erased person";

  private static final Logger log = LoggerFactory.getLogger(AccountPurge.class);
  private static final int BATCH = 100;

  private final JdbcClient owner;
  private final TransactionTemplate ownerTransaction;

  AccountPurge(OwnerDatabase owner) {
    this.owner = owner.jdbc();
    this.ownerTransaction = owner.transaction();
  }

  /** Erases every account past its undo window; returns how many. */
  public int run() {
    List<UUID> due =
        owner
            .sql(
                "select id from users where erase_after <= now() and deactivated_at is not null"
                    + " and erased_at is null order by erase_after, id limit :batch")
            .param("batch", BATCH)
            .query(UUID.class)
            .list();
    int erased = 0;
    for (UUID user : due) {
      try {
        ownerTransaction.executeWithoutResult(tx -> erase(user));
        erased++;
      } catch (RuntimeException e) {
        log.error("Account {} could not be erased; the next run tries again", user, e);
      }
    }
    if (erased > 0) {
      log.info("Erased {} deleted accounts past their undo window", erased);
    }
    return erased;
  }

  // One node at a time (AVAIL-4, database/SchedulerLocks).
  @SchedulerLock(name = "account-purge", lockAtMostFor = "PT1H", lockAtLeastFor = "PT5M")
  @Scheduled(
      fixedDelayString = "${pawkeep.privacy.purge-interval:PT1H}",
      initialDelayString = "${pawkeep.privacy.purge-interval:PT1H}")
  void scheduledRun() {
    run();
  }

  private void erase(UUID user) {
    // The person's own rows, wherever a table names them by user_id (names from the catalogue).
    List<String> tables =
        owner
            .sql(
                """
                select c.table_name from information_schema.columns c
                  join information_schema.tables t
                    on t.table_schema = c.table_schema and t.table_name = c.table_name
                 where c.table_schema = current_schema() and c.column_name = 'user_id'
                   and t.table_type = 'BASE TABLE'
                 order by c.table_name
                """)
            .query(String.class)
            .list();
    for (String table : tables) {
      owner
          .sql("delete from \"" + table.replace("\"", "\"\"") + "\" where user_id = :user")
          .param("user", user)
          .update();
    }
    owner
        .sql(
            """
            update users
               set email = 'erased-' || id || '@erased.invalid', display_name = :name,
                   password_hash = '!', totp_secret = null, totp_enabled_at = null,
                   erased_at = now(), erase_after = null
             where id = :user and erased_at is null
            """)
        .param("name", ERASED_NAME)
        .param("user", user)
        .update();
  }
}
