package io.pawkeep.billing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Processed Stripe event ids are kept for the retention [90 days], then forgotten (PAY-3). */
class StripeEventPurgeTests extends StripeTestSupport {

  @Autowired StripeEventPurge purge;

  @Test
  void eventIdsOlderThanTheRetentionAreForgottenAndYoungerOnesKept() {
    String old = unique("evt_");
    String young = unique("evt_");
    for (String event : new String[] {old, young}) {
      String body = accountUpdated(event, unique("acct_"), true, true, true);
      assertThat(deliverConnect(body).status()).isEqualTo(200);
    }
    schemaOwner
        .jdbc()
        .sql(
            "update stripe_events set received_at = cast(? as timestamptz) - interval '91 days'"
                + " where event_id = ?")
        .params(java.sql.Timestamp.from(clock.instant()), old)
        .update();
    schemaOwner
        .jdbc()
        .sql(
            "update stripe_events set received_at = cast(? as timestamptz) - interval '89 days'"
                + " where event_id = ?")
        .params(java.sql.Timestamp.from(clock.instant()), young)
        .update();

    assertThat(purge.run()).isGreaterThanOrEqualTo(1);

    assertThat(events(old)).isZero();
    assertThat(events(young)).isEqualTo(1);
  }
}
