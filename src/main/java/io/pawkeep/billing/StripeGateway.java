package io.pawkeep.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.net.RequestOptions;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountLinkCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import io.pawkeep.web.ApiProblem;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Pawkeep's calls to Stripe (PAY-1), through the one {@link StripeClient}. Sends Stripe's ids and
 * Pawkeep's own ids only, never a person's name, email or anything about pets. A Stripe failure is
 * a 502 problem that names no Stripe detail; the log keeps Stripe's request id and error code,
 * never the key or a link.
 */
class StripeGateway {

  private static final Logger log = LoggerFactory.getLogger(StripeGateway.class);

  private final StripeProperties properties;
  private final Optional<StripeClient> client;

  StripeGateway(StripeProperties properties, Optional<StripeClient> client) {
    this.properties = properties;
    this.client = client;
  }

  /** The problem every payment route answers while payments are off (the development default). */
  static ApiProblem notSetUp() {
    return new ApiProblem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "payments-not-set-up",
        "Payments are not set up",
        "Payments are not set up on this Pawkeep: its operator has not configured Stripe.");
  }

  boolean enabled() {
    return client.isPresent();
  }

  void requireEnabled() {
    if (client.isEmpty()) {
      throw notSetUp();
    }
  }

  boolean live() {
    return properties.live();
  }

  /**
   * Creates the business's Standard connected account. The idempotency key is derived from the
   * business, so a retry, a crash between the call and the commit, or two racing requests get the
   * same account for as long as Stripe keeps keys (about a day).
   */
  String createAccount(UUID businessId) {
    return call(
        "account",
        stripe ->
            stripe
                .v1()
                .accounts()
                .create(
                    AccountCreateParams.builder()
                        .setType(AccountCreateParams.Type.STANDARD)
                        .putMetadata("pawkeep_business_id", businessId.toString())
                        .build(),
                    RequestOptions.builder().setIdempotencyKey("acct-create:" + businessId).build())
                .getId());
  }

  /**
   * A fresh single-use onboarding link: handed to the caller, never stored or logged. Stripe sends
   * the person back (or to a fresh link) through the payouts page, which shows the account's state.
   */
  String onboardingLink(String accountId, UUID businessId) {
    String page = properties.publicBaseUrl().toString().replaceAll("/+$", "");
    return call(
        "account link",
        stripe ->
            stripe
                .v1()
                .accountLinks()
                .create(
                    AccountLinkCreateParams.builder()
                        .setAccount(accountId)
                        .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
                        .setRefreshUrl(page + "/businesses/" + businessId + "/payouts")
                        .setReturnUrl(page + "/businesses/" + businessId + "/payouts")
                        .build())
                .getUrl());
  }

  /** The account as Stripe sees it now, for a state the webhooks have not delivered yet. */
  Account account(String accountId) {
    return call("account", stripe -> stripe.v1().accounts().retrieve(accountId));
  }

  /** A Checkout Session as Pawkeep needs it: its id (stored) and its link (never stored). */
  record Session(String id, String url) {}

  /**
   * Creates the Checkout Session of an attempt on the business's account (a direct charge). Every
   * parameter comes from stored data and the idempotency key from invoice and attempt number, so a
   * retry gets the same session. Nothing about the household or its pets is sent: an invoice number
   * as the item's name, Pawkeep's ids as references.
   */
  Session createCheckout(UUID invoiceId, Long number, Checkouts.Attempt attempt, String base) {
    String page = base.replaceAll("/+$", "") + "/invoices/" + invoiceId;
    SessionCreateParams.PaymentIntentData.Builder intent =
        SessionCreateParams.PaymentIntentData.builder()
            .putMetadata("pawkeep_invoice_id", invoiceId.toString())
            .putMetadata("pawkeep_attempt_id", attempt.attemptId().toString());
    if (attempt.feeMinor() > 0) {
      intent.setApplicationFeeAmount(attempt.feeMinor());
    }
    SessionCreateParams params =
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setQuantity(1L)
                    .setPriceData(
                        SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency(attempt.currency().toLowerCase(java.util.Locale.ROOT))
                            .setUnitAmount(attempt.amountMinor())
                            .setProductData(
                                SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                    .setName(number == null ? "Invoice" : "Invoice " + number)
                                    .build())
                            .build())
                    .build())
            .setPaymentIntentData(intent.build())
            .setClientReferenceId(invoiceId.toString())
            .putMetadata("pawkeep_invoice_id", invoiceId.toString())
            .putMetadata("pawkeep_attempt_id", attempt.attemptId().toString())
            .setSuccessUrl(page + "?checkout=returned")
            .setCancelUrl(page)
            .build();
    com.stripe.model.checkout.Session session =
        call(
            "checkout session",
            stripe ->
                stripe
                    .v1()
                    .checkout()
                    .sessions()
                    .create(
                        params,
                        RequestOptions.builder()
                            .setStripeAccount(attempt.accountId())
                            .setIdempotencyKey("checkout:" + invoiceId + ":" + attempt.attemptNo())
                            .build()));
    if (session.getId() == null || !session.getId().matches("cs_[A-Za-z0-9_]+")) {
      throw providerError();
    }
    return new Session(session.getId(), session.getUrl());
  }

  /** The link of a session still open, or null when Stripe closed it (expired or complete). */
  String checkoutUrl(String accountId, String sessionId) {
    com.stripe.model.checkout.Session session =
        call(
            "checkout session",
            stripe ->
                stripe
                    .v1()
                    .checkout()
                    .sessions()
                    .retrieve(
                        sessionId, RequestOptions.builder().setStripeAccount(accountId).build()));
    return "open".equals(session.getStatus()) ? session.getUrl() : null;
  }

  /** Stripe's answer to a refund: its re_ id and status. */
  record SentRefund(String id, String status) {}

  /** Stripe refused a refund for good (4xx): a retry under the same key would be refused too. */
  static final class RefundRefused extends RuntimeException {
    RefundRefused() {
      super("Stripe refused the refund", null, false, false);
    }
  }

  /**
   * Refunds part or all of a payment on the business's account (the account the payment was made
   * on). Only the payment's id, the amount, Stripe's reason code and Pawkeep's refund id are sent;
   * the idempotency key is derived from invoice and refund number, so a retry, or a crash between
   * the call and the commit, gets the same refund from Stripe. A definite refusal (Stripe answered
   * 4xx) throws {@link RefundRefused}; an answer that never came is the usual 502 problem and the
   * refund stays reserved for a retry under the same key.
   */
  SentRefund createRefund(Refunds.Reserved refund, UUID invoiceId) {
    RefundCreateParams.Builder params =
        RefundCreateParams.builder()
            .setPaymentIntent(refund.paymentIntentId())
            .setAmount(refund.amountMinor())
            .putMetadata("pawkeep_refund_id", refund.refundId().toString());
    if (refund.reason() != null) {
      params.setReason(RefundCreateParams.Reason.valueOf(refund.reason().toUpperCase(Locale.ROOT)));
    }
    StripeClient stripe = client.orElseThrow(StripeGateway::notSetUp);
    com.stripe.model.Refund created;
    try {
      created =
          stripe
              .v1()
              .refunds()
              .create(
                  params.build(),
                  RequestOptions.builder()
                      .setStripeAccount(refund.accountId())
                      .setIdempotencyKey("refund:" + invoiceId + ":" + refund.refundNo())
                      .build());
    } catch (StripeException e) {
      log.warn(
          "Stripe refused the refund call: status {}, code {}, request {}",
          e.getStatusCode(),
          e.getCode(),
          e.getRequestId());
      Integer status = e.getStatusCode();
      if (status != null && status >= 400 && status < 500 && status != 409 && status != 429) {
        throw new RefundRefused();
      }
      throw providerError();
    }
    if (created.getId() == null || !created.getId().matches("re_[A-Za-z0-9_]+")) {
      throw providerError();
    }
    return new SentRefund(created.getId(), created.getStatus());
  }

  @FunctionalInterface
  private interface Call<T> {
    T on(StripeClient stripe) throws StripeException;
  }

  private <T> T call(String what, Call<T> call) {
    StripeClient stripe = client.orElseThrow(StripeGateway::notSetUp);
    try {
      return call.on(stripe);
    } catch (StripeException e) {
      log.warn(
          "Stripe refused the {} call: status {}, code {}, request {}",
          what,
          e.getStatusCode(),
          e.getCode(),
          e.getRequestId());
      throw providerError();
    }
  }

  static ApiProblem providerError() {
    return new ApiProblem(
        HttpStatus.BAD_GATEWAY,
        "payments-provider-error",
        "Payments provider error",
        "Stripe did not complete the request. Try again in a moment.");
  }
}
