package io.pawkeep.billing;

import io.pawkeep.businesses.BusinessView;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.FormActionSources;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The business's payouts in the browser (PAY-1): its owner, staff holding payouts.manage and
 * accountants (billing.read) see the Stripe account's state; the first two start or continue
 * Stripe's onboarding, which answers a single-use link the browser is sent to at once (303): never
 * stored, never logged, never shown in a page. Same facade as {@link PayoutController}.
 */
@Controller
class PayoutPages {

  static final String MANAGE = "payouts.manage";

  private final Payouts payouts;
  private final Businesses businesses;
  private final StripeGateway stripe;
  private final StripeOrigins origins;
  private final CurrentUser currentUser;

  PayoutPages(
      Payouts payouts,
      Businesses businesses,
      StripeGateway stripe,
      StripeOrigins origins,
      CurrentUser currentUser) {
    this.payouts = payouts;
    this.businesses = businesses;
    this.stripe = stripe;
    this.origins = origins;
    this.currentUser = currentUser;
  }

  @GetMapping("/businesses/{id}/payouts")
  String payouts(@PathVariable UUID id, Model model, HttpServletResponse response) {
    return render(id, null, model, response);
  }

  @PostMapping("/businesses/{id}/payouts/onboarding")
  ModelAndView onboarding(@PathVariable UUID id, Model model, HttpServletResponse response) {
    UUID me = currentUser.userId();
    businesses.requirePermission(me, id, MANAGE);
    if (!stripe.enabled()) {
      response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
      return new ModelAndView(render(id, null, model, response));
    }
    // What the page shows is read first: after a refusal nothing more is read.
    String page = render(id, null, model, response);
    Payouts.Onboarding onboarding;
    try {
      onboarding = payouts.startOnboarding(me, id);
    } catch (ApiProblem problem) {
      if (problem.status() == HttpStatus.NOT_FOUND || problem.status() == HttpStatus.FORBIDDEN) {
        throw problem;
      }
      response.setStatus(problem.status().value());
      model.addAttribute("error", problem.getMessage());
      return new ModelAndView(page);
    }
    if (!StripeOrigins.leadsTo(onboarding.url(), origins.onboarding())) {
      throw new ApiProblem(
          HttpStatus.BAD_GATEWAY,
          "payments-provider-error",
          "Payments provider error",
          "Stripe did not complete the request. Try again in a moment.");
    }
    return new ModelAndView(HouseholdInvoicePages.seeOther(onboarding.url()));
  }

  private String render(UUID id, String error, Model model, HttpServletResponse response) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, id);
    boolean manager = business.permissions().contains(MANAGE);
    if (!manager && !business.permissions().contains(Invoices.READ)) {
      throw ApiProblem.forbidden("Payouts are for staff holding payouts.manage or billing.read.");
    }
    model.addAttribute("business", business);
    model.addAttribute("manager", manager);
    model.addAttribute("paymentsOn", stripe.enabled());
    model.addAttribute("error", error);
    if (stripe.enabled()) {
      Payouts.PayoutState state = payouts.state(me, id);
      model.addAttribute("state", state);
      if (manager && !state.disconnected()) {
        // The setup form's answer redirects to Stripe: only this page lets a form lead there.
        FormActionSources.allow(response, origins.onboarding());
      }
    }
    return "billing/payouts";
  }
}
