package io.pawkeep.crypto;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * For crypto tests that follow a household's alarm code: what its owner reads back through the API
 * and the sealed bytes the database stores for it (CRYPTO-2, CRYPTO-3).
 */
abstract class AccessSecretsTestSupport extends ApiTestSupport {

  @Autowired OwnerDatabase owner;

  /** The alarm code as the API reveals it to {@code user}. */
  String revealAlarm(User user, Object household) {
    return api.post(
            "/api/v1/households/" + household + "/access-secrets/reveal",
            Map.of("fields", List.of("alarmCode")),
            user.accessToken())
        .text("alarmCode");
  }

  /** The stored alarm code of household {@code tenant}, read raw by the schema owner. */
  byte[] alarmCiphertext(UUID tenant) {
    return owner
        .jdbc()
        .sql("select alarm_code from access_secrets where household_id = ?")
        .param(tenant)
        .query(byte[].class)
        .single();
  }
}
