package io.pawkeep.care;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.web.Cursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The care log is read a page at a time (HARD-8): an assignee can fill a booking's log with
 * thousands of entries, so no request loads it whole, and a cursor never leaves its booking.
 */
class CarePaginationTests extends CareTestSupport {

  @Test
  void aCareLogOf120ActionsIsReadInPagesOf50As120DistinctItemsInOrder() {
    World w = world();
    String booking = walkersBooking(w);
    List<String> synced = logActions(w.walker(), booking, 120);

    List<JsonNode> items = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String next = null;
    do {
      ApiClient.Response page =
          careLog(w.walker(), booking, "limit=50" + (next == null ? "" : "&cursor=" + next));
      assertThat(page.status()).as(page.raw()).isEqualTo(200);
      next = page.json().path("next").asString(null);
      if (next != null) {
        assertThat(page.header("Link"))
            .isEqualTo(
                "</api/v1/bookings/"
                    + booking
                    + "/care-actions?limit=50&cursor="
                    + next
                    + ">; rel=\"next\"");
      } else {
        assertThat(page.header("Link")).isNull();
      }
      sizes.add(page.items().size());
      page.items().forEach(items::add);
    } while (next != null);

    assertThat(sizes).containsExactly(50, 50, 20);
    List<String> ids = items.stream().map(i -> i.path("id").asString()).toList();
    assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(synced);
    // Equal device times (40 entries share each second) keep one order, broken by id.
    assertThat(items)
        .isSortedAccordingTo(
            Comparator.comparing((JsonNode i) -> Instant.parse(i.path("deviceTime").asString()))
                .thenComparing(i -> i.path("id").asString()));
  }

  @Test
  void withoutALimitAPageHas50ItemsAndTheLargestPageIs200() {
    World w = world();
    String booking = walkersBooking(w);
    logActions(w.walker(), booking, 210);
    assertThat(careLog(w.walker(), booking).items()).hasSize(50);
    ApiClient.Response largest = careLog(w.walker(), booking, "limit=200");
    assertThat(largest.items()).hasSize(200);
    assertThat(largest.json().path("next").asString(null)).isNotNull();
    assertThat(careLog(w.walker(), booking, "limit=201").status()).isEqualTo(400);
  }

  @Test
  void anAssigneeCannotUseACursorToReachAnotherBookingsActions() {
    World w = world();
    String walkers = walkersBooking(w);
    String others = assignedBooking(w, w.otherWalkerId(), soon());
    Set<String> walkersIds = new HashSet<>(logActions(w.walker(), walkers, 60));
    Set<String> othersIds = new HashSet<>(logActions(w.otherWalker(), others, 3));
    String cursor = careLog(w.walker(), walkers, "limit=10").json().path("next").asString();

    ApiClient.Response theirs = careLog(w.otherWalker(), walkers, "cursor=" + cursor);
    assertThat(theirs.status()).isEqualTo(404);
    ApiClient.Response own = careLog(w.otherWalker(), others, "cursor=" + cursor);
    assertThat(own.status()).as(own.raw()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    own.items().forEach(i -> ids.add(i.path("id").asString()));
    assertThat(ids).doesNotContainAnyElementsOf(walkersIds);
    assertThat(othersIds).containsAll(ids);
  }

  @Test
  void aMalformedOrTamperedCursorOrALimitOutOfRangeIsA400ProblemNever500() {
    World w = world();
    String booking = walkersBooking(w);
    logActions(w.walker(), booking, 3);
    for (String query :
        List.of(
            "cursor=%21%21",
            "cursor=bm90IGpzb24",
            "cursor=" + Cursor.of("care-actions", "yesterday", "someone").encode(),
            "cursor=" + Cursor.of("staff", Instant.now(), UUID.randomUUID()).encode(),
            "cursor=" + "A".repeat(600),
            "limit=0",
            "limit=201",
            "limit=many")) {
      ApiClient.Response r = careLog(w.walker(), booking, query);
      assertThat(r.status()).as(query + ": " + r.raw()).isEqualTo(400);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
  }

  /** Logs {@code count} notes, 40 to each device second; returns their client ids. */
  private List<String> logActions(User walker, String booking, int count) {
    Instant base = now().minusSeconds(60);
    List<String> ids = new ArrayList<>();
    List<Map<String, Object>> items = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      items.add(item(id, booking, "note", base.plusSeconds(k / 40), Map.of("text", "n" + k)));
    }
    outcomes(walker, items).forEach(o -> assertThat(reason(o)).isEqualTo("accepted:"));
    return ids;
  }

  private ApiClient.Response careLog(User caller, String booking, String query) {
    return api.get("/api/v1/bookings/" + booking + "/care-actions?" + query, caller.accessToken());
  }
}
