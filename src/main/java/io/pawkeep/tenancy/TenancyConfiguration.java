package io.pawkeep.tenancy;

import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;

@Configuration(proxyBeanMethods = false)
@EnableTransactionManagement
class TenancyConfiguration {

  @Bean
  PlatformTransactionManager transactionManager(
      DataSource dataSource, ObjectProvider<RequestIdentitySource> identities, Clock clock) {
    RequestIdentitySource source =
        new RequestIdentitySource() {
          @Override
          public Optional<RequestIdentity> current() {
            RequestIdentitySource delegate = identities.getIfAvailable();
            return delegate == null ? Optional.empty() : delegate.current();
          }

          @Override
          public Optional<ApiKeyIdentity> apiKey() {
            RequestIdentitySource delegate = identities.getIfAvailable();
            return delegate == null ? Optional.empty() : delegate.apiKey();
          }

          @Override
          public Optional<BrowserSession> browserSession() {
            RequestIdentitySource delegate = identities.getIfAvailable();
            return delegate == null ? Optional.empty() : delegate.browserSession();
          }
        };
    return new IdentityTransactionManager(dataSource, source, clock);
  }
}
