package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

/**
 * AVAIL-2: while the database cannot be reached nothing is done, and the answer says so: 503 with
 * Retry-After as problem details, never a 500 the client cannot tell from a bug.
 */
class DatabaseUnavailableTests {

  @AfterEach
  void forgetTheCaller() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void aSignedInRequestWhileTheDatabaseIsDownAnswers503WithRetryAfter() throws Exception {
    Jwt jwt =
        Jwt.withTokenValue("t")
            .header("alg", "HS256")
            .subject(UUID.randomUUID().toString())
            .claim("sid", UUID.randomUUID().toString())
            .issuedAt(Instant.now())
            .build();
    SecurityContextHolder.getContext()
        .setAuthentication(new JwtAuthenticationToken(jwt, java.util.List.of()));
    RequestTransactionFilter filter =
        new RequestTransactionFilter(
            new DatabaseDown(),
            new JwtIdentitySource(),
            null,
            null,
            "/api/v1/auth/",
            RequestTransactionFilter.Rejection.API);
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
    MockHttpServletResponse response = new MockHttpServletResponse();

    filter.doFilter(request, response, new MockFilterChain());

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(response.getContentAsString()).contains("\"status\":503").doesNotContain("refused");
  }

  /** A transaction manager whose pool cannot reach the database. */
  private static final class DatabaseDown implements PlatformTransactionManager {
    @Override
    public TransactionStatus getTransaction(TransactionDefinition definition) {
      throw new CannotCreateTransactionException(
          "Could not open JDBC Connection for transaction",
          new java.sql.SQLTransientConnectionException("Connection refused"));
    }

    @Override
    public void commit(TransactionStatus status) {}

    @Override
    public void rollback(TransactionStatus status) {}
  }
}
