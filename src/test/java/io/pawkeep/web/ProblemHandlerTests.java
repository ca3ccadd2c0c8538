package io.pawkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** AVAIL-2: a database that cannot be reached is a 503 with Retry-After, never a 500. */
class ProblemHandlerTests {

  @Test
  void aDatabaseThatCannotBeReachedAnswers503WithRetryAfter() {
    ResponseEntity<ProblemDetail> answer =
        new ProblemHandler()
            .unavailable(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection"));
    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
    assertThat(answer.getBody().getType().toString()).endsWith("unavailable");
  }
}
