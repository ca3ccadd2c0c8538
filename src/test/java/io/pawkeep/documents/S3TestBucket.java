package io.pawkeep.documents;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test S3 server started once for a test class, and a store on its bucket: register it as a
 * {@code static} field with {@code @RegisterExtension}; the store is closed, then the server
 * stopped, after the class's last test.
 */
final class S3TestBucket implements BeforeAllCallback, AfterAllCallback {

  private S3StoreTestServer server;
  private S3Store store;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = S3StoreTestServer.start();
    store = server.store();
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** The store on the bucket, from the class's first test on. */
  S3Store store() {
    return store;
  }
}
