package io.pawkeep.businesses;

import io.pawkeep.security.ApiKeySecrets;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A business's API keys (AUTH-7), managed by holders of settings.manage signed in as themselves. A
 * key's scope is a set of permissions its creator holds (checked here and by row-level security);
 * its secret is shown once and stored only as a hash; revocation holds from the key's next request.
 */
@Service
@Transactional
class ApiKeys {

  static final String PERMISSION = "settings.manage";
  private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

  /** A new key: its secret is in this answer and nowhere else, ever. */
  record CreatedApiKey(
      UUID id, String name, List<String> permissions, Instant expiresAt, String secret) {

    @Override
    public String toString() {
      return "CreatedApiKey[id=" + id + ", secret=<redacted>]";
    }
  }

  private final Businesses businesses;
  private final BusinessRepository repository;
  private final ApiKeyRepository keys;
  private final BusinessEvents events;
  private final Clock clock;

  ApiKeys(
      Businesses businesses,
      BusinessRepository repository,
      ApiKeyRepository keys,
      BusinessEvents events,
      Clock clock) {
    this.businesses = businesses;
    this.repository = repository;
    this.keys = keys;
    this.events = events;
    this.clock = clock;
  }

  CreatedApiKey create(
      UUID caller, UUID businessId, String name, List<String> permissions, Instant expiresAt) {
    Membership member = businesses.member(caller, businessId).require(PERMISSION);
    String cleanName = name == null ? "" : name.strip();
    if (cleanName.isEmpty() || cleanName.length() > 100) {
      throw ApiProblem.badRequest("name must have 1 to 100 characters.");
    }
    Set<String> scope = scope(permissions, member);
    Instant now = clock.instant();
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw ApiProblem.badRequest("expiresAt must be in the future.");
    }
    UUID id = UUID.randomUUID();
    ApiKeySecrets.Issued issued = ApiKeySecrets.issue(id);
    keys.insert(
        id, businessId, cleanName, List.copyOf(scope), issued.hash(), caller, now, expiresAt);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("permissions", List.copyOf(scope));
    detail.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
    events.record(businessId, caller, "api_key.created", "api_key", id, detail);
    log.info("User {} created API key {} for business {}", caller, id, businessId);
    return new CreatedApiKey(id, cleanName, List.copyOf(scope), expiresAt, issued.secret());
  }

  /** One page of the business's API keys, newest first (HARD-8). */
  @Transactional(readOnly = true)
  Page<ApiKeyView> list(UUID caller, UUID businessId, PageRequest page) {
    businesses.member(caller, businessId).require(PERMISSION);
    return Page.of(
        keys.list(businessId, page), page, k -> Cursor.of(page.list(), k.createdAt(), k.id()));
  }

  void revoke(UUID caller, UUID businessId, UUID keyId) {
    businesses.member(caller, businessId).require(PERMISSION);
    if (!keys.revoke(businessId, keyId, caller, clock.instant())) {
      if (keys.find(businessId, keyId).isEmpty()) {
        throw ApiProblem.notFound();
      }
      return; // already revoked: revoking again changes nothing
    }
    events.record(businessId, caller, "api_key.revoked", "api_key", keyId, Map.of());
    log.info("User {} revoked API key {} of business {}", caller, keyId, businessId);
  }

  /** Known permissions, at least one, each held by the creator. */
  private Set<String> scope(List<String> permissions, Membership creator) {
    if (permissions == null || permissions.isEmpty() || permissions.size() > 32) {
      throw ApiProblem.badRequest("permissions must list 1 to 32 permissions.");
    }
    Set<String> catalogue = repository.permissionCatalogue().keySet();
    Set<String> scope = new TreeSet<>();
    for (String permission : permissions) {
      if (permission == null || !catalogue.contains(permission)) {
        throw ApiProblem.badRequest(
            "permissions must be among " + String.join(", ", new TreeSet<>(catalogue)) + ".");
      }
      if (!creator.holds(permission)) {
        throw ApiProblem.forbidden("A key may only hold permissions you hold yourself.");
      }
      scope.add(permission);
    }
    return scope;
  }
}
