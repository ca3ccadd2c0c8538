package io.pawkeep.backup;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The plaintext inside a backup file: a header (format, schema version, time, tables and their
 * columns), each table's binary {@code COPY} rows in chunks, then the trailer with each table's row
 * count and SHA-256 and the sequences. Header and trailer together are the manifest; the trailer
 * comes last because the digests are known only once the rows are written.
 */
final class BackupFormat {

  static final String FORMAT = "pawkeep-backup-1";
  private static final String TRAILER = "manifest";
  private static final String END = "end";

  private BackupFormat() {}

  /** Receives each table's rows while a backup is read; it may leave some unread. */
  interface TableReader {
    void table(Table table, InputStream rows) throws IOException, SQLException;
  }

  /**
   * Copies every table of the schema through {@code c}, which must already be in the one read-only,
   * repeatable-read transaction the whole backup is taken in.
   */
  static Manifest write(Connection c, OutputStream plain, Instant now)
      throws IOException, SQLException {
    String version = Catalogue.schemaVersion(c);
    List<Table> tables = Catalogue.tables(c);
    DataOutputStream out = new DataOutputStream(plain);
    out.writeUTF(FORMAT);
    out.writeUTF(version);
    out.writeUTF(now.toString());
    out.writeInt(tables.size());
    for (Table table : tables) {
      out.writeUTF(table.name());
      writeList(out, table.columns());
      writeList(out, table.orderBy());
    }
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    List<Manifest.Entry> entries = new ArrayList<>();
    for (Table table : tables) {
      MessageDigest digest = sha256();
      Chunks.Writer rows = new Chunks.Writer(out, digest);
      long count = copy.copyOut(table.copyOut(), rows);
      rows.finish();
      entries.add(new Manifest.Entry(table, count, digest.digest()));
    }
    // Sequences are read last: any value a row of the snapshot took is below what they say.
    Map<String, Long> sequences = Catalogue.sequences(c);
    out.writeUTF(TRAILER);
    for (Manifest.Entry entry : entries) {
      out.writeLong(entry.rows());
      out.write(entry.sha256());
    }
    out.writeInt(sequences.size());
    for (Map.Entry<String, Long> sequence : sequences.entrySet()) {
      out.writeUTF(sequence.getKey());
      out.writeBoolean(sequence.getValue() != null);
      out.writeLong(sequence.getValue() == null ? 0 : sequence.getValue());
    }
    out.writeUTF(END);
    out.flush();
    return new Manifest(version, now, entries, sequences);
  }

  /**
   * Reads a whole backup, handing each table's rows to {@code reader}, and answers its manifest
   * once every table's rows matched their count-independent digest in the trailer; refuses anything
   * else. The row counts are checked by whoever counts rows (the restore's {@code COPY}).
   */
  static Manifest read(InputStream plain, TableReader reader) throws IOException, SQLException {
    DataInputStream in = new DataInputStream(plain);
    if (!FORMAT.equals(in.readUTF())) {
      throw new BackupRefusedException("the backup's format is not one this version reads");
    }
    String version = in.readUTF();
    Instant createdAt = Instant.parse(in.readUTF());
    int count = in.readInt();
    List<Table> tables = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tables.add(new Table(in.readUTF(), readList(in), readList(in)));
    }
    List<byte[]> digests = new ArrayList<>();
    for (Table table : tables) {
      MessageDigest digest = sha256();
      Chunks.Reader rows = new Chunks.Reader(in, digest);
      reader.table(table, rows);
      rows.drain();
      digests.add(digest.digest());
    }
    if (!TRAILER.equals(in.readUTF())) {
      throw new BackupRefusedException("the backup's manifest is missing");
    }
    List<Manifest.Entry> entries = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      long rows = in.readLong();
      byte[] expected = in.readNBytes(32);
      if (!Arrays.equals(expected, digests.get(i))) {
        throw new BackupRefusedException(
            "the rows of table " + tables.get(i).name() + " do not match the backup's manifest");
      }
      entries.add(new Manifest.Entry(tables.get(i), rows, expected));
    }
    Map<String, Long> sequences = new LinkedHashMap<>();
    int sequenceCount = in.readInt();
    for (int i = 0; i < sequenceCount; i++) {
      String name = in.readUTF();
      boolean used = in.readBoolean();
      long value = in.readLong();
      sequences.put(name, used ? value : null);
    }
    if (!END.equals(in.readUTF()) || in.read() != -1) {
      throw new BackupRefusedException("the backup does not end where its manifest says");
    }
    return new Manifest(version, createdAt, entries, sequences);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeList(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String value : values) {
      out.writeUTF(value);
    }
  }

  private static List<String> readList(DataInputStream in) throws IOException {
    int size = in.readInt();
    if (size < 0 || size > 10_000) {
      throw new BackupRefusedException("the backup's header is malformed");
    }
    List<String> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(in.readUTF());
    }
    return values;
  }
}
