package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * HARD-5's figures as the application runs them: the defaults of {@link RateLimitProperties} and
 * what {@code application.yml} with each profile's file binds (the test profile lowers none of the
 * API limits' defaults here; it is not one of the profiles checked).
 */
class RateLimitDefaultsTests {

  private static final RateLimit PER_USER = new RateLimit(3000, Duration.ofHours(1));
  private static final RateLimit PER_KEY_HOUR = new RateLimit(50, Duration.ofHours(1));
  private static final RateLimit PER_KEY_DAY = new RateLimit(200, Duration.ofDays(1));

  @ParameterizedTest
  @ValueSource(strings = {"", "dev", "prod"})
  void interactiveCallsAreLimitedTo3000AnHourPerUserAndKeysTo50AnHourAnd200ADay(String profile) {
    new ApplicationContextRunner()
        .withInitializer(new ConfigDataApplicationContextInitializer())
        .withPropertyValues(profile.isEmpty() ? "unused=true" : "spring.profiles.active=" + profile)
        .withUserConfiguration(Limits.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              RateLimitProperties limits = context.getBean(RateLimitProperties.class);
              assertThat(limits.apiPerUser()).isEqualTo(PER_USER);
              assertThat(limits.apiKeyPerHour()).isEqualTo(PER_KEY_HOUR);
              assertThat(limits.apiKeyPerDay()).isEqualTo(PER_KEY_DAY);
            });
  }

  @Test
  void withNothingConfiguredTheRecordHoldsTheRequirementsFigures() {
    RateLimitProperties limits =
        new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("pawkeep.rate-limits", RateLimitProperties.class);
    assertThat(limits.apiPerUser()).isEqualTo(PER_USER);
    assertThat(limits.apiKeyPerHour()).isEqualTo(PER_KEY_HOUR);
    assertThat(limits.apiKeyPerDay()).isEqualTo(PER_KEY_DAY);
  }

  @EnableConfigurationProperties(RateLimitProperties.class)
  static class Limits {}
}
