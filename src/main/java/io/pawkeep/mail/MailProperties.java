package io.pawkeep.mail;

import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outgoing mail: the sender address ({@code pawkeep.mail.from}) and the address of Pawkeep that
 * links in mails open ({@code pawkeep.mail.base-url}, required).
 */
@ConfigurationProperties("pawkeep.mail")
public record MailProperties(
    @DefaultValue("Pawkeep <no-reply@pawkeep.localhost>") String from, String baseUrl) {

  public MailProperties {
    Objects.requireNonNull(baseUrl, "pawkeep.mail.base-url must be configured");
  }
}
