package io.pawkeep.security;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * LOG-3: the counters monitoring watches, exported at the Prometheus endpoint (on the management
 * port in production, HARD-7). Tags take only a few fixed values: never an email, an address or an
 * id, so a scrape reveals no one and the number of series stays bounded.
 */
@Component
public class SecurityMetrics {

  /** How a sign-in attempt ended. */
  public enum SignIn {
    SUCCESS("success"),
    FAILURE("failure"),
    /** The attempt that locked the account for its address (AUTH-4). */
    LOCKOUT("lockout");

    private final String tag;

    SignIn(String tag) {
      this.tag = tag;
    }
  }

  private final MeterRegistry meters;

  SecurityMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  /** {@code pawkeep_sign_ins_total{outcome}}. */
  public void signIn(SignIn outcome) {
    meters.counter("pawkeep.sign_ins", "outcome", outcome.tag).increment();
  }

  /** {@code pawkeep_secret_reveals_total}: one per reveal of a household's access secrets. */
  public void secretRevealed() {
    meters.counter("pawkeep.secret_reveals").increment();
  }

  /** {@code pawkeep_exports_total{kind}}, e.g. {@code household}. */
  public void exported(String kind) {
    meters.counter("pawkeep.exports", "kind", kind).increment();
  }

  /** {@code pawkeep_rate_limit_refusals_total{limit}}: the limit's fixed name, not its subject. */
  void rateLimited(String limit) {
    meters.counter("pawkeep.rate_limit.refusals", "limit", limit).increment();
  }

  /** {@code pawkeep_watch_alerts_total{rule}}: one per alert raised (LOG-3). */
  public void alertRaised(String rule) {
    meters.counter("pawkeep.watch.alerts", "rule", rule).increment();
  }
}
