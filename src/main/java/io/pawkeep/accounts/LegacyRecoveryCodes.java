package io.pawkeep.accounts;

import io.pawkeep.database.OwnerDatabase;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery codes issued before they were keyed (plain SHA-256 of a 50-bit code, which a copy of the
 * database could test offline) are wrapped under the recovery-code key at start-up, as the owner
 * role since they belong to every user. Their holders keep them until used or replaced; nothing
 * stored afterwards opens without the key. Idempotent: wrapped values are never matched again.
 */
final class LegacyRecoveryCodes {

  private static final Logger log = LoggerFactory.getLogger(LegacyRecoveryCodes.class);

  private record Row(UUID userId, String plainHash) {}

  private LegacyRecoveryCodes() {}

  /** Wraps every plain stored value; answers how many. */
  static int wrap(OwnerDatabase owner, RecoveryCodes codes) {
    Integer wrapped =
        owner
            .transaction()
            .execute(
                tx -> {
                  List<Row> rows =
                      owner
                          .jdbc()
                          .sql(
                              "select user_id, code_hash from recovery_codes"
                                  + " where code_hash ~ '^[0-9a-f]{64}$' for update")
                          .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2)))
                          .list();
                  for (Row row : rows) {
                    owner
                        .jdbc()
                        .sql(
                            "update recovery_codes set code_hash = :codeHash"
                                + " where user_id = :userId and code_hash = :plainHash")
                        .param("codeHash", codes.wrapLegacy(row.plainHash()))
                        .param("userId", row.userId())
                        .param("plainHash", row.plainHash())
                        .update();
                  }
                  return rows.size();
                });
    int count = wrapped == null ? 0 : wrapped;
    if (count > 0) {
      log.info("Wrapped {} recovery code(s) issued before the recovery-code key", count);
    }
    return count;
  }
}
