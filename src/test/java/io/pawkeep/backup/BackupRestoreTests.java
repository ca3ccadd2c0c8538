package io.pawkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.bookings.BookingTestSupport;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiClient.Multipart;
import io.pawkeep.testing.TestFolders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * AVAIL-1: a backup is one encrypted file that reveals nothing without the backup key, and restores
 * into an empty database exactly as it was, row for row; a wrong key, a changed byte or a database
 * that is not empty is refused before anything is loaded.
 */
class BackupRestoreTests extends BookingTestSupport {

  @Autowired Backups backups;
  @Autowired Restore restore;
  @Autowired OwnerDatabase owner;

  @Test
  void aRestoredBackupHoldsEveryRowOfEveryTableOfTheBackedUpDatabase() throws Exception {
    everyKindOfRecord();
    Map<String, String> before = TableDigests.of(owner::connect);

    Backups.Taken taken = backups.take();
    assertThat(TableDigests.of(owner::connect))
        .as("nothing wrote while the backup was taken, so it can be compared")
        .isEqualTo(before);

    DataSource fresh = FreshDatabase.empty();
    Restore.Report report = restore.into(fresh, FreshDatabase.APP, taken.file());

    Map<String, String> restored = TableDigests.of(fresh::getConnection);
    assertThat(restored).isEqualTo(before);
    // The records of every kind are really there, not only empty tables that compare equal.
    for (String table :
        List.of(
            "users",
            "sessions",
            "households",
            "household_members",
            "access_secrets",
            "household_address_notes",
            "household_keys",
            "pets",
            "pet_care_instructions",
            "businesses",
            "business_staff",
            "business_clients",
            "business_services",
            "bookings",
            "booking_transitions",
            "care_actions",
            "pet_clinical_entries",
            "prescriptions",
            "documents",
            "invoices",
            "invoice_lines",
            "tenant_data_keys",
            "audit_events")) {
      assertThat(restored.get(table)).as(table).isNotNull().doesNotStartWith("0:");
    }
    assertThat(report.manifest().tables()).hasSize(before.size());
    // Then migrated to the newest version, as the application would have migrated it.
    assertThat(newestMigration(fresh)).isEqualTo(report.manifest().schemaVersion());
    assertThat(sequencesOf(fresh::getConnection)).isEqualTo(sequencesOf(owner::connect));
  }

  @Test
  void aBackupFileRevealsNoAccessSecretAndNoEmailWithoutTheBackupKey() throws Exception {
    User family = signedInUser("backup-family");
    String household = createHousehold(family, "Backup Home");
    String alarm = "alarm-" + UUID.randomUUID();
    ApiClient.Response secrets =
        api.send(
            "PUT",
            "/api/v1/households/" + household + "/access-secrets",
            Map.of("alarmCode", alarm, "wifiPassword", "wifi-" + UUID.randomUUID()),
            family.accessToken(),
            Map.of());
    assertThat(secrets.status()).as(secrets.raw()).isEqualTo(204);

    Backups.Taken taken = backups.take();

    byte[] raw = Files.readAllBytes(taken.file());
    assertThat(contains(raw, family.email())).isFalse();
    assertThat(contains(raw, alarm)).isFalse();
    assertThat(contains(raw, "Backup Home")).isFalse();
    // The email is in the backup: the key, and nothing else, keeps it from the file's reader.
    assertThat(contains(decrypted(taken.file()), family.email())).isTrue();
    // The file is the owner's alone.
    assertThat(Files.getPosixFilePermissions(taken.file()))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void aBackupWithAWrongKeyOrAChangedByteRefusesToRestoreAndLeavesTheDatabaseEmpty()
      throws Exception {
    Backups.Taken taken = backups.take();
    DataSource fresh = FreshDatabase.empty();

    byte[] other = new byte[32];
    new SecureRandom().nextBytes(other);
    Restore wrongKey =
        new Restore(new BackupKey(Base64.getEncoder().encodeToString(other)), emptySteps());
    assertThatThrownBy(() -> wrongKey.into(fresh, FreshDatabase.APP, taken.file()))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("wrong backup key");

    byte[] bytes = Files.readAllBytes(taken.file());
    for (int position : List.of(BackupKey.LABEL.length + 40, bytes.length / 2, bytes.length - 1)) {
      byte[] changed = bytes.clone();
      changed[position] ^= 0x01;
      Path tampered = Files.write(Files.createTempFile("tampered", ".backup"), changed);
      assertThatThrownBy(() -> restore.into(fresh, FreshDatabase.APP, tampered))
          .as("byte %d changed", position)
          .isInstanceOf(BackupRefusedException.class);
    }
    Path cut =
        Files.write(
            Files.createTempFile("cut", ".backup"),
            java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> restore.into(fresh, FreshDatabase.APP, cut))
        .isInstanceOf(BackupRefusedException.class);

    try (Connection c = fresh.getConnection()) {
      assertThat(Catalogue.relations(c)).as("nothing was created").isZero();
    }
  }

  @Test
  void restoreRefusesADatabaseThatIsNotEmpty() throws Exception {
    Backups.Taken taken = backups.take();
    DataSource used = FreshDatabase.empty();
    try (Connection c = used.getConnection();
        Statement s = c.createStatement()) {
      s.execute("create table someone_elses (id int primary key)");
      s.execute("insert into someone_elses values (1)");
    }

    assertThatThrownBy(() -> restore.into(used, FreshDatabase.APP, taken.file()))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("not empty");

    try (Connection c = used.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select count(*) from pg_tables where schemaname = current_schema()")) {
      rs.next();
      assertThat(rs.getInt(1)).as("no migration ran").isEqualTo(1);
    }
  }

  @Test
  void everyRestoreStepRunsOnTheLoadedRowsBeforeNewerMigrationsAndAFailingOneUndoesTheLoad()
      throws Exception {
    User family = signedInUser("step-family");
    createHousehold(family, "Step Home");
    Backups.Taken taken = backups.take();
    long households =
        taken.manifest().tables().stream()
            .filter(e -> e.table().name().equals("households"))
            .findFirst()
            .orElseThrow()
            .rows();

    java.util.List<Long> seen = new java.util.ArrayList<>();
    org.springframework.beans.factory.support.StaticListableBeanFactory beans =
        new org.springframework.beans.factory.support.StaticListableBeanFactory();
    beans.addBean(
        "purge",
        (RestoreStep)
            c -> {
              try (Statement s = c.createStatement();
                  ResultSet rs = s.executeQuery("select count(*) from households")) {
                rs.next();
                seen.add(rs.getLong(1));
              }
            });
    DataSource fresh = FreshDatabase.empty();
    Restore.Report report =
        new Restore(backupKey, beans.getBeanProvider(RestoreStep.class))
            .into(fresh, FreshDatabase.APP, taken.file());
    assertThat(report.steps()).isEqualTo(1);
    assertThat(seen).containsExactly(households);

    org.springframework.beans.factory.support.StaticListableBeanFactory failing =
        new org.springframework.beans.factory.support.StaticListableBeanFactory();
    failing.addBean(
        "broken",
        (RestoreStep)
            c -> {
              throw new SQLException("the shredded tenants' list cannot be read");
            });
    DataSource other = FreshDatabase.empty();
    assertThatThrownBy(
            () ->
                new Restore(backupKey, failing.getBeanProvider(RestoreStep.class))
                    .into(other, FreshDatabase.APP, taken.file()))
        .hasMessageContaining("shredded tenants");
    try (Connection c = other.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from households")) {
      rs.next();
      assertThat(rs.getLong(1)).as("no row of the backup stays").isZero();
    }
  }

  @Test
  void theBackupCommandWritesABackupIntoTheBackupFolderAndSaysWhere() throws Exception {
    org.springframework.mock.env.MockEnvironment now =
        new org.springframework.mock.env.MockEnvironment()
            .withProperty("pawkeep.backup.run", "now");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int code =
        new BackupCommand(backups, null, now)
            .execute(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(code).isZero();
    String said = printed.toString(StandardCharsets.UTF_8);
    assertThat(said)
        .contains("Backup written to ")
        .contains(TestFolders.data().resolve("backups") + "/pawkeep-");
    Path file = Path.of(said.substring("Backup written to ".length(), said.indexOf(": ")));
    assertThat(file).exists();
    assertThat(contains(Files.readAllBytes(file), "PAWKEEP BACKUP 1")).isTrue();

    org.springframework.mock.env.MockEnvironment later =
        new org.springframework.mock.env.MockEnvironment()
            .withProperty("pawkeep.backup.run", "tomorrow");
    assertThat(new BackupCommand(backups, null, later).execute(new java.io.PrintStream(printed)))
        .isEqualTo(1);
  }

  /** One of each kind of record the application keeps, made through its API. */
  private void everyKindOfRecord() {
    World w = world();
    ApiClient.Response secrets =
        api.send(
            "PUT",
            "/api/v1/households/" + w.household() + "/access-secrets",
            Map.of("alarmCode", "4711", "keyLocation", "under the mat"),
            w.family().accessToken(),
            Map.of());
    assertThat(secrets.status()).as(secrets.raw()).isEqualTo(204);
    ok(
        api.send(
            "PUT",
            "/api/v1/households/" + w.household() + "/address-note",
            Map.of("note", "Blue door, 3rd floor"),
            w.family().accessToken(),
            Map.of()));
    ok(
        api.post(
            "/api/v1/households/" + w.household() + "/keys",
            Map.of("label", "Front door", "copies", 2),
            w.family().accessToken()));
    careInstructions(w.family(), w.pet(), Map.of("feeding", "Twice a day"));

    // A visit: booked, assigned, its care log and a photo, then completed and invoiced.
    String booking =
        assignedBooking(
            w, w.walkerId(), clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60));
    Map<String, Object> fed = new HashMap<>();
    fed.put("clientId", UUID.randomUUID().toString());
    fed.put("bookingId", booking);
    fed.put("kind", "note");
    fed.put("deviceTime", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    fed.put("payload", Map.of("text", "Rex ate everything"));
    ok(
        api.post(
            "/api/v1/sync/care-actions", Map.of("items", List.of(fed)), w.walker().accessToken()));
    ok(
        api.upload(
            "/api/v1/households/" + w.household() + "/documents",
            Multipart.file("lease.jpg", "image/jpeg", jpeg()),
            w.family().accessToken()));
    ok(
        api.post(
            "/api/v1/businesses/" + w.business() + "/invoices",
            Map.of(
                "householdId",
                w.household(),
                "currency",
                "EUR",
                "extraLines",
                List.of(Map.of("description", "Key pickup", "amountMinor", 1500))),
            w.manager().accessToken()));

    // A clinic with its client's clinical record and a controlled-substance prescription.
    User clinicOwner = withSecondFactor("clinic-owner");
    String clinic = createBusiness(clinicOwner, "clinic", "Paws Clinic");
    User vet = signedInUser("vet");
    hire(clinicOwner, clinic, vet, "veterinarian");
    grant(w.family(), w.household(), clinic);
    ok(
        api.post(
            "/api/v1/pets/" + w.pet() + "/clinical/entries",
            Map.of(
                "businessId", clinic, "kind", "allergy", "summary", "Penicillin", "notes", "Rash"),
            vet.accessToken()));
    ok(
        api.post(
            "/api/v1/pets/" + w.pet() + "/prescriptions",
            Map.of(
                "businessId", clinic,
                "drug", "Buprenorphine",
                "schedule", "III",
                "quantity", new BigDecimal("2"),
                "unit", "ml",
                "directions", "0.2 ml every 8 hours",
                "deaNumber", "AB1234534"),
            vet.accessToken()));
  }

  private static void ok(ApiClient.Response r) {
    assertThat(r.status()).as(r.raw()).isBetween(200, 299);
  }

  private byte[] decrypted(Path file) throws Exception {
    try (InputStream in = backupKey.opening(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }

  @Autowired BackupKey backupKey;

  private static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1)
        .contains(new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
  }

  private static String newestMigration(DataSource db) throws SQLException {
    try (Connection c = db.getConnection()) {
      return Catalogue.schemaVersion(c);
    }
  }

  private static Map<String, Long> sequencesOf(TableDigests.Connector db) throws SQLException {
    try (Connection c = db.connect()) {
      return Catalogue.sequences(c);
    }
  }

  private static org.springframework.beans.factory.ObjectProvider<RestoreStep> emptySteps() {
    return new org.springframework.beans.factory.support.StaticListableBeanFactory()
        .getBeanProvider(RestoreStep.class);
  }

  static byte[] jpeg() {
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 64; x++) {
      for (int y = 0; y < 48; y++) {
        image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 0x40);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
