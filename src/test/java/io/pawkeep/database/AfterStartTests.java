package io.pawkeep.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Loads that no start-time check needs wait until the application has started, and never make a
 * caller wait for the start (docs/performance.md, "Start-up and memory").
 */
class AfterStartTests {

  @AfterEach
  void releaseWhatIsHeld() {
    AfterStart.release();
  }

  @Test
  void aHeldLoadWaitsForTheStartThenRunsOnItsOwnThread() throws InterruptedException {
    AfterStart.hold();
    CountDownLatch ran = new CountDownLatch(1);
    AtomicReference<String> thread = new AtomicReference<>();
    AfterStart.Load<String> load =
        AfterStart.load(
            "after-start-test",
            () -> {
              thread.set(Thread.currentThread().getName());
              ran.countDown();
              return "loaded";
            });

    assertThat(ran.await(200, TimeUnit.MILLISECONDS)).isFalse();
    AfterStart.release();

    assertThat(ran.await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(load.get()).isEqualTo("loaded");
    assertThat(thread.get()).isEqualTo("after-start-test");
  }

  @Test
  void aCallerBeforeTheStartLoadsTheValueItselfAndOnlyOnce() {
    AfterStart.hold();
    AtomicInteger loads = new AtomicInteger();
    AfterStart.Load<Integer> load = AfterStart.load("after-start-test", loads::incrementAndGet);

    assertThat(load.get()).isEqualTo(1);
    AfterStart.release();

    assertThat(load.get()).isEqualTo(1);
    assertThat(loads).hasValue(1);
  }

  @Test
  void withoutALaunchThatHoldsThemLoadsStartAtOnce() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    AfterStart.load(
        "after-start-test",
        () -> {
          ran.countDown();
          return null;
        });

    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aFailedLoadFailsEveryCallerWithItsOwnException() {
    AfterStart.Load<String> load =
        AfterStart.load(
            "after-start-test",
            () -> {
              throw new IllegalStateException("no dictionaries");
            });

    assertThatThrownBy(load::get)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no dictionaries");
    assertThatThrownBy(load::get)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no dictionaries");
  }
}
