package io.pawkeep.businesses;

import io.pawkeep.businesses.ClientRepository.ClientHousehold;
import io.pawkeep.businesses.ClientRepository.HouseholdBusiness;
import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Client relationships (DOM-4): a business asks for access to a household, whose owners grant or
 * revoke it; an owner may also grant a business directly. A business's request answers the same
 * whether or not the household exists, so household ids cannot be probed. Household-side checks go
 * through the {@link Households} facade.
 */
@Service
@Transactional
class ClientRelationships {

  private static final Logger log = LoggerFactory.getLogger(ClientRelationships.class);

  private final Businesses businesses;
  private final Households households;
  private final ClientRepository clients;
  private final BusinessEvents events;
  private final Clock clock;

  ClientRelationships(
      Businesses businesses,
      Households households,
      ClientRepository clients,
      BusinessEvents events,
      Clock clock) {
    this.businesses = businesses;
    this.households = households;
    this.clients = clients;
    this.events = events;
    this.clock = clock;
  }

  /** Asks for access (clients.read). Recorded in the business's chain whatever the outcome. */
  void request(UUID caller, UUID businessId, UUID householdId) {
    businesses.member(caller, businessId).require("clients.read");
    clients.request(businessId, householdId, clock.instant());
    events.record(businessId, caller, "client.requested", "household", householdId, Map.of());
    log.info("User {} asked access to a household for business {}", caller, businessId);
  }

  /** One page of the business's client households, by name (clients.read; HARD-8). */
  @Transactional(readOnly = true)
  Page<ClientHousehold> list(UUID caller, UUID businessId, PageRequest page) {
    businesses.member(caller, businessId).require("clients.read");
    return Page.of(
        clients.clients(businessId, page),
        page,
        c -> Cursor.of(page.list(), c.name(), c.householdId()));
  }

  void grant(UUID caller, UUID householdId, UUID businessId) {
    owned(caller, householdId);
    if (!clients.grant(householdId, businessId, clock.instant())) {
      throw ApiProblem.notFound();
    }
    record(caller, householdId, businessId, "client.granted");
  }

  void revoke(UUID caller, UUID householdId, UUID businessId) {
    owned(caller, householdId);
    if (!clients.revoke(householdId, businessId, caller, clock.instant())) {
      throw ApiProblem.notFound();
    }
    record(caller, householdId, businessId, "client.revoked");
  }

  /** One page of the businesses that see or ask to see the household, by name (HARD-8). */
  @Transactional(readOnly = true)
  Page<HouseholdBusiness> businessesOf(UUID caller, UUID householdId, PageRequest page) {
    owned(caller, householdId);
    return Page.of(
        clients.businesses(householdId, page),
        page,
        b -> Cursor.of(page.list(), b.name(), b.businessId()));
  }

  /** In both chains: the household's owners and the business's auditors each see it. */
  private void record(UUID caller, UUID householdId, UUID businessId, String action) {
    events.record(householdId, caller, action, "business", businessId, Map.of());
    events.record(businessId, caller, action, "household", householdId, Map.of());
    log.info(
        "User {} changed access of business {} to household {}", caller, businessId, householdId);
  }

  private void owned(UUID caller, UUID householdId) {
    HouseholdView household = households.get(caller, householdId);
    if (!household.isOwner()) {
      throw ApiProblem.forbidden("Only an owner of this household may do this.");
    }
  }
}
