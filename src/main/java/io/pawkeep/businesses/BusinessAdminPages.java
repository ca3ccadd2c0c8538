package io.pawkeep.businesses;

import io.pawkeep.audit.RecordedEvent;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A business's clients (clients.read: the active client households, asking a household for access),
 * its access review and audit trail (audit.read; LOG-4), and its settings (the name for
 * settings.manage, the second-factor requirement for owners; AUTHZ-8). Each calls the same facade
 * as its API route, which refuses whoever the route refuses.
 */
@Controller
class BusinessAdminPages {

  private final Businesses businesses;
  private final ClientRelationships clients;
  private final AccessReview reviews;
  private final CurrentUser currentUser;

  BusinessAdminPages(
      Businesses businesses,
      ClientRelationships clients,
      AccessReview reviews,
      CurrentUser currentUser) {
    this.businesses = businesses;
    this.clients = clients;
    this.reviews = reviews;
    this.currentUser = currentUser;
  }

  @GetMapping("/businesses/{id}/clients")
  String clients(
      @PathVariable UUID id,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String asked,
      Model model) {
    model.addAttribute("asked", asked != null);
    return renderClients(id, cursor, "", null, model);
  }

  @PostMapping("/businesses/{id}/clients")
  String ask(
      @PathVariable UUID id,
      @RequestParam(required = false) String household,
      Model model,
      HttpServletResponse response) {
    UUID me = currentUser.userId();
    UUID householdId = null;
    try {
      householdId = household == null ? null : UUID.fromString(household.strip());
    } catch (IllegalArgumentException e) {
      householdId = null;
    }
    if (householdId == null) {
      businesses.requirePermission(me, id, "clients.read");
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("asked", false);
      return renderClients(
          id, null, household, "Paste the household's id, as its owner gave it to you.", model);
    }
    clients.request(me, id, householdId);
    return "redirect:/businesses/" + id + "/clients?asked";
  }

  @GetMapping("/businesses/{id}/access-review")
  String accessReview(@PathVariable UUID id, Model model) {
    UUID me = currentUser.userId();
    model.addAttribute("business", businesses.get(me, id));
    model.addAttribute("review", reviews.business(me, id));
    return "businesses/access-review";
  }

  @GetMapping("/businesses/{id}/audit")
  String audit(@PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, id);
    Page<RecordedEvent> page = businesses.auditTrail(me, id, PageRequest.of("audit", 25, cursor));
    model.addAttribute("business", business);
    model.addAttribute("events", page.items());
    model.addAttribute("next", page.next());
    return "businesses/audit";
  }

  @GetMapping("/businesses/{id}/settings")
  String settings(@PathVariable UUID id, Model model) {
    BusinessView business = businesses.get(currentUser.userId(), id);
    return renderSettings(business, business.name(), null, model);
  }

  @PostMapping("/businesses/{id}/settings/name")
  String rename(
      @PathVariable UUID id,
      @RequestParam(required = false) String name,
      Model model,
      HttpServletResponse response) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, id);
    String clean = name == null ? "" : name.strip();
    if ((clean.isEmpty() || clean.length() > 100)
        && business.permissions().contains("settings.manage")) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return renderSettings(business, name, "Enter a name of 1 to 100 characters.", model);
    }
    businesses.update(me, id, clean, null);
    return "redirect:/businesses/" + id + "/settings";
  }

  @PostMapping("/businesses/{id}/settings/second-factor")
  String secondFactor(@PathVariable UUID id, @RequestParam(required = false) String required) {
    businesses.update(currentUser.userId(), id, null, "true".equals(required));
    return "redirect:/businesses/" + id + "/settings";
  }

  private String renderClients(
      UUID id, String cursor, String household, String householdError, Model model) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, id);
    var page = clients.list(me, id, PageRequest.of("clients", null, cursor));
    model.addAttribute("business", business);
    model.addAttribute("clients", page.items());
    model.addAttribute("next", page.next());
    model.addAttribute("household", household);
    model.addAttribute("householdError", householdError);
    return "businesses/clients";
  }

  private String renderSettings(BusinessView business, String name, String nameError, Model model) {
    model.addAttribute("business", business);
    model.addAttribute("name", name);
    model.addAttribute("nameError", nameError);
    model.addAttribute("owner", "owner".equals(business.role()));
    model.addAttribute("canRename", business.permissions().contains("settings.manage"));
    model.addAttribute("secondFactor", currentUser.secondFactor());
    return "businesses/settings";
  }
}
