package io.pawkeep.documents;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An empty bucket of the test class's own on the test run's S3 server ({@link
 * S3StoreTestServer#shared()}), and a store on it: register it as a {@code static} field with
 * {@code @RegisterExtension}; the store is closed after the class's last test.
 */
final class S3TestBucket implements BeforeAllCallback, AfterAllCallback {

  private S3Store store;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    S3StoreTestServer server = S3StoreTestServer.shared();
    store = server.store(server.newBucket());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (store != null) {
      store.close();
    }
  }

  /** The store on the bucket, from the class's first test on. */
  S3Store store() {
    return store;
  }
}
