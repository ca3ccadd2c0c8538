package io.pawkeep.database;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Operator emails allowed to act as platform administrators (with a second factor). */
@ConfigurationProperties("pawkeep.admin")
record PlatformAdminProperties(List<String> emails) {
  PlatformAdminProperties {
    emails = emails == null ? List.of() : DatabaseConfiguration.normalised(emails);
  }
}
