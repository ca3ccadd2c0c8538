package io.pawkeep.care;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What each kind of care action carries. Payloads are strict: unknown fields, wrong types and
 * values out of range make the item invalid, so the log holds only what the app understands.
 */
final class CarePayloads {

  /** The most points a walk's GPS track may have. */
  static final int MAX_TRACK_POINTS = 2000;

  private record Field(boolean required, Type type, int max) {}

  private enum Type {
    TEXT,
    INTEGER,
    UUID,
    TRACK,
    PIN
  }

  private static final Map<String, Map<String, Field>> KINDS =
      Map.of(
          // The pin: where the walker was at arrival and departure, one GPS point (DOM-6).
          "check_in",
              Map.of(
                  "note", new Field(false, Type.TEXT, 500), "pin", new Field(false, Type.PIN, 0)),
          "check_out",
              Map.of(
                  "note", new Field(false, Type.TEXT, 500), "pin", new Field(false, Type.PIN, 0)),
          "walk",
              Map.of(
                  "durationMinutes", new Field(true, Type.INTEGER, 1440),
                  "distanceMeters", new Field(false, Type.INTEGER, 100_000),
                  "track", new Field(false, Type.TRACK, MAX_TRACK_POINTS),
                  "note", new Field(false, Type.TEXT, 500)),
          "feeding",
              Map.of(
                  "petId", new Field(false, Type.UUID, 0),
                  "food", new Field(true, Type.TEXT, 200),
                  "amount", new Field(false, Type.TEXT, 100)),
          "medication",
              Map.of(
                  "petId", new Field(false, Type.UUID, 0),
                  "medication", new Field(true, Type.TEXT, 200),
                  "dose", new Field(true, Type.TEXT, 100)),
          "note", Map.of("text", new Field(true, Type.TEXT, 2000)),
          // photoRef: the id of a photo the author uploaded to the visit (checked by CareBatches).
          "photo",
              Map.of(
                  "photoRef", new Field(true, Type.TEXT, 200),
                  "caption", new Field(false, Type.TEXT, 500)));

  private static final Set<String> POINT_FIELDS = Set.of("lat", "lon", "t");

  private CarePayloads() {}

  static boolean knownKind(String kind) {
    return kind != null && KINDS.containsKey(kind);
  }

  /** Whether {@code payload} is a valid payload of {@code kind} (a known kind). */
  static boolean valid(String kind, JsonNode payload) {
    Map<String, Field> fields = KINDS.get(kind);
    if (fields == null || payload == null || !payload.isObject()) {
      return false;
    }
    for (String name : payload.propertyNames()) {
      if (!fields.containsKey(name)) {
        return false;
      }
    }
    for (Map.Entry<String, Field> field : fields.entrySet()) {
      JsonNode value = payload.get(field.getKey());
      if (value == null || value.isNull()) {
        if (field.getValue().required()) {
          return false;
        }
      } else if (!valid(field.getValue(), value)) {
        return false;
      }
    }
    return true;
  }

  private static boolean valid(Field field, JsonNode value) {
    return switch (field.type()) {
      case TEXT ->
          value.isString()
              && !value.stringValue().isBlank()
              && value.stringValue().length() <= field.max();
      case INTEGER ->
          value.isIntegralNumber()
              && value.canConvertToInt()
              && value.intValue() >= 0
              && value.intValue() <= field.max();
      case UUID -> value.isString() && uuid(value.stringValue());
      case TRACK -> value.isArray() && value.size() <= field.max() && points(value);
      case PIN -> point(value);
    };
  }

  private static boolean points(JsonNode track) {
    for (JsonNode point : track) {
      if (!point(point)) {
        return false;
      }
    }
    return true;
  }

  /** One GPS point: {@code lat} and {@code lon} in range, an optional instant {@code t}. */
  private static boolean point(JsonNode point) {
    if (!point.isObject()
        || !POINT_FIELDS.containsAll(point.propertyNames())
        || !coordinate(point.get("lat"), 90)
        || !coordinate(point.get("lon"), 180)) {
      return false;
    }
    JsonNode t = point.get("t");
    return t == null || (t.isString() && instant(t.stringValue()));
  }

  private static boolean coordinate(JsonNode value, double bound) {
    return value != null
        && value.isNumber()
        && Math.abs(value.doubleValue()) <= bound
        && Double.isFinite(value.doubleValue());
  }

  static boolean uuid(String text) {
    try {
      UUID.fromString(text);
      return text.length() == 36;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean instant(String text) {
    try {
      Instant.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
