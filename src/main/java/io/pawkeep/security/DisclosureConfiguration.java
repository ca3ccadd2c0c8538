package io.pawkeep.security;

import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** HARD-6: the disclosure settings, resolved once against the public address. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DisclosureProperties.class)
class DisclosureConfiguration {

  @Bean
  Disclosure disclosure(
      DisclosureProperties settings,
      @Value("${pawkeep.mail.base-url}") String baseUrl,
      Clock clock) {
    return new Disclosure(settings, baseUrl, clock);
  }
}
