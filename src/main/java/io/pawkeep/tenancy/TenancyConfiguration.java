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
    return new IdentityTransactionManager(dataSource, new LateIdentitySource(identities), clock);
  }

  /**
   * The application's identity source, found when a transaction first asks for it: the security
   * module's source needs beans that need the transaction manager. Found once: looking it up is a
   * search of the bean factory, which every transaction's begin paid before.
   */
  static final class LateIdentitySource implements RequestIdentitySource {

    private final ObjectProvider<RequestIdentitySource> identities;
    private volatile RequestIdentitySource found;

    LateIdentitySource(ObjectProvider<RequestIdentitySource> identities) {
      this.identities = identities;
    }

    @Override
    public Optional<RequestIdentity> current() {
      RequestIdentitySource delegate = delegate();
      return delegate == null ? Optional.empty() : delegate.current();
    }

    @Override
    public Optional<ApiKeyIdentity> apiKey() {
      RequestIdentitySource delegate = delegate();
      return delegate == null ? Optional.empty() : delegate.apiKey();
    }

    @Override
    public Optional<BrowserSession> browserSession() {
      RequestIdentitySource delegate = delegate();
      return delegate == null ? Optional.empty() : delegate.browserSession();
    }

    private RequestIdentitySource delegate() {
      RequestIdentitySource delegate = found;
      if (delegate == null) {
        delegate = identities.getIfAvailable();
        found = delegate; // none yet (a context without the security module) is asked again
      }
      return delegate;
    }
  }
}
