package io.pawkeep.bookings;

import io.pawkeep.businesses.BusinessView;
import io.pawkeep.web.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bookings a person's home page leads with (DOM-9), each list one query through the facade
 * methods the API calls: the bookings of every household they belong to ({@code GET
 * /api/v1/me/bookings}), their own assignments ({@code GET /api/v1/bookings} without a business),
 * and how many requests wait for approval in the businesses they schedule for (the count of what
 * {@code GET /api/v1/bookings?business=...&status=requested} lists, for all of them at once).
 * Row-level security decides what each query sees, as for the API.
 */
@Service
@Transactional(readOnly = true)
public class HomeBookings {

  /** A booking as the home page lists it. */
  public record Item(
      UUID id,
      UUID businessId,
      UUID householdId,
      String serviceName,
      Instant startsAt,
      Instant endsAt,
      String status) {

    static Item of(BookingView b) {
      return new Item(
          b.id(),
          b.businessId(),
          b.householdId(),
          b.serviceName(),
          b.startsAt(),
          b.endsAt(),
          b.status());
    }

    /** Whether the booking runs at some time in {@code from}..{@code to}. */
    public boolean during(Instant from, Instant to) {
      return startsAt.isBefore(to) && endsAt.isAfter(from);
    }
  }

  private final Bookings bookings;

  HomeBookings(Bookings bookings) {
    this.bookings = bookings;
  }

  /** The first {@code limit} of today's and upcoming bookings of the caller's households. */
  public List<Item> ofMyHouseholds(UUID caller, int limit) {
    return bookings
        .ofMyHouseholds(caller, null, null, PageRequest.of("my-bookings", limit, null))
        .items()
        .stream()
        .map(Item::of)
        .toList();
  }

  /** The first {@code limit} bookings assigned to the caller in any business, in the range. */
  public List<Item> assignedTo(UUID caller, Instant from, Instant to, int limit) {
    return bookings
        .schedule(caller, null, null, null, from, to, PageRequest.of("bookings", limit, null))
        .items()
        .stream()
        .map(b -> Item.of(b.booking()))
        .toList();
  }

  /**
   * How many requests wait for approval in each of the caller's businesses where they schedule
   * (bookings.write, as the database gave their permissions): those the business's schedule page
   * lists. Businesses with none are absent.
   */
  public Map<UUID, Integer> requestsWaiting(UUID caller, List<BusinessView> mine) {
    return bookings.requestsWaiting(
        caller,
        mine.stream()
            .filter(b -> b.permissions().contains("bookings.write"))
            .map(BusinessView::id)
            .toList());
  }
}
