package io.pawkeep.businesses;

import io.pawkeep.web.PageRequest;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The business's client households by name, for other modules' pages that offer a choice of client
 * (e.g. whom an invoice is for). The same rule as the client list: holders of clients.read see
 * them; anyone else gets an empty list, so a page shows no choice rather than failing.
 */
@Service
@Transactional(readOnly = true)
public class ClientDirectory {

  /** The most clients a choice offers; the clients page lists the rest. */
  static final int MOST = 200;

  /** A client household: its id and name. */
  public record Client(UUID householdId, String name) {}

  private final ClientRelationships relationships;
  private final Businesses businesses;

  ClientDirectory(ClientRelationships relationships, Businesses businesses) {
    this.relationships = relationships;
    this.businesses = businesses;
  }

  /** The first {@value #MOST} active clients, for holders of clients.read; else none. */
  public List<Client> clients(UUID caller, UUID businessId) {
    if (!businesses.permissionsOf(caller, businessId).contains("clients.read")) {
      return List.of();
    }
    return relationships
        .list(caller, businessId, PageRequest.of("clients", MOST, null))
        .items()
        .stream()
        .map(c -> new Client(c.householdId(), c.name()))
        .toList();
  }
}
