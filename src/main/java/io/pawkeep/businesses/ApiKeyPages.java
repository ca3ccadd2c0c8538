package io.pawkeep.businesses;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /businesses/{id}/api-keys} (settings.manage): the business's keys without their secrets,
 * creating one with permissions the creator holds, whose secret is shown on the answer page only
 * (never stored, never shown again; every page is no-store), and revoking one. Calls {@link
 * ApiKeys}, the facade of the API keys API.
 */
@Controller
class ApiKeyPages {

  /** What the create form holds, with a message per field. */
  record KeyForm(
      String name,
      List<String> permissions,
      String expires,
      String nameError,
      String permissionsError,
      String expiresError) {

    static KeyForm empty() {
      return new KeyForm("", List.of(), "", null, null, null);
    }
  }

  private final ApiKeys keys;
  private final Businesses businesses;
  private final CurrentUser currentUser;
  private final java.time.Clock clock;

  ApiKeyPages(ApiKeys keys, Businesses businesses, CurrentUser currentUser, java.time.Clock clock) {
    this.keys = keys;
    this.businesses = businesses;
    this.currentUser = currentUser;
    this.clock = clock;
  }

  @GetMapping("/businesses/{id}/api-keys")
  String list(@PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
    return render(id, cursor, KeyForm.empty(), model);
  }

  @PostMapping("/businesses/{id}/api-keys")
  String create(
      @PathVariable UUID id,
      @RequestParam(required = false) String name,
      @RequestParam(required = false) List<String> permissions,
      @RequestParam(required = false) String expires,
      Model model,
      HttpServletResponse response) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, id);
    List<String> chosen = permissions == null ? List.of() : List.copyOf(permissions);
    String clean = name == null ? "" : name.strip();
    String nameError =
        clean.isEmpty()
            ? "Name the key, e.g. after the system that uses it."
            : clean.length() > 100 ? "Keep the name to 100 characters." : null;
    String permissionsError = chosen.isEmpty() ? "Choose at least one permission." : null;
    Instant expiresAt = null;
    String expiresError = null;
    if (expires != null && !expires.isBlank()) {
      try {
        expiresAt = LocalDate.parse(expires.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (!expiresAt.isAfter(clock.instant())) {
          expiresError = "Choose a day after today.";
        }
      } catch (DateTimeParseException e) {
        expiresError = "Enter a date as YYYY-MM-DD, or leave it empty.";
      }
    }
    if (business.permissions().contains(ApiKeys.PERMISSION)
        && (nameError != null || permissionsError != null || expiresError != null)) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return render(
          id,
          null,
          new KeyForm(name, chosen, expires, nameError, permissionsError, expiresError),
          model);
    }
    ApiKeys.CreatedApiKey created = keys.create(me, id, clean, chosen, expiresAt);
    model.addAttribute("business", business);
    model.addAttribute("key", created);
    return "businesses/api-key-created";
  }

  @PostMapping("/businesses/{id}/api-keys/{keyId}/revoke")
  String revoke(@PathVariable UUID id, @PathVariable UUID keyId) {
    keys.revoke(currentUser.userId(), id, keyId);
    return "redirect:/businesses/" + id + "/api-keys";
  }

  private String render(UUID id, String cursor, KeyForm form, Model model) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, id);
    Page<ApiKeyView> page = keys.list(me, id, PageRequest.of("api-keys", null, cursor));
    model.addAttribute("business", business);
    model.addAttribute("keys", page.items());
    model.addAttribute("next", page.next());
    model.addAttribute("form", form);
    return "businesses/api-keys";
  }
}
