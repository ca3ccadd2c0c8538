package io.pawkeep.households;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.UtcTimes;
import jakarta.servlet.http.HttpServletResponse;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Access secrets in the browser: owners replace them; members (sitters inside their window) reveal
 * them with a reason; owners read the reveal log. The checks are {@link AccessSecrets}'s, as for
 * the API, so a member's or sitter's forged form is refused by the server, not only hidden. The
 * revealed values are sent with {@code Cache-Control: no-store} and removed from the page after
 * {@value #SHOWN_SECONDS} seconds by {@code js/secrets.js}.
 */
@Controller
class AccessSecretPages {

  /** How long revealed values stay on the page; fixed on the server, never taken from a client. */
  static final int SHOWN_SECONDS = 60;

  /** Each secret's label and the most characters it takes, as the API's limits. */
  record Field(String name, String label, int max, boolean multiline) {}

  static final List<Field> FIELDS =
      List.of(
          new Field("alarmCode", "Alarm code", 64, false),
          new Field("lockboxCode", "Lockbox code", 64, false),
          new Field("keyLocation", "Where the key is", 1000, true),
          new Field("wifiName", "Wi-Fi name", 64, false),
          new Field("wifiPassword", "Wi-Fi password", 128, false),
          new Field("accessNotes", "Access notes", 2000, true));

  private static final Map<String, Field> BY_NAME =
      FIELDS.stream().collect(Collectors.toMap(Field::name, Function.identity()));
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss z");

  /** One reveal as the log shows it: who by name, when, the fields' labels, why. */
  record RevealRow(String who, String when, String fields, String reason) {}

  private final AccessSecrets secrets;
  private final Households households;
  private final CurrentUser currentUser;

  private final UtcTimes times;

  AccessSecretPages(
      AccessSecrets secrets, Households households, CurrentUser currentUser, UtcTimes times) {
    this.times = times;
    this.secrets = secrets;
    this.households = households;
    this.currentUser = currentUser;
  }

  @GetMapping("/households/{id}/secrets")
  String page(@PathVariable UUID id, Model model) {
    return secretsPage(id, Map.of(), null, List.of(), null, model);
  }

  /** Replaces the secrets (owners; anyone else's post is refused by the facade with 403). */
  @PostMapping("/households/{id}/secrets")
  String write(
      @PathVariable UUID id,
      @RequestParam MultiValueMap<String, String> form,
      HttpServletResponse response,
      Model model) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> errors = new LinkedHashMap<>();
    for (Field field : FIELDS) {
      String value = form.getFirst(field.name());
      value = value == null ? "" : value;
      if (value.length() > field.max()) {
        errors.put(field.name(), "Use at most " + field.max() + " characters.");
      }
      values.put(field.name(), value);
    }
    if (!errors.isEmpty()) {
      HouseholdView household = households.get(currentUser.userId(), id);
      if (!household.isOwner()) {
        throw ApiProblem.forbidden("Only an owner of this household may do this.");
      }
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      // Typed secrets are not sent back: the owner types them again.
      return secretsPage(id, errors, null, List.of(), null, model);
    }
    secrets.write(currentUser.userId(), id, values);
    return "redirect:/households/" + id + "/secrets?saved";
  }

  /**
   * Reveals the chosen fields with a reason and shows them, never cached; the reveal is recorded in
   * the reveal log and the audit trail by the facade.
   */
  @PostMapping("/households/{id}/secrets/reveal")
  String reveal(
      @PathVariable UUID id,
      @RequestParam(required = false) List<String> fields,
      @RequestParam(defaultValue = "") String reason,
      HttpServletResponse response,
      Model model) {
    List<String> chosen = fields == null ? List.of() : fields;
    String why = reason.strip();
    String reasonError = null;
    if (why.isEmpty()) {
      reasonError = "Say why you need to see them.";
    } else if (why.length() > 500) {
      reasonError = "Use at most 500 characters.";
    }
    if (chosen.size() > FIELDS.size() || !BY_NAME.keySet().containsAll(chosen)) {
      throw ApiProblem.badRequest("Choose among the listed fields.");
    }
    if (reasonError != null) {
      households.get(currentUser.userId(), id);
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return secretsPage(id, Map.of(), reasonError, chosen, why.length() > 500 ? "" : why, model);
    }
    Map<String, String> revealed;
    try {
      revealed = secrets.reveal(currentUser.userId(), id, chosen, why);
    } catch (ApiProblem problem) {
      if (problem.status() != HttpStatus.NOT_FOUND
          || households.find(currentUser.userId(), id).isEmpty()) {
        throw problem;
      }
      response.setStatus(HttpStatus.NOT_FOUND.value());
      return secretsPage(
          id, Map.of(), "No access secrets are set for this household yet.", chosen, why, model);
    }
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    List<Map.Entry<String, String>> shown = new ArrayList<>();
    revealed.forEach(
        (field, value) ->
            shown.add(Map.entry(BY_NAME.get(field).label(), value == null ? "" : value)));
    model.addAttribute("household", households.get(currentUser.userId(), id));
    model.addAttribute("revealed", shown);
    model.addAttribute("shownSeconds", SHOWN_SECONDS);
    return "households/secrets-revealed";
  }

  /** The reveal log, newest first (owners). */
  @GetMapping("/households/{id}/secrets/log")
  String log(@PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
    UUID me = currentUser.userId();
    var page = secrets.reveals(me, id, PageRequest.of("reveals", null, cursor));
    Map<UUID, String> names = new LinkedHashMap<>();
    // One read of the members for the page's names; staff of a business are not members.
    for (HouseholdMember m : households.members(me, id)) {
      names.put(m.userId(), m.displayName() + " (" + m.email() + ")");
    }
    model.addAttribute("household", households.get(me, id));
    model.addAttribute(
        "reveals",
        page.map(
            r ->
                new RevealRow(
                    names.getOrDefault(r.revealedBy(), "Someone outside the household"),
                    times.in(SHOWN).format(r.revealedAt()),
                    r.fields().stream()
                        .map(f -> BY_NAME.containsKey(f) ? BY_NAME.get(f).label() : f)
                        .collect(Collectors.joining(", ")),
                    r.reason() == null ? "" : r.reason())));
    return "households/reveal-log";
  }

  private String secretsPage(
      UUID id,
      Map<String, String> errors,
      String reasonError,
      List<String> chosen,
      String reason,
      Model model) {
    HouseholdView household = households.get(currentUser.userId(), id);
    model.addAttribute("household", household);
    model.addAttribute("fields", FIELDS);
    model.addAttribute("errors", errors);
    model.addAttribute("reasonError", reasonError);
    model.addAttribute("chosen", chosen);
    model.addAttribute("reason", reason == null ? "" : reason);
    return "households/secrets";
  }
}
