package io.pawkeep.crypto;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * The keys of a masked development database (PRIV-3): its tenants' keysets are thrown away and
 * every value is sealed again under new keysets made from this installation's own master key and
 * key store, so no production key, keyset or shred key ever reaches the development database. Built
 * from the master key and the key store alone (not the application's connection pool), since it
 * runs while a restore loads the database, before the pool exists.
 */
@Component
public class DevelopmentKeys {

  private final MasterKeyCipher master;
  private final TenantKeyStore keyStore;
  private final Clock clock;

  DevelopmentKeys(MasterKeyCipher master, TenantKeyStore keyStore, Clock clock) {
    this.master = master;
    this.keyStore = keyStore;
    this.clock = clock;
  }

  /** Seals values for one database being masked, through its owner's open transaction. */
  public interface Sealer {
    byte[] seal(UUID tenant, EncryptedColumn column, UUID row, byte[] plaintext);
  }

  /**
   * Deletes every tenant keyset of the database on {@code owner} (the production ones a backup
   * brought) and answers a sealer that creates a fresh keyset per tenant on first use. Runs in the
   * caller's transaction: it never commits or closes the connection.
   */
  public Sealer replaceKeysets(Connection owner) throws SQLException {
    try (Statement s = owner.createStatement()) {
      s.execute("delete from tenant_data_keys");
    }
    FieldCipher cipher =
        new FieldCipher(
            JdbcClient.create(new SingleConnectionDataSource(owner, true)),
            master,
            clock,
            keyStore);
    return (tenant, column, row, plaintext) -> {
      if (!column.tenantScoped()) {
        throw new IllegalArgumentException(column.table() + "." + column.column());
      }
      return cipher.encrypt(tenant, column.table(), column.associatedName(), row, plaintext);
    };
  }
}
