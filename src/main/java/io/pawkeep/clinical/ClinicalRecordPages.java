package io.pawkeep.clinical;

import io.pawkeep.pets.PetDetail;
import io.pawkeep.pets.Pets;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.UtcTimes;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A pet's clinical record as its household reads it (DOM-2): read-only, newest first, each entry
 * with the name of the clinic that signed it. The same facade method as the API's household read;
 * another household's pet answers the 404 page. Medical data: sent with {@code no-store}.
 */
@Controller
class ClinicalRecordPages {

  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm z");

  /** An addendum as the page shows it. */
  record AddendumRow(String summary, String notes, String signed) {}

  /** An entry as the page shows it. */
  record EntryRow(
      String kind,
      String summary,
      String value,
      String notes,
      String clinic,
      String recorded,
      List<AddendumRow> addenda) {}

  private final ClinicalRecords records;
  private final Pets pets;
  private final CurrentUser currentUser;

  private final UtcTimes times;

  ClinicalRecordPages(ClinicalRecords records, Pets pets, CurrentUser currentUser, UtcTimes times) {
    this.times = times;
    this.records = records;
    this.pets = pets;
    this.currentUser = currentUser;
  }

  @GetMapping("/pets/{petId}/clinical")
  String record(
      @PathVariable UUID petId,
      @RequestParam(required = false) String cursor,
      HttpServletResponse response,
      Model model) {
    UUID me = currentUser.userId();
    Page<ClinicalEntry> page =
        records.listForHousehold(me, petId, PageRequest.of("clinical-entries", null, cursor));
    UUID household = pets.householdSeenBy(me, petId);
    PetDetail pet =
        pets.ofHousehold(household, List.of(petId)).stream()
            .findFirst()
            .orElseThrow(ApiProblem::notFound);
    Map<UUID, String> clinics = records.clinicsForHousehold(me, petId);
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    model.addAttribute("pet", pet);
    model.addAttribute(
        "entries",
        page.map(
            e ->
                new EntryRow(
                    e.kind(),
                    e.summary(),
                    e.value(),
                    e.notes(),
                    e.businessId() == null
                        ? "Recorded by the household"
                        : clinics.getOrDefault(e.businessId(), "A clinic"),
                    shown(e.recordedAt()),
                    e.addenda().stream()
                        .map(a -> new AddendumRow(a.summary(), a.notes(), shown(a.signedAt())))
                        .toList())));
    return "clinical/record";
  }

  private String shown(Instant instant) {
    return instant == null ? "" : times.in(SHOWN).format(instant);
  }
}
