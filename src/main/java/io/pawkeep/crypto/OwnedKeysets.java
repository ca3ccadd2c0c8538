package io.pawkeep.crypto;

import com.google.crypto.tink.KeysetHandle;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.web.Instants;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every tenant's keyset, as key rotation sees them: through the schema owner, one tenant at a time,
 * each in its own transaction with the keyset row locked ({@code skip locked}, so several nodes
 * share the work without doing it twice).
 */
final class OwnedKeysets {

  /** When a keyset was last rotated and when a re-encryption pass last moved something. */
  record Times(Instant rotatedAt, Instant reencryptedAt) {}

  private static final Logger log = LoggerFactory.getLogger(OwnedKeysets.class);

  private record Stored(byte[] keyset, boolean underShredKey) {}

  private final OwnerDatabase owner;
  private final MasterKeyCipher master;
  private final SealedKeysets sealed;
  private final AtomicInteger unreadable = new AtomicInteger();

  OwnedKeysets(OwnerDatabase owner, SealedKeysets sealed) {
    this.owner = owner;
    this.master = sealed.master();
    this.sealed = sealed;
  }

  JdbcClient jdbc() {
    return owner.jdbc();
  }

  List<UUID> tenants(String where) {
    return tenants(where, Map.of());
  }

  List<UUID> tenants(String where, Map<String, ?> params) {
    return owner
        .jdbc()
        .sql("select tenant_id from tenant_data_keys where " + where)
        .params(params)
        .query(UUID.class)
        .list();
  }

  /**
   * Runs {@code work} on the tenant's keyset inside one owner transaction with the keyset row
   * locked; nothing when another node holds the lock or the keyset is gone.
   */
  <T> Optional<T> withLocked(UUID tenant, Function<KeysetHandle, T> work) {
    return Optional.ofNullable(
        owner
            .transaction()
            .execute(
                tx ->
                    owner
                        .jdbc()
                        .sql(
                            "select keyset, under_shred_key from tenant_data_keys"
                                + " where tenant_id = :tenant for update skip locked")
                        .param("tenant", tenant)
                        .query((rs, n) -> new Stored(rs.getBytes(1), rs.getBoolean(2)))
                        .optional()
                        .flatMap(stored -> unwrap(tenant, stored))
                        .map(work)
                        .orElse(null)));
  }

  /** How many keysets opened under no configured master key since the last call. */
  int takeUnreadable() {
    return unreadable.getAndSet(0);
  }

  // One unreadable keyset (a master key missing from the configuration, a shred key missing or
  // damaged, a damaged row) is logged and counted, and never stops the other tenants' rotation.
  private Optional<KeysetHandle> unwrap(UUID tenant, Stored stored) {
    try {
      return Optional.of(sealed.open(tenant, stored.keyset(), stored.underShredKey()));
    } catch (IllegalStateException e) {
      unreadable.incrementAndGet();
      log.error("The data keyset of tenant {} opens under no configured master key", tenant);
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      unreadable.incrementAndGet();
      log.error("The data keyset of tenant {} has no usable shred key", tenant);
      return Optional.empty();
    }
  }

  /** Stores the keyset wrapped by the active master key and sealed by the tenant's shred key. */
  void store(UUID tenant, KeysetHandle keyset) {
    byte[] wrapped;
    try {
      wrapped = sealed.seal(tenant, keyset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a data keyset could not be wrapped", e);
    }
    owner
        .jdbc()
        .sql(
            "update tenant_data_keys set keyset = :wrapped, master_key_id = :activeKeyId,"
                + " under_shred_key = true where tenant_id = :tenant")
        .param("wrapped", wrapped)
        .param("activeKeyId", master.activeKeyId())
        .param("tenant", tenant)
        .update();
  }

  /** Sets one of the keyset's time columns (rotated_at, reencrypted_at, retired_at). */
  void mark(UUID tenant, String column, Instant when) {
    if (!List.of("rotated_at", "reencrypted_at", "retired_at").contains(column)) {
      throw new IllegalArgumentException("not a keyset time: " + column);
    }
    owner
        .jdbc()
        .sql("update tenant_data_keys set " + column + " = :when where tenant_id = :tenant")
        .param("when", Instants.timestamp(when))
        .param("tenant", tenant)
        .update();
  }

  Times times(UUID tenant) {
    return owner
        .jdbc()
        .sql("select rotated_at, reencrypted_at from tenant_data_keys where tenant_id = :tenant")
        .param("tenant", tenant)
        .query((rs, n) -> new Times(Instants.from(rs, 1), Instants.from(rs, 2)))
        .single();
  }

  long notWrappedByTheActiveMasterKey() {
    return owner
        .jdbc()
        .sql(
            "select count(*) from tenant_data_keys"
                + " where master_key_id is distinct from :activeKeyId")
        .param("activeKeyId", master.activeKeyId())
        .query(Long.class)
        .single();
  }
}
