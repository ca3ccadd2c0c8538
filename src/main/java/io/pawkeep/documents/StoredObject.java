package io.pawkeep.documents;

import java.util.UUID;

/**
 * One stored file (FILE-2): its tenant, its id (also its key in the object store), its plaintext
 * size and its file key sealed by the tenant's data key. The metadata of a document keeps all four;
 * without the sealed key the stored bytes cannot be read.
 */
record StoredObject(UUID tenant, UUID id, long size, byte[] sealedKey) {

  String key() {
    return id.toString();
  }

  @Override
  public String toString() {
    return "StoredObject[tenant=%s, id=%s, size=%d]".formatted(tenant, id, size);
  }
}
