package io.pawkeep.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a backup holds (AVAIL-1): the schema version its rows belong to (Flyway's newest applied
 * migration), when it was taken, its tables in the order they load, each with its row count and the
 * SHA-256 of its rows as {@code COPY} gave them, and the schema's sequences.
 */
record Manifest(
    String schemaVersion, Instant createdAt, List<Entry> tables, Map<String, Long> sequences) {

  Manifest {
    tables = List.copyOf(tables);
    sequences = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(sequences));
  }

  record Entry(Table table, long rows, byte[] sha256) {}

  long rows() {
    return tables.stream().mapToLong(Entry::rows).sum();
  }
}
