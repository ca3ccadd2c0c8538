package io.pawkeep.bookings;

import io.pawkeep.businesses.Businesses;
import io.pawkeep.households.Households;
import io.pawkeep.web.ApiProblem;
import java.time.Clock;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The services a business offers. Staff with bookings.read list them; settings.manage adds them (a
 * price list is a business setting, not a scheduling decision). Not on the staff: 404.
 */
@Service
@Transactional
class ServiceCatalogue {

  static final Set<String> KINDS =
      Set.of("walk", "drop_in", "overnight", "boarding", "appointment");
  private static final Set<String> ISO_CURRENCIES =
      Currency.getAvailableCurrencies().stream()
          .map(Currency::getCurrencyCode)
          .collect(Collectors.toUnmodifiableSet());
  private static final Logger log = LoggerFactory.getLogger(ServiceCatalogue.class);

  /** A service as a client sends it. */
  record ServiceFields(
      String kind, String name, Integer durationMinutes, Long priceMinor, String currency) {}

  private final Businesses businesses;
  private final Households households;
  private final ServiceRepository services;
  private final BookingEvents events;
  private final Clock clock;

  ServiceCatalogue(
      Businesses businesses,
      Households households,
      ServiceRepository services,
      BookingEvents events,
      Clock clock) {
    this.businesses = businesses;
    this.households = households;
    this.services = services;
    this.events = events;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  List<ServiceView> list(UUID caller, UUID businessId) {
    businesses.requirePermission(caller, businessId, "bookings.read");
    return services.list(businessId);
  }

  /**
   * What a household may book: the services of the businesses it granted access (members of the
   * household; 404 for anyone else, as for a missing household).
   */
  @Transactional(readOnly = true)
  List<ServiceView> forHousehold(UUID caller, UUID householdId) {
    households.find(caller, householdId).orElseThrow(ApiProblem::notFound);
    return services.ofClientBusinesses(householdId);
  }

  /** The services the household may book, each with its business's name (for the form). */
  List<BookableService> bookable(UUID caller, UUID householdId) {
    households.find(caller, householdId).orElseThrow(ApiProblem::notFound);
    return services.bookable(householdId);
  }

  ServiceView add(UUID caller, UUID businessId, ServiceFields fields) {
    businesses.requirePermission(caller, businessId, "settings.manage");
    if (fields.kind() == null || !KINDS.contains(fields.kind())) {
      throw ApiProblem.badRequest(
          "kind must be one of walk, drop_in, overnight, boarding, appointment.");
    }
    String name = fields.name() == null ? "" : fields.name().strip();
    if (name.isEmpty() || name.length() > 100) {
      throw ApiProblem.badRequest("name must have 1 to 100 characters.");
    }
    if (fields.durationMinutes() == null
        || fields.durationMinutes() < 1
        || fields.durationMinutes() > 43200) {
      throw ApiProblem.badRequest("durationMinutes must be between 1 and 43200 (30 days).");
    }
    if (fields.priceMinor() == null
        || fields.priceMinor() < 0
        || fields.priceMinor() > 100_000_000) {
      throw ApiProblem.badRequest("priceMinor must be between 0 and 100000000 minor units.");
    }
    if (fields.currency() == null || !ISO_CURRENCIES.contains(fields.currency())) {
      throw ApiProblem.badRequest("currency must be an ISO 4217 code such as EUR.");
    }
    ServiceView service =
        new ServiceView(
            UUID.randomUUID(),
            businessId,
            fields.kind(),
            name,
            fields.durationMinutes(),
            fields.priceMinor(),
            fields.currency(),
            clock.instant());
    services.insert(service);
    events.recordForBusiness(businessId, caller, "service.created", service.id());
    log.info("User {} added service {} to business {}", caller, service.id(), businessId);
    return service;
  }
}
