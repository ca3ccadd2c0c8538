package io.pawkeep.security;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * HARD-1: where Pawkeep serves TLS itself ({@link TlsSettings}) its port speaks TLS only; a plain
 * request to it is refused by the server (400, "This combination of host and port requires TLS").
 * {@code PAWKEEP_TLS_HTTP_REDIRECT_PORT} opens a second, plain port that only redirects to HTTPS
 * ({@link HttpsRedirect}), for people who type the address without {@code https://}.
 */
@Configuration(proxyBeanMethods = false)
class TlsConfiguration {

  @Bean
  @ConditionalOnProperty("pawkeep.tls.http-redirect-port")
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> httpsRedirectPort(Environment env) {
    if (env.getProperty("pawkeep.tls.certificate", "").isBlank()) {
      throw new IllegalStateException(
          "PAWKEEP_TLS_HTTP_REDIRECT_PORT needs PAWKEEP_TLS_CERTIFICATE: the redirect points to"
              + " Pawkeep's own TLS port");
    }
    int port = env.getRequiredProperty("pawkeep.tls.http-redirect-port", Integer.class);
    Integer publicPort = env.getProperty("pawkeep.tls.public-port", Integer.class);
    return factory -> {
      Connector plain = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
      plain.setPort(port);
      factory.addAdditionalConnectors(plain);
      factory.addEngineValves(new HttpsRedirect(plain, publicPort));
    };
  }
}
