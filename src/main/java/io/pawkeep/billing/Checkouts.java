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
import org.springframework.transaction.annotation.Transactional;

/**
 * A household pays an open invoice through a Stripe Checkout Session on the business's connected
 * account (PAY-1, PAY-2). The database reserves the attempt under the invoice's lock, so racing
 * checkouts queue and the later ones answer the same open session; the lock is held until the
 * session's id is stored. Starting a checkout never changes the invoice: it becomes paid only from
 * a verified webhook ({@link StripeWebhooks}).
 */
@Service
@Transactional
class Checkouts {

  private static final Logger log = LoggerFactory.getLogger(Checkouts.class);

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
      String state) {}

  private final JdbcClient jdbc;
  private final StripeGateway stripe;
  private final StripeProperties properties;
  private final InvoiceRepository invoices;

  Checkouts(
      JdbcClient jdbc,
      StripeGateway stripe,
      StripeProperties properties,
      InvoiceRepository invoices) {
    this.jdbc = jdbc;
    this.stripe = stripe;
    this.properties = properties;
    this.invoices = invoices;
  }

  Started start(UUID caller, UUID invoiceId) {
    stripe.requireEnabled();
    // Billing staff see the invoice but do not pay it (403); anyone who cannot see it gets 404.
    boolean visible = invoices.find(invoiceId).isPresent();
    if (!visible) {
      throw ApiProblem.notFound();
    }
    Attempt attempt = reserve(invoiceId);
    String url;
    if (attempt.sessionId() != null) {
      url = stripe.checkoutUrl(attempt.accountId(), attempt.sessionId());
      if (url == null) {
        throw ApiProblem.conflict(
            "A payment of this invoice is already under way. Try again in a few minutes.");
      }
    } else {
      Long number = invoices.find(invoiceId).map(InvoiceView::number).orElse(null);
      StripeGateway.Session session =
          stripe.createCheckout(invoiceId, number, attempt, properties.publicBaseUrl().toString());
      jdbc.sql("select pawkeep_checkout_session_created(:attempt, :session)")
          .param("attempt", attempt.attemptId())
          .param("session", session.id())
          .query()
          .singleRow();
      url = session.url();
    }
    log.info(
        "User {} started checkout attempt {} of invoice {}",
        caller,
        attempt.attemptNo(),
        invoiceId);
    return new Started(invoiceId, attempt.attemptNo(), url);
  }

  private Attempt reserve(UUID invoiceId) {
    try {
      return jdbc.sql(
              """
              select attempt_id, attempt_no, account_id, amount_minor, currency, fee_minor,
                     session_id, state
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
