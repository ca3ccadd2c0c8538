package io.pawkeep.tenancy;

import java.time.Clock;
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
        () -> {
          RequestIdentitySource delegate = identities.getIfAvailable();
          return delegate == null ? java.util.Optional.empty() : delegate.current();
        };
    return new IdentityTransactionManager(dataSource, source, clock);
  }
}
