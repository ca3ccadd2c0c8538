package io.pawkeep.documents;

import java.nio.file.Path;

/** Named objects on a test store, for other modules' tests: an S3 server's bucket or a folder. */
public final class NamedObjectsTestSupport {

  private NamedObjectsTestSupport() {}

  public static NamedObjects on(S3StoreTestServer server) {
    return new NamedObjects(server.store());
  }

  /** Named objects on {@code bucket} of the server ({@link S3StoreTestServer#newBucket()}). */
  public static NamedObjects on(S3StoreTestServer server, String bucket) {
    return new NamedObjects(server.store(bucket));
  }

  public static NamedObjects inFolder(Path root) throws java.io.IOException {
    return new NamedObjects(new LocalFolderStore(root));
  }
}
