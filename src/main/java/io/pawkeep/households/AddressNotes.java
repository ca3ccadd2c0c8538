package io.pawkeep.households;

import io.pawkeep.audit.AuditEvent;
import io.pawkeep.audit.AuditTrail;
import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.web.ApiProblem;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A household's address note: directions for the staff who visit ("blue door, side gate"), at most
 * {@value #MAX_LENGTH} characters. Address data, so ciphertext with the household's data key
 * (CRYPTO-1) and erased with it. Owners write it; members read it; staff assigned to one of the
 * household's bookings read it inside the assignment window only (AUTHZ-5), which row-level
 * security decides.
 */
@Service
@Transactional
public class AddressNotes {

  public static final int MAX_LENGTH = 500;

  static final String TABLE = "household_address_notes";
  static final String COLUMN = "note";

  private static final Logger log = LoggerFactory.getLogger(AddressNotes.class);

  private final AddressNoteRepository notes;
  private final HouseholdRepository households;
  private final FieldCipher cipher;
  private final AuditTrail trail;
  private final Clock clock;

  AddressNotes(
      AddressNoteRepository notes,
      HouseholdRepository households,
      FieldCipher cipher,
      AuditTrail trail,
      Clock clock) {
    this.notes = notes;
    this.households = households;
    this.cipher = cipher;
    this.trail = trail;
    this.clock = clock;
  }

  /** The note, or {@code null} (members of the household; 404 for anyone else). */
  @Transactional(readOnly = true)
  public String of(UUID caller, UUID householdId) {
    households.find(householdId, caller, false).orElseThrow(ApiProblem::notFound);
    return notes.find(householdId).map(ciphertext -> open(householdId, ciphertext)).orElse(null);
  }

  /** Replaces the note; blank clears it (owners; 403 for other members, 404 for strangers). */
  public void write(UUID caller, UUID householdId, String note) {
    HouseholdView household =
        households.find(householdId, caller, false).orElseThrow(ApiProblem::notFound);
    if (!household.isOwner()) {
      throw ApiProblem.forbidden("Only an owner of this household may change its address note.");
    }
    String text = note == null ? "" : note.strip();
    if (text.length() > MAX_LENGTH) {
      throw ApiProblem.badRequest("note must be at most " + MAX_LENGTH + " characters.");
    }
    if (text.isEmpty()) {
      notes.delete(householdId);
    } else {
      notes.put(
          householdId,
          cipher.encryptText(householdId, TABLE, COLUMN, householdId, text),
          caller,
          clock.instant());
    }
    // The note's text stays out of the trail: it is address data.
    trail.record(
        new AuditEvent(
            householdId,
            caller,
            text.isEmpty() ? "household.address_note_cleared" : "household.address_note_changed",
            "household",
            householdId.toString(),
            null,
            Map.of()));
    log.info("User {} changed the address note of household {}", caller, householdId);
  }

  /**
   * The notes of those of the households the caller may read now, in one query, for a module that
   * lists them (the walker's visits): row-level security leaves out any household the caller is
   * neither a member of nor assigned to inside the window.
   */
  @Transactional(readOnly = true)
  public Map<UUID, String> readable(List<UUID> householdIds) {
    if (householdIds.isEmpty()) {
      return Map.of();
    }
    Map<UUID, String> open = new HashMap<>();
    notes.findAll(householdIds).forEach((id, ciphertext) -> open.put(id, open(id, ciphertext)));
    return open;
  }

  private String open(UUID householdId, byte[] ciphertext) {
    return cipher.decryptText(householdId, TABLE, COLUMN, householdId, ciphertext);
  }
}
