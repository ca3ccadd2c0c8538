package io.pawkeep.accounts;

import io.pawkeep.crypto.EncryptedColumn;
import io.pawkeep.crypto.EncryptedColumns;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.security.DataDirProperties;
import io.pawkeep.security.LocalSecrets;
import java.util.Base64;
import java.util.List;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  AccountProperties.class,
  PasswordProperties.class,
  WebSessionProperties.class
})
class AccountsConfiguration {

  @Bean
  PasswordHashing passwordHashing(PasswordProperties properties) {
    return new PasswordHashing(
        PasswordHashing.DEFAULT_MEMORY_KIB,
        PasswordHashing.DEFAULT_ITERATIONS,
        new HashingPermits(properties.maxConcurrentHashes(), properties.maxHashWait()));
  }

  @Bean
  PasswordPolicy passwordPolicy(AccountProperties properties) {
    return new PasswordPolicy(properties.passwordMinLength(), 1024);
  }

  /**
   * Recovery codes are hashed under {@code pawkeep.accounts.recovery-code-key} (base64, at least 32
   * bytes), a key of its own: tied to the master key, they would stop working after a master-key
   * rotation. Development generates one under the data directory; production requires it.
   */
  @Bean
  RecoveryCodes recoveryCodes(
      AccountProperties properties, DataDirProperties files, Environment environment) {
    String encoded = properties.recoveryCodeKey();
    if (encoded.isBlank()) {
      if (environment.acceptsProfiles(Profiles.of("prod"))) {
        throw new IllegalStateException(
            "pawkeep.accounts.recovery-code-key must be configured in production");
      }
      encoded =
          LocalSecrets.loadOrCreate(
              files.dataDir(), "recovery-code-dev.key", RecoveryCodes.MIN_KEY_BYTES);
    }
    try {
      return new RecoveryCodes(Base64.getDecoder().decode(encoded.trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "pawkeep.accounts.recovery-code-key must be at least "
              + RecoveryCodes.MIN_KEY_BYTES
              + " bytes of base64");
    }
  }

  /** Before any request: codes issued before the key are wrapped under it. */
  @Bean
  InitializingBean legacyRecoveryCodesUnderTheKey(OwnerDatabase owner, RecoveryCodes codes) {
    return () -> LegacyRecoveryCodes.wrap(owner, codes);
  }

  /** Second-factor seeds are sealed under the master key, bound to their user. */
  @Bean
  EncryptedColumns accountEncryptedColumns() {
    return new EncryptedColumns(
        List.of(EncryptedColumn.underMasterKey("users", "totp_secret", "id")));
  }

  @Bean
  TransactionTemplate accountTransactions(PlatformTransactionManager transactions) {
    return new TransactionTemplate(transactions);
  }
}
