package io.pawkeep.bookings;

import io.pawkeep.businesses.BusinessView;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.security.CurrentUser;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Currency;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /businesses/{id}/services}: the business's services (bookings.read) and adding one
 * (settings.manage; the form shows only to its holders and {@link ServiceCatalogue#add} refuses
 * everyone else, as the API does).
 */
@Controller
class ServicePages {

  /** What the add form holds (as typed), with a message per field. */
  record ServiceForm(
      String kind,
      String name,
      String duration,
      String price,
      String currency,
      String kindError,
      String nameError,
      String durationError,
      String priceError,
      String currencyError) {

    static ServiceForm empty() {
      return new ServiceForm("walk", "", "60", "", "EUR", null, null, null, null, null);
    }

    boolean hasErrors() {
      return kindError != null
          || nameError != null
          || durationError != null
          || priceError != null
          || currencyError != null;
    }
  }

  private final ServiceCatalogue catalogue;
  private final Businesses businesses;
  private final CurrentUser currentUser;

  ServicePages(ServiceCatalogue catalogue, Businesses businesses, CurrentUser currentUser) {
    this.catalogue = catalogue;
    this.businesses = businesses;
    this.currentUser = currentUser;
  }

  @GetMapping("/businesses/{id}/services")
  String list(@PathVariable UUID id, Model model) {
    return render(id, ServiceForm.empty(), model);
  }

  @PostMapping("/businesses/{id}/services")
  String add(
      @PathVariable UUID id,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) String name,
      @RequestParam(required = false) String duration,
      @RequestParam(required = false) String price,
      @RequestParam(required = false) String currency,
      Model model,
      HttpServletResponse response) {
    UUID me = currentUser.userId();
    String clean = name == null ? "" : name.strip();
    Integer minutes = wholeNumber(duration);
    Long minor = price(price);
    String code = currency == null ? "" : currency.strip().toUpperCase(java.util.Locale.ROOT);
    ServiceForm form =
        new ServiceForm(
            kind,
            name,
            duration,
            price,
            currency,
            kind != null && ServiceCatalogue.KINDS.contains(kind) ? null : "Choose a kind.",
            clean.isEmpty() || clean.length() > 100
                ? "Enter a name of up to 100 characters."
                : null,
            minutes == null || minutes < 1 || minutes > 43200
                ? "Enter whole minutes, from 1 to 43200."
                : null,
            minor == null || minor > 100_000_000 ? "Enter a price such as 25 or 25.50." : null,
            isCurrency(code) ? null : "Enter a currency code such as EUR.");
    if (form.hasErrors() && businesses.permissionsOf(me, id).contains("settings.manage")) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return render(id, form, model);
    }
    catalogue.add(me, id, new ServiceCatalogue.ServiceFields(kind, clean, minutes, minor, code));
    return "redirect:/businesses/" + id + "/services";
  }

  private String render(UUID id, ServiceForm form, Model model) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, id);
    model.addAttribute("business", business);
    model.addAttribute("services", catalogue.list(me, id));
    model.addAttribute("kinds", ServiceCatalogue.KINDS.stream().sorted().toList());
    model.addAttribute("canAdd", business.permissions().contains("settings.manage"));
    model.addAttribute("form", form);
    return "bookings/services";
  }

  private static Integer wholeNumber(String text) {
    try {
      return text == null ? null : Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A price in major units with up to two decimals, as minor units; {@code null} otherwise. */
  private static Long price(String text) {
    if (text == null || !text.strip().matches("\\d{1,9}([.,]\\d{1,2})?")) {
      return null;
    }
    return new java.math.BigDecimal(text.strip().replace(',', '.'))
        .movePointRight(2)
        .longValueExact();
  }

  private static boolean isCurrency(String code) {
    try {
      return code.length() == 3 && Currency.getInstance(code) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
