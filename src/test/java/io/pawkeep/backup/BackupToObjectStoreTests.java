package io.pawkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BookingTestSupport;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.documents.NamedObjects;
import io.pawkeep.documents.NamedObjectsTestSupport;
import io.pawkeep.documents.S3StoreTestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.env.MockEnvironment;

/**
 * AVAIL-1: with {@code pawkeep.backup.store=object-store} a backup goes, sealed, to the object
 * store (here a real S3-compatible server) under {@code backups/}, is listed there, restores from
 * there into an empty database row for row, and is deleted there past its retention, never the
 * newest.
 */
class BackupToObjectStoreTests extends BookingTestSupport {

  private static S3StoreTestServer server;
  private static String bucketName;

  @Autowired OwnerDatabase owner;
  @Autowired BackupKey backupKey;
  @Autowired BackupFolder folder;
  @Autowired Restore restore;

  private NamedObjects bucket;
  private ObjectStoreBackups stored;
  private Backups backups;

  /** The test run's S3 server (it takes seconds to start), and a bucket of this class's own. */
  @BeforeAll
  static void ownBucket() throws Exception {
    server = S3StoreTestServer.shared();
    bucketName = server.newBucket();
  }

  @BeforeEach
  void backupsToTheBucket() throws Exception {
    bucket = NamedObjectsTestSupport.on(server, bucketName);
    stored = new ObjectStoreBackups(bucket, folder);
    BackupProperties toObjectStore =
        new BackupProperties(
            null, null, "-", Duration.ofDays(30), BackupProperties.Store.OBJECT_STORE);
    backups = new Backups(owner, backupKey, folder, toObjectStore, clock, stored);
    for (String key : bucket.list("backups/")) {
      bucket.delete(key);
    }
  }

  @Test
  void aBackupInTheObjectStoreIsListedRevealsNoEmailAndRestoresEveryTableIntoAFreshDatabase()
      throws Exception {
    User family = signedInUser("s3-backup-family");
    createHousehold(family, "Bucket Home");
    Map<String, String> before = TableDigests.of(owner::connect);

    Backups.Placed placed = backups.takeToStore();

    assertThat(placed.location()).startsWith("object-store:backups/pawkeep-");
    String key = placed.location().substring("object-store:".length());
    assertThat(stored.backups()).containsExactly(key);
    assertThat(folder.backups())
        .as("not left in the folder")
        .noneMatch(f -> key.endsWith(f.getFileName().toString()));
    byte[] object;
    try (InputStream in = bucket.get(key)) {
      object = in.readAllBytes();
    }
    assertThat(object).hasSize((int) placed.bytes());
    assertThat(contains(object, family.email())).isFalse();
    assertThat(contains(object, "Bucket Home")).isFalse();
    // The email is in the backup: only the backup key keeps it from whoever reads the bucket.
    try (InputStream in = backupKey.opening(new ByteArrayInputStream(object))) {
      assertThat(contains(in.readAllBytes(), family.email())).isTrue();
    }

    DataSource fresh = FreshDatabase.empty();
    RestoreAtStart start =
        new RestoreAtStart(
            restore,
            new MockEnvironment().withProperty("pawkeep.backup.restore", placed.location()),
            stored);
    start.prepare(fresh, FreshDatabase.APP);

    assertThat(start.report()).isNotNull();
    assertThat(TableDigests.of(fresh::getConnection)).isEqualTo(before);
    try (Stream<Path> files = Files.list(folder.dir())) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("the fetched copy is removed after the restore")
          .noneMatch(name -> name.startsWith("fetched-"));
    }
  }

  @Test
  void retentionDeletesOldBackupsInTheObjectStoreButNeverTheNewest() throws Exception {
    Instant now = clock.instant();
    String older = put(now.minus(Duration.ofDays(60)));
    String old = put(now.minus(Duration.ofDays(40)));
    String unrelated = "backups/notes.txt";
    bucket.put(unrelated, new ByteArrayInputStream(new byte[] {1}), 1);

    // Both are past the retention, but the newer of them is the newest backup there is.
    assertThat(stored.deleteOlderThan(now.minus(Duration.ofDays(30)))).containsExactly(older);
    assertThat(stored.backups()).containsExactly(old);

    Backups.Placed placed = backups.takeToStore();
    List<String> deleted = backups.deleteExpired();

    assertThat(deleted).contains("object-store:" + old);
    String newest = placed.location().substring("object-store:".length());
    assertThat(stored.backups()).containsExactly(newest);
    assertThat(bucket.list("backups/")).as("not a backup: left alone").contains(unrelated);
  }

  @Test
  void theBackupCommandSaysWhichObjectItWroteAndTheObjectIsThere() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int code =
        new BackupCommand(
                backups, null, new MockEnvironment().withProperty("pawkeep.backup.run", "now"))
            .execute(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(code).isZero();
    List<String> there = stored.backups();
    assertThat(there).hasSize(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Backup written to object-store:" + there.getFirst());
  }

  private String put(Instant at) throws Exception {
    String key =
        "backups/pawkeep-"
            + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(at)
            + "-0badc0de.backup";
    bucket.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
    return key;
  }

  private static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1)
        .contains(new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
  }
}
