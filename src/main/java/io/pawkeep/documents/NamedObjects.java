package io.pawkeep.documents;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Named objects in a folder of the configured object store (the local folder or S3, {@code
 * pawkeep.documents.store}), for other modules: encrypted backups under {@code backups/} (AVAIL-1).
 * Keys are {@code <folder>/<name>}; any other shape is refused before the store is reached, so no
 * key can name a document's object or a path outside the store.
 */
public final class NamedObjects {

  private final ObjectStore store;

  NamedObjects(ObjectStore store) {
    this.store = store;
  }

  /** Stores exactly {@code length} bytes streamed from {@code content} under {@code key}. */
  public void put(String key, InputStream content, long length) throws IOException {
    store.put(requireNamed(key), content, length);
  }

  /** The stored bytes, streamed; {@link java.nio.file.NoSuchFileException} when there are none. */
  public InputStream get(String key) throws IOException {
    return store.get(requireNamed(key));
  }

  /** The keys in {@code folder} (e.g. {@code backups/}), in no particular order. */
  public List<String> list(String folder) throws IOException {
    return store.list(folder);
  }

  /** Removes the object; false when there was none. */
  public boolean delete(String key) throws IOException {
    return store.delete(requireNamed(key));
  }

  private static String requireNamed(String key) {
    if (key == null || !ObjectStore.NAMED.matcher(key).matches()) {
      throw new IllegalArgumentException("not a named object key");
    }
    return key;
  }
}
