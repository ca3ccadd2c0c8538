package io.pawkeep.bookings;

import io.pawkeep.pets.PetDetail;
import java.util.List;

/**
 * A booking with the pets it is for, their care instructions included, for the household and for
 * its assignee inside the assignment window; {@code pets} is empty for anyone else.
 */
record BookingDetail(BookingView booking, List<PetDetail> pets) {

  BookingDetail {
    pets = List.copyOf(pets);
  }
}
