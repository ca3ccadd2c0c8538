package io.pawkeep.billing;

import io.pawkeep.web.ApiProblem;
import java.sql.SQLException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A household pays an open invoice through a Stripe Checkout Session on the business's connected
 * account (PAY-1, PAY-2). The database reserves the attempt under the invoice's lock in a short
 * transaction of its own, so racing checkouts queue and the later ones answer the same session; the
 * lock is released before Stripe is called, and the session's id is stored in a second short
 * transaction. Starting a checkout never changes the invoice: it becomes paid only from a verified
 * webhook ({@link StripeWebhooks}).
 */
@Service
@Transactional
class Checkouts {

  private static final Logger log = LoggerFactory.getLogger(Checkouts.class);
  private static final int SESSION_WAITS = 50;
  private static final java.time.Duration SESSION_WAIT = java.time.Duration.ofMillis(100);

  /** What the caller gets: where to pay. The URL is a payment link: never stored or logged. */
  record Started(UUID invoiceId, int attempt, String url) {}

  /** The attempt as reserved by the database. */
  record Attempt(
      UUID attemptId,
      int attemptNo,
      String accountId,
      long amountMinor,
      String currency,
      long feeMinor,
      String sessionId,
      String state,
      boolean created) {

    Attempt withSession(String session) {
      return new Attempt(
          attemptId, attemptNo, accountId, amountMinor, currency, feeMinor, session, "open", false);
    }
  }

  private final JdbcClient jdbc;
  private final StripeGateway stripe;
  private final StripeProperties properties;
  private final InvoiceRepository invoices;
  private final TransactionTemplate ownTransaction;

  Checkouts(
      JdbcClient jdbc,
      StripeGateway stripe,
      StripeProperties properties,
      InvoiceRepository invoices,
      PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.stripe = stripe;
    this.properties = properties;
    this.invoices = invoices;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  Started start(UUID caller, UUID invoiceId) {
    stripe.requireEnabled();
    // Billing staff see the invoice but do not pay it (403); anyone who cannot see it gets 404.
    boolean visible = invoices.find(invoiceId).isPresent();
    if (!visible) {
      throw ApiProblem.notFound();
    }
    // Short transaction 1, committed before Stripe is called: the invoice's lock is never held
    // across Stripe. Racing requests queue on it only for the reservation.
    Attempt attempt = ownTransaction.execute(s -> reserve(invoiceId));
    if (attempt.sessionId() == null && !attempt.created()) {
      attempt = awaitSession(attempt);
    }
    String url;
    if (attempt.sessionId() != null) {
      url = stripe.checkoutUrl(attempt.accountId(), attempt.sessionId());
      if (url == null) {
        throw ApiProblem.conflict(
            "A payment of this invoice is already under way. Try again in a few minutes.");
      }
    } else {
      // The attempt's own idempotency key (checkout:<invoice>:<attempt>): a request that reserved
      // it, or one that took over after it stalled, gets the same session from Stripe.
      Long number = invoices.find(invoiceId).map(InvoiceView::number).orElse(null);
      StripeGateway.Session session =
          stripe.createCheckout(invoiceId, number, attempt, properties.publicBaseUrl().toString());
      Attempt reserved = attempt;
      // Short transaction 2: the session's id is stored.
      ownTransaction.executeWithoutResult(
          s ->
              jdbc.sql("select pawkeep_checkout_session_created(:attempt, :session)")
                  .param("attempt", reserved.attemptId())
                  .param("session", session.id())
                  .query()
                  .singleRow());
      url = session.url();
    }
    log.info(
        "User {} started checkout attempt {} of invoice {}",
        caller,
        attempt.attemptNo(),
        invoiceId);
    return new Started(invoiceId, attempt.attemptNo(), url);
  }

  /**
   * Another request reserved this attempt and is asking Stripe: its session is waited for briefly
   * (so racing requests answer the one session without asking Stripe again); if it never comes
   * (that request failed), this request asks Stripe itself under the attempt's key.
   */
  private Attempt awaitSession(Attempt attempt) {
    for (int i = 0; i < SESSION_WAITS; i++) {
      String session =
          ownTransaction.execute(
              s ->
                  jdbc.sql("select session_id from checkout_attempts where id = :id")
                      .param("id", attempt.attemptId())
                      .query(String.class)
                      .optional()
                      .orElse(null));
      if (session != null) {
        return attempt.withSession(session);
      }
      try {
        Thread.sleep(SESSION_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return attempt;
  }

  private Attempt reserve(UUID invoiceId) {
    try {
      return jdbc.sql(
              """
              select attempt_id, attempt_no, account_id, amount_minor, currency, fee_minor,
                     session_id, state, created
                from pawkeep_start_checkout(:invoice, :fee)
              """)
          .param("invoice", invoiceId)
          .param("fee", properties.platformFeePercent())
          .query(Attempt.class)
          .single();
    } catch (DataAccessException e) {
      String state = sqlState(e);
      String message = String.valueOf(e.getMostSpecificCause().getMessage());
      if ("P0002".equals(state)) {
        throw ApiProblem.forbidden(
            "Only the billed household's owners and members pay an invoice.");
      }
      if ("23514".equals(state) && message.contains("not open")) {
        throw new ApiProblem(
            HttpStatus.CONFLICT,
            "invoice-not-payable",
            "Invoice not payable",
            "Only an open invoice is paid; this one is a draft, void, paid or refunded.");
      }
      if ("23514".equals(state) && message.contains("no card payments")) {
        throw new ApiProblem(
            HttpStatus.CONFLICT,
            "payments-not-accepted",
            "Card payments not accepted",
            "This business does not take card payments yet.");
      }
      throw e;
    }
  }

  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }
}
