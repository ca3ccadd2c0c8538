package io.pawkeep.watch;

import io.pawkeep.testing.ApiClient;

/** Reads counters as a Prometheus scrape sees them. */
final class Prometheus {

  private Prometheus() {}

  /** The scrape's text. */
  static String scrape(ApiClient api) {
    ApiClient.Response r = api.get("/actuator/prometheus", null);
    if (r.status() != 200) {
      throw new AssertionError("scrape answered " + r.status());
    }
    return r.raw();
  }

  /** The sum of the series of {@code name} whose labels include {@code label} (or all of them). */
  static double value(String scrape, String name, String label) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> label == null || l.contains(label))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  static double value(ApiClient api, String name, String label) {
    return value(scrape(api), name, label);
  }
}
