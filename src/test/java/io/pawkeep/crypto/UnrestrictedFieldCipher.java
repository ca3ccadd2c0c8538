package io.pawkeep.crypto;

import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A field cipher reading keysets through the schema owner, whom row-level security does not
 * restrict: for tests of other modules proving that only a destroyed keyset, not a lost membership,
 * stops something from opening.
 */
public final class UnrestrictedFieldCipher {

  private UnrestrictedFieldCipher() {}

  public static FieldCipher of(JdbcClient ownerJdbc, MasterKeyCipher master, Clock clock) {
    return new FieldCipher(ownerJdbc, master, clock);
  }
}
