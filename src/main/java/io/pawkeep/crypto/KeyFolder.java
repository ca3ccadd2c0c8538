package io.pawkeep.crypto;

import java.util.List;
import java.util.Optional;

/**
 * Where the tenant key store keeps its small files (CRYPTO-3): a local folder today ({@link
 * LocalKeyFolder}); an object store shared by several nodes can implement the same operations
 * (create-if-absent as a conditional put, atomic replacement as a put, listing by prefix). Names
 * are {@code <area>/<file>}, both plain.
 */
interface KeyFolder {

  Optional<byte[]> read(String name);

  /** Writes {@code content} under {@code name} unless something is there; says whether it wrote. */
  boolean createIfAbsent(String name, byte[] content);

  /** Writes or replaces {@code name} in one step: a reader sees the old or the new file whole. */
  void write(String name, byte[] content);

  void delete(String name);

  /** The file names (without the area) in {@code area}; none when the area does not exist. */
  List<String> list(String area);
}
