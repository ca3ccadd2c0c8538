package io.pawkeep.audit;

import io.pawkeep.audit.CanonicalForm.ChainHead;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.security.DataDirProperties;
import io.pawkeep.security.LocalSecrets;
import io.pawkeep.web.Instants;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs the current head of every audit chain with HMAC-SHA256 under a key that is never stored in
 * the database ({@code pawkeep.audit.checkpoint-key}, base64, at least 32 bytes; generated under
 * the data directory in development). Someone able to rewrite the database can recompute the hash
 * chains, but cannot forge these signatures, so rewriting or truncating a chain behind a checkpoint
 * is detected by {@link AuditVerifier}.
 *
 * <p>{@link #checkpoint()} runs every {@code pawkeep.audit.checkpoint-interval} (default one hour)
 * when scheduling is enabled ({@code @EnableScheduling}); it can also be called directly. It reads
 * the heads and writes the checkpoint as the schema owner: the application role may do neither
 * (LOG-5), so it cannot plant a checkpoint that would make every verification fail.
 */
@Component
@EnableConfigurationProperties(AuditProperties.class)
class AuditCheckpoints {

  static final int MIN_KEY_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";
  private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

  private final JdbcClient owner;
  private final TransactionTemplate ownerTransaction;
  private final Clock clock;
  private final SecretKeySpec key;

  AuditCheckpoints(
      OwnerDatabase owner,
      Clock clock,
      AuditProperties properties,
      DataDirProperties files,
      Environment environment) {
    this.owner = owner.jdbc();
    this.ownerTransaction = owner.transaction();
    this.clock = clock;
    String encoded = properties.checkpointKey();
    if (encoded.isBlank()) {
      if (environment.acceptsProfiles(Profiles.of("prod"))) {
        throw new IllegalStateException(
            "pawkeep.audit.checkpoint-key must be configured in production");
      }
      encoded =
          LocalSecrets.loadOrCreate(files.dataDir(), "audit-checkpoint-dev.key", MIN_KEY_BYTES);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(encoded.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("pawkeep.audit.checkpoint-key must be base64");
    }
    if (bytes.length < MIN_KEY_BYTES) {
      throw new IllegalStateException(
          "pawkeep.audit.checkpoint-key must be at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(bytes, ALGORITHM);
  }

  /**
   * Signs and stores the current head of every chain; returns the checkpoint's id, or nothing when
   * there is no chain yet.
   */
  OptionalLong checkpoint() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Signed signed = ownerTransaction.execute(tx -> signHeads(now));
    if (signed == null) {
      return OptionalLong.empty();
    }
    // A copy outside the database: deleting a checkpoint later leaves this line behind.
    log.info(
        "Audit checkpoint {} signed {} chain head(s), signature {}",
        signed.id(),
        signed.heads(),
        HexFormat.of().formatHex(signed.signature()));
    return OptionalLong.of(signed.id());
  }

  private record Signed(long id, int heads, byte[] signature) {}

  private Signed signHeads(Instant now) {
    List<ChainHead> heads =
        owner
            .sql("select chain_id, seq, hash from audit_chain_heads where seq > 0")
            .query(
                (rs, n) ->
                    new ChainHead(rs.getObject(1, UUID.class), rs.getLong(2), rs.getBytes(3)))
            .list();
    if (heads.isEmpty()) {
      return null;
    }
    byte[] signature = sign(CanonicalForm.checkpointPayload(CanonicalForm.micros(now), heads));
    long id =
        owner
            .sql(
                """
                insert into audit_checkpoints (created_at, heads, signature)
                values (:at, cast(:heads as jsonb), :signature) returning id
                """)
            .param("at", Instants.timestamp(now))
            .param("heads", CanonicalForm.headsJson(heads))
            .param("signature", signature)
            .query(Long.class)
            .single();
    return new Signed(id, heads.size(), signature);
  }

  // One node at a time (AVAIL-4, database/SchedulerLocks).
  @SchedulerLock(name = "audit-checkpoints", lockAtMostFor = "PT10M", lockAtLeastFor = "PT1M")
  @Scheduled(
      fixedDelayString = "${pawkeep.audit.checkpoint-interval:PT1H}",
      initialDelayString = "${pawkeep.audit.checkpoint-interval:PT1H}")
  void scheduledCheckpoint() {
    checkpoint();
  }

  byte[] sign(byte[] payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  boolean signatureMatches(byte[] payload, byte[] signature) {
    return signature != null && MessageDigest.isEqual(sign(payload), signature);
  }
}
