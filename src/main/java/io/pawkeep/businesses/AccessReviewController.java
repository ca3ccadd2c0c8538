package io.pawkeep.businesses;

import io.pawkeep.businesses.AccessReview.BusinessReview;
import io.pawkeep.businesses.AccessReview.HouseholdReview;
import io.pawkeep.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Access review reports (LOG-4). Checks live in {@link AccessReview}. */
@RestController
class AccessReviewController {

  private final AccessReview reviews;
  private final CurrentUser currentUser;

  AccessReviewController(AccessReview reviews, CurrentUser currentUser) {
    this.reviews = reviews;
    this.currentUser = currentUser;
  }

  @Operation(
      summary =
          "Every staff member's role, permissions, overrides and the client households they"
              + " reach, and why (audit.read or owners)")
  @GetMapping("/api/v1/businesses/{id}/access-review")
  BusinessReview business(@PathVariable UUID id) {
    return reviews.business(currentUser.userId(), id);
  }

  @Operation(
      summary =
          "The people and the businesses (with their staff) that can see the household (owners)")
  @GetMapping("/api/v1/households/{id}/access-review")
  HouseholdReview household(@PathVariable UUID id) {
    return reviews.household(currentUser.userId(), id);
  }
}
