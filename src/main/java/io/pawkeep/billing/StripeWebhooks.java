package io.pawkeep.billing;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Account;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.EventDataObjectDeserializer;
import com.stripe.model.Refund;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import io.pawkeep.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stripe's webhook events (PAY-3). An event counts only once its signature over the raw body
 * verifies with the endpoint's secret and its timestamp is at most five minutes old; anything else
 * is a 400 that writes nothing. Each verified event is handed to one database function that records
 * its id and applies its effect in the same statement, so a replay or duplicate changes nothing.
 * There is no person here: the functions are the only ways in, each checking that the event names
 * an account Pawkeep connected.
 */
@Service
class StripeWebhooks {

  /** Which of Stripe's two endpoints delivered the event. */
  enum Endpoint {
    PLATFORM("platform"),
    CONNECT("connect");

    final String sql;

    Endpoint(String sql) {
      this.sql = sql;
    }
  }

  static final long TOLERANCE_SECONDS = 300;

  private static final Logger log = LoggerFactory.getLogger(StripeWebhooks.class);
  private static final Pattern EVENT_ID = Pattern.compile("evt_[A-Za-z0-9]{1,250}");
  private static final Pattern ACCOUNT_ID = Pattern.compile("acct_[A-Za-z0-9]{1,250}");

  private final StripeProperties properties;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final TransactionTemplate transactions;

  StripeWebhooks(
      StripeProperties properties,
      JdbcClient jdbc,
      Clock clock,
      PlatformTransactionManager transactions) {
    this.properties = properties;
    this.jdbc = jdbc;
    this.clock = clock;
    this.transactions = new TransactionTemplate(transactions);
  }

  /**
   * Verifies, records and applies one delivery; answers the outcome recorded. The signature is
   * checked before any database work: an unsigned request never takes a connection.
   */
  String receive(Endpoint endpoint, byte[] body, String signature) {
    String secret =
        endpoint == Endpoint.PLATFORM
            ? properties.webhookSecret()
            : properties.connectWebhookSecret();
    if (secret == null) {
      throw StripeGateway.notSetUp();
    }
    Event event = verified(body, signature, secret);
    if (event.getId() == null || !EVENT_ID.matcher(event.getId()).matches()) {
      throw badEvent();
    }
    String account =
        event.getAccount() != null && ACCOUNT_ID.matcher(event.getAccount()).matches()
            ? event.getAccount()
            : null;
    String type = event.getType() == null ? "unknown" : event.getType();
    String outcome = transactions.execute(status -> apply(event, endpoint, type, account));
    log.info("Stripe event {} ({}) on {}: {}", event.getId(), type, endpoint.sql, outcome);
    return outcome;
  }

  /** One transaction: the event id is recorded with its effect, or neither is. */
  private String apply(Event event, Endpoint endpoint, String type, String account) {
    String outcome;
    if (Boolean.TRUE.equals(event.getLivemode()) != properties.live()) {
      // A production Connect endpoint also receives test-mode events; they never change state.
      outcome = ignore(event, endpoint, type, account, "mode");
    } else {
      outcome =
          switch (type) {
            case "account.updated", "account.application.deauthorized" ->
                accountEvent(event, endpoint, type, account);
            case "checkout.session.completed",
                "checkout.session.async_payment_succeeded",
                "checkout.session.async_payment_failed",
                "checkout.session.expired" ->
                checkoutEvent(event, endpoint, type, account);
            case "refund.created", "refund.updated", "refund.failed" ->
                refundEvent(event, endpoint, type, account);
            case "charge.dispute.created", "charge.dispute.closed" ->
                disputeEvent(event, endpoint, type, account);
            // Cumulative and without refund ids: the refund.* events of the same refunds count
            // each refund once by its re_ id, so this one is recorded and changes nothing.
            case "charge.refunded" -> ignore(event, endpoint, type, account, "counted-by-refund");
            default -> ignore(event, endpoint, type, account, "type");
          };
    }
    return outcome;
  }

  private Event verified(byte[] body, String signature, String secret) {
    try {
      return Webhook.constructEvent(
          new String(body, StandardCharsets.UTF_8), signature, secret, TOLERANCE_SECONDS, clock);
    } catch (SignatureVerificationException | RuntimeException e) {
      // A malformed header or body throws unchecked exceptions (a null header, t=abc, non-JSON):
      // every one is the sender's mistake, answered alike so nothing tells a forger why.
      throw badEvent();
    }
  }

  private String accountEvent(Event event, Endpoint endpoint, String type, String eventAccount) {
    Account account =
        "account.updated".equals(type) ? object(event, Account.class).orElse(null) : null;
    if ("account.updated".equals(type) && account == null) {
      return ignore(event, endpoint, type, eventAccount, "unreadable");
    }
    List<String> due =
        account != null
                && account.getRequirements() != null
                && account.getRequirements().getCurrentlyDue() != null
            ? account.getRequirements().getCurrentlyDue()
            : List.of();
    return jdbc.sql(
            """
            select pawkeep_stripe_account_event(:event, :endpoint, :type, :created, :eventAccount,
                     :account, :details, :charges, :payouts, cast(:due as text[]), :disabled)
            """)
        .param("event", event.getId())
        .param("endpoint", endpoint.sql)
        .param("type", type)
        .param("created", Timestamp.from(created(event)))
        .param("eventAccount", eventAccount)
        .param("account", account == null ? null : account.getId())
        .param("details", account == null ? null : account.getDetailsSubmitted())
        .param("charges", account == null ? null : account.getChargesEnabled())
        .param("payouts", account == null ? null : account.getPayoutsEnabled())
        .param("due", due.toArray(String[]::new))
        .param(
            "disabled",
            account == null || account.getRequirements() == null
                ? null
                : account.getRequirements().getDisabledReason())
        .query(String.class)
        .single();
  }

  /**
   * A completed Checkout Session. The database applies it only to a session Pawkeep created on the
   * event's account for the attempt's amount and currency (never on client_reference_id or metadata
   * alone: any connected account can make its own session naming someone's invoice).
   */
  private String checkoutEvent(Event event, Endpoint endpoint, String type, String account) {
    Session session = object(event, Session.class).orElse(null);
    if (session == null || session.getId() == null) {
      return ignore(event, endpoint, type, account, "unreadable");
    }
    return jdbc.sql(
            """
            select pawkeep_stripe_checkout_event(:event, :endpoint, :type, :account, :session,
                     :status, :amount, :currency, :intent)
            """)
        .param("event", event.getId())
        .param("endpoint", endpoint.sql)
        .param("type", type)
        .param("account", account)
        .param("session", session.getId())
        .param("status", session.getPaymentStatus())
        .param("amount", session.getAmountTotal())
        .param("currency", session.getCurrency())
        .param("intent", session.getPaymentIntent())
        .query(String.class)
        .single();
  }

  /**
   * A refund on a connected account: one Pawkeep asked for (its id in the metadata) or one made in
   * Stripe's Dashboard. The database matches it by re_ id, then by Pawkeep's id, then by the
   * payment's pi_ on the event's own account, and counts it once when it succeeded.
   */
  private String refundEvent(Event event, Endpoint endpoint, String type, String account) {
    Refund refund = object(event, Refund.class).orElse(null);
    if (refund == null || refund.getId() == null) {
      return ignore(event, endpoint, type, account, "unreadable");
    }
    String pawkeepRefund =
        refund.getMetadata() == null ? null : refund.getMetadata().get("pawkeep_refund_id");
    return jdbc.sql(
            """
            select pawkeep_stripe_refund_event(:event, :endpoint, :type, :created, :account,
                     :refund, :intent, :amount, :currency, :status, :pawkeepRefund)
            """)
        .param("event", event.getId())
        .param("endpoint", endpoint.sql)
        .param("type", type)
        .param("created", Timestamp.from(created(event)))
        .param("account", account)
        .param("refund", refund.getId())
        .param("intent", refund.getPaymentIntent())
        .param("amount", refund.getAmount())
        .param("currency", refund.getCurrency())
        .param("status", refund.getStatus())
        .param("pawkeepRefund", pawkeepRefund)
        .query(String.class)
        .single();
  }

  /** A chargeback of a payment Pawkeep recorded: the invoice is marked disputed, won or lost. */
  private String disputeEvent(Event event, Endpoint endpoint, String type, String account) {
    Dispute dispute = object(event, Dispute.class).orElse(null);
    if (dispute == null || dispute.getId() == null) {
      return ignore(event, endpoint, type, account, "unreadable");
    }
    return jdbc.sql(
            """
            select pawkeep_stripe_dispute_event(:event, :endpoint, :type, :account, :dispute,
                     :intent, :amount, :currency, :status)
            """)
        .param("event", event.getId())
        .param("endpoint", endpoint.sql)
        .param("type", type)
        .param("account", account)
        .param("dispute", dispute.getId())
        .param("intent", dispute.getPaymentIntent())
        .param("amount", dispute.getAmount())
        .param("currency", dispute.getCurrency())
        .param("status", dispute.getStatus())
        .query(String.class)
        .single();
  }

  private String ignore(
      Event event, Endpoint endpoint, String type, String account, String reason) {
    return jdbc.sql(
            "select pawkeep_stripe_ignore_event(:event, :endpoint, :type, :account, :reason)")
        .param("event", event.getId())
        .param("endpoint", endpoint.sql)
        .param("type", type.length() > 100 ? type.substring(0, 100) : type)
        .param("account", account)
        .param("reason", reason)
        .query(String.class)
        .single();
  }

  private static Instant created(Event event) {
    return Instant.ofEpochSecond(event.getCreated() == null ? 0 : event.getCreated());
  }

  /**
   * The event's object. The typed view is empty when the event's API version is not the SDK's
   * release (e.g. {@code stripe listen} forwards the account's default version); then the fields
   * read here are taken as they are, and an object that cannot be read is ignored.
   */
  private static <T extends StripeObject> Optional<T> object(Event event, Class<T> type) {
    EventDataObjectDeserializer data = event.getDataObjectDeserializer();
    StripeObject object;
    try {
      object = data.getObject().isPresent() ? data.getObject().get() : data.deserializeUnsafe();
    } catch (Exception e) {
      return Optional.empty();
    }
    return type.isInstance(object) ? Optional.of(type.cast(object)) : Optional.empty();
  }

  private static ApiProblem badEvent() {
    return new ApiProblem(
        HttpStatus.BAD_REQUEST,
        "bad-webhook-signature",
        "Bad webhook signature",
        "The event's signature, timestamp or body is not valid.");
  }
}
