package io.pawkeep.bookings;

import io.pawkeep.database.OwnerDatabase;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Copies the configured assignment margin into {@code booking_settings} as the owner role at
 * start-up, so the row-level security policies and the application apply the same window.
 */
@Configuration
@EnableConfigurationProperties(BookingProperties.class)
class BookingConfiguration {

  @Bean
  InitializingBean assignmentMarginInDatabase(OwnerDatabase owner, BookingProperties properties) {
    return () ->
        owner
            .transaction()
            .executeWithoutResult(
                tx ->
                    owner
                        .jdbc()
                        .sql(
                            "update booking_settings"
                                + " set assignment_margin = make_interval(secs => :assignmentMargin)")
                        .param("assignmentMargin", properties.assignmentMargin().toSeconds())
                        .update());
  }
}
