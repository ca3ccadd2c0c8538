package io.pawkeep.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks, every {@code io.pawkeep.*Benchmark} class by default or those matching
 * the regular expressions given as arguments. Start it with {@code bench/jmh.sh}, which compiles
 * the tests and builds the class path first.
 */
final class Benchmarks {

  private Benchmarks() {}

  public static void main(String[] args) throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .forks(1)
            .warmupIterations(5)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(2));
    if (args.length == 0) {
      options.include("^io\\.pawkeep\\..*Benchmark\\.");
    }
    for (String include : args) {
      options.include(include);
    }
    new Runner(options.build()).run();
  }
}
