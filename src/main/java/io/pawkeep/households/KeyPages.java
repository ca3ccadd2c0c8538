package io.pawkeep.households;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The household's keys in the browser: the list with the copies out, registering a key, handing a
 * copy over, its return, and a key's whole history. Same facade as {@link KeyController}; members
 * read, owners record (the controls show to owners only and the facade refuses anyone else).
 */
@Controller
class KeyPages {

  /** Keys per page of the list. */
  static final int KEYS_PER_PAGE = 20;

  /** The register form as typed, with its errors. */
  record KeyForm(String label, String copies, String labelError, String copiesError) {
    static KeyForm empty() {
      return new KeyForm("", "1", null, null);
    }

    boolean invalid() {
      return labelError != null || copiesError != null;
    }
  }

  /** A hand-over form as typed, for the key it belongs to, with its error. */
  record HandoverForm(UUID keyId, String holderName, String error) {}

  private final HouseholdKeys keys;
  private final Households households;
  private final CurrentUser currentUser;

  KeyPages(HouseholdKeys keys, Households households, CurrentUser currentUser) {
    this.keys = keys;
    this.households = households;
    this.currentUser = currentUser;
  }

  @GetMapping("/households/{id}/keys")
  String list(@PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
    return render(id, cursor, KeyForm.empty(), null, model);
  }

  @PostMapping("/households/{id}/keys")
  String register(
      @PathVariable UUID id,
      @RequestParam(defaultValue = "") String label,
      @RequestParam(defaultValue = "") String copies,
      HttpServletResponse response,
      Model model) {
    requireOwner(id);
    String clean = label.strip();
    Integer count = number(copies);
    KeyForm form =
        new KeyForm(
            label,
            copies,
            clean.isEmpty() || clean.length() > 100
                ? "Give the key a name of 1 to 100 characters."
                : null,
            count == null || count < 1 || count > 20
                ? "Enter how many copies exist, from 1 to 20."
                : null);
    if (form.invalid()) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return render(id, null, form, null, model);
    }
    keys.register(currentUser.userId(), id, clean, count);
    return "redirect:/households/" + id + "/keys";
  }

  @PostMapping("/keys/{keyId}/handovers")
  String handOver(
      @PathVariable UUID keyId,
      @RequestParam(defaultValue = "") String holderName,
      HttpServletResponse response,
      Model model) {
    HouseholdKeys.KeyInfo key = keys.describe(currentUser.userId(), keyId);
    requireOwner(key.householdId());
    String clean = holderName.strip();
    String error =
        clean.isEmpty() || clean.length() > 100
            ? "Enter the name of the person who gets the copy (1 to 100 characters)."
            : null;
    if (error == null) {
      try {
        keys.handOver(currentUser.userId(), keyId, clean, null);
        return "redirect:/households/" + key.householdId() + "/keys";
      } catch (ApiProblem problem) {
        if (problem.status() != HttpStatus.CONFLICT) {
          throw problem;
        }
        error = "Every copy of this key is already handed over; record a return first.";
      }
    }
    response.setStatus(
        error.startsWith("Every") ? HttpStatus.CONFLICT.value() : HttpStatus.BAD_REQUEST.value());
    return render(
        key.householdId(),
        null,
        KeyForm.empty(),
        new HandoverForm(keyId, holderName, error),
        model);
  }

  @PostMapping("/keys/{keyId}/return")
  String giveBack(@PathVariable UUID keyId, @RequestParam String handoverId) {
    HouseholdKeys.KeyInfo key = keys.describe(currentUser.userId(), keyId);
    UUID handover;
    try {
      handover = UUID.fromString(handoverId);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("handoverId must be a handover of this key.");
    }
    keys.giveBack(currentUser.userId(), keyId, handover);
    return "redirect:/households/" + key.householdId() + "/keys";
  }

  @GetMapping("/keys/{keyId}")
  String history(
      @PathVariable UUID keyId, @RequestParam(required = false) String cursor, Model model) {
    HouseholdKeys.KeyInfo key = keys.describe(currentUser.userId(), keyId);
    Page<HouseholdKeys.Handover> history =
        keys.handovers(
            currentUser.userId(), keyId, PageRequest.of("handovers", KEYS_PER_PAGE, cursor));
    model.addAttribute("key", key);
    model.addAttribute("household", households.get(currentUser.userId(), key.householdId()));
    model.addAttribute("history", history.items());
    model.addAttribute("next", history.next());
    model.addAttribute("names", names(key.householdId()));
    return "households/key-history";
  }

  private String render(
      UUID householdId, String cursor, KeyForm form, HandoverForm handover, Model model) {
    UUID me = currentUser.userId();
    HouseholdView household = households.find(me, householdId).orElseThrow(ApiProblem::notFound);
    Page<HouseholdKeys.Key> page =
        keys.list(me, householdId, PageRequest.of("keys", KEYS_PER_PAGE, cursor));
    model.addAttribute("household", household);
    model.addAttribute("keys", page.items());
    model.addAttribute("next", page.next());
    model.addAttribute("form", form);
    model.addAttribute("handover", handover);
    model.addAttribute("names", names(householdId));
    return "households/keys";
  }

  /** Members' display names by id, to say who handed a copy over. */
  private Map<UUID, String> names(UUID householdId) {
    Map<UUID, String> names = new java.util.HashMap<>();
    for (HouseholdMember m : households.members(currentUser.userId(), householdId)) {
      names.put(m.userId(), m.displayName());
    }
    return names;
  }

  private void requireOwner(UUID householdId) {
    if (!households.get(currentUser.userId(), householdId).isOwner()) {
      throw ApiProblem.forbidden("Only an owner of this household may do this.");
    }
  }

  private static Integer number(String text) {
    try {
      return Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
