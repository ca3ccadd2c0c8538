package io.pawkeep.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * AVAIL-3: an item's payload (its GPS track aside) may take 8 KiB as JSON; one byte more and that
 * item alone is answered {@code too_large}, while the rest of its batch is stored.
 */
class CareSyncItemLimitTests extends CareTestSupport {

  private static final int LIMIT = 8 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void anItemOneByteOverEightKibIsRejectedAsTooLargeWhileOneAtTheLimitAndTheRestAreStored() {
    World w = world();
    String booking = walkersBooking(w);
    Map<String, Object> atLimit = Map.of("text", noteOf(LIMIT));
    Map<String, Object> overLimit = Map.of("text", noteOf(LIMIT + 1));
    // The sizes the server measures: the payload written as JSON, in UTF-8 bytes.
    assertThat(jsonBytes(atLimit)).isEqualTo(LIMIT);
    assertThat(jsonBytes(overLimit)).isEqualTo(LIMIT + 1);

    List<JsonNode> outcomes =
        outcomes(
            w.walker(),
            List.of(
                item(booking, "note", now(), atLimit),
                item(booking, "note", now().plusSeconds(1), overLimit),
                item(booking, "check_in", now().plusSeconds(2), Map.of())));

    assertThat(outcomes.stream().map(CareTestSupport::reason))
        .containsExactly("accepted:", "rejected:too_large", "accepted:");
    List<String> stored = new ArrayList<>();
    careLog(w.walker(), booking).items().forEach(e -> stored.add(e.path("payload").toString()));
    assertThat(stored).containsExactlyInAnyOrder(JSON.writeValueAsString(atLimit), "{}");
  }

  /**
   * A note whose payload {@code {"text":"..."}} is {@code bytes} long as JSON. The text fields' own
   * length limits keep plain text under 8 KiB; control characters, written as six-byte {@code
   * \\u0001} escapes, are what can pass it.
   */
  private static String noteOf(int bytes) {
    int escapes = (bytes - "{\"text\":\"\"}".length()) / 6;
    int plain = bytes - "{\"text\":\"\"}".length() - escapes * 6;
    return "\u0001".repeat(escapes) + "a".repeat(plain);
  }

  private static int jsonBytes(Map<String, Object> payload) {
    return JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8).length;
  }
}
