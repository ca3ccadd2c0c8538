package io.pawkeep.accounts;

import io.pawkeep.crypto.EncryptedColumn;
import io.pawkeep.crypto.EncryptedColumns;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AccountProperties.class, PasswordProperties.class})
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
