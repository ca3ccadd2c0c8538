package io.pawkeep.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;

/**
 * Slow loads that no start-time check needs (password dictionaries, the dummy password hash, the
 * upload type database): on two cores they would take CPU from the start itself, so once the
 * application's launch holds them ({@link #holdUntilStarted}, {@code PawkeepApplication.main}) each
 * runs on a thread of its own when the application is ready (or its start failed), not before
 * (docs/performance.md, "Start-up and memory"). Without a launch that holds them (tests, other
 * entry points) each starts at once, as it did before. Whoever needs a value first never waits for
 * the start: a load that has not begun runs in the caller's thread.
 */
public final class AfterStart {

  private static final Object LOCK = new Object();
  private static final List<Runnable> HELD = new ArrayList<>();
  private static boolean holding;

  private AfterStart() {}

  /** From now until {@code application} is ready or has failed, loads wait for it. */
  public static void holdUntilStarted(SpringApplication application) {
    hold();
    application.addListeners(
        event -> {
          if (event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent) {
            release();
          }
        });
  }

  static void hold() {
    synchronized (LOCK) {
      holding = true;
    }
  }

  /** A value that {@code loader} computes on a thread named {@code threadName}, after the start. */
  public static <T> Load<T> load(String threadName, Supplier<T> loader) {
    Objects.requireNonNull(threadName, "threadName cannot be null");
    Objects.requireNonNull(loader, "loader cannot be null");
    Load<T> load = new Load<>(loader);
    Runnable start = () -> Thread.ofPlatform().name(threadName).daemon().start(load.task);
    synchronized (LOCK) {
      if (holding) {
        HELD.add(start);
        return load;
      }
    }
    start.run();
    return load;
  }

  static void release() {
    List<Runnable> starts;
    synchronized (LOCK) {
      holding = false;
      starts = List.copyOf(HELD);
      HELD.clear();
    }
    starts.forEach(Runnable::run);
  }

  /** A value being loaded, or to be loaded after the start. */
  public static final class Load<T> {

    private final FutureTask<T> task;

    private Load(Supplier<T> loader) {
      this.task = new FutureTask<>(loader::get);
    }

    /**
     * The value: computed here if its load has not begun (a later start of the load then does
     * nothing), otherwise when the load finishes.
     */
    public T get() {
      task.run();
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return task.get();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(e.getCause());
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
