package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pawkeep.web.ApiProblem;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** AUTH-11: password hashing beyond the bound waits briefly in line, then answers 503. */
class HashingPermitsTests {

  private static final String PASSWORD = "gravy wobble stadium clover";

  @Test
  void aHashBeyondTheBoundWaitsInLineAndRunsOnceAPermitFrees() throws Exception {
    HashingPermits permits = new HashingPermits(1, Duration.ofSeconds(5));
    assertThat(permits.tryTake(1)).isTrue();
    CompletableFuture<String> queued =
        CompletableFuture.supplyAsync(() -> permits.run(() -> "hashed"));
    // Still waiting in line all along, not only at the end of a sleep.
    await("the queued hash").during(Duration.ofMillis(200)).until(() -> !queued.isDone());
    permits.giveBack(1);
    assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("hashed");
  }

  @Test
  void aHashBeyondTheBoundIsRefusedWith503AndRetryAfterOnceTheWaitIsOver() {
    HashingPermits permits = new HashingPermits(1, Duration.ofMillis(150));
    assertThat(permits.tryTake(1)).isTrue();
    long start = System.nanoTime();
    assertThatThrownBy(() -> permits.run(() -> "hashed"))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            problem -> {
              assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(problem.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
              assertThat(problem.toProblemDetail().getType().toString())
                  .isEqualTo("urn:pawkeep:problem:busy");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void everyHashAndCheckHoldsAPermitTheDummyCheckForUnknownEmailsIncluded() {
    HashingPermits permits = new HashingPermits(1, Duration.ofMillis(50));
    PasswordHashing hashing =
        new PasswordHashing(
            PasswordHashing.DEFAULT_MEMORY_KIB, PasswordHashing.DEFAULT_ITERATIONS, permits);
    String stored = hashing.hash(PASSWORD);
    assertThat(permits.tryTake(1)).isTrue();

    assertThatThrownBy(() -> hashing.hash(PASSWORD)).isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> hashing.matches(PASSWORD, stored)).isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> hashing.matches(PASSWORD, hashing.dummyHash()))
        .isInstanceOf(ApiProblem.class);

    permits.giveBack(1);
    assertThat(hashing.matches(PASSWORD, stored)).isTrue();
  }

  @Test
  void theBoundNeedsAtLeastOnePermitAndANonNegativeWait() {
    assertThatThrownBy(() -> new HashingPermits(0, Duration.ofSeconds(1)))
        .hasMessage("maxConcurrent must be at least 1");
    assertThatThrownBy(() -> new HashingPermits(1, Duration.ofSeconds(-1)))
        .hasMessage("maxWait cannot be negative");
  }
}
