package io.pawkeep.bookings;

import io.pawkeep.pets.PetDetail;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A booking assigned to the caller, as the walker's visit app lists it. {@code open} is whether the
 * assignment window is open now (AUTHZ-5): only then are the pets and their care instructions here,
 * and {@code hasAccessSecrets} true when the household keeps secrets the caller may reveal now.
 * {@code householdName} is the client household's name for holders of clients.read, as the
 * business's client list shows it, otherwise {@code null}.
 */
public record AssignedVisit(
    UUID bookingId,
    UUID businessId,
    UUID householdId,
    String householdName,
    Instant startsAt,
    Instant endsAt,
    String status,
    String serviceName,
    boolean open,
    List<PetDetail> pets) {

  public AssignedVisit {
    pets = List.copyOf(pets);
  }
}
