package io.pawkeep.billing;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.households.Households;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invoices (PAY-2): billing.write writes drafts of a client household's completed bookings, extra
 * lines and a tip, issues them (numbered without gaps per business) and voids open ones;
 * billing.read and billing.write read the business's invoices; the household's members read its
 * issued invoices only (DOM-9). Every change is audited in the same transaction; each rule is also
 * the database's (R__96_invoices.sql), so a refusal there writes nothing.
 */
@Service
@Transactional
class Invoices {

  static final String READ = "billing.read";
  static final String WRITE = "billing.write";
  private static final long MAX_MINOR = 100_000_000L;
  private static final Logger log = LoggerFactory.getLogger(Invoices.class);

  /** What a client asks to invoice; amounts in minor units. */
  record Draft(
      UUID householdId,
      String currency,
      List<UUID> bookingIds,
      List<Extra> extraLines,
      Extra tip) {}

  /** An extra line or the tip; its currency, when given, must be the invoice's. */
  record Extra(String description, Long amountMinor, String currency) {}

  private final InvoiceRepository invoices;
  private final Businesses businesses;
  private final Households households;
  private final AuditTrail trail;
  private final Clock clock;

  Invoices(
      InvoiceRepository invoices,
      Businesses businesses,
      Households households,
      AuditTrail trail,
      Clock clock) {
    this.invoices = invoices;
    this.businesses = businesses;
    this.households = households;
    this.trail = trail;
    this.clock = clock;
  }

  InvoiceView create(UUID caller, UUID businessId, Draft draft) {
    businesses.requirePermission(caller, businessId, WRITE);
    if (draft.householdId() == null) {
      throw ApiProblem.badRequest("householdId is required.");
    }
    List<UUID> bookings = draft.bookingIds() == null ? List.of() : draft.bookingIds();
    List<Extra> extras = draft.extraLines() == null ? List.of() : draft.extraLines();
    if (bookings.isEmpty() && extras.isEmpty()) {
      throw ApiProblem.badRequest("An invoice needs at least one booking or extra line.");
    }
    if (bookings.size() > 100 || extras.size() > 50) {
      throw ApiProblem.badRequest("An invoice holds at most 100 bookings and 50 extra lines.");
    }
    if (bookings.stream().anyMatch(Objects::isNull)
        || new LinkedHashSet<>(bookings).size() != bookings.size()) {
      throw ApiProblem.badRequest("bookingIds must name each booking once.");
    }
    String currency = currency(draft.currency(), bookings);
    for (Extra extra : extras) {
      checkExtra(extra, currency, true);
    }
    if (draft.tip() != null) {
      checkExtra(draft.tip(), currency, false);
    }
    UUID id = UUID.randomUUID();
    InvoiceErrors.translate(
        () -> {
          invoices.insert(id, businessId, draft.householdId(), currency, caller, clock.instant());
          for (UUID booking : bookings) {
            invoices.addLine(id, businessId, "service", booking, null, null);
          }
          for (Extra extra : extras) {
            invoices.addLine(
                id, businessId, "extra", null, extra.description().strip(), extra.amountMinor());
          }
          if (draft.tip() != null) {
            invoices.addLine(id, businessId, "tip", null, "Tip", draft.tip().amountMinor());
          }
        });
    InvoiceView created = invoices.find(id).orElseThrow();
    // A draft is the business's matter only: the household's chain hears of it once issued.
    audit(List.of(businessId), caller, "invoice.created", created);
    log.info("User {} drafted invoice {} for business {}", caller, id, businessId);
    return created;
  }

  InvoiceView issue(UUID caller, UUID invoiceId) {
    InvoiceView invoice = writable(caller, invoiceId);
    InvoiceErrors.translate(() -> invoices.issue(invoiceId, clock.instant()));
    InvoiceView issued = invoices.find(invoiceId).orElseThrow();
    audit(List.of(issued.businessId(), issued.householdId()), caller, "invoice.issued", issued);
    log.info("User {} issued invoice {} of business {}", caller, invoiceId, invoice.businessId());
    return issued;
  }

  InvoiceView voidInvoice(UUID caller, UUID invoiceId, String reason) {
    String why = reason == null ? null : reason.strip();
    if (why != null && why.length() > 500) {
      throw ApiProblem.badRequest("reason must have at most 500 characters.");
    }
    InvoiceView invoice = writable(caller, invoiceId);
    if (!invoice.state().equals("open")) {
      throw ApiProblem.conflict(
          invoice.state().equals("draft")
              ? "A draft has no number to void."
              : "Only an open invoice is voided; a paid one is refunded instead.");
    }
    InvoiceErrors.translate(() -> invoices.voidInvoice(invoiceId, why, clock.instant()));
    InvoiceView voided = invoices.find(invoiceId).orElseThrow();
    audit(List.of(voided.businessId(), voided.householdId()), caller, "invoice.voided", voided);
    log.info("User {} voided invoice {} of business {}", caller, invoiceId, invoice.businessId());
    return voided;
  }

  @Transactional(readOnly = true)
  InvoiceView get(UUID invoiceId) {
    return invoices.find(invoiceId).orElseThrow(ApiProblem::notFound);
  }

  /** The business's invoices, newest first: billing.read or billing.write (404 off its staff). */
  @Transactional(readOnly = true)
  Page<InvoiceView> ofBusiness(UUID caller, UUID businessId, PageRequest page) {
    Set<String> permissions = businesses.permissionsOf(caller, businessId);
    if (!permissions.contains(READ) && !permissions.contains(WRITE)) {
      businesses.requirePermission(caller, businessId, READ);
    }
    return page(invoices.ofBusiness(businessId, page), page);
  }

  /**
   * The household's issued invoices, newest first, for its owners and members (404 for anyone else,
   * sitters included: they look after the pets, not the bills).
   */
  @Transactional(readOnly = true)
  Page<InvoiceView> ofHousehold(UUID caller, UUID householdId, PageRequest page) {
    households
        .find(caller, householdId)
        .filter(h -> !"sitter".equals(h.role()))
        .orElseThrow(ApiProblem::notFound);
    return page(invoices.ofHousehold(householdId, page), page);
  }

  private static Page<InvoiceView> page(List<InvoiceView> rows, PageRequest page) {
    return Page.of(rows, page, i -> Cursor.of(page.list(), i.createdAt(), i.id()));
  }

  /** The invoice when the caller may see it (404 otherwise) and holds billing.write (403). */
  private InvoiceView writable(UUID caller, UUID invoiceId) {
    InvoiceView invoice = get(invoiceId);
    if (!businesses.permissionsOf(caller, invoice.businessId()).contains(WRITE)) {
      throw ApiProblem.forbidden("Issuing and voiding invoices takes billing.write.");
    }
    return invoice;
  }

  /** The invoice's currency: the one asked for, or the booked services'. */
  private String currency(String asked, List<UUID> bookings) {
    String currency = asked;
    if (currency == null && !bookings.isEmpty()) {
      currency = invoices.bookingCurrency(bookings.get(0)).orElse(null);
      if (currency == null) {
        throw ApiProblem.badRequest(
            "bookingIds must name completed bookings of this business and household.");
      }
    }
    if (currency == null || !currency.matches("[A-Z]{3}")) {
      throw ApiProblem.badRequest("currency must be an ISO 4217 code such as EUR.");
    }
    return currency;
  }

  private static void checkExtra(Extra extra, String currency, boolean described) {
    if (extra == null) {
      throw ApiProblem.badRequest("extraLines must not hold null.");
    }
    if (extra.amountMinor() == null
        || extra.amountMinor() <= 0
        || extra.amountMinor() > MAX_MINOR) {
      throw ApiProblem.badRequest(
          "amountMinor must be a positive whole number of minor units, at most " + MAX_MINOR + ".");
    }
    if (extra.currency() != null && !extra.currency().equals(currency)) {
      throw ApiProblem.badRequest(
          "Every amount must be in the invoice's currency, " + currency + ".");
    }
    if (described) {
      String text = extra.description() == null ? "" : extra.description().strip();
      if (text.isEmpty() || text.length() > 200) {
        throw ApiProblem.badRequest("description must have 1 to 200 characters.");
      }
    }
  }

  private void audit(List<UUID> chains, UUID caller, String action, InvoiceView invoice) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("state", invoice.state());
    detail.put("currency", invoice.currency());
    detail.put("totalMinor", invoice.totalMinor());
    if (invoice.number() != null) {
      detail.put("number", invoice.number());
    }
    List<Object> lines = new ArrayList<>();
    for (InvoiceView.Line line : invoice.lines()) {
      lines.add(Map.of("kind", line.kind(), "amountMinor", line.amountMinor()));
    }
    detail.put("lines", lines);
    for (UUID chain : chains) {
      trail.record(
          new AuditEvent(chain, caller, action, "invoice", invoice.id().toString(), null, detail));
    }
  }
}
