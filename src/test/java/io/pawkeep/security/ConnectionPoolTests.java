package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Every authenticated request holds a pooled connection for its transaction and takes rate-limit
 * tokens outside it: more concurrent requests than the pool holds must all be served, never wait on
 * each other for a second connection until they time out.
 */
class ConnectionPoolTests extends ApiTestSupport {

  private static final int REQUESTS = 60; // six times the default pool of ten

  @Test
  void moreConcurrentRequestsThanPooledConnectionsAreAllServed() throws Exception {
    User user = signedInUser("busy");
    List<Future<Integer>> answers = new ArrayList<>();
    try (ExecutorService callers = Executors.newFixedThreadPool(REQUESTS)) {
      for (int i = 0; i < REQUESTS; i++) {
        answers.add(
            callers.submit(
                () -> new ApiClient(port).get("/api/v1/me", user.accessToken()).status()));
      }
    }
    for (Future<Integer> answer : answers) {
      assertThat(answer.get()).isEqualTo(200);
    }
  }
}
