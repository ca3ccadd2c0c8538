package io.pawkeep.billing;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds of a paid invoice through Stripe (PAY-2), by billing.write. The invoice's lock is never
 * held while Stripe is called: the refund is reserved (its number and amount, under the lock) in a
 * short transaction of its own that commits, then Stripe is asked under the idempotency key {@code
 * refund:<invoice>:<number>}, then Stripe's answer is stored in another short transaction. A
 * refusal by Stripe marks the refund failed and frees its amount; an answer that never came leaves
 * it reserved, and a retry with the same {@code Idempotency-Key} sends Stripe the same refund under
 * the same key. The invoice's money moves only when Stripe says the refund succeeded, once per re_
 * id, whether its answer or its event comes first (R__99_refunds.sql).
 */
@Service
class Refunds {

  private static final Logger log = LoggerFactory.getLogger(Refunds.class);
  private static final Set<String> REASONS =
      Set.of("duplicate", "fraudulent", "requested_by_customer");
  private static final long MAX_MINOR = 100_000_000L;

  /** What billing.write asks for; the payment is optional (an overpayment names its own). */
  record Request(Long amountMinor, String currency, String reason, String paymentIntentId) {}

  /** A refund as the database reserved it. */
  record Reserved(
      UUID refundId,
      int refundNo,
      String accountId,
      String paymentIntentId,
      long amountMinor,
      String currency,
      String reason,
      String stripeRefundId,
      String status,
      boolean created) {}

  /** What the caller gets back. */
  record Refund(
      UUID id,
      UUID invoiceId,
      int number,
      String paymentIntentId,
      long amountMinor,
      String currency,
      String reason,
      String stripeRefundId,
      String status) {}

  private final JdbcClient jdbc;
  private final StripeGateway stripe;
  private final InvoiceRepository invoices;
  private final Businesses businesses;
  private final AuditTrail trail;
  private final TransactionTemplate ownTransaction;

  Refunds(
      JdbcClient jdbc,
      StripeGateway stripe,
      InvoiceRepository invoices,
      Businesses businesses,
      AuditTrail trail,
      PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.stripe = stripe;
    this.invoices = invoices;
    this.businesses = businesses;
    this.trail = trail;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  Refund request(UUID caller, UUID invoiceId, Request body, String idempotencyKey) {
    stripe.requireEnabled();
    InvoiceView invoice = invoices.find(invoiceId).orElseThrow(ApiProblem::notFound);
    if (!businesses.permissionsOf(caller, invoice.businessId()).contains(Invoices.WRITE)) {
      throw ApiProblem.forbidden("Refunding an invoice takes billing.write.");
    }
    check(body);
    Reserved reserved = ownTransaction.execute(s -> reserve(caller, invoice, body, idempotencyKey));
    if ("failed".equals(reserved.status()) && reserved.stripeRefundId() == null) {
      throw refused();
    }
    String status = reserved.status();
    if (reserved.stripeRefundId() == null) {
      StripeGateway.SentRefund sent;
      try {
        sent = stripe.createRefund(reserved, invoiceId);
      } catch (StripeGateway.RefundRefused e) {
        ownTransaction.executeWithoutResult(
            s ->
                jdbc.sql("select pawkeep_refund_refused(:refund)")
                    .param("refund", reserved.refundId())
                    .query()
                    .singleRow());
        throw refused();
      }
      status =
          ownTransaction.execute(
              s ->
                  jdbc.sql("select pawkeep_refund_sent(:refund, :re, :status)")
                      .param("refund", reserved.refundId())
                      .param("re", sent.id())
                      .param("status", sent.status())
                      .query(String.class)
                      .single());
    }
    String answered = status;
    log.info(
        "User {} refunded {} {} of invoice {} (refund {}, {})",
        caller,
        reserved.amountMinor(),
        reserved.currency(),
        invoiceId,
        reserved.refundNo(),
        status);
    return jdbc.sql(
            """
            select id, invoice_id, refund_no, payment_intent_id, amount_minor, currency, reason,
                   refund_id, status
              from refunds where id = :id or (refund_id is not null and refund_id = (
                select r.refund_id from refunds r where r.id = :id))
            """)
        .param("id", reserved.refundId())
        .query(
            (rs, n) ->
                new Refund(
                    rs.getObject("id", UUID.class),
                    invoiceId,
                    reserved.refundNo(),
                    rs.getString("payment_intent_id"),
                    rs.getLong("amount_minor"),
                    rs.getString("currency"),
                    rs.getString("reason"),
                    rs.getString("refund_id"),
                    rs.getString("status")))
        .optional()
        .orElseGet(
            () ->
                new Refund(
                    reserved.refundId(),
                    invoiceId,
                    reserved.refundNo(),
                    reserved.paymentIntentId(),
                    reserved.amountMinor(),
                    reserved.currency(),
                    reserved.reason(),
                    null,
                    answered));
  }

  private static void check(Request body) {
    if (body == null) {
      throw ApiProblem.badRequest("A refund needs amountMinor and currency.");
    }
    if (body.amountMinor() == null || body.amountMinor() <= 0 || body.amountMinor() > MAX_MINOR) {
      throw ApiProblem.badRequest(
          "amountMinor must be a positive whole number of minor units, at most " + MAX_MINOR + ".");
    }
    if (body.currency() == null || !body.currency().matches("[A-Z]{3}")) {
      throw ApiProblem.badRequest("currency must be the invoice's ISO 4217 code, such as EUR.");
    }
    if (body.reason() != null && !REASONS.contains(body.reason())) {
      throw ApiProblem.badRequest(
          "reason must be duplicate, fraudulent or requested_by_customer, or left out.");
    }
    if (body.paymentIntentId() != null
        && !body.paymentIntentId().matches("pi_[A-Za-z0-9_]{1,250}")) {
      throw ApiProblem.badRequest("paymentIntentId must be a Stripe payment id (pi_...).");
    }
  }

  /** Short transaction 1: the database checks and reserves under the invoice's lock. */
  private Reserved reserve(UUID caller, InvoiceView invoice, Request body, String key) {
    Reserved reserved;
    try {
      reserved =
          jdbc.sql(
                  """
                  select refund_id, refund_no, account_id, payment_intent_id, amount_minor,
                         currency, reason, stripe_refund_id, status, created
                    from pawkeep_reserve_refund(:invoice, :amount, :currency, :reason, :payment,
                                                :key)
                  """)
              .param("invoice", invoice.id())
              .param("amount", body.amountMinor())
              .param("currency", body.currency())
              .param("reason", body.reason())
              .param("payment", body.paymentIntentId())
              .param("key", key == null ? null : sha256(key))
              .query(Reserved.class)
              .single();
    } catch (DataAccessException e) {
      throw problem(e);
    }
    if (reserved.created()) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("refund", reserved.refundNo());
      detail.put("amountMinor", reserved.amountMinor());
      detail.put("currency", reserved.currency());
      detail.put("payment", reserved.paymentIntentId());
      if (reserved.reason() != null) {
        detail.put("reason", reserved.reason());
      }
      for (UUID chain : List.of(invoice.businessId(), invoice.householdId())) {
        trail.record(
            new AuditEvent(
                chain,
                caller,
                "invoice.refund_requested",
                "invoice",
                invoice.id().toString(),
                null,
                detail));
      }
    }
    return reserved;
  }

  private static RuntimeException problem(DataAccessException e) {
    String state = sqlState(e);
    String message = String.valueOf(e.getMostSpecificCause().getMessage());
    if ("P0002".equals(state)) {
      return ApiProblem.notFound();
    }
    if ("42501".equals(state)) {
      return ApiProblem.forbidden("Refunding an invoice takes billing.write.");
    }
    if ("23514".equals(state)) {
      if (message.contains("only a paid invoice")) {
        return new ApiProblem(
            HttpStatus.CONFLICT,
            "invoice-not-refundable",
            "Invoice not refundable",
            "Only a paid or partially refunded invoice is refunded; this one is a draft, open,"
                + " void or refunded in full.");
      }
      if (message.contains("more than is left")) {
        return new ApiProblem(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "refund-too-large",
            "Refund too large",
            "The amount is more than was paid minus what is refunded or being refunded.");
      }
      if (message.contains("invoice's currency")) {
        return ApiProblem.badRequest("currency must be the invoice's currency.");
      }
      if (message.contains("positive amount")) {
        return ApiProblem.badRequest("amountMinor must be a positive whole number.");
      }
      if (message.contains("refund reason")) {
        return ApiProblem.badRequest(
            "reason must be duplicate, fraudulent or requested_by_customer, or left out.");
      }
      if (message.contains("payment")) {
        return new ApiProblem(
            HttpStatus.CONFLICT,
            "no-payment-to-refund",
            "No payment to refund",
            "This invoice has no Stripe payment that can take this refund.");
      }
    }
    return e;
  }

  private static ApiProblem refused() {
    return new ApiProblem(
        HttpStatus.CONFLICT,
        "refund-refused",
        "Refund refused",
        "Stripe refused this refund; nothing was refunded. Ask again with a new request.");
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
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
