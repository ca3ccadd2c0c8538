package io.pawkeep.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deterministic, unambiguous byte forms that audit hashes and checkpoint signatures cover.
 *
 * <p>An entry is encoded as a version tag followed by its fields in a fixed order: fixed-width
 * numbers and UUIDs, and each string as a presence byte, a 4-byte length and its UTF-8 bytes, so no
 * two different entries share an encoding. Strings lose what PostgreSQL cannot store (NUL, unpaired
 * surrogates), replaced by U+FFFD before they are sent, so stored and hashed values agree.
 *
 * <p>Two forms of entry exist (column {@code form}). Form 1, appended by the application before
 * {@code V31__audit_computed_in_database.sql}: the detail is canonical JSON (keys sorted, numbers
 * in plain notation without trailing zeros), recomputed here from the stored {@code jsonb}. Form 2,
 * appended by the database ({@code pawkeep_audit_append}, LOG-5): another tag, and the detail as
 * {@code jsonb}'s own text of the stored value; this class recomputes it to verify, byte for byte
 * as the SQL function {@code pawkeep_audit_entry} builds it.
 */
final class CanonicalForm {

  static final int HASH_BYTES = 32;

  /** The predecessor of every chain's first event. */
  static final byte[] GENESIS = new byte[HASH_BYTES];

  /** Entries appended by the application, before the database computed the links. */
  static final int FORM_APPLICATION = 1;

  /** Entries appended by the database. */
  static final int FORM_DATABASE = 2;

  private static final String ENTRY_TAG = "pawkeep-audit-entry-v1";
  private static final String DATABASE_ENTRY_TAG = "pawkeep-audit-entry-v2";
  private static final String CHECKPOINT_TAG = "pawkeep-audit-checkpoint-v1";
  private static final String CUT_TAG = "pawkeep-audit-retention-cut-v1";

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private CanonicalForm() {}

  /** A chain's position: its last sequence number and hash. */
  record ChainHead(UUID chainId, long seq, byte[] hash) {}

  /** The canonical JSON of an event's detail, as stored and hashed. */
  static String detail(Map<String, Object> detail) {
    return canonicalJson(JSON.writeValueAsString(detail));
  }

  /** The canonical form of JSON text, e.g. a detail read back from the database. */
  static String canonicalJson(String json) {
    return JSON.writeValueAsString(normalise(JSON.readTree(json)));
  }

  private static Object normalise(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node instanceof ObjectNode object) {
      TreeMap<String, Object> map = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        map.put(text(e.getKey()), normalise(e.getValue()));
      }
      return map;
    }
    if (node instanceof ArrayNode array) {
      List<Object> list = new ArrayList<>(array.size());
      for (JsonNode element : array) {
        list.add(normalise(element));
      }
      return list;
    }
    if (node.isNumber()) {
      BigDecimal value = node.decimalValue().stripTrailingZeros();
      return value.signum() == 0 ? BigDecimal.ZERO : value;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return text(node.asString());
  }

  /** The string PostgreSQL will store and give back: NUL and unpaired surrogates replaced. */
  static String text(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(i + 1));
      if (pair) {
        if (out != null) {
          out.append(c).append(value.charAt(i + 1));
        }
        i++;
        continue;
      }
      boolean bad = c == '\0' || Character.isSurrogate(c);
      if (bad && out == null) {
        out = new StringBuilder(value.length()).append(value, 0, i);
      }
      if (out != null) {
        out.append(bad ? '\uFFFD' : c);
      }
    }
    return out == null ? value : out.toString();
  }

  /** Microseconds since the epoch: PostgreSQL's {@code timestamptz} precision. */
  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
  }

  /**
   * The hash of a stored entry of either form, from its stored detail text; throws
   * IllegalArgumentException for an unknown form and a form 1 detail that is not JSON.
   */
  static byte[] storedEntryHash(
      int form,
      byte[] prevHash,
      UUID chainId,
      long seq,
      long occurredAtMicros,
      UUID actorId,
      String action,
      String targetType,
      String targetId,
      String ipAddress,
      String storedDetail) {
    String detail =
        switch (form) {
          case FORM_APPLICATION -> canonicalJson(storedDetail);
          case FORM_DATABASE -> storedDetail;
          default -> throw new IllegalArgumentException("unknown audit entry form " + form);
        };
    return entryHash(
        form == FORM_DATABASE ? DATABASE_ENTRY_TAG : ENTRY_TAG,
        prevHash,
        chainId,
        seq,
        occurredAtMicros,
        actorId,
        action,
        targetType,
        targetId,
        ipAddress,
        detail);
  }

  /** SHA-256(prevHash || entry). */
  private static byte[] entryHash(
      String tag,
      byte[] prevHash,
      UUID chainId,
      long seq,
      long occurredAtMicros,
      UUID actorId,
      String action,
      String targetType,
      String targetId,
      String ipAddress,
      String detail) {
    Encoder e = new Encoder();
    e.string(tag);
    e.uuid(chainId);
    e.number(seq);
    e.number(occurredAtMicros);
    e.uuid(actorId);
    e.string(action);
    e.string(targetType);
    e.string(targetId);
    e.string(ipAddress);
    e.string(detail);
    MessageDigest sha256 = sha256();
    sha256.update(prevHash);
    return sha256.digest(e.bytes());
  }

  /** What a checkpoint's signature covers: its time and every head, ordered by chain id. */
  static byte[] checkpointPayload(long createdAtMicros, List<ChainHead> heads) {
    List<ChainHead> sorted =
        heads.stream().sorted(Comparator.comparing(h -> h.chainId().toString())).toList();
    Encoder e = new Encoder();
    e.string(CHECKPOINT_TAG);
    e.number(createdAtMicros);
    e.number(sorted.size());
    for (ChainHead head : sorted) {
      e.uuid(head.chainId());
      e.number(head.seq());
      e.bytes(head.hash());
    }
    return e.bytes();
  }

  /**
   * What a retention cut's signature covers (PRIV-2): its chain, the first event kept, the hash
   * that event links to, and its time.
   */
  static byte[] cutPayload(UUID chainId, long firstKeptSeq, byte[] prevHash, long createdAtMicros) {
    Encoder e = new Encoder();
    e.string(CUT_TAG);
    e.uuid(chainId);
    e.number(firstKeptSeq);
    e.bytes(prevHash);
    e.number(createdAtMicros);
    return e.bytes();
  }

  /** The stored form of a checkpoint's heads. */
  static String headsJson(List<ChainHead> heads) {
    List<Map<String, Object>> chains =
        heads.stream()
            .sorted(Comparator.comparing(h -> h.chainId().toString()))
            .map(
                h ->
                    Map.<String, Object>of(
                        "chain", h.chainId().toString(),
                        "seq", h.seq(),
                        "hash", Base64.getEncoder().encodeToString(h.hash())))
            .toList();
    return JSON.writeValueAsString(Map.of("chains", chains));
  }

  /** Reads {@link #headsJson}; throws IllegalArgumentException on anything malformed. */
  static List<ChainHead> parseHeads(String json) {
    try {
      JsonNode chains = JSON.readTree(json).get("chains");
      if (!(chains instanceof ArrayNode array)) {
        throw new IllegalArgumentException("checkpoint heads without chains");
      }
      List<ChainHead> heads = new ArrayList<>();
      for (JsonNode c : array) {
        heads.add(
            new ChainHead(
                UUID.fromString(c.get("chain").asString()),
                c.get("seq").longValue(),
                Base64.getDecoder().decode(c.get("hash").asString())));
      }
      return heads;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed checkpoint heads", e);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private static final class Encoder {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(buffer);

    void string(String value) {
      bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(byte[] value) {
      try {
        if (value == null) {
          out.writeByte(0);
        } else {
          out.writeByte(1);
          out.writeInt(value.length);
          out.write(value);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void uuid(UUID value) {
      try {
        if (value == null) {
          out.writeByte(0);
        } else {
          out.writeByte(1);
          out.writeLong(value.getMostSignificantBits());
          out.writeLong(value.getLeastSignificantBits());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void number(long value) {
      try {
        out.writeLong(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    byte[] bytes() {
      return buffer.toByteArray();
    }
  }
}
