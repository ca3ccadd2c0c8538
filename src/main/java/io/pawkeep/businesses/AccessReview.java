package io.pawkeep.businesses;

import io.pawkeep.businesses.AccessReviewRepository.HouseholdBusinessAccess;
import io.pawkeep.businesses.AccessReviewRepository.HouseholdPerson;
import io.pawkeep.businesses.AccessReviewRepository.KeyAccess;
import io.pawkeep.businesses.AccessReviewRepository.StaffAccess;
import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who can access what (LOG-4), for periodic review: per business, every staff member's role,
 * permissions, overrides and the client households they reach and why, and its live API keys; per
 * household, its people and the businesses (with their staff) that can see it. Access through
 * bookings (AUTHZ-5) joins through {@code pawkeep_business_household_reach} when it exists.
 */
@Service
@Transactional(readOnly = true)
class AccessReview {

  record BusinessReview(
      UUID businessId, Instant generatedAt, List<StaffAccess> staff, List<KeyAccess> apiKeys) {}

  record HouseholdReview(
      UUID householdId,
      Instant generatedAt,
      List<HouseholdPerson> people,
      List<HouseholdBusinessAccess> businesses) {}

  private final Businesses businesses;
  private final Households households;
  private final AccessReviewRepository reviews;
  private final Clock clock;

  AccessReview(
      Businesses businesses, Households households, AccessReviewRepository reviews, Clock clock) {
    this.businesses = businesses;
    this.households = households;
    this.reviews = reviews;
    this.clock = clock;
  }

  /** For holders of audit.read and owners of the business. */
  BusinessReview business(UUID caller, UUID businessId) {
    Membership member = businesses.member(caller, businessId);
    if (!member.holds("audit.read") && !member.isOwner()) {
      throw ApiProblem.forbidden("Your role in this business does not allow this.");
    }
    return new BusinessReview(
        businessId, clock.instant(), reviews.business(businessId), reviews.keys(businessId));
  }

  /** For owners of the household. */
  HouseholdReview household(UUID caller, UUID householdId) {
    HouseholdView household = households.get(caller, householdId);
    if (!household.isOwner()) {
      throw ApiProblem.forbidden("Only an owner of this household may do this.");
    }
    return new HouseholdReview(
        householdId, clock.instant(), reviews.people(householdId), reviews.businesses(householdId));
  }
}
