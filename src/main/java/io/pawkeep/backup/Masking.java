package io.pawkeep.backup;

import io.pawkeep.crypto.DevelopmentKeys;
import io.pawkeep.crypto.EncryptedColumn;
import io.pawkeep.crypto.EncryptedColumns;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a just-restored database into a development database (PRIV-3), inside the restore's own
 * transaction as the schema owner, following {@link MaskingRules}: personal text replaced by fakes,
 * sealed columns sealed again under development keysets, password hashes set to the development
 * password's hash, second factors switched off, sign-in, provider and audit tables emptied. Ids,
 * foreign keys, dates and amounts stay. It refuses a schema with a column the rules do not know.
 */
final class Masking {

  /** The one password every person of a masked database signs in with. Never a real one. */
  static final String DEVELOPMENT_PASSWORD = "pawkeep-dev-password";

  // The care log's typed fields; the GPS pin and track are where people live, so they go.
  private static final List<String> CARE_TEXT =
      List.of("note", "text", "food", "amount", "medication", "dose", "caption");
  private static final List<String> CARE_PLACES = List.of("pin", "track");

  private final DevelopmentKeys keys;
  private final Map<String, EncryptedColumn> encrypted = new HashMap<>();
  private final Fakes fakes = new Fakes();
  private final JsonMapper json = JsonMapper.builder().build();

  record Report(Map<String, Long> maskedRows, List<String> emptied, String passwordHash) {}

  Masking(DevelopmentKeys keys, List<EncryptedColumns> columns) {
    this.keys = keys;
    columns.forEach(
        set -> set.columns().forEach(c -> encrypted.put(c.table() + "." + c.column(), c)));
  }

  Report apply(Connection c) throws SQLException {
    List<String> unclassified = MaskingRules.unclassified(c);
    if (!unclassified.isEmpty()) {
      throw new BackupRefusedException(
          "the masking rules do not classify these columns, so nothing is masked: " + unclassified);
    }
    for (Map.Entry<String, MaskingRules.Kind> rule : MaskingRules.COLUMNS.entrySet()) {
      if (rule.getValue() == MaskingRules.Kind.SEALED && !encrypted.containsKey(rule.getKey())) {
        throw new BackupRefusedException("no encrypted column declared for " + rule.getKey());
      }
    }
    List<Table> tables = Catalogue.tables(c);
    List<String> forced = Catalogue.forcedRowSecurity(c);
    try (Statement s = c.createStatement()) {
      // Issued invoices, clinical records and the audit trail refuse changes by trigger; the mask
      // is the one writer allowed to, within this transaction only.
      for (Table table : tables) {
        s.execute("alter table " + Table.quote(table.name()) + " disable trigger user");
      }
      for (String table : forced) {
        s.execute("alter table " + Table.quote(table) + " no force row level security");
      }
      s.execute(
          "truncate "
              + String.join(
                  ", ", MaskingRules.EMPTIED.stream().sorted().map(Table::quote).toList()));
    }
    DevelopmentKeys.Sealer sealer = keys.replaceKeysets(c);
    String passwordHash = passwordHash();
    Map<String, Long> masked = new TreeMap<>();
    for (Map.Entry<String, List<String>> table : columnsByTable().entrySet()) {
      masked.put(table.getKey(), mask(c, table.getKey(), table.getValue(), sealer, passwordHash));
    }
    try (Statement s = c.createStatement()) {
      for (Table table : tables) {
        s.execute("alter table " + Table.quote(table.name()) + " enable trigger user");
      }
      for (String table : forced) {
        s.execute("alter table " + Table.quote(table) + " force row level security");
      }
    }
    return new Report(masked, MaskingRules.EMPTIED.stream().sorted().toList(), passwordHash);
  }

  /** Argon2id with the application's parameters (OWASP: m=19 MiB, t=2, p=1). */
  static String passwordHash() {
    return "{argon2}"
        + new Argon2PasswordEncoder(16, 32, 1, 19_456, 2).encode(DEVELOPMENT_PASSWORD);
  }

  private static Map<String, List<String>> columnsByTable() {
    Map<String, List<String>> byTable = new TreeMap<>();
    MaskingRules.COLUMNS.forEach(
        (name, kind) -> {
          if (kind != MaskingRules.Kind.KEEP && kind != MaskingRules.Kind.KEYSET) {
            String[] parts = name.split("\\.");
            byTable.computeIfAbsent(parts[0], t -> new ArrayList<>()).add(parts[1]);
          }
        });
    byTable.values().forEach(java.util.Collections::sort);
    return byTable;
  }

  private long mask(
      Connection c, String table, List<String> columns, DevelopmentKeys.Sealer sealer, String hash)
      throws SQLException {
    Map<String, String> extra = new LinkedHashMap<>();
    for (String column : columns) {
      EncryptedColumn sealed = encrypted.get(table + "." + column);
      if (MaskingRules.kind(table, column) == MaskingRules.Kind.SEALED) {
        extra.put("t_" + column, Table.quote(sealed.tenantColumn()));
        extra.put("r_" + column, Table.quote(sealed.rowColumn()));
      }
    }
    StringBuilder select = new StringBuilder("select ctid::text");
    columns.forEach(column -> select.append(", ").append(Table.quote(column)));
    extra.forEach(
        (alias, expression) ->
            select.append(", ").append(expression).append("::text as ").append(alias));
    select.append(" from ").append(Table.quote(table));
    StringBuilder update = new StringBuilder("update ").append(Table.quote(table)).append(" set ");
    for (int i = 0; i < columns.size(); i++) {
      String column = columns.get(i);
      update.append(i == 0 ? "" : ", ").append(Table.quote(column)).append(" = ?");
      if (MaskingRules.kind(table, column) == MaskingRules.Kind.CARE_PAYLOAD) {
        update.append("::jsonb");
      }
    }
    if (columns.contains("totp_secret")) {
      update.append(", totp_enabled_at = null, totp_last_step = 0");
    }
    update.append(" where ctid = ?::tid");
    long rows = 0;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(select.toString());
        PreparedStatement u = c.prepareStatement(update.toString())) {
      while (rs.next()) {
        String sealedDea = null;
        for (int i = 0; i < columns.size(); i++) {
          String column = columns.get(i);
          MaskingRules.Kind kind = MaskingRules.kind(table, column);
          Object value = rs.getObject(i + 2);
          Object fake;
          if (value == null) {
            fake = null;
          } else {
            fake =
                switch (kind) {
                  case SEALED -> {
                    EncryptedColumn sealed = encrypted.get(table + "." + column);
                    String text = fakes.sealed(table, column);
                    if (column.equals("prescriber_dea")) {
                      sealedDea = text;
                    }
                    byte[] plaintext =
                        column.endsWith("_key")
                            ? fakes.randomBytes(32)
                            : text.getBytes(StandardCharsets.UTF_8);
                    yield sealer.seal(
                        UUID.fromString(rs.getString("t_" + column)),
                        sealed,
                        UUID.fromString(rs.getString("r_" + column)),
                        plaintext);
                  }
                  case PASSWORD_HASH -> hash;
                  case SECOND_FACTOR -> null;
                  case CARE_PAYLOAD -> carePayload(rs.getString(i + 2));
                  case DEA_MASKED -> null; // below, from the sealed fake
                  default -> fakes.value(kind, rs.getString(i + 2));
                };
          }
          u.setObject(i + 1, fake);
        }
        int masked = columns.indexOf("prescriber_dea_masked");
        if (masked >= 0 && sealedDea != null) {
          u.setString(masked + 1, deaMasked(sealedDea));
        }
        u.setString(columns.size() + 1, rs.getString(1));
        u.addBatch();
        rows++;
        if (rows % 500 == 0) {
          u.executeBatch();
        }
      }
      u.executeBatch();
    }
    return rows;
  }

  // As clinical/Prescriptions shows a DEA number to those who may not read it.
  private static String deaMasked(String dea) {
    return dea.substring(0, 2) + "*".repeat(dea.length() - 4) + dea.substring(dea.length() - 2);
  }

  private String carePayload(String original) {
    JsonNode payload = json.readTree(original);
    if (payload instanceof ObjectNode object) {
      for (String field : CARE_TEXT) {
        if (object.path(field).isString()) {
          object.put(field, fakes.value(MaskingRules.Kind.TEXT, object.path(field).asString()));
        }
      }
      CARE_PLACES.forEach(object::remove);
    }
    return json.writeValueAsString(payload);
  }
}
