package io.pawkeep.web;

import static io.pawkeep.web.SortKey.instant;
import static io.pawkeep.web.SortKey.number;
import static io.pawkeep.web.SortKey.text;
import static io.pawkeep.web.SortKey.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The shared page mechanism (HARD-8): page size bounds and cursors that refuse tampering. */
class PaginationTests {

  private static final String LIST = "care-actions";

  @Test
  void theLimitDefaultsTo50AndAcceptsUpTo200() {
    assertThat(PageRequest.of(LIST, null, null).limit()).isEqualTo(50);
    assertThat(PageRequest.of(LIST, 1, null).limit()).isEqualTo(1);
    assertThat(PageRequest.of(LIST, 200, null).limit()).isEqualTo(200);
    assertThat(PageRequest.of(LIST, 200, null).fetch()).isEqualTo(201);
  }

  @Test
  void aLimitAbove200OrBelow1IsA400NotClamped() {
    for (int limit : new int[] {0, -1, 201, Integer.MAX_VALUE}) {
      assertBadRequest(() -> PageRequest.of(LIST, limit, null), "limit");
    }
  }

  @Test
  void aCursorRoundTripsItsListAndKeys() {
    Instant at = Instant.parse("2026-11-30T10:15:30.123456Z");
    UUID id = UUID.randomUUID();
    String token = Cursor.of(LIST, at, id).encode();
    assertThat(token).matches("[A-Za-z0-9_-]+");
    Cursor after = PageRequest.of(LIST, 10, token).after();
    assertThat(after.instant(0)).isEqualTo(at);
    assertThat(after.uuid(1)).isEqualTo(id);
    assertThat(PageRequest.of("audit", 10, Cursor.of("audit", 42L).encode()).after().number(0))
        .isEqualTo(42L);
  }

  @Test
  void aMalformedCursorIsA400() {
    for (String token :
        List.of(
            "",
            "!!!",
            "not base64 at all",
            encode("not json"),
            encode("{}"),
            encode("[]"),
            encode("[\"care-actions\"]"),
            encode("[\"care-actions\", null]"),
            encode("[1, 2]"),
            "A".repeat(Cursor.MAX_LENGTH + 1))) {
      assertBadRequest(() -> PageRequest.of(LIST, 10, token).after().uuid(0), "cursor");
    }
  }

  @Test
  void aTamperedCursorIsA400() {
    String token = Cursor.of(LIST, Instant.now(), UUID.randomUUID()).encode();
    String badTime =
        encode("[\"care-actions\",\"2026-13-45T99:00:00Z\",\"" + UUID.randomUUID() + "\"]");
    assertBadRequest(() -> PageRequest.of(LIST, 10, badTime).after().instant(0), "cursor");
    for (String outOfRange : List.of("+294277-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z")) {
      String far =
          encode("[\"care-actions\",\"" + outOfRange + "\",\"" + UUID.randomUUID() + "\"]");
      assertBadRequest(() -> PageRequest.of(LIST, 10, far).after().instant(0), "cursor");
    }
    String badId = encode("[\"care-actions\",\"2026-11-30T10:15:30Z\",\"not-a-uuid\"]");
    assertBadRequest(() -> PageRequest.of(LIST, 10, badId).after().uuid(1), "cursor");
    // Asking for a key the cursor does not have is the cursor's fault, not a 500.
    assertBadRequest(() -> PageRequest.of(LIST, 10, token).after().uuid(2), "cursor");
    assertBadRequest(
        () -> PageRequest.of(LIST, 10, Cursor.of(LIST, "x", "y").encode()).after().number(0),
        "cursor");
  }

  @Test
  void aCursorOfAnotherListIsA400() {
    String token = Cursor.of("staff", Instant.now(), UUID.randomUUID()).encode();
    assertBadRequest(() -> PageRequest.of(LIST, 10, token), "cursor");
  }

  @Test
  void aPageHasANextCursorOnlyWhenARowBeyondTheLimitWasFetched() {
    PageRequest request = PageRequest.of(LIST, 3, null);
    List<Integer> four = IntStream.range(0, 4).boxed().toList();
    Page<Integer> page = Page.of(four, request, n -> Cursor.of(LIST, (long) n));
    assertThat(page.items()).containsExactly(0, 1, 2);
    assertThat(PageRequest.of(LIST, 3, page.next()).after().number(0)).isEqualTo(2);

    Page<Integer> last = Page.of(four.subList(0, 3), request, n -> Cursor.of(LIST, (long) n));
    assertThat(last.items()).containsExactly(0, 1, 2);
    assertThat(last.next()).isNull();
    assertThat(last.map(n -> n * 2).items()).containsExactly(0, 2, 4);
  }

  @Test
  void aPageSeeksPastItsCursorInTheDirectionOfTheSortKey() {
    SortKey newestFirst = SortKey.descending(instant("created_at"), uuid("id"));
    Seek first = PageRequest.of(LIST, 10, null).seek(newestFirst);
    assertThat(first.and()).isEmpty();
    assertThat(first.where()).isEmpty();
    assertThat(first.params()).containsExactly(entry("fetch", 11));

    Instant at = Instant.parse("2026-05-01T10:15:30.123456Z");
    UUID id = UUID.randomUUID();
    Seek next = PageRequest.of(LIST, 10, Cursor.of(LIST, at, id).encode()).seek(newestFirst);
    assertThat(next.and()).isEqualTo(" and (created_at, id) < (:after0, :after1)");
    assertThat(next.params())
        .containsExactly(
            entry("after0", Timestamp.from(at)), entry("after1", id), entry("fetch", 11));

    Seek byName =
        PageRequest.of(LIST, 5, Cursor.of(LIST, "Rex", id).encode())
            .seek(SortKey.ascending(text("name"), uuid("household_id")));
    assertThat(byName.where()).isEqualTo(" where (name, household_id) > (:after0, :after1)");
    assertThat(byName.params())
        .containsExactly(entry("after0", "Rex"), entry("after1", id), entry("fetch", 6));

    Seek bySeq =
        PageRequest.of(LIST, 5, Cursor.of(LIST, 42L).encode())
            .seek(SortKey.descending(number("seq")));
    assertThat(bySeq.and()).isEqualTo(" and seq < :after0");
    assertThat(bySeq.params()).containsExactly(entry("after0", 42L), entry("fetch", 6));
  }

  @Test
  void aSortKeyTakesOnlyPlainColumnNamesBecauseTheyAreWrittenIntoTheSql() {
    for (String name : List.of("", "id; drop table pets", "id desc", "(id)", "Id")) {
      assertThatThrownBy(() -> uuid(name)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(instant("b.created_at").name()).isEqualTo("b.created_at");
  }

  private static String encode(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertBadRequest(Runnable call, String parameter) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ApiProblem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.BAD_REQUEST))
        .hasMessageContaining("'" + parameter + "'");
  }
}
