package io.pawkeep.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Stored Idempotency-Key answers are forgotten after a day, younger ones kept. */
class IdempotencyKeyPurgeTests extends InvoiceTestSupport {

  @Autowired IdempotencyKeyPurge purge;

  @Test
  void keysOlderThanADayAreForgottenAndYoungerOnesKept() {
    World w = world();
    keyedDraft(w, "old-key");
    keyedDraft(w, "young-key");
    schemaOwner
        .jdbc()
        .sql(
            "update idempotency_keys set created_at = created_at - interval '25 hours'"
                + " where key = 'old-key' and caller_id = ?")
        .param(claim(w.manager(), "sub"))
        .update();
    assertThat(purge.run()).isGreaterThanOrEqualTo(1);
    assertThat(
            schemaOwner
                .jdbc()
                .sql("select key from idempotency_keys where caller_id = ? order by key")
                .param(claim(w.manager(), "sub"))
                .query(String.class)
                .list())
        .containsExactly("young-key");
  }

  private void keyedDraft(World w, String key) {
    ApiClient.Response r =
        api.send(
            "POST",
            "/api/v1/businesses/" + w.business() + "/invoices",
            extraLineBody(w.household(), "Bath", 100),
            w.manager().accessToken(),
            Map.of("Idempotency-Key", key));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
  }
}
