package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.crypto.UnrestrictedFieldCipher;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.households.HouseholdPurge;
import io.pawkeep.testing.StoredCiphertext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

/**
 * Files encrypted with their tenant's key (FILE-2): bound to their tenant and object, refused when
 * changed, unreadable once the tenant's keys are shredded, streamed both ways.
 */
class FileCipherTests extends StoredFileTestSupport {

  private static final byte[] PHOTO = LocalFolderStoreTests.random(200_000);

  @Autowired StoredObjects objects;
  @Autowired ObjectStore store;
  @Autowired FileCipher cipher;
  @Autowired FieldCipher fields;
  @Autowired OwnerDatabase owner;
  @Autowired HouseholdPurge householdPurge;

  @Test
  void aStoredFileIsCiphertextThatReadsBackOnlyForItsTenantAndObject() throws Exception {
    Household home = household("files-home");
    Household other = household("files-other");
    StoredObject photo = as(home, () -> put(home, PHOTO));

    assertThat(as(home, () -> read(photo))).isEqualTo(PHOTO);
    byte[] stored = stored(photo);
    assertThat(StoredCiphertext.contains(stored, java.util.Arrays.copyOf(PHOTO, 64))).isFalse();
    assertThat((long) stored.length)
        .isEqualTo(
            as(home, () -> cipher.ciphertextSize(home.id(), photo.id(), key(photo), 200_000)));

    // The same bytes and sealed key presented as another object, or as another tenant's file.
    StoredObject moved = new StoredObject(home.id(), UUID.randomUUID(), 200_000, key(photo));
    assertThatThrownBy(() -> as(home, () -> decrypt(moved, stored)))
        .hasCauseInstanceOf(GeneralSecurityException.class);
    StoredObject otherTenant = new StoredObject(other.id(), photo.id(), 200_000, key(photo));
    assertThatThrownBy(() -> as(other, () -> decrypt(otherTenant, stored)))
        .hasCauseInstanceOf(GeneralSecurityException.class);

    // Even with the file key re-sealed for another object (someone holding the tenant's keys),
    // the stream's own associated data still ties the bytes to the object they were written for.
    UUID elsewhere = UUID.randomUUID();
    byte[] resealed =
        as(
            home,
            () ->
                fields.encrypt(
                    home.id(),
                    FileCipher.TABLE,
                    FileCipher.COLUMN,
                    elsewhere,
                    fields.decrypt(
                        home.id(), FileCipher.TABLE, FileCipher.COLUMN, photo.id(), key(photo))));
    StoredObject copied = new StoredObject(home.id(), elsewhere, 200_000, resealed);
    assertThatThrownBy(() -> as(home, () -> decrypt(copied, stored)))
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void aStoredFileWithAnyByteChangedOrCutIsRefused() throws Exception {
    Household home = household("files-tamper");
    StoredObject photo = as(home, () -> put(home, PHOTO));
    byte[] stored = stored(photo);

    for (int position : new int[] {0, 20, 39, 40, 100_000, stored.length - 1}) {
      byte[] tampered = stored.clone();
      tampered[position] ^= 0x01;
      assertThatThrownBy(() -> as(home, () -> decrypt(photo, tampered)))
          .as("byte %d changed", position)
          .hasCauseInstanceOf(IOException.class);
    }
    byte[] cut = java.util.Arrays.copyOf(stored, stored.length - 1);
    assertThatThrownBy(() -> as(home, () -> decrypt(photo, cut)))
        .hasCauseInstanceOf(IOException.class);
    byte[] sealedKey = key(photo);
    sealedKey[sealedKey.length - 1] ^= 0x01;
    StoredObject changedKey = new StoredObject(home.id(), photo.id(), 200_000, sealedKey);
    assertThatThrownBy(() -> as(home, () -> decrypt(changedKey, stored)))
        .hasCauseInstanceOf(GeneralSecurityException.class);
    // The stored file itself was never touched: it still reads back.
    assertThat(as(home, () -> read(photo))).isEqualTo(PHOTO);
  }

  @Test
  void nobodyOutsideTheHouseholdCanStoreOrOpenItsFiles() throws Exception {
    Household home = household("files-private");
    Household stranger = household("files-stranger");
    StoredObject photo = as(home, () -> put(home, PHOTO));

    assertThatThrownBy(() -> as(stranger, () -> read(photo)))
        .hasCauseInstanceOf(GeneralSecurityException.class);
    // The household's keyset is invisible to the stranger, and row-level security refuses them
    // one of their own making for it.
    assertThatThrownBy(() -> as(stranger, () -> put(home, PHOTO)))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("tenant_data_keys");
  }

  @Test
  void deletingAHouseholdShredsItsFilesWhereverTheirBytesAre() throws Exception {
    Household home = household("files-shred");
    StoredObject photo = as(home, () -> put(home, PHOTO));
    byte[] stored = stored(photo);
    // Through the schema owner, whom row-level security does not restrict: only the destroyed
    // keyset, not a lost membership, can stop the file from opening.
    FileCipher unrestricted = new FileCipher(UnrestrictedFieldCipher.of(owner.jdbc(), fields));
    assertThat(open(unrestricted, photo, stored)).isEqualTo(PHOTO);

    assertThat(api.delete("/api/v1/households/" + home.id(), null, home.token()).status())
        .isEqualTo(202);
    // Erased once its undo window passed (PRIV-2).
    owner
        .jdbc()
        .sql("update households set purge_after = now() where id = ?")
        .param(home.id())
        .update();
    householdPurge.run();

    assertThatThrownBy(() -> open(unrestricted, photo, stored))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage("no data key");
  }

  @Test
  void fiveMebibytesStreamThroughEncryptionIntoTheStoreAndBack() throws Exception {
    Household home = household("files-large");
    long size = 5L * 1024 * 1024;
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    long start = System.nanoTime();
    StoredObject large =
        as(
            home,
            () -> objects.put(home.id(), new DigestInputStream(generated(size), written), size));
    long stored = System.nanoTime();
    MessageDigest read = MessageDigest.getInstance("SHA-256");
    long count =
        as(
            home,
            () -> {
              try (InputStream in = objects.open(large)) {
                return new DigestInputStream(in, read).transferTo(OutputStreams.NULL);
              }
            });
    long done = System.nanoTime();

    assertThat(count).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(read.digest()))
        .isEqualTo(HexFormat.of().formatHex(written.digest()));
    assertThat(Files.size(path(large)))
        .isEqualTo(as(home, () -> cipher.ciphertextSize(home.id(), large.id(), key(large), size)));
    System.out.printf(
        "5 MiB local: encrypt+store %d ms, read+decrypt %d ms%n",
        (stored - start) / 1_000_000, (done - stored) / 1_000_000);
  }

  @Test
  void anUploadShorterOrLongerThanAnnouncedLeavesNothingInTheStore() throws Exception {
    Household home = household("files-short");
    assertThatThrownBy(() -> as(home, () -> put(home, PHOTO, PHOTO.length + 1)))
        .hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(() -> as(home, () -> put(home, PHOTO, PHOTO.length - 1)))
        .hasCauseInstanceOf(IOException.class);
    Path root = ((LocalFolderStore) store).path(ObjectStore.newKey()).getParent().getParent();
    try (var partial = Files.walk(root)) {
      assertThat(partial.filter(p -> p.toString().endsWith(".partial")).toList()).isEmpty();
    }
  }

  // --- helpers

  private StoredObject put(Household household, byte[] bytes) throws Exception {
    return put(household, bytes, bytes.length);
  }

  private StoredObject put(Household household, byte[] bytes, long announced) throws Exception {
    return objects.put(household.id(), new ByteArrayInputStream(bytes), announced);
  }

  private byte[] read(StoredObject object) throws Exception {
    try (InputStream in = objects.open(object)) {
      return in.readAllBytes();
    }
  }

  private byte[] decrypt(StoredObject object, byte[] ciphertext) throws Exception {
    return open(cipher, object, ciphertext);
  }

  private static byte[] open(FileCipher cipher, StoredObject object, byte[] ciphertext)
      throws GeneralSecurityException, IOException {
    try (InputStream in =
        cipher.decrypting(
            object.tenant(),
            object.id(),
            object.sealedKey(),
            new ByteArrayInputStream(ciphertext))) {
      return in.readAllBytes();
    }
  }

  private byte[] stored(StoredObject object) throws IOException {
    try (InputStream in = store.get(object.key())) {
      return in.readAllBytes();
    }
  }

  private Path path(StoredObject object) {
    return ((LocalFolderStore) store).path(object.key());
  }

  private static byte[] key(StoredObject object) {
    return object.sealedKey().clone();
  }

  /** {@code size} pseudo-random bytes, produced as they are read. */
  static InputStream generated(long size) {
    Random random = new Random(size);
    return new InputStream() {
      private long left = size;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(length, left);
        byte[] chunk = new byte[n];
        random.nextBytes(chunk);
        System.arraycopy(chunk, 0, buffer, offset, n);
        left -= n;
        return n;
      }
    };
  }

  private static final class OutputStreams {
    static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
  }
}
