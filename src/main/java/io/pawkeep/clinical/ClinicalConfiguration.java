package io.pawkeep.clinical;

import io.pawkeep.crypto.EncryptedColumn;
import io.pawkeep.crypto.EncryptedColumns;
import io.pawkeep.database.OwnerDatabase;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Clinical settings, and the clinical columns sealed with a tenant's key, for key rotation. The
 * entry lock is copied into {@code clinical_settings} as the owner role at start-up: the database
 * sets each entry's lock time from it (DOM-8).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClinicalConfiguration.ClinicalProperties.class)
class ClinicalConfiguration {

  /**
   * @param entryLock how long after signing an entry its author may still amend it (DOM-8)
   * @param prescriptionValidity how long a prescription may be administered from
   * @param lockOnRequestTime for tests on a moved clock only: the database locks entries by the
   *     request's time (the application's clock) instead of its own, which no caller can set
   */
  @ConfigurationProperties("pawkeep.clinical")
  record ClinicalProperties(
      @DefaultValue("PT24H") Duration entryLock,
      @DefaultValue("P30D") Duration prescriptionValidity,
      boolean lockOnRequestTime) {}

  @Bean
  InitializingBean entryLockInDatabase(OwnerDatabase owner, ClinicalProperties properties) {
    return () ->
        owner
            .transaction()
            .executeWithoutResult(
                tx ->
                    owner
                        .jdbc()
                        .sql(
                            "update clinical_settings"
                                + " set entry_lock = make_interval(secs => :entryLock),"
                                + " lock_on_request_time = :lockOnRequestTime")
                        .param("entryLock", properties.entryLock().toSeconds())
                        .param("lockOnRequestTime", properties.lockOnRequestTime())
                        .update());
  }

  @Bean
  EncryptedColumns clinicalEncryptedColumns() {
    return new EncryptedColumns(
        List.of(
            EncryptedColumn.underTenantKey(
                "pet_clinical_entries", "notes", "notes", "household_id", "id"),
            EncryptedColumn.underTenantKey(
                "pet_clinical_addenda", "notes", "notes", "household_id", "id"),
            EncryptedColumn.underTenantKey(
                "prescriptions", "prescriber_dea", "prescriber_dea", "business_id", "id"),
            EncryptedColumn.underTenantKey(
                "controlled_administrations", "notes", "notes", "business_id", "id")));
  }
}
