package io.pawkeep.database;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Connections as the schema owner, which row-level security does not restrict. Only maintenance
 * that must see every tenant uses them (audit verification, re-encryption after a key rotation);
 * requests never do. Connections are opened on demand and closed after use, never pooled.
 */
@Component
public final class OwnerDatabase {

  private final DataSource owner;
  private final JdbcClient jdbc;
  private final JdbcTransactionManager transactions;

  // The application pool is built once migrations ran: depending on it keeps owner work after them.
  OwnerDatabase(HikariDataSource migrated, DatabaseLogins logins) {
    DataSource owner =
        new SimpleDriverDataSource(
            new org.postgresql.Driver(),
            logins.url(),
            logins.ownerUsername(),
            logins.ownerPassword());
    this.owner = owner;
    this.jdbc = JdbcClient.create(owner);
    this.transactions = new JdbcTransactionManager(owner);
  }

  /** Statements as the owner; inside {@link #transaction()} they share its connection. */
  public JdbcClient jdbc() {
    return jdbc;
  }

  /**
   * A new connection as the owner, outside any transaction template, for work that needs the driver
   * itself (a backup's {@code COPY}); the caller closes it.
   */
  public Connection connect() throws SQLException {
    return owner.getConnection();
  }

  /** The owner's connections, for the scheduler's locks only (see SchedulerLocks). */
  DataSource dataSource() {
    return owner;
  }

  /** Read-write transactions as the owner. */
  public TransactionTemplate transaction() {
    return new TransactionTemplate(transactions);
  }

  /** A read-only, repeatable-read transaction: one consistent snapshot while writes go on. */
  public TransactionTemplate snapshot() {
    TransactionTemplate snapshot = new TransactionTemplate(transactions);
    snapshot.setReadOnly(true);
    snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    return snapshot;
  }
}
