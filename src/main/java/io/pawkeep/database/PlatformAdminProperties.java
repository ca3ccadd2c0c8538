package io.pawkeep.database;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Operator emails allowed to act as platform administrators (with a second factor). */
@ConfigurationProperties("pawkeep.admin")
record PlatformAdminProperties(@DefaultValue List<String> emails) {
  PlatformAdminProperties {
    emails = DatabaseConfiguration.normalised(emails);
  }
}
