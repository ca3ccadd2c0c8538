package io.pawkeep.bookings;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Booking settings. {@code assignmentMargin}: how long before a booking's start and after its end
 * its assignee sees the household (AUTHZ-5), 2 hours unless configured, at most a day.
 */
@ConfigurationProperties("pawkeep.bookings")
record BookingProperties(@DefaultValue("PT2H") Duration assignmentMargin) {

  BookingProperties {
    if (assignmentMargin.isNegative() || assignmentMargin.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("assignmentMargin must be between 0 and 1 day");
    }
  }
}
