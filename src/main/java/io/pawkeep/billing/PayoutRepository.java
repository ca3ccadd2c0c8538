package io.pawkeep.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for connected accounts, as the application role under row-level security. */
@Repository
class PayoutRepository {

  record StoredAccount(
      String accountId,
      boolean livemode,
      boolean detailsSubmitted,
      boolean chargesEnabled,
      boolean payoutsEnabled,
      List<String> requirementsDue,
      String disabledReason,
      Instant deauthorizedAt) {}

  private final JdbcClient jdbc;

  PayoutRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<StoredAccount> find(UUID businessId) {
    return jdbc.sql(
            """
            select account_id, livemode, details_submitted, charges_enabled, payouts_enabled,
                   requirements_due, disabled_reason, deauthorized_at
              from stripe_accounts where business_id = :business
            """)
        .param("business", businessId)
        .query(
            (rs, n) ->
                new StoredAccount(
                    rs.getString("account_id"),
                    rs.getBoolean("livemode"),
                    rs.getBoolean("details_submitted"),
                    rs.getBoolean("charges_enabled"),
                    rs.getBoolean("payouts_enabled"),
                    List.of((String[]) rs.getArray("requirements_due").getArray()),
                    rs.getString("disabled_reason"),
                    rs.getObject("deauthorized_at", java.time.OffsetDateTime.class) == null
                        ? null
                        : rs.getObject("deauthorized_at", java.time.OffsetDateTime.class)
                            .toInstant()))
        .optional();
  }

  /** Records the account (payouts.manage, checked in the database); answers the one stored. */
  String created(UUID businessId, String accountId, boolean livemode) {
    return jdbc.sql("select pawkeep_stripe_account_created(:business, :account, :livemode)")
        .param("business", businessId)
        .param("account", accountId)
        .param("livemode", livemode)
        .query(String.class)
        .single();
  }
}
