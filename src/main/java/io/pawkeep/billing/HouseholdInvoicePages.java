package io.pawkeep.billing;

import io.pawkeep.businesses.Businesses;
import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.FormActionSources;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * A household's invoices in the browser (PAY-2, DOM-9): its owners and members list its issued
 * invoices, read one and pay an open one through Stripe Checkout; sitters and anyone else get the
 * 404 page. {@code /invoices/{id}} is also where Checkout sends the payer back: coming back says
 * Stripe has the payment, never that the invoice is paid; only the verified webhook pays it.
 */
@Controller
class HouseholdInvoicePages {

  static final int PER_PAGE = 20;

  private final Invoices invoices;
  private final Checkouts checkouts;
  private final InvoiceReads reads;
  private final Households households;
  private final Businesses businesses;
  private final StripeGateway stripe;
  private final StripeOrigins origins;
  private final CurrentUser currentUser;

  HouseholdInvoicePages(
      Invoices invoices,
      Checkouts checkouts,
      InvoiceReads reads,
      Households households,
      Businesses businesses,
      StripeGateway stripe,
      StripeOrigins origins,
      CurrentUser currentUser) {
    this.invoices = invoices;
    this.checkouts = checkouts;
    this.reads = reads;
    this.households = households;
    this.businesses = businesses;
    this.stripe = stripe;
    this.origins = origins;
    this.currentUser = currentUser;
  }

  @GetMapping("/households/{id}/invoices")
  String list(@PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
    UUID me = currentUser.userId();
    Page<InvoiceView> page =
        invoices.ofHousehold(me, id, PageRequest.of("invoices", PER_PAGE, cursor));
    model.addAttribute("household", households.find(me, id).orElseThrow(ApiProblem::notFound));
    model.addAttribute("invoices", page.items());
    model.addAttribute("next", page.next());
    return "billing/household-invoices";
  }

  @GetMapping("/invoices/{id}")
  String invoice(
      @PathVariable UUID id,
      @RequestParam(required = false) String checkout,
      Model model,
      HttpServletResponse response) {
    UUID me = currentUser.userId();
    InvoiceView invoice = invoices.get(id);
    HouseholdView household = payer(me, invoice);
    if (household == null) {
      Set<String> permissions = businesses.permissionsOf(me, invoice.businessId());
      if (permissions.contains(Invoices.READ) || permissions.contains(Invoices.WRITE)) {
        return "redirect:/businesses/" + invoice.businessId() + "/invoices/" + id;
      }
      throw ApiProblem.notFound();
    }
    return render(
        household,
        invoice,
        reads.payments(id),
        reads.refunds(id),
        "returned".equals(checkout),
        null,
        model,
        response);
  }

  @PostMapping("/invoices/{id}/pay")
  ModelAndView pay(@PathVariable UUID id, Model model, HttpServletResponse response) {
    UUID me = currentUser.userId();
    InvoiceView invoice = invoices.get(id);
    HouseholdView household = payer(me, invoice);
    if (household == null) {
      throw ApiProblem.forbidden("Only the billed household's owners and members pay an invoice.");
    }
    List<InvoiceReads.Payment> payments = reads.payments(id);
    List<InvoiceReads.Refund> refunds = reads.refunds(id);
    Checkouts.Started started;
    try {
      started = checkouts.start(me, id);
    } catch (ApiProblem problem) {
      if (problem.status() == HttpStatus.NOT_FOUND || problem.status() == HttpStatus.FORBIDDEN) {
        throw problem;
      }
      response.setStatus(problem.status().value());
      return new ModelAndView(
          render(
              household, invoice, payments, refunds, false, problem.getMessage(), model, response));
    }
    if (!StripeOrigins.leadsTo(started.url(), origins.checkout())) {
      // Never send the payer anywhere but Stripe's Checkout (no open redirect).
      throw new ApiProblem(
          HttpStatus.BAD_GATEWAY,
          "payments-provider-error",
          "Payments provider error",
          "Stripe did not complete the request. Try again in a moment.");
    }
    // 303: the browser follows with a GET; the link is a payment link, never stored or logged.
    return new ModelAndView(seeOther(started.url()));
  }

  /** A 303 to {@code url}, with nothing of the model in it. */
  static RedirectView seeOther(String url) {
    RedirectView redirect = new RedirectView(url);
    redirect.setStatusCode(HttpStatus.SEE_OTHER);
    redirect.setExposeModelAttributes(false);
    return redirect;
  }

  /** The caller's membership of the invoice's household if they may pay it (owners, members). */
  private HouseholdView payer(UUID me, InvoiceView invoice) {
    return households
        .find(me, invoice.householdId())
        .filter(h -> !"sitter".equals(h.role()))
        .orElse(null);
  }

  private String render(
      HouseholdView household,
      InvoiceView invoice,
      List<InvoiceReads.Payment> payments,
      List<InvoiceReads.Refund> refunds,
      boolean returned,
      String error,
      Model model,
      HttpServletResponse response) {
    boolean paymentsOn = stripe.enabled();
    boolean payable = paymentsOn && "open".equals(invoice.state());
    if (payable) {
      // The Pay form's answer redirects to Checkout: only this page lets a form lead there.
      FormActionSources.allow(response, origins.checkout());
    }
    model.addAttribute("household", household);
    model.addAttribute("invoice", invoice);
    model.addAttribute("payments", payments);
    // Refunded amounts and their state, without Stripe's or Pawkeep's ids (PAY-2).
    model.addAttribute("refunds", refunds);
    model.addAttribute("history", InvoiceHistory.of(invoice, payments));
    model.addAttribute("paymentsOn", paymentsOn);
    model.addAttribute("payable", payable);
    model.addAttribute("returned", returned && "open".equals(invoice.state()));
    model.addAttribute("error", error);
    return "billing/household-invoice";
  }
}
