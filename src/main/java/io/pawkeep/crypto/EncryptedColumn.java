package io.pawkeep.crypto;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A column holding ciphertexts, declared by the module that owns the table so that {@link
 * KeyRotation} can move them under a new key. {@code associatedName} is the column name used in the
 * associated data (it may differ from the SQL name); {@code tenantColumn} is null for columns
 * sealed under the master key rather than a tenant's data key.
 */
public record EncryptedColumn(
    String table, String column, String associatedName, String tenantColumn, String rowColumn) {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  public EncryptedColumn {
    Objects.requireNonNull(associatedName, "associatedName cannot be null");
    for (String identifier : new String[] {table, column, rowColumn}) {
      requireIdentifier(identifier);
    }
    if (tenantColumn != null) {
      requireIdentifier(tenantColumn);
    }
  }

  /** A column encrypted with the data key of the tenant named in {@code tenantColumn}. */
  public static EncryptedColumn underTenantKey(
      String table, String column, String associatedName, String tenantColumn, String rowColumn) {
    Objects.requireNonNull(tenantColumn, "tenantColumn cannot be null");
    return new EncryptedColumn(table, column, associatedName, tenantColumn, rowColumn);
  }

  /** A column encrypted under the master key ({@link MasterKeyCipher}). */
  public static EncryptedColumn underMasterKey(String table, String column, String rowColumn) {
    return new EncryptedColumn(table, column, column, null, rowColumn);
  }

  boolean tenantScoped() {
    return tenantColumn != null;
  }

  // Names are spliced into SQL, so only plain lower-case identifiers are accepted.
  private static void requireIdentifier(String identifier) {
    if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
      throw new IllegalArgumentException("not a plain SQL identifier: " + identifier);
    }
  }
}
