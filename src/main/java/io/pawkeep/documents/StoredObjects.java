package io.pawkeep.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Files encrypted with their tenant's key in the configured object store (FILE-2): the plaintext is
 * encrypted as it streams into the store and decrypted as it streams out, never held whole. An
 * upload that fails leaves nothing in the store.
 */
@Component
class StoredObjects {

  private static final Logger log = LoggerFactory.getLogger(StoredObjects.class);

  private final FileCipher cipher;
  private final ObjectStore store;

  StoredObjects(FileCipher cipher, ObjectStore store) {
    this.cipher = cipher;
    this.store = store;
  }

  /** Encrypts and stores exactly {@code size} bytes of {@code plaintext} under a new id. */
  StoredObject put(UUID tenant, InputStream plaintext, long size)
      throws IOException, GeneralSecurityException {
    UUID id = UUID.randomUUID();
    byte[] sealedKey = cipher.newSealedKey(tenant, id);
    StoredObject object = new StoredObject(tenant, id, size, sealedKey);
    try (InputStream ciphertext = cipher.encrypting(tenant, id, sealedKey, plaintext, size)) {
      store.put(object.key(), ciphertext, cipher.ciphertextSize(tenant, id, sealedKey, size));
    } catch (IOException | RuntimeException e) {
      removeQuietly(object);
      throw e;
    }
    return object;
  }

  /**
   * The plaintext, decrypted as it is read: {@link GeneralSecurityException} when the file key does
   * not open, an {@link IOException} while reading when the stored bytes were changed.
   */
  InputStream open(StoredObject object) throws IOException, GeneralSecurityException {
    InputStream ciphertext = store.get(object.key());
    try {
      return cipher.decrypting(object.tenant(), object.id(), object.sealedKey(), ciphertext);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      ciphertext.close();
      throw e;
    }
  }

  /**
   * The plaintext as a read-only channel that seeks (FILE-3): reading from any position fetches and
   * decrypts only the segments it needs. Fails like {@link #open}; a read throws an {@link
   * IOException} when a segment it touches was changed.
   */
  SeekableByteChannel openChannel(StoredObject object)
      throws IOException, GeneralSecurityException {
    SeekableByteChannel ciphertext = store.channel(object.key());
    try {
      return cipher.decryptingChannel(object.tenant(), object.id(), object.sealedKey(), ciphertext);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      ciphertext.close();
      throw e;
    }
  }

  boolean delete(StoredObject object) throws IOException {
    return store.delete(object.key());
  }

  private void removeQuietly(StoredObject object) {
    try {
      store.delete(object.key());
    } catch (IOException | RuntimeException e) {
      log.warn("Object {} of a failed upload could not be removed from the store", object.id());
    }
  }
}
