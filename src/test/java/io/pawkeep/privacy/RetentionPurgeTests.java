package io.pawkeep.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Short-lived records are deleted past their retention and kept before it (PRIV-2): rate-limit
 * buckets, ended sessions with their refresh tokens, expired one-time links.
 */
class RetentionPurgeTests extends ApiTestSupport {

  @Autowired RetentionPurge purge;
  @Autowired OwnerDatabase schemaOwner;

  @Test
  void recordsPastTheirRetentionGoAndYoungerOnesStay() {
    String old = "retention-old-" + UUID.randomUUID();
    String young = "retention-young-" + UUID.randomUUID();
    sql(
        "insert into rate_limit_buckets values (?, 1, true, now() - interval '3 days'),"
            + " (?, 1, true, now() - interval '1 hour')",
        old,
        young);
    User ended = signedInUser("ended-session");
    User live = signedInUser("live-session");
    UUID endedId = claim(ended, "sub");
    sql("update sessions set revoked_at = now() - interval '31 days' where user_id = ?", endedId);
    sql(
        "update one_time_tokens set expires_at = now() - interval '8 days' where user_id = ?",
        endedId);

    var removed = purge.run();

    assertThat(removed.get("rate-limit-rows")).isPositive();
    assertThat(count("select count(*) from rate_limit_buckets where bucket_key = ?", old)).isZero();
    assertThat(count("select count(*) from rate_limit_buckets where bucket_key = ?", young))
        .isOne();
    assertThat(count("select count(*) from sessions where user_id = ?", endedId)).isZero();
    assertThat(count("select count(*) from refresh_tokens where user_id = ?", endedId)).isZero();
    assertThat(count("select count(*) from one_time_tokens where user_id = ?", endedId)).isZero();
    assertThat(count("select count(*) from sessions where user_id = ?", claim(live, "sub")))
        .isPositive();
    assertThat(api.get("/api/v1/me", live.accessToken()).status()).isEqualTo(200);
  }

  private void sql(String sql, Object... params) {
    schemaOwner.jdbc().sql(sql).params(params).update();
  }

  private long count(String sql, Object... params) {
    return schemaOwner.jdbc().sql(sql).params(params).query(Long.class).single();
  }
}
