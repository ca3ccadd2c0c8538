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
 * issues and voids it. Same facade as {@link InvoiceController}; outsiders get the 404 page, staff
 * without billing and accountants acting the 403 page.
 */
@Controller
class InvoicePages {

  static final int PER_PAGE = 20;
  static final int EXTRA_LINES = 2;
  private static final long MAX_MINOR = 100_000_000L;

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

  private final Invoices invoices;
  private final InvoiceReads reads;
  private final Businesses businesses;
  private final ClientDirectory clients;
  private final CompletedBookings completed;
  private final CurrentUser currentUser;

  InvoicePages(
      Invoices invoices,
      InvoiceReads reads,
      Businesses businesses,
      ClientDirectory clients,
      CompletedBookings completed,
      CurrentUser currentUser) {
    this.invoices = invoices;
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
        InvoiceView created = invoices.create(me, id, draft);
        return "redirect:/businesses/" + id + "/invoices/" + created.id();
      } catch (ApiProblem problem) {
        if (problem.status() != HttpStatus.BAD_REQUEST && problem.status() != HttpStatus.CONFLICT) {
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
  record Shown(BusinessView business, InvoiceView invoice, List<InvoiceReads.Payment> payments) {}

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
    return new Shown(business, invoice, reads.payments(invoiceId));
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
    model.addAttribute("writer", shown.business().permissions().contains(Invoices.WRITE));
    model.addAttribute("errors", errors);
    if (!model.containsAttribute("reason")) {
      model.addAttribute("reason", "");
    }
    return "billing/business-invoice";
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
    return "billing/new-invoice";
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
