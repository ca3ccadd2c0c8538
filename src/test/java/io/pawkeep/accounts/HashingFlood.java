package io.pawkeep.accounts;

import io.pawkeep.web.ApiProblem;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpHeaders;

/**
 * Run in a JVM of its own by {@link PasswordHashingMemoryTests}: hundreds of sign-ins checked at
 * the same moment against the password hashing bean as the application configures it, one thread
 * each as a server without a thread cap would run them. Prints the answer each sign-in would get
 * (200 right password, 401 wrong or unknown, 503 refused by the bound) and how many ran out of
 * memory, as {@code answers {200=..., 401=..., 503=..., OOM=...}}.
 *
 * <p>Arguments: the number of sign-ins, then {@code bounded} (the application's defaults) or {@code
 * unbounded} (a bound too large to matter, to show what the bound prevents).
 */
final class HashingFlood {

  private static final String PASSWORD = "gravy wobble stadium clover";

  private HashingFlood() {}

  public static void main(String[] args) throws Exception {
    int logins = Integer.parseInt(args[0]);
    PasswordProperties settings =
        "unbounded".equals(args[1])
            ? new PasswordProperties(100_000, Duration.ofSeconds(2))
            : new PasswordProperties(null, Duration.ofSeconds(2));
    PasswordHashing hashing = new AccountsConfiguration().passwordHashing(settings);
    String stored = hashing.hash(PASSWORD);
    Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    Thread[] threads = new Thread[logins];
    for (int k = 0; k < logins; k++) {
      int attempt = k;
      threads[k] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    String answer;
                    try {
                      start.await();
                      answer = login(hashing, stored, attempt);
                    } catch (OutOfMemoryError e) {
                      answer = "OOM";
                    } catch (Throwable e) {
                      answer = e.getClass().getSimpleName();
                    }
                    answers.computeIfAbsent(answer, a -> new AtomicInteger()).incrementAndGet();
                  });
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    System.out.println("answers " + new TreeMap<>(answers));
  }

  /** Right password, wrong password and unknown email in turn, as {@code Login} checks them. */
  private static String login(PasswordHashing hashing, String stored, int attempt) {
    try {
      boolean matched =
          switch (attempt % 3) {
            case 0 -> hashing.matches(PASSWORD, stored);
            case 1 -> hashing.matches("not the password at all", stored);
            default -> hashing.matches(PASSWORD, hashing.dummyHash());
          };
      return matched ? "200" : "401";
    } catch (ApiProblem problem) {
      boolean retryAfter = problem.headers().getFirst(HttpHeaders.RETRY_AFTER) != null;
      return problem.status().value() + (retryAfter ? "" : " without Retry-After");
    }
  }
}
