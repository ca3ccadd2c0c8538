package io.pawkeep.privacy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Breach reports (PRIV-4): the longest window one report may cover (a longer one is refused, so one
 * request cannot make the database read years of the trail), and the contact a notification names
 * (GDPR Art. 33(3)(b)).
 */
@ConfigurationProperties("pawkeep.breach")
record BreachReportProperties(
    @DefaultValue("P366D") Duration maxWindow,
    @DefaultValue("the data protection contact named in your privacy notice") String contact) {}
