package io.pawkeep.billing;

import io.pawkeep.bookings.CompletedBookings;
import io.pawkeep.businesses.BusinessView;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.businesses.ClientDirectory;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The business's invoices in the browser (PAY-2): billing.read and billing.write list and read
 * them; billing.write drafts one for a client household (completed bookings, extra lines, a tip),
 * issues and voids it, and refunds a paid one through {@link Refunds} (the API's service). Same
 * facades as {@link InvoiceController}; outsiders get the 404 page, staff without billing and
 * accountants acting the 403 page. The forms that create money objects (a draft, a refund) carry a
 * one-time token ({@link FormTokens}): sent twice, they answer the first result.
 */
@Controller
class InvoicePages {

  static final int PER_PAGE = 20;
  static final int EXTRA_LINES = 2;
  private static final long MAX_MINOR = 100_000_000L;

  /** Stripe's refund reasons, as the form offers them. */
  static final Map<String, String> REFUND_REASONS = refundReasons();

  /** The draft form as typed, with an error per field ("form" for the whole form). */
  record InvoiceForm(
      String householdId,
      List<String> bookingIds,
      String currency,
      List<String> descriptions,
      List<String> amounts,
      String tip,
      Map<String, String> errors) {

    static InvoiceForm empty(String householdId, String currency) {
      List<String> blank = new ArrayList<>();
      for (int i = 0; i < EXTRA_LINES; i++) {
        blank.add("");
      }
      return new InvoiceForm(householdId, List.of(), currency, blank, blank, "", Map.of());
    }

    public boolean checked(UUID bookingId) {
      return bookingIds.contains(bookingId.toString());
    }

    public String error(String field) {
      return errors.get(field);
    }

    InvoiceForm withErrors(Map<String, String> errors) {
      return new InvoiceForm(
          householdId, bookingIds, currency, descriptions, amounts, tip, Map.copyOf(errors));
    }

    InvoiceForm withError(String field, String message) {
      return withErrors(Map.of(field, message));
    }
  }

  /** The refund form as typed. */
  record RefundForm(String amount, String reason, String payment) {
    static final RefundForm EMPTY = new RefundForm("", "", "");
  }

  private final Invoices invoices;
  private final Refunds refunds;
  private final FormTokens tokens;
  private final StripeGateway stripe;
  private final InvoiceReads reads;
  private final Businesses businesses;
  private final ClientDirectory clients;
  private final CompletedBookings completed;
  private final CurrentUser currentUser;

  InvoicePages(
      Invoices invoices,
      Refunds refunds,
      FormTokens tokens,
      StripeGateway stripe,
      InvoiceReads reads,
      Businesses businesses,
      ClientDirectory clients,
      CompletedBookings completed,
      CurrentUser currentUser) {
    this.invoices = invoices;
    this.refunds = refunds;
    this.tokens = tokens;
    this.stripe = stripe;
    this.reads = reads;
    this.businesses = businesses;
    this.clients = clients;
    this.completed = completed;
    this.currentUser = currentUser;
  }

  @GetMapping("/businesses/{id}/invoices")
  String list(@PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, id);
    Page<InvoiceView> page =
        invoices.ofBusiness(me, id, PageRequest.of("invoices", PER_PAGE, cursor));
    model.addAttribute("business", business);
    model.addAttribute("invoices", page.items());
    model.addAttribute("next", page.next());
    model.addAttribute("writer", business.permissions().contains(Invoices.WRITE));
    return "billing/business-invoices";
  }

  @GetMapping("/businesses/{id}/invoices/new")
  String newInvoice(
      @PathVariable UUID id,
      @RequestParam(required = false) String householdId,
      Model model,
      HttpServletResponse response) {
    BusinessView business = writer(id);
    List<ClientDirectory.Client> choices = clients.clients(currentUser.userId(), id);
    ClientDirectory.Client client = chosen(choices, householdId);
    if (householdId != null && !householdId.isBlank() && client == null) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return form(
          business,
          choices,
          null,
          List.of(),
          InvoiceForm.empty(householdId, "EUR")
              .withError("householdId", "Choose one of the business's clients."),
          model);
    }
    List<CompletedBookings.Completed> bookings = bookings(id, client);
    String currency = bookings.isEmpty() ? "EUR" : bookings.get(0).currency();
    return form(
        business,
        choices,
        client,
        bookings,
        InvoiceForm.empty(client == null ? "" : client.householdId().toString(), currency),
        model);
  }

  @PostMapping("/businesses/{id}/invoices")
  String create(
      @PathVariable UUID id,
      @RequestParam(defaultValue = "") String householdId,
      @RequestParam(name = "bookingIds", required = false) List<String> bookingIds,
      @RequestParam(defaultValue = "") String currency,
      @RequestParam Map<String, String> fields,
      @RequestParam(defaultValue = "") String tip,
      @RequestParam(name = FormTokens.FIELD, required = false) String formToken,
      Model model,
      HttpServletResponse response) {
    UUID me = currentUser.userId();
    BusinessView business = writer(id);
    // Everything the form shows is read before the draft is written: a refusal by the database
    // aborts the request's transaction, after which nothing more can be read.
    List<ClientDirectory.Client> choices = clients.clients(me, id);
    ClientDirectory.Client client = chosen(choices, householdId);
    List<CompletedBookings.Completed> bookings = bookings(id, client);
    InvoiceForm typed =
        new InvoiceForm(
            householdId,
            bookingIds == null ? List.of() : List.copyOf(bookingIds),
            currency.strip().toUpperCase(java.util.Locale.ROOT),
            numbered(fields, "description"),
            numbered(fields, "amount"),
            tip,
            Map.of());
    Map<String, String> errors = new LinkedHashMap<>();
    Invoices.Draft draft = draft(typed, client, bookings, errors);
    if (errors.isEmpty()) {
      try {
        // A second sending of the same form answers the draft the first one made (PAY-2).
        UUID created =
            tokens.once(
                me,
                formToken,
                "POST /businesses/" + id + "/invoices",
                draft,
                () -> invoices.create(me, id, draft));
        return "redirect:/businesses/" + id + "/invoices/" + created;
      } catch (ApiProblem problem) {
        if (problem.status() != HttpStatus.BAD_REQUEST
            && problem.status() != HttpStatus.CONFLICT
            && problem.status() != HttpStatus.UNPROCESSABLE_CONTENT) {
          throw problem;
        }
        errors.put(
            problem.getMessage().contains("booking") ? "bookingIds" : "form", problem.getMessage());
        response.setStatus(problem.status().value());
      }
    } else {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
    }
    return form(business, choices, client, bookings, typed.withErrors(errors), model);
  }

  @GetMapping("/businesses/{id}/invoices/{invoiceId}")
  String invoice(@PathVariable UUID id, @PathVariable UUID invoiceId, Model model) {
    return render(shown(id, invoiceId), Map.of(), model);
  }

  /**
   * Refunds part or all of a paid invoice, or an overpayment, through the same {@link Refunds} as
   * {@code POST /api/v1/invoices/{id}/refunds} (PAY-2): amount typed in the currency's decimals, an
   * optional reason, the payment when the invoice was overpaid. Stripe's refusal, an amount above
   * what is left, or no answer from Stripe are said beside the form, never a 500.
   */
  @PostMapping("/businesses/{id}/invoices/{invoiceId}/refunds")
  String refund(
      @PathVariable UUID id,
      @PathVariable UUID invoiceId,
      @RequestParam(defaultValue = "") String amount,
      @RequestParam(defaultValue = "") String reason,
      @RequestParam(defaultValue = "") String payment,
      @RequestParam(name = FormTokens.FIELD, required = false) String formToken,
      Model model,
      HttpServletResponse response) {
    UUID me = currentUser.userId();
    Shown shown = shown(id, invoiceId);
    if (!shown.business().permissions().contains(Invoices.WRITE)) {
      throw ApiProblem.forbidden("Refunding an invoice takes billing.write.");
    }
    InvoiceView invoice = shown.invoice();
    RefundForm typed = new RefundForm(amount.strip(), reason, payment);
    Map<String, String> errors = new LinkedHashMap<>();
    Money.Typed money = Money.parse(typed.amount(), invoice.currency(), MAX_MINOR);
    if (money.error() != null) {
      errors.put("refundAmount", money.error());
    }
    if (!reason.isEmpty() && !REFUND_REASONS.containsKey(reason)) {
      errors.put("refundReason", "Choose one of the reasons listed, or none.");
    }
    if (!payment.isEmpty()
        && shown.payments().stream().noneMatch(p -> p.reference().equals(payment))) {
      errors.put("refundPayment", "Choose one of this invoice's payments.");
    }
    model.addAttribute("refundForm", typed);
    if (!errors.isEmpty()) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return render(shown, errors, model);
    }
    Refunds.Request request =
        new Refunds.Request(
            money.minor(),
            invoice.currency(),
            reason.isEmpty() ? null : reason,
            payment.isEmpty() ? null : payment);
    try {
      tokens.once(
          me,
          formToken,
          "POST /businesses/" + id + "/invoices/" + invoiceId + "/refunds",
          request,
          () -> refunds.request(me, invoiceId, request, FormTokens.key(formToken)));
      return "redirect:/businesses/" + id + "/invoices/" + invoiceId;
    } catch (ApiProblem problem) {
      String slug = String.valueOf(problem.toProblemDetail().getType());
      String field = "refund";
      String message = problem.getMessage();
      if (problem.status() == HttpStatus.NOT_FOUND || problem.status() == HttpStatus.FORBIDDEN) {
        throw problem;
      } else if (slug.endsWith("refund-too-large")) {
        field = "refundAmount";
        message =
            "More than can be refunded: at most "
                + Money.shown(refundable(shown, request.paymentIntentId()), invoice.currency())
                + " is left (paid minus what is refunded or being refunded).";
      } else if (slug.endsWith("idempotency-key-reused")) {
        message =
            "This form was already sent with other values: the refunds below show what it did."
                + " Check them, then send the form again if another refund is needed.";
      } else if (problem.status() == HttpStatus.BAD_GATEWAY) {
        // Stripe did not answer: the refund stays reserved; sending this same form again (same
        // token, same Idempotency-Key) asks Stripe for that refund again, never a second one.
        message =
            "Stripe did not answer, so the refund is not confirmed. Send the form again to ask"
                + " Stripe for this same refund again.";
        model.addAttribute(FormTokens.FIELD, formToken);
      } else if (problem.status().is5xxServerError()
          && problem.status() != HttpStatus.SERVICE_UNAVAILABLE) {
        throw problem;
      }
      response.setStatus(problem.status().value());
      return render(
          new Shown(shown.business(), invoice, shown.payments(), reads.refunds(invoiceId)),
          Map.of(field, message),
          model);
    }
  }

  @PostMapping("/businesses/{id}/invoices/{invoiceId}/issue")
  String issue(
      @PathVariable UUID id,
      @PathVariable UUID invoiceId,
      Model model,
      HttpServletResponse response) {
    UUID me = currentUser.userId();
    Shown shown = shown(id, invoiceId);
    try {
      invoices.issue(me, invoiceId);
    } catch (ApiProblem problem) {
      return refused(shown, problem, "issue", model, response);
    }
    return "redirect:/businesses/" + id + "/invoices/" + invoiceId;
  }

  @PostMapping("/businesses/{id}/invoices/{invoiceId}/void")
  String voidInvoice(
      @PathVariable UUID id,
      @PathVariable UUID invoiceId,
      @RequestParam(required = false) String confirm,
      @RequestParam(defaultValue = "") String reason,
      Model model,
      HttpServletResponse response) {
    UUID me = currentUser.userId();
    Shown shown = shown(id, invoiceId);
    if (!shown.business().permissions().contains(Invoices.WRITE)) {
      throw ApiProblem.forbidden("Voiding invoices takes billing.write.");
    }
    Map<String, String> errors = new LinkedHashMap<>();
    if (!"yes".equals(confirm)) {
      errors.put("confirm", "Tick the box to confirm: a void invoice cannot be paid or reopened.");
    }
    if (reason.strip().length() > 500) {
      errors.put("reason", "Keep the reason to 500 characters.");
    }
    if (errors.isEmpty()) {
      try {
        invoices.voidInvoice(me, invoiceId, reason.isBlank() ? null : reason);
        return "redirect:/businesses/" + id + "/invoices/" + invoiceId;
      } catch (ApiProblem problem) {
        return refused(shown, problem, "confirm", model, response);
      }
    }
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    model.addAttribute("reason", reason);
    return render(shown, errors, model);
  }

  /** What the invoice page shows, read before anything is changed. */
  record Shown(
      BusinessView business,
      InvoiceView invoice,
      List<InvoiceReads.Payment> payments,
      List<InvoiceReads.Refund> refunds) {}

  private Shown shown(UUID businessId, UUID invoiceId) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, businessId);
    if (!business.permissions().contains(Invoices.READ)
        && !business.permissions().contains(Invoices.WRITE)) {
      throw ApiProblem.forbidden("Invoices are for staff holding billing.read or billing.write.");
    }
    InvoiceView invoice = invoices.get(invoiceId);
    if (!invoice.businessId().equals(businessId)) {
      throw ApiProblem.notFound();
    }
    return new Shown(business, invoice, reads.payments(invoiceId), reads.refunds(invoiceId));
  }

  private String refused(
      Shown shown, ApiProblem problem, String field, Model model, HttpServletResponse response) {
    if (problem.status() != HttpStatus.BAD_REQUEST && problem.status() != HttpStatus.CONFLICT) {
      throw problem;
    }
    response.setStatus(problem.status().value());
    return render(shown, Map.of(field, problem.getMessage()), model);
  }

  private String render(Shown shown, Map<String, String> errors, Model model) {
    model.addAttribute("business", shown.business());
    model.addAttribute("invoice", shown.invoice());
    model.addAttribute("payments", shown.payments());
    model.addAttribute("history", InvoiceHistory.of(shown.invoice(), shown.payments()));
    boolean writer = shown.business().permissions().contains(Invoices.WRITE);
    model.addAttribute("writer", writer);
    model.addAttribute("errors", errors);
    if (!model.containsAttribute("reason")) {
      model.addAttribute("reason", "");
    }
    InvoiceView invoice = shown.invoice();
    boolean refundable =
        Set.of("paid", "partially_refunded").contains(invoice.state())
            || invoice.overpaidMinor() > 0;
    model.addAttribute("refunds", shown.refunds());
    model.addAttribute("canRefund", writer && refundable && stripe.enabled());
    model.addAttribute("refundable", refundable(shown, null));
    model.addAttribute(
        "overpayments",
        shown.payments().stream().filter(p -> "overpaid".equals(p.outcome())).toList());
    model.addAttribute("refundReasons", REFUND_REASONS);
    if (!model.containsAttribute("refundForm")) {
      model.addAttribute("refundForm", RefundForm.EMPTY);
    }
    if (!model.containsAttribute(FormTokens.FIELD)) {
      model.addAttribute(FormTokens.FIELD, tokens.issue());
    }
    return "billing/business-invoice";
  }

  /**
   * What is left to refund, in minor units: of the invoice (paid minus refunded minus refunds in
   * flight) or, for an overpayment named by {@code payment}, of that payment. Shown to help; the
   * database decides under the invoice's lock.
   */
  private static long refundable(Shown shown, String payment) {
    InvoiceView invoice = shown.invoice();
    InvoiceReads.Payment named =
        payment == null
            ? null
            : shown.payments().stream()
                .filter(p -> p.reference().equals(payment))
                .findFirst()
                .orElse(null);
    if (named != null && !"applied".equals(named.outcome())) {
      long taken =
          shown.refunds().stream()
              .filter(r -> r.payment().equals(payment) && !"failed".equals(r.shown()))
              .mapToLong(InvoiceReads.Refund::amountMinor)
              .sum();
      return Math.max(0, named.amountMinor() - taken);
    }
    long inFlight =
        shown.refunds().stream()
            .filter(InvoiceReads.Refund::reserved)
            .mapToLong(InvoiceReads.Refund::amountMinor)
            .sum();
    return Math.max(0, invoice.paidMinor() - invoice.refundedMinor() - inFlight);
  }

  private BusinessView writer(UUID businessId) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, businessId);
    if (!business.permissions().contains(Invoices.WRITE)) {
      throw ApiProblem.forbidden("Drafting invoices takes billing.write.");
    }
    return business;
  }

  private static ClientDirectory.Client chosen(
      List<ClientDirectory.Client> choices, String householdId) {
    return choices.stream()
        .filter(c -> c.householdId().toString().equals(householdId))
        .findFirst()
        .orElse(null);
  }

  /** The client's completed bookings that are on no live invoice yet. */
  private List<CompletedBookings.Completed> bookings(
      UUID businessId, ClientDirectory.Client client) {
    if (client == null) {
      return List.of();
    }
    UUID me = currentUser.userId();
    if (!businesses.permissionsOf(me, businessId).contains("bookings.read")) {
      return List.of();
    }
    List<CompletedBookings.Completed> all =
        completed.ofClient(me, businessId, client.householdId());
    Set<UUID> billed = reads.billed(all.stream().map(CompletedBookings.Completed::id).toList());
    return all.stream().filter(b -> !billed.contains(b.id())).toList();
  }

  /** The draft the form describes, or the errors beside its fields. */
  private static Invoices.Draft draft(
      InvoiceForm typed,
      ClientDirectory.Client client,
      List<CompletedBookings.Completed> bookings,
      Map<String, String> errors) {
    if (client == null) {
      errors.put("householdId", "Choose one of the business's clients.");
    }
    List<UUID> chosen = new ArrayList<>();
    for (CompletedBookings.Completed b : bookings) {
      if (typed.bookingIds().contains(b.id().toString())) {
        chosen.add(b.id());
        if (!b.currency().equals(typed.currency())) {
          errors.put(
              "currency", "The chosen bookings are priced in " + b.currency() + ": use it here.");
        }
      }
    }
    if (chosen.size() != typed.bookingIds().size()) {
      errors.put("bookingIds", "Choose among the completed bookings listed.");
    }
    if (!typed.currency().matches("[A-Z]{3}")) {
      errors.put("currency", "Enter a currency code such as EUR.");
    }
    List<Invoices.Extra> extras = new ArrayList<>();
    for (int i = 0; i < EXTRA_LINES; i++) {
      String description = typed.descriptions().get(i).strip();
      String amount = typed.amounts().get(i).strip();
      if (description.isEmpty() && amount.isEmpty()) {
        continue;
      }
      if (description.isEmpty() || description.length() > 200) {
        errors.put("description" + i, "Describe the line in 1 to 200 characters.");
      }
      Money.Typed money = Money.parse(amount, typed.currency(), MAX_MINOR);
      if (money.error() != null) {
        errors.put("amount" + i, money.error());
      } else {
        extras.add(new Invoices.Extra(description, money.minor(), null));
      }
    }
    if (chosen.isEmpty()
        && extras.isEmpty()
        && !errors.containsKey("bookingIds")
        && errors.keySet().stream()
            .noneMatch(k -> k.startsWith("amount") || k.startsWith("description"))) {
      errors.put("bookingIds", "Choose at least one completed booking or add an extra line.");
    }
    Invoices.Extra tip = null;
    if (!typed.tip().isBlank()) {
      Money.Typed money = Money.parse(typed.tip(), typed.currency(), MAX_MINOR);
      if (money.error() != null) {
        errors.put("tip", money.error());
      } else {
        tip = new Invoices.Extra("Tip", money.minor(), null);
      }
    }
    return new Invoices.Draft(
        client == null ? null : client.householdId(), typed.currency(), chosen, extras, tip);
  }

  private String form(
      BusinessView business,
      List<ClientDirectory.Client> choices,
      ClientDirectory.Client client,
      List<CompletedBookings.Completed> bookings,
      InvoiceForm form,
      Model model) {
    model.addAttribute("business", business);
    model.addAttribute("clients", choices);
    model.addAttribute("client", client);
    model.addAttribute("bookings", bookings);
    model.addAttribute("form", form);
    model.addAttribute(FormTokens.FIELD, tokens.issue());
    return "billing/new-invoice";
  }

  private static Map<String, String> refundReasons() {
    Map<String, String> reasons = new LinkedHashMap<>();
    reasons.put("requested_by_customer", "Requested by the customer");
    reasons.put("duplicate", "Duplicate payment");
    reasons.put("fraudulent", "Fraudulent payment");
    return java.util.Collections.unmodifiableMap(reasons);
  }

  /** The extra lines' fields {@code description0}, {@code description1}... as typed. */
  private static List<String> numbered(Map<String, String> fields, String name) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < EXTRA_LINES; i++) {
      values.add(fields.getOrDefault(name + i, ""));
    }
    return values;
  }
}
