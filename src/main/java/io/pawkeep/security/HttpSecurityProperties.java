package io.pawkeep.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Browser origins allowed to call the API cross-origin; none by default. */
@ConfigurationProperties("pawkeep.cors")
record HttpSecurityProperties(List<String> allowedOrigins) {
  HttpSecurityProperties {
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
  }
}
