package io.pawkeep.crypto;

import io.pawkeep.security.DataDirProperties;
import io.pawkeep.security.LocalSecrets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CryptoProperties.class, KeyStoreProperties.class})
class CryptoConfiguration {

  @Bean
  MasterKeyCipher masterKeyCipher(
      CryptoProperties properties, DataDirProperties files, Environment environment) {
    if (!properties.masterKey().isBlank()) {
      return new MasterKeyCipher(properties.masterKey(), properties.previousMasterKeys());
    }
    if (environment.acceptsProfiles(Profiles.of("prod"))) {
      throw new IllegalStateException("pawkeep.crypto.master-key must be configured in production");
    }
    return new MasterKeyCipher(
        LocalSecrets.loadOrCreate(files.dataDir(), "master-dev.key", MasterKeyCipher.KEY_BYTES),
        properties.previousMasterKeys());
  }

  // Outside the database (CRYPTO-3): neither a backup of it nor its WAL archive holds these keys.
  @Bean
  TenantKeyStore tenantKeyStore(
      KeyStoreProperties properties, DataDirProperties files, Clock clock) {
    Path live =
        properties.path().isBlank()
            ? files.dataDir().resolve("keystore")
            : Path.of(properties.path());
    Path recovery =
        properties.recoveryPath().isBlank()
            ? files.dataDir().resolve("keystore-recovery")
            : Path.of(properties.recoveryPath());
    return new TenantKeyStore(
        new LocalKeyFolder(live),
        new LocalKeyFolder(recovery),
        clock,
        properties.retention(),
        properties.cacheTtl());
  }

  /**
   * The signing keys are sealed under the master key (SESS-1): a master-key rotation re-seals them
   * like every master-key column, so the previous master key can go.
   */
  @Bean
  EncryptedColumns signingKeyColumns() {
    return new EncryptedColumns(
        List.of(
            EncryptedColumn.underMasterKey(
                StoredSigningKeys.TABLE, StoredSigningKeys.COLUMN, "key_id")));
  }
}
