package io.pawkeep.crypto;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A field cipher with the application's keys (master key, tenant key store) reading keysets through
 * the schema owner, whom row-level security does not restrict: for tests of other modules proving
 * that only destroyed keys, not a lost membership, stop something from opening.
 */
public final class UnrestrictedFieldCipher {

  private UnrestrictedFieldCipher() {}

  public static FieldCipher of(JdbcClient ownerJdbc, FieldCipher application) {
    return application.through(ownerJdbc);
  }
}
