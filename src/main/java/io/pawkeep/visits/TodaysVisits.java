package io.pawkeep.visits;

import io.pawkeep.accounts.Accounts;
import io.pawkeep.bookings.AssignedVisit;
import io.pawkeep.bookings.AssignedVisits;
import io.pawkeep.businesses.BusinessView;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.care.CareLog;
import io.pawkeep.households.AccessSecrets;
import io.pawkeep.households.AddressNotes;
import io.pawkeep.pets.CareInstructions;
import io.pawkeep.pets.PetDetail;
import io.pawkeep.web.PageRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the visit app keeps on the device: the signed-in staff member's assigned visits of today and
 * the next 24 hours, read through the same facades and rules as the API (AUTHZ-5): pets, care
 * instructions and the address note only for visits whose assignment window is open now, nothing of
 * another walker's bookings, of a household that revoked the business or of a business that removed
 * the person. A fixed number of queries whatever the number of visits.
 */
@Service
@Transactional(readOnly = true)
class TodaysVisits {

  /** Visits still running since this long ago are listed (a long overnight stay). */
  static final Duration BEHIND = Duration.ofHours(12);

  /** Businesses whose names one answer looks up (a walker works for a few). */
  static final int MAX_BUSINESSES = 100;

  /** Visits starting within this long are listed. */
  static final Duration AHEAD = Duration.ofHours(24);

  record Today(Instant generatedAt, Person person, List<Visit> visits) {}

  record Person(UUID id, String name) {}

  record Visit(
      UUID bookingId,
      UUID businessId,
      String businessName,
      UUID householdId,
      String householdName,
      String addressNote,
      Instant startsAt,
      Instant endsAt,
      String status,
      String serviceName,
      boolean recordTracks,
      boolean hasAccessSecrets,
      List<Pet> pets) {}

  record Pet(UUID id, String name, String species, String careInstructions) {}

  private final AssignedVisits assignedVisits;
  private final AddressNotes addressNotes;
  private final AccessSecrets accessSecrets;
  private final Businesses businesses;
  private final CareLog careLog;
  private final Accounts accounts;
  private final Clock clock;

  TodaysVisits(
      AssignedVisits assignedVisits,
      AddressNotes addressNotes,
      AccessSecrets accessSecrets,
      Businesses businesses,
      CareLog careLog,
      Accounts accounts,
      Clock clock) {
    this.assignedVisits = assignedVisits;
    this.addressNotes = addressNotes;
    this.accessSecrets = accessSecrets;
    this.businesses = businesses;
    this.careLog = careLog;
    this.accounts = accounts;
    this.clock = clock;
  }

  Today of(UUID caller) {
    Instant now = clock.instant();
    List<AssignedVisit> visits = assignedVisits.of(caller, now.minus(BEHIND), now.plus(AHEAD));
    List<UUID> openHouseholds =
        visits.stream()
            .filter(AssignedVisit::open)
            .map(AssignedVisit::householdId)
            .distinct()
            .toList();
    Map<UUID, String> notes = addressNotes.readable(openHouseholds);
    Set<UUID> secrets = accessSecrets.revealableNow(openHouseholds);
    Map<UUID, String> businessNames = new HashMap<>();
    if (!visits.isEmpty()) {
      for (BusinessView b :
          businesses.mine(caller, PageRequest.of("businesses", MAX_BUSINESSES, null)).items()) {
        businessNames.put(b.id(), b.name());
      }
    }
    Map<UUID, Boolean> tracks =
        careLog.recordsTracks(visits.stream().map(AssignedVisit::businessId).distinct().toList());
    return new Today(
        now,
        new Person(caller, accounts.displayNameOf(caller)),
        visits.stream()
            .map(
                v ->
                    new Visit(
                        v.bookingId(),
                        v.businessId(),
                        businessNames.get(v.businessId()),
                        v.householdId(),
                        v.householdName(),
                        v.open() ? notes.get(v.householdId()) : null,
                        v.startsAt(),
                        v.endsAt(),
                        v.status(),
                        v.serviceName(),
                        tracks.getOrDefault(v.businessId(), true),
                        v.open() && secrets.contains(v.householdId()),
                        v.pets().stream().map(TodaysVisits::pet).toList()))
            .toList());
  }

  private static Pet pet(PetDetail pet) {
    return new Pet(pet.id(), pet.name(), pet.species(), text(pet.careInstructions()));
  }

  /** The care instructions as one text, a line per field that is set; {@code null} without. */
  static String text(CareInstructions care) {
    if (care == null) {
      return null;
    }
    List<String> lines = new ArrayList<>();
    line(lines, "Feeding", care.feeding());
    line(lines, "Behaviour", care.behaviour());
    line(lines, "Routine", care.routine());
    line(lines, "Vet", care.vetContact());
    line(lines, "Medical notes", care.medicalNotes());
    return lines.isEmpty() ? null : String.join("\n", lines);
  }

  private static void line(List<String> lines, String label, String value) {
    if (value != null && !value.isBlank()) {
      lines.add(label + ": " + value);
    }
  }
}
