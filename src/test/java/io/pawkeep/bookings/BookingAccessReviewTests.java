package io.pawkeep.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** LOG-4: an assignment to a booking shows in both access reviews until it ends or is cancelled. */
class BookingAccessReviewTests extends BookingTestSupport {

  @Test
  void anAssignedBookingShowsAsAReasonInBothReviewsUntilItIsCancelled() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(3));

    assertThat(businessReasons(w, w.walkerId())).contains("booking:access.reveal");
    assertThat(businessReasons(w, w.otherWalkerId())).doesNotContain("booking:access.reveal");
    ApiClient.Response household =
        api.get("/api/v1/households/" + w.household() + "/access-review", w.family().accessToken());
    assertThat(household.status()).as(household.raw()).isEqualTo(200);
    assertThat(household.raw()).contains("booking");

    assertThat(status(w.manager(), booking, "cancelled", "Rain").status()).isEqualTo(200);
    assertThat(businessReasons(w, w.walkerId())).doesNotContain("booking:access.reveal");
  }

  /** "via:permission" for every household the member reaches in the business's review. */
  private List<String> businessReasons(World w, String userId) {
    ApiClient.Response review =
        api.get("/api/v1/businesses/" + w.business() + "/access-review", w.owner().accessToken());
    assertThat(review.status()).as(review.raw()).isEqualTo(200);
    List<String> reasons = new ArrayList<>();
    for (JsonNode member : review.json().path("staff")) {
      if (member.path("userId").asString().equals(userId)) {
        member
            .path("households")
            .forEach(
                h -> reasons.add(h.path("via").asString() + ":" + h.path("permission").asString()));
      }
    }
    return reasons;
  }
}
