package io.pawkeep.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.database.OwnerDatabase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The clinical lock (DOM-8) is the database's: the application role cannot choose an entry's lock
 * time, the lock period reaches the database from configuration through the schema owner, and a
 * request time set by hand can neither lengthen the lock nor reopen a locked entry. These tests run
 * with {@code pawkeep.clinical.lock-on-request-time} on (the test clock); one turns it off.
 */
class ClinicalDatabaseTests extends ClinicalTestSupport {

  private static final String INSERT =
      """
      insert into pet_clinical_entries (id, pet_id, household_id, kind, summary, recorded_at,
                                        recorded_by, business_id, signed_at, signed_by%s)
      values (?, ?, ?, 'condition', 'Direct', ?, ?, ?, ?, ?%s)
      """;

  @Autowired JdbcClient jdbc;
  @Autowired OwnerDatabase schemaOwner;

  @Test
  void aClinicalEntryCannotBeInsertedWithItsOwnLockTime() {
    clinicWithClientPet();
    UUID vetId = UUID.fromString(userId(vet));
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant forever = now.plus(Duration.ofDays(3650));

    assertThatThrownBy(
            () ->
                asVet(
                    vetId,
                    now,
                    sql ->
                        sql.sql(INSERT.formatted(", locks_at", ", ?"))
                            .params(entryParams(UUID.randomUUID(), vetId, now, forever))
                            .update()))
        .isInstanceOf(DataAccessException.class);

    // Without one, the database sets it: the request's time plus the configured lock.
    UUID id = UUID.randomUUID();
    asVet(
        vetId,
        now,
        sql ->
            sql.sql(INSERT.formatted("", "")).params(entryParams(id, vetId, now, null)).update());
    assertThat(locksAt(id)).isEqualTo(now.plus(Duration.ofHours(24)));
  }

  @Test
  void aRequestTimeSetByHandCannotLengthenTheLock() {
    clinicWithClientPet();
    UUID vetId = UUID.fromString(userId(vet));
    Instant farFuture = clock.instant().plus(Duration.ofDays(3650)).truncatedTo(ChronoUnit.MICROS);
    UUID id = UUID.randomUUID();
    // As in production: the test clock setting off, the database's own clock decides.
    lockOnRequestTime(false);
    try {
      Instant databaseNow =
          asVet(
              vetId,
              farFuture,
              sql -> {
                sql.sql(INSERT.formatted("", ""))
                    .params(entryParams(id, vetId, farFuture, null))
                    .update();
                return sql.sql("select now()").query(Timestamp.class).single().toInstant();
              });
      assertThat(locksAt(id)).isEqualTo(databaseNow.plus(Duration.ofHours(24)));
    } finally {
      lockOnRequestTime(true);
    }
  }

  @Test
  void theLockPeriodReachesTheDatabaseFromConfigurationAndOnlyTheOwnerWritesIt() {
    assertThat(
            schemaOwner
                .jdbc()
                .sql("select extract(epoch from entry_lock)::bigint from clinical_settings")
                .query(Long.class)
                .single())
        .isEqualTo(Duration.ofHours(24).toSeconds());
    assertThatThrownBy(
            () ->
                jdbc.sql("update clinical_settings set entry_lock = interval '100 years'").update())
        .isInstanceOf(DataAccessException.class);
  }

  @Test
  void aRequestTimeSetByHandCannotReopenALockedEntry() {
    clinicWithClientPet();
    UUID id =
        UUID.fromString(
            writeEntry(vet, pet, entry(clinic, "condition", "Otitis", null)).text("id"));
    UUID vetId = UUID.fromString(userId(vet));
    // Locked by the database's own clock.
    schemaOwner
        .jdbc()
        .sql("update pet_clinical_entries set locks_at = now() - interval '1 minute' where id = ?")
        .param(id)
        .update();
    Instant longAgo = Instant.now().minus(Duration.ofDays(2));
    assertThatThrownBy(
            () ->
                asVet(
                    vetId,
                    longAgo,
                    sql ->
                        sql.sql("update pet_clinical_entries set summary = 'Healthy' where id = ?")
                            .param(id)
                            .update()))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("locked");
  }

  private Instant locksAt(UUID entry) {
    return schemaOwner
        .jdbc()
        .sql("select locks_at from pet_clinical_entries where id = ?")
        .param(entry)
        .query(Timestamp.class)
        .single()
        .toInstant();
  }

  private void lockOnRequestTime(boolean on) {
    schemaOwner
        .jdbc()
        .sql("update clinical_settings set lock_on_request_time = ?")
        .param(on)
        .update();
  }

  private Object[] entryParams(UUID id, UUID vetId, Instant now, Instant locksAt) {
    Timestamp at = Timestamp.from(now);
    Object[] base = {
      id,
      UUID.fromString(pet),
      UUID.fromString(household),
      at,
      vetId,
      UUID.fromString(clinic),
      at,
      vetId
    };
    if (locksAt == null) {
      return base;
    }
    Object[] all = java.util.Arrays.copyOf(base, base.length + 1);
    all[base.length] = Timestamp.from(locksAt);
    return all;
  }

  /** A transaction as the veterinarian, with the request time set the way a request sets it. */
  private <T> T asVet(UUID vetId, Instant requestTime, Function<JdbcClient, T> work) {
    return asIdentity(vetId, null, requestTime, work);
  }
}
