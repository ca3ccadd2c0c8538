package io.pawkeep.security;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;

/** HARD-7: production keeps its metrics off the public port. */
@Configuration(proxyBeanMethods = false)
@Profile("prod")
class MonitoringConfiguration {

  @Bean
  FilterRegistrationBean<MetricsOnManagementPort> metricsOnManagementPort(
      WebEndpointProperties endpoints) {
    FilterRegistrationBean<MetricsOnManagementPort> registration =
        new FilterRegistrationBean<>(new MetricsOnManagementPort(endpoints.getBasePath()));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }
}
