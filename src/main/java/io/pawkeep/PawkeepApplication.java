package io.pawkeep;

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
    SpringApplication.run(PawkeepApplication.class, args);
  }

  /** Every time-dependent rule reads this clock, so tests can move it. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
