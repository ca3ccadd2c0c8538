package io.pawkeep.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import io.pawkeep.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant key store on its own (CRYPTO-3): the recovery copy keeps a destroyed shred key for the
 * retention and no longer, files are the owner's alone, and a damaged or moved key file opens
 * nothing.
 */
class TenantKeyStoreTests {

  private static final Duration RETENTION = Duration.ofDays(7);
  private static final byte[] SECRET = "gate code 2468".getBytes(StandardCharsets.UTF_8);

  @TempDir Path folder;
  private final MutableClock clock = new MutableClock();
  private TenantKeyStore store;

  @BeforeEach
  void openStore() {
    store = storeAt(folder);
  }

  @Test
  void theRecoveryCopyKeepsADestroyedKeyForTheRetentionThenDropsIt() throws Exception {
    UUID tenant = UUID.randomUUID();
    byte[] sealed = store.shredKeyCreatingIt(tenant).encrypt(SECRET, new byte[0]);

    store.destroy(tenant);

    assertThat(store.shredKey(tenant)).as("gone from the live store at once").isEmpty();
    assertThat(store.shredded()).containsKey(tenant);
    clock.advance(RETENTION.minusSeconds(1));
    assertThat(store.dropExpiredRecoveryKeys()).isZero();
    Path kept = onlyFileIn(folder.resolve("recovery/deleted"));
    assertThat(ShredKeyFile.parse(tenant, Files.readAllBytes(kept)).decrypt(sealed, new byte[0]))
        .as("a mistaken deletion can still be undone from the recovery copy")
        .isEqualTo(SECRET);

    clock.advance(Duration.ofSeconds(1));
    assertThat(store.dropExpiredRecoveryKeys()).isEqualTo(1);

    assertThat(filesUnder(folder))
        .filteredOn(Files::isRegularFile)
        .noneMatch(p -> p.getFileName().toString().endsWith(".key"));
    assertThat(store.shredded()).as("the list of destroyed tenants is kept").containsKey(tenant);
  }

  @Test
  void theRetentionOnlyDropsKeysDestroyedLongEnoughAgo() {
    UUID early = UUID.randomUUID();
    UUID late = UUID.randomUUID();
    store.shredKeyCreatingIt(early);
    store.shredKeyCreatingIt(late);
    store.destroy(early);
    clock.advance(Duration.ofDays(3));
    store.destroy(late);

    clock.advance(Duration.ofDays(4));

    assertThat(store.dropExpiredRecoveryKeys()).isEqualTo(1);
    assertThat(onlyFileIn(folder.resolve("recovery/deleted")).getFileName().toString())
        .startsWith(late.toString());
  }

  @Test
  void keyStoreFilesAndFoldersAreReadableByTheirOwnerAlone() throws Exception {
    UUID tenant = UUID.randomUUID();
    store.shredKeyCreatingIt(tenant);
    store.destroy(UUID.randomUUID());
    store.shredKeyCreatingIt(UUID.randomUUID());

    List<Path> all = filesUnder(folder);
    assertThat(all).hasSizeGreaterThan(4);
    for (Path path : all) {
      String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
          .as(folder.relativize(path).toString())
          .isEqualTo(expected);
    }
  }

  @Test
  void aFolderLeftOpenToOthersIsClosedWhenTheStoreOpens() throws Exception {
    Path open = folder.resolve("live");
    Files.createDirectories(open.resolve("keys"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        open.resolve("keys"), PosixFilePermissions.fromString("rwxr-xr-x"));

    storeAt(folder).shredKeyCreatingIt(UUID.randomUUID());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open.resolve("keys"))))
        .isEqualTo("rwx------");
  }

  @Test
  void aTamperedShredKeyFileFailsClosed() throws Exception {
    UUID tenant = UUID.randomUUID();
    store.shredKeyCreatingIt(tenant);
    Path file = folder.resolve("live/keys/" + tenant + ".key");
    byte[] content = Files.readAllBytes(file);
    content[40] ^= 1;
    Files.write(file, content);

    TenantKeyStore fresh = storeAt(folder);
    assertThatThrownBy(() -> fresh.shredKey(tenant))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a tenant's shred key file is damaged");
  }

  @Test
  void aShredKeyFileMovedToAnotherTenantsNameIsRefused() throws Exception {
    UUID tenant = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    store.shredKeyCreatingIt(tenant);
    Files.copy(
        folder.resolve("live/keys/" + tenant + ".key"),
        folder.resolve("live/keys/" + other + ".key"));

    assertThatThrownBy(() -> storeAt(folder).shredKey(other))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDestroyedTenantGetsNoNewShredKey() {
    UUID tenant = UUID.randomUUID();
    store.shredKeyCreatingIt(tenant);
    store.destroy(tenant);

    assertThatThrownBy(() -> store.shredKeyCreatingIt(tenant))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> storeAt(folder).shredKeyCreatingIt(tenant))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aShredKeyIsReadOncePerCacheLifetimeAndADestroyedOneIsForgottenAtOnce() throws Exception {
    UUID tenant = UUID.randomUUID();
    Aead key = store.shredKeyCreatingIt(tenant);
    Path file = folder.resolve("live/keys/" + tenant + ".key");
    Files.move(file, folder.resolve("aside"));

    assertThat(store.shredKey(tenant)).as("from the cache, no file read").containsSame(key);
    clock.advance(Duration.ofMinutes(5));
    assertThat(store.shredKey(tenant)).as("read again after the cache lifetime").isEmpty();

    Files.move(folder.resolve("aside"), file);
    assertThat(store.shredKey(tenant)).isPresent();
    store.destroy(tenant);
    assertThat(store.shredKey(tenant)).isEmpty();
  }

  @Test
  void aDestructionInterruptedBeforeTheKeyWasRemovedIsFinishedAtStart() throws Exception {
    UUID tenant = UUID.randomUUID();
    store.shredKeyCreatingIt(tenant);
    // A crash after listing the tenant as destroyed, before removing its key.
    Files.createDirectories(folder.resolve("live/shredded"));
    Files.writeString(folder.resolve("live/shredded/" + tenant), clock.instant().toString());

    TenantKeyStore restarted = storeAt(folder);
    restarted.reconcile();

    assertThat(restarted.shredKey(tenant)).isEmpty();
    assertThat(folder.resolve("recovery/keys/" + tenant + ".key")).doesNotExist();
    assertThat(onlyFileIn(folder.resolve("recovery/deleted"))).exists();
  }

  private TenantKeyStore storeAt(Path root) {
    return new TenantKeyStore(
        new LocalKeyFolder(root.resolve("live")),
        new LocalKeyFolder(root.resolve("recovery")),
        clock,
        RETENTION,
        Duration.ofMinutes(5));
  }

  private static Path onlyFileIn(Path dir) {
    List<Path> files = filesUnder(dir).stream().filter(Files::isRegularFile).toList();
    assertThat(files).hasSize(1);
    return files.get(0);
  }

  private static List<Path> filesUnder(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !p.equals(root)).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
