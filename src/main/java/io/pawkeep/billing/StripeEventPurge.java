package io.pawkeep.billing;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.web.Instants;
import java.time.Clock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets the ids of processed Stripe webhook events after {@code pawkeep.stripe.event-retention}
 * [90 days] (PAY-3). The id is what makes a replay change nothing, so it is kept well beyond
 * Stripe's three days of retries (a replay older than five minutes is refused by its signature's
 * timestamp anyway). Nobody but the schema owner reads the table, so this runs as the owner, like
 * the idempotency keys' purge.
 */
@Component
class StripeEventPurge {

  private static final Logger log = LoggerFactory.getLogger(StripeEventPurge.class);

  private final JdbcClient owner;
  private final Clock clock;
  private final StripeProperties properties;

  StripeEventPurge(OwnerDatabase owner, Clock clock, StripeProperties properties) {
    this.owner = owner.jdbc();
    this.clock = clock;
    this.properties = properties;
  }

  /** Removes the event ids recorded before the retention; returns how many. */
  int run() {
    int removed =
        owner
            .sql("delete from stripe_events where received_at < :before")
            .param("before", Instants.timestamp(clock.instant().minus(properties.eventRetention())))
            .update();
    if (removed > 0) {
      log.info("Forgot {} Stripe event ids older than {}", removed, properties.eventRetention());
    }
    return removed;
  }

  @SchedulerLock(name = "stripe-event-purge", lockAtMostFor = "PT30M", lockAtLeastFor = "PT5M")
  @Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT10M")
  void scheduledRun() {
    run();
  }
}
