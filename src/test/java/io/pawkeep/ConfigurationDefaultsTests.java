package io.pawkeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Every settings record binds as Spring Boot binds it: with nothing configured each setting takes
 * the default the README documents, and a configured value or an empty one binds as it always did.
 * The records are compared by their text, so a changed default shows up here.
 */
class ConfigurationDefaultsTests {

  @ParameterizedTest(name = "{0} with nothing configured")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          pawkeep.accounts  | accounts.AccountProperties   | AccountProperties[passwordMinLength=12, lockoutThreshold=10, lockoutDuration=PT15M, emailVerificationTtl=PT24H, passwordResetTtl=PT30M, mfaChallengeTtl=PT5M, mfaChallengeAttempts=5, sessionLifetime=PT720H, totpIssuer=Pawkeep, recoveryCodeKey=]
          pawkeep.bookings  | bookings.BookingProperties   | BookingProperties[assignmentMargin=PT2H]
          pawkeep.clinical  | clinical.ClinicalConfiguration$ClinicalProperties | ClinicalProperties[entryLock=PT24H, prescriptionValidity=PT720H, lockOnRequestTime=false]
          pawkeep.database  | database.DatabaseProperties  | DatabaseProperties[url=null, username=pawkeep_app, password=null, ownerUsername=pawkeep_owner, ownerPassword=null, maxPoolSize=10, cleanEmbedded=false, embeddedDir=null]
          pawkeep.admin     | database.PlatformAdminProperties | PlatformAdminProperties[emails=[]]
          pawkeep.http      | security.ProxyProperties     | ProxyProperties[trustedProxies=[]]
          pawkeep.cors      | security.HttpSecurityProperties | HttpSecurityProperties[allowedOrigins=[]]
          pawkeep.jwt       | security.JwtProperties       | JwtProperties[issuer=pawkeep, audience=pawkeep-api, accessTokenTtl=PT15M, clockSkew=PT30S, activeKeyId=null, keys={}, keyRefreshInterval=PT30S, unknownKeyReloadInterval=PT1S, keyMaxAge=PT720H]
          # ./data binds as data, the same folder
          pawkeep           | security.DataDirProperties   | DataDirProperties[dataDir=data]
          pawkeep.http      | web.HttpProperties           | HttpProperties[maxRequestBody=65536B, maxCareSyncBody=2097152B, maxUploadBody=10551296B, maxWebhookBody=524288B]
          pawkeep.stripe    | billing.StripeProperties     | StripeProperties[secretKey=unset, webhookSecret=unset, connectWebhookSecret=unset, apiBase=https://api.stripe.com, platformFeePercent=0, publicBaseUrl=http://localhost:8080, eventRetention=PT2160H]
          pawkeep.documents | documents.DocumentProperties | DocumentProperties[binDays=30, purgeInterval=PT1H, quota=Quota[household=1073741824B, business=10737418240B]]
          pawkeep.audit     | audit.AuditProperties        | AuditProperties[checkpointKey=]
          pawkeep.retention | audit.AuditRetentionProperties | AuditRetentionProperties[auditEvents=P6Y]
          pawkeep.crypto    | crypto.CryptoProperties      | CryptoProperties[masterKey=, previousMasterKeys=0, retireAfter=PT1H, dataKeyMaxAge=PT2160H]
          pawkeep.crypto.key-store | crypto.KeyStoreProperties | KeyStoreProperties[path=, recoveryPath=, retention=PT168H, cacheTtl=PT5M]
          pawkeep.mail      | mail.MailProperties          | MailProperties[from=Pawkeep <no-reply@pawkeep.localhost>, baseUrl=http://localhost:8080]
          pawkeep.pitr      | database.PitrProperties      | PitrProperties[enabled=true, archiveDir=null, baseBackupDir=null, archiveTimeout=PT1M, baseBackupEvery=PT24H, keepBaseBackups=7]
          pawkeep.http.hsts | security.HstsProperties      | HstsProperties[maxAge=PT8760H, includeSubdomains=true]
          pawkeep.disclosure | security.DisclosureProperties | DisclosureProperties[contact=[], expiresIn=PT2160H, preferredLanguages=[en], policy=null, canonical=null, encryption=null, acknowledgments=null, acknowledgeWithin=PT120H]
          pawkeep.watch     | watch.WatchProperties        | WatchProperties[failingAccountsPerAddress=10, failingAccountsWindow=PT15M, failingAddressesPerAccount=5, failingAddressesWindow=PT1H, signInAddressesPerAccount=4, signInAddressesWindow=PT1H, usualFactor=5.0, revealFloor=20, exportFloor=5, baselineDays=30]
          pawkeep.breach    | privacy.BreachReportProperties | BreachReportProperties[maxWindow=PT8784H, contact=the data protection contact named in your privacy notice]
          """)
  void everySettingHasItsDefault(String prefix, String type, String expected) throws Exception {
    // The one setting without a default, as application.yml sets it.
    Map<String, String> required = Map.of("pawkeep.mail.base-url", "http://localhost:8080");
    assertThat(bind(prefix, type, required)).hasToString(expected);
  }

  @ParameterizedTest(name = "{0}.{2}={3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          pawkeep.accounts | accounts.AccountProperties   | lockout-duration    | 5m            | lockoutDuration=PT5M
          pawkeep.accounts | accounts.AccountProperties   | totp-issuer         | ''            | totpIssuer=Pawkeep,
          pawkeep.bookings | bookings.BookingProperties   | assignment-margin   | 90m           | assignmentMargin=PT1H30M
          pawkeep.clinical | clinical.ClinicalConfiguration$ClinicalProperties | entry-lock | 2h | entryLock=PT2H
          pawkeep.database | database.DatabaseProperties  | username            | ''            | username=pawkeep_app
          pawkeep.database | database.DatabaseProperties  | max-pool-size       | 3             | maxPoolSize=3
          pawkeep.database | database.DatabaseProperties  | max-pool-size       | ''            | maxPoolSize=10
          pawkeep.accounts | accounts.AccountProperties   | lockout-threshold   | ''            | lockoutThreshold=10
          pawkeep.database | database.DatabaseProperties  | clean-embedded      | ''            | cleanEmbedded=false
          pawkeep.admin    | database.PlatformAdminProperties | emails          | ' A@x.org ,b@x.org' | emails=[a@x.org, b@x.org]
          pawkeep.http     | security.ProxyProperties     | trusted-proxies     | ''            | trustedProxies=[]
          pawkeep.http     | security.ProxyProperties     | trusted-proxies     | 10.0.0.0/8,::1/128 | trustedProxies=[10.0.0.0/8, ::1/128]
          pawkeep.jwt      | security.JwtProperties       | issuer              | ''            | issuer=pawkeep,
          pawkeep.jwt      | security.JwtProperties       | keys.k1             | a2V5          | keys={k1=(set)}
          pawkeep          | security.DataDirProperties   | data-dir            | /srv/pawkeep  | dataDir=/srv/pawkeep
          pawkeep.http     | web.HttpProperties           | max-care-sync-body  | 4MB           | maxCareSyncBody=4194304B
          pawkeep.documents | documents.DocumentProperties | quota.household    | 2GB           | household=2147483648B
          pawkeep.documents | documents.DocumentProperties | bin-days           | 7             | binDays=7
          pawkeep.audit    | audit.AuditProperties        | checkpoint-key      | a2V5          | checkpointKey=(set)
          pawkeep.retention | audit.AuditRetentionProperties | audit-events     | 2y            | auditEvents=P2Y
          pawkeep.crypto   | crypto.CryptoProperties      | previous-master-keys | ''           | previousMasterKeys=0
          pawkeep.crypto   | crypto.CryptoProperties      | previous-master-keys | a2V5,a2V6    | previousMasterKeys=2
          pawkeep.crypto   | crypto.CryptoProperties      | data-key-max-age    | 30d           | dataKeyMaxAge=PT720H
          pawkeep.accounts | accounts.AccountProperties   | recovery-code-key   | a2V5          | recoveryCodeKey=(set)
          pawkeep.stripe   | billing.StripeProperties     | secret-key          | ''            | secretKey=unset
          pawkeep.backup   | backup.BackupProperties      | key                 | a2V5          | key=(set), dir=null, schedule=0 30 2 * * *, keep=PT720H
          pawkeep.backup   | backup.BackupProperties      | keep                | 7d            | keep=PT168H
          pawkeep.stripe   | billing.StripeProperties     | secret-key          | sk_test_a2V5  | secretKey=test,
          pawkeep.stripe   | billing.StripeProperties     | webhook-secret      | whsec_a2V5    | webhookSecret=set,
          pawkeep.pitr     | database.PitrProperties      | archive-timeout     | ''            | archiveTimeout=PT1M,
          pawkeep.pitr     | database.PitrProperties      | keep-base-backups   | ''            | keepBaseBackups=7]
          pawkeep.pitr     | database.PitrProperties      | archive-dir         | /mnt/other    | archiveDir=/mnt/other,
          """)
  void aConfiguredOrEmptyValueBindsAsBefore(
      String prefix, String type, String name, String value, String expected) throws Exception {
    assertThat(bind(prefix, type, Map.of(prefix + "." + name, value)).toString())
        .contains(expected);
  }

  @Test
  void mailLinksNeedTheAddressOfPawkeepAsTheyAlwaysDid() {
    assertThatThrownBy(() -> bind("pawkeep.mail", "mail.MailProperties", Map.of()))
        .isInstanceOf(BindException.class)
        .hasRootCauseMessage("pawkeep.mail.base-url must be configured");
  }

  private static Object bind(String prefix, String type, Map<String, String> properties)
      throws ClassNotFoundException {
    Class<?> record = Class.forName("io.pawkeep." + type);
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate(prefix, Bindable.of(record));
  }
}
