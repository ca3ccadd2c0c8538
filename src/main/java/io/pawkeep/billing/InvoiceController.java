package io.pawkeep.billing;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invoices (PAY-2). Every POST takes an optional {@code Idempotency-Key}: a retry answers what the
 * first request answered. Object checks live in {@link Invoices}.
 */
@RestController
class InvoiceController {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  record NewInvoice(
      UUID householdId,
      String currency,
      List<UUID> bookingIds,
      List<Invoices.Extra> extraLines,
      Invoices.Extra tip) {}

  record VoidRequest(String reason) {}

  private final Invoices invoices;
  private final Checkouts checkouts;
  private final Refunds refunds;
  private final IdempotentPosts idempotent;
  private final CurrentUser currentUser;

  InvoiceController(
      Invoices invoices,
      Checkouts checkouts,
      Refunds refunds,
      IdempotentPosts idempotent,
      CurrentUser currentUser) {
    this.invoices = invoices;
    this.checkouts = checkouts;
    this.refunds = refunds;
    this.idempotent = idempotent;
    this.currentUser = currentUser;
  }

  @Operation(
      summary =
          "Draft an invoice for a client household: completed bookings priced from their"
              + " services, extra lines and a tip, in minor units (billing.write)")
  @PostMapping("/api/v1/businesses/{id}/invoices")
  ResponseEntity<Object> create(
      @PathVariable UUID id,
      @RequestBody NewInvoice body,
      @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
    UUID caller = currentUser.userId();
    return idempotent.run(
        caller,
        key,
        "POST /api/v1/businesses/" + id + "/invoices",
        body,
        () ->
            new IdempotentPosts.Answer(
                HttpStatus.CREATED,
                invoices.create(
                    caller,
                    id,
                    new Invoices.Draft(
                        body.householdId(),
                        body.currency(),
                        body.bookingIds(),
                        body.extraLines(),
                        body.tip()))));
  }

  @Operation(summary = "The business's invoices, newest first (billing.read or billing.write)")
  @GetMapping("/api/v1/businesses/{id}/invoices")
  Page<InvoiceView> ofBusiness(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return invoices.ofBusiness(currentUser.userId(), id, PageRequest.of("invoices", limit, cursor));
  }

  @Operation(summary = "The household's issued invoices, newest first (its owners and members)")
  @GetMapping("/api/v1/households/{id}/invoices")
  Page<InvoiceView> ofHousehold(
      @PathVariable UUID id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return invoices.ofHousehold(
        currentUser.userId(), id, PageRequest.of("invoices", limit, cursor));
  }

  @Operation(summary = "One invoice (its business's billing staff; its household once issued)")
  @GetMapping("/api/v1/invoices/{id}")
  InvoiceView get(@PathVariable UUID id) {
    // People only: the caller's identity must be a person's (row-level security decides the rest).
    currentUser.userId();
    return invoices.get(id);
  }

  @Operation(summary = "Issue a draft: it takes the business's next number (billing.write)")
  @PostMapping("/api/v1/invoices/{id}/issue")
  ResponseEntity<Object> issue(
      @PathVariable UUID id, @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
    UUID caller = currentUser.userId();
    return idempotent.run(
        caller,
        key,
        "POST /api/v1/invoices/" + id + "/issue",
        null,
        () -> new IdempotentPosts.Answer(HttpStatus.OK, invoices.issue(caller, id)));
  }

  @Operation(summary = "Void an open invoice; it keeps its number (billing.write)")
  @PostMapping("/api/v1/invoices/{id}/void")
  ResponseEntity<Object> voidInvoice(
      @PathVariable UUID id,
      @RequestBody(required = false) VoidRequest body,
      @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
    UUID caller = currentUser.userId();
    String reason = body == null ? null : body.reason();
    return idempotent.run(
        caller,
        key,
        "POST /api/v1/invoices/" + id + "/void",
        body,
        () -> new IdempotentPosts.Answer(HttpStatus.OK, invoices.voidInvoice(caller, id, reason)));
  }

  @Operation(
      summary =
          "Refund part or all of a paid invoice through Stripe, on the business's account"
              + " (billing.write); the invoice turns partially refunded or refunded once Stripe"
              + " says the refund succeeded")
  @PostMapping("/api/v1/invoices/{id}/refunds")
  ResponseEntity<Object> refund(
      @PathVariable UUID id,
      @RequestBody(required = false) Refunds.Request body,
      @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
    UUID caller = currentUser.userId();
    return idempotent.run(
        caller,
        key,
        "POST /api/v1/invoices/" + id + "/refunds",
        body,
        () ->
            new IdempotentPosts.Answer(HttpStatus.CREATED, refunds.request(caller, id, body, key)));
  }

  @Operation(
      summary =
          "Pay an open invoice: a Stripe Checkout link on the business's account (the household's"
              + " owners and members); the invoice turns paid only when Stripe's signed event"
              + " arrives")
  @PostMapping("/api/v1/invoices/{id}/checkout")
  ResponseEntity<Checkouts.Started> checkout(@PathVariable UUID id) {
    // Retried requests are answered the same open session (the database keeps one per invoice),
    // so no Idempotency-Key is stored: its stored answer would keep the payment link.
    Checkouts.Started started = checkouts.start(currentUser.userId(), id);
    return ResponseEntity.ok()
        .cacheControl(org.springframework.http.CacheControl.noStore())
        .body(started);
  }
}
