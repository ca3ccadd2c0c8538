package io.pawkeep.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Browser origins allowed to call the API cross-origin; none by default. */
@ConfigurationProperties("pawkeep.cors")
record HttpSecurityProperties(@DefaultValue List<String> allowedOrigins) {
  HttpSecurityProperties {
    allowedOrigins = List.copyOf(allowedOrigins);
  }
}
