package io.pawkeep.bookings;

import io.pawkeep.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The household's answer to a business's reschedule (AUTHZ-5, DOM-5). A scheduler's new times are
 * only a proposal ({@link Bookings#change}); the agreed times, which alone open the assignee's
 * window, move only when an owner or member of the household accepts exactly the proposed times.
 * Declining drops the proposal. Both answer 404 for a booking the caller does not see, 403 for
 * anyone but the household's owners and members, 409 when no proposal is pending, when the proposal
 * differs from the times accepted (it changed meanwhile) or the booking is no longer requested or
 * confirmed. The database lets only the household move agreed times ({@code pawkeep_check_booking}
 * in {@code V28__agreed_booking_times.sql}).
 */
@Service
@Transactional
class Reschedules {

  private static final Logger log = LoggerFactory.getLogger(Reschedules.class);

  private final BookingRepository bookings;
  private final BookingAccess access;
  private final BookingEvents events;
  private final Clock clock;

  Reschedules(BookingRepository bookings, BookingAccess access, BookingEvents events, Clock clock) {
    this.bookings = bookings;
    this.access = access;
    this.events = events;
    this.clock = clock;
  }

  BookingView accept(UUID caller, UUID id, Instant startsAt, Instant endsAt) {
    BookingView b = pending(caller, id);
    if (!same(b.proposedStartsAt(), startsAt) || !same(b.proposedEndsAt(), endsAt)) {
      throw ApiProblem.conflict("The proposed times changed meanwhile; read the booking again.");
    }
    BookingView accepted =
        b.withTimes(b.proposedStartsAt(), b.proposedEndsAt(), null, null, clock.instant());
    bookings.update(accepted);
    events.record(
        accepted,
        caller,
        "booking.reschedule.accepted",
        Map.of(
            "fromStartsAt", b.startsAt().toString(),
            "fromEndsAt", b.endsAt().toString(),
            "startsAt", accepted.startsAt().toString(),
            "endsAt", accepted.endsAt().toString()));
    log.info("User {} accepted the reschedule of booking {}", caller, id);
    return accepted;
  }

  BookingView decline(UUID caller, UUID id) {
    BookingView b = pending(caller, id);
    BookingView declined = b.withTimes(b.startsAt(), b.endsAt(), null, null, clock.instant());
    bookings.update(declined);
    events.record(
        declined,
        caller,
        "booking.reschedule.declined",
        Map.of(
            "startsAt", b.proposedStartsAt().toString(),
            "endsAt", b.proposedEndsAt().toString()));
    log.info("User {} declined the reschedule of booking {}", caller, id);
    return declined;
  }

  /** The booking, locked, with its pending proposal, when the caller may answer it. */
  private BookingView pending(UUID caller, UUID id) {
    Standing standing = access.standing(caller, id);
    if (!standing.householdWriter()) {
      throw ApiProblem.forbidden("Only the household's owners and members answer a reschedule.");
    }
    BookingView b = bookings.find(id, true).orElseThrow(ApiProblem::notFound);
    BookingStatus status = BookingStatus.of(b.status());
    if (status != BookingStatus.REQUESTED && status != BookingStatus.CONFIRMED) {
      throw ApiProblem.conflict("Only requested or confirmed bookings are rescheduled.");
    }
    if (b.proposedStartsAt() == null) {
      throw ApiProblem.conflict("No reschedule of this booking is pending.");
    }
    return b;
  }

  /** The database keeps microseconds. */
  private static boolean same(Instant stored, Instant sent) {
    return stored.equals(sent.truncatedTo(ChronoUnit.MICROS));
  }
}
