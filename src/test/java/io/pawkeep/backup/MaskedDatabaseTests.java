package io.pawkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.bookings.BookingTestSupport;
import io.pawkeep.crypto.DevelopmentKeys;
import io.pawkeep.crypto.EncryptedColumn;
import io.pawkeep.crypto.EncryptedColumns;
import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.crypto.UnrestrictedFieldCipher;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiClient.Multipart;
import io.pawkeep.testing.Mailbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * PRIV-3: a backup turned into a development database keeps its shape (every id, every row of the
 * tables it does not empty) but nothing a person typed or a key that opens their data: values
 * planted through the API are found nowhere in the masked database, every keyset is new, and
 * everyone signs in with the one development password.
 */
class MaskedDatabaseTests extends BookingTestSupport {

  @Autowired Backups backups;
  @Autowired BackupKey key;
  @Autowired OwnerDatabase owner;
  @Autowired DevelopmentKeys developmentKeys;
  @Autowired List<EncryptedColumns> encryptedColumns;
  @Autowired FieldCipher fieldCipher;

  @Test
  void aMaskedBackupHoldsNoPlantedPersonalValueAndKeepsEveryRowOfTheTablesItDoesNotEmpty()
      throws Exception {
    String mark = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> planted = plant(mark);
    Backups.Taken taken = backups.take();
    List<byte[]> productionKeysets = keysets(owner::connect);
    assertThat(productionKeysets).isNotEmpty();
    // The planted values are really in the backup's database, so not finding them means something.
    try (Connection c = owner.connect()) {
      for (Map.Entry<String, String> value : planted.entrySet()) {
        if (!value.getKey().startsWith("sealed ")) {
          assertThat(tablesHolding(c, value.getValue())).as(value.getKey()).isNotEmpty();
        }
      }
    }

    DataSource fresh = FreshDatabase.empty();
    MaskStep mask = new MaskStep(developmentKeys, encryptedColumns);
    StaticListableBeanFactory steps = new StaticListableBeanFactory();
    steps.addBean("mask", mask);
    MaskAtStart start =
        new MaskAtStart(
            new Restore(key, steps.getBeanProvider(RestoreStep.class)),
            new MockEnvironment().withProperty("pawkeep.backup.mask", taken.file().toString()),
            null);
    start.prepare(fresh, FreshDatabase.APP);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(
            new MaskCommand(start, mask, null)
                .execute(new PrintStream(out, true, StandardCharsets.UTF_8)))
        .isZero();
    String said = out.toString(StandardCharsets.UTF_8);
    assertThat(said).contains("Masked ", Masking.DEVELOPMENT_PASSWORD, "audit_events");
    planted.values().forEach(value -> assertThat(said).doesNotContain(value));
    List<Masking.Report> reports = List.of(mask.report());

    try (Connection c = fresh.getConnection()) {
      for (Map.Entry<String, String> value : planted.entrySet()) {
        assertThat(tablesHolding(c, value.getValue())).as(value.getKey()).isEmpty();
      }
      for (Manifest.Entry table : taken.manifest().tables()) {
        if (table.table().name().equals("tenant_data_keys")) {
          // Replaced, not copied: a fresh keyset for each tenant with a sealed value (checked
          // below: no production keyset survives and every sealed value opens), so a tenant whose
          // keyset sealed nothing any more gets none.
          continue;
        }
        long expected = MaskingRules.EMPTIED.contains(table.table().name()) ? 0 : table.rows();
        assertThat(count(c, table.table().name())).as(table.table().name()).isEqualTo(expected);
      }
      assertThat(count(c, "audit_events")).as("no copied audit trail").isZero();
      // Everyone signs in with the development password, and with it alone.
      String hash = reports.getFirst().passwordHash();
      assertThat(
              new Argon2PasswordEncoder(16, 32, 1, 19_456, 2)
                  .matches(Masking.DEVELOPMENT_PASSWORD, hash.substring("{argon2}".length())))
          .isTrue();
      assertThat(strings(c, "select distinct password_hash from users")).containsExactly(hash);
      assertThat(strings(c, "select email from users where totp_secret is not null")).isEmpty();
      assertThat(strings(c, "select email from users where email not like '%@example.%'"))
          .isEmpty();
    }
    // Every sealed value opens under the development installation's keys, so the masked
    // database is usable: the application shows fake secrets and notes, not errors.
    FieldCipher development = UnrestrictedFieldCipher.of(JdbcClient.create(fresh), fieldCipher);
    int opened = 0;
    for (EncryptedColumns set : encryptedColumns) {
      for (EncryptedColumn column : set.columns()) {
        if (MaskingRules.kind(column.table(), column.column()) != MaskingRules.Kind.SEALED) {
          continue;
        }
        List<Object[]> rows =
            JdbcClient.create(fresh)
                .sql(
                    "select %s, %s, %s from %s where %s is not null"
                        .formatted(
                            column.tenantColumn(),
                            column.rowColumn(),
                            column.column(),
                            column.table(),
                            column.column()))
                .query((rs, n) -> new Object[] {rs.getObject(1), rs.getObject(2), rs.getBytes(3)})
                .list();
        for (Object[] row : rows) {
          development.decrypt(
              (UUID) row[0],
              column.table(),
              column.associatedName(),
              (UUID) row[1],
              (byte[]) row[2]);
          opened++;
        }
      }
    }
    assertThat(opened).as("sealed values opened under development keys").isGreaterThan(3);
    // No production keyset came along: each tenant has a new one, sealed under this
    // installation's keys.
    List<byte[]> developmentKeysets = keysets(fresh::getConnection);
    assertThat(developmentKeysets).isNotEmpty();
    for (byte[] keyset : developmentKeysets) {
      assertThat(productionKeysets).noneMatch(k -> java.util.Arrays.equals(k, keyset));
    }
  }

  @Test
  void theMaskRefusesToRunInProductionAndLeavesTheDatabaseEmpty() throws Exception {
    Backups.Taken taken = backups.take();
    DataSource fresh = FreshDatabase.empty();
    MockEnvironment production =
        new MockEnvironment().withProperty("pawkeep.backup.mask", taken.file().toString());
    production.setActiveProfiles("prod");
    MaskAtStart start =
        new MaskAtStart(
            new Restore(key, new StaticListableBeanFactory().getBeanProvider(RestoreStep.class)),
            production,
            null);

    assertThatThrownBy(() -> start.prepare(fresh, FreshDatabase.APP))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("prod");
    try (Connection c = fresh.getConnection()) {
      assertThat(Catalogue.relations(c)).isZero();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(
            new MaskCommand(start, new MaskStep(developmentKeys, encryptedColumns), null)
                .execute(new PrintStream(out, true, StandardCharsets.UTF_8)))
        .isEqualTo(1);
  }

  /** Distinctive values of every personal kind, typed through the API. */
  private Map<String, String> plant(String mark) throws Exception {
    Map<String, String> planted = new HashMap<>();
    World w = world();
    String name = "Zebulon Quirrelfinch" + mark;
    String email = "quirrelfinch." + mark + "@pawkeep.test";
    ApiClient.Response registered =
        api.post(
            "/api/v1/auth/register",
            Map.of("email", email, "password", PASSWORD, "displayName", name));
    assertThat(registered.status()).as(registered.raw()).isEqualTo(202);
    String token = Mailbox.awaitLatest(email, "Confirm", 1).token();
    assertThat(api.post("/api/v1/auth/verify-email", Map.of("token", token)).status())
        .isEqualTo(204);
    ApiClient.Response signedIn = login(email, PASSWORD);
    assertThat(signedIn.status()).as(signedIn.raw()).isEqualTo(200);
    User person = new User(email, PASSWORD, signedIn.text("access_token"), null);
    planted.put("name", name);
    planted.put("email", email);

    String householdName = "Quirrelfinch Manor " + mark;
    String household = createHousehold(person, householdName);
    planted.put("household name", householdName);
    String petName = "Snugglewump" + mark;
    String pet = pet(person, household, petName);
    planted.put("pet name", petName);
    String phone = "+44 7700 9" + mark.hashCode() % 100000;
    String feeding = "Three sardines at dawn " + mark;
    careInstructions(person, pet, Map.of("feeding", feeding, "vetContact", "Dr Oddly " + phone));
    planted.put("phone", phone);
    planted.put("care instructions", feeding);
    String address = "17 Marrowbone Lane " + mark;
    ok(
        api.send(
            "PUT",
            "/api/v1/households/" + household + "/address-note",
            Map.of("note", address),
            person.accessToken(),
            Map.of()));
    planted.put("sealed address", address);
    String alarm = "alarm-" + mark;
    ok(
        api.send(
            "PUT",
            "/api/v1/households/" + household + "/access-secrets",
            Map.of("alarmCode", alarm, "keyLocation", "behind the gnome " + mark),
            person.accessToken(),
            Map.of()));
    planted.put("sealed access secret", alarm);
    String document = "passport-" + mark + ".jpg";
    ok(
        api.upload(
            "/api/v1/households/" + household + "/documents",
            Multipart.file(document, "image/jpeg", BackupRestoreTests.jpeg()),
            person.accessToken()));
    planted.put("document name", document);

    // A visit's care note and an invoice line, through a business.
    String booking =
        assignedBooking(
            w, w.walkerId(), clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60));
    String note = "Rex chewed the sofa " + mark;
    Map<String, Object> fed = new HashMap<>();
    fed.put("clientId", UUID.randomUUID().toString());
    fed.put("bookingId", booking);
    fed.put("kind", "note");
    fed.put("deviceTime", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    fed.put("payload", Map.of("text", note));
    ok(
        api.post(
            "/api/v1/sync/care-actions", Map.of("items", List.of(fed)), w.walker().accessToken()));
    planted.put("care note", note);
    String line = "Spare key pickup " + mark;
    ok(
        api.post(
            "/api/v1/businesses/" + w.business() + "/invoices",
            Map.of(
                "householdId",
                w.household(),
                "currency",
                "EUR",
                "extraLines",
                List.of(Map.of("description", line, "amountMinor", 1500))),
            w.manager().accessToken()));
    planted.put("invoice line", line);
    return planted;
  }

  private static void ok(ApiClient.Response r) {
    assertThat(r.status()).as(r.raw()).isBetween(200, 299);
  }

  /** The tables with a row whose text form holds the value, as text or as the bytes' hex. */
  private static List<String> tablesHolding(Connection c, String value) throws SQLException {
    List<String> holding = new ArrayList<>();
    String hex = HexFormat.of().formatHex(value.toLowerCase().getBytes(StandardCharsets.UTF_8));
    for (String table :
        strings(
            c,
            "select tablename from pg_tables where schemaname = current_schema()"
                + " and tablename <> 'flyway_schema_history'")) {
      try (PreparedStatement s =
          c.prepareStatement(
              "select count(*) from \""
                  + table
                  + "\" r where strpos(lower(r::text), ?) > 0 or strpos(lower(r::text), ?) > 0")) {
        s.setString(1, value.toLowerCase());
        s.setString(2, hex);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            holding.add(table);
          }
        }
      }
    }
    return holding;
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from \"" + table + "\"")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static List<byte[]> keysets(TableDigests.Connector connector) throws SQLException {
    List<byte[]> keysets = new ArrayList<>();
    try (Connection c = connector.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select keyset from tenant_data_keys")) {
      while (rs.next()) {
        keysets.add(rs.getBytes(1));
      }
    }
    return keysets;
  }
}
