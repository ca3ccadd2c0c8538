package io.pawkeep;

import io.pawkeep.database.AfterStart;
import io.pawkeep.database.EarlyDatabaseStart;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Pawkeep: a secure platform for pet care. */
@SpringBootApplication
@EnableScheduling
public class PawkeepApplication {

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(PawkeepApplication.class);
    // The embedded development database starts while the context does (docs/performance.md).
    application.addInitializers(new EarlyDatabaseStart());
    // Loads no start-time check needs wait until it has started, leaving it the two cores.
    AfterStart.holdUntilStarted(application);
    application.run(args);
  }

  /** Every time-dependent rule reads this clock, so tests can move it. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
