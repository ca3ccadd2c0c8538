package io.pawkeep.security;

import jakarta.servlet.DispatcherType;
import org.apache.catalina.valves.RemoteIpValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Forwarded headers are believed from {@code PAWKEEP_TRUSTED_PROXIES} only, in one filter (AUTH-5).
 * Spring's and Tomcat's own handling stays off: Tomcat's trusts every private address, so any host
 * of the same network could set a client address of its choosing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProxyProperties.class)
class ProxyConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ProxyConfiguration.class);

  @Bean
  FilterRegistrationBean<ForwardedRequestFilter> forwardedRequestFilter(
      ProxyProperties properties, Environment environment) {
    if ("framework".equalsIgnoreCase(environment.getProperty("server.forward-headers-strategy"))) {
      throw new IllegalStateException(
          "SERVER_FORWARD_HEADERS_STRATEGY must be none: declare proxies in"
              + " PAWKEEP_TRUSTED_PROXIES");
    }
    FilterRegistrationBean<ForwardedRequestFilter> registration =
        new FilterRegistrationBean<>(
            new ForwardedRequestFilter(new TrustedProxies(properties.trustedProxies())));
    // Before every other filter, the security chain's HSTS writer included.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.setDispatcherTypes(
        DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
    return registration;
  }

  /** Removes the valve {@code server.forward-headers-strategy=native} would add. */
  @Bean
  WebServerFactoryCustomizer<TomcatWebServerFactory> noRemoteIpValve() {
    return new NoRemoteIpValve();
  }

  private static final class NoRemoteIpValve
      implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatWebServerFactory factory) {
      if (factory.getEngineValves().stream().anyMatch(RemoteIpValve.class::isInstance)) {
        log.warn(
            "server.forward-headers-strategy=native is ignored: declare proxies in"
                + " PAWKEEP_TRUSTED_PROXIES");
        factory.setEngineValves(
            factory.getEngineValves().stream().filter(v -> !(v instanceof RemoteIpValve)).toList());
      }
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE; // after Spring Boot's customizer, which adds the valve
    }
  }
}
