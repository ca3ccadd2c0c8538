package io.pawkeep.care;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;

/**
 * A booking's visit report: its care log, each walk's GPS track as an inline SVG map and the
 * check-in and check-out pins on a map of the visit, when the business lets clients see tracks
 * (DOM-6, DOM-9), and a link to each photo taken on the visit. Same facade as {@link
 * CareController}: the log is read by whoever sees the booking, and the household gets walks
 * without their track when the business hides them, so no map is drawn. A booking the caller does
 * not see is the 404 page.
 */
@Controller
class VisitReportPages {

  static final int PER_PAGE = 50;

  /**
   * One entry as the report shows it: its fields as text, its map if it has a track, and the
   * uploaded photo it names (a link to the documents' pages, which check who may open it).
   */
  record Entry(
      CareLog.CareActionView action,
      List<Map.Entry<String, String>> fields,
      TrackMap map,
      UUID photo) {}

  private final CareLog careLog;
  private final CurrentUser currentUser;

  VisitReportPages(CareLog careLog, CurrentUser currentUser) {
    this.careLog = careLog;
    this.currentUser = currentUser;
  }

  @GetMapping("/bookings/{id}/report")
  String report(@PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
    Page<CareLog.CareActionView> page =
        careLog.log(currentUser.userId(), id, PageRequest.of("care-actions", PER_PAGE, cursor));
    model.addAttribute("bookingId", id);
    model.addAttribute("entries", page.items().stream().map(VisitReportPages::entry).toList());
    model.addAttribute("visitMap", VisitMap.of(page.items()));
    model.addAttribute("next", page.next());
    return "care/visit-report";
  }

  private static Entry entry(CareLog.CareActionView action) {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    JsonNode payload = action.payload();
    UUID photo = null;
    if (payload != null && payload.isObject()) {
      photo = photo(action.kind(), payload.get("photoRef"));
      for (String name : payload.propertyNames()) {
        JsonNode value = payload.get(name);
        // Tracks and pins are drawn on the maps (and listed as text under them); an uploaded
        // photo is linked.
        if (!"track".equals(name)
            && !"pin".equals(name)
            && !("photoRef".equals(name) && photo != null)
            && !value.isNull()) {
          fields.add(
              Map.entry(label(name), value.isString() ? value.asString() : value.toString()));
        }
      }
    }
    return new Entry(
        action, fields, payload == null ? null : TrackMap.of(payload.get("track")), photo);
  }

  /**
   * The uploaded photo a photo entry names; entries stored before photos were uploaded keep their
   * free-text reference, shown as text.
   */
  private static UUID photo(String kind, JsonNode ref) {
    if (!"photo".equals(kind)
        || ref == null
        || !ref.isString()
        || !CarePayloads.uuid(ref.asString())) {
      return null;
    }
    return UUID.fromString(ref.asString());
  }

  private static String label(String field) {
    return switch (field) {
      case "durationMinutes" -> "Minutes";
      case "distanceMeters" -> "Metres";
      case "petId" -> "Pet";
      case "photoRef" -> "Photo";
      default -> Character.toUpperCase(field.charAt(0)) + field.substring(1);
    };
  }
}
