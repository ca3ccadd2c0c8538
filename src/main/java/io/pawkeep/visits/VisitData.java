package io.pawkeep.visits;

import io.pawkeep.bookings.AssignedVisits;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The visit app's data on the browser session: today's visits ({@link TodaysVisits}) and the reveal
 * of a household's access secrets. Neither is ever stored by the device or a cache ({@code
 * no-store}); the service worker never keeps them either.
 */
@RestController
class VisitData {

  /** Why the secrets are revealed: required here, recorded in the household's reveal log. */
  record Reveal(@NotBlank @Size(max = 500) String reason) {}

  record Field(String name, String value) {}

  record Revealed(List<Field> fields) {}

  /** The labels of the secrets' fields, in the order the app shows them. */
  private static final List<Map.Entry<String, String>> LABELS =
      List.of(
          Map.entry("alarmCode", "Alarm code"),
          Map.entry("lockboxCode", "Lockbox code"),
          Map.entry("keyLocation", "Key location"),
          Map.entry("wifiName", "Wi-Fi name"),
          Map.entry("wifiPassword", "Wi-Fi password"),
          Map.entry("accessNotes", "Access notes"));

  private final TodaysVisits today;
  private final AssignedVisits visits;
  private final CurrentUser currentUser;

  VisitData(TodaysVisits today, AssignedVisits visits, CurrentUser currentUser) {
    this.today = today;
    this.visits = visits;
    this.currentUser = currentUser;
  }

  @GetMapping("/visits/data")
  ResponseEntity<TodaysVisits.Today> data() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(today.of(currentUser.userId()));
  }

  @PostMapping(path = "/visits/{bookingId}/reveal", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Revealed> reveal(@PathVariable UUID bookingId, @Valid @RequestBody Reveal body) {
    return reveal(bookingId, body.reason());
  }

  @PostMapping(
      path = "/visits/{bookingId}/reveal",
      consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ResponseEntity<Revealed> revealForm(
      @PathVariable UUID bookingId, @RequestParam(required = false) String reason) {
    if (reason == null || reason.isBlank() || reason.length() > 500) {
      throw ApiProblem.badRequest("reason is required, at most 500 characters.");
    }
    return reveal(bookingId, reason);
  }

  /**
   * The API's reveal and its reveal log. Any refusal (not the assignee, outside the window, without
   * access.reveal) answers 404 here: the app only needs to know the code cannot be shown now.
   */
  private ResponseEntity<Revealed> reveal(UUID bookingId, String reason) {
    Map<String, String> values;
    try {
      values = visits.revealAccessSecrets(currentUser.userId(), bookingId, reason.strip());
    } catch (ApiProblem refused) {
      if (refused.status() == HttpStatus.FORBIDDEN) {
        throw ApiProblem.notFound();
      }
      throw refused;
    }
    List<Field> fields = new ArrayList<>();
    for (Map.Entry<String, String> label : LABELS) {
      String value = values.get(label.getKey());
      if (value != null) {
        fields.add(new Field(label.getValue(), value));
      }
    }
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new Revealed(fields));
  }
}
