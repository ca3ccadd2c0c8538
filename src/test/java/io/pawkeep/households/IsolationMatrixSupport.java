package io.pawkeep.households;

import static io.pawkeep.households.IsolationMatrixSupport.Caller.MEMBER;
import static io.pawkeep.households.IsolationMatrixSupport.Caller.OTHER_OWNER;
import static io.pawkeep.households.IsolationMatrixSupport.Caller.OWNER;
import static io.pawkeep.households.IsolationMatrixSupport.Caller.SITTER_INSIDE;
import static io.pawkeep.households.IsolationMatrixSupport.Caller.SITTER_OUTSIDE;
import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The isolation matrix: every route is called by every kind of caller and must answer the status
 * that caller's role allows; every 404 must be exactly the answer to a missing id, so a stranger
 * learns nothing about what exists.
 */
abstract class IsolationMatrixSupport extends ApiTestSupport {

  /** The kinds of caller, in the order of each row's expected statuses. */
  enum Caller {
    OWNER,
    MEMBER,
    SITTER_INSIDE,
    SITTER_OUTSIDE,
    STRANGER,
    OTHER_OWNER
  }

  /** One request, prepared for one caller. */
  record Call(String method, String path, Object body) {}

  /** A route, how to prepare its request for a caller, and the status each caller must get. */
  record Row(String route, Function<Caller, Call> call, int... expected) {
    Row {
      assertThat(expected).as(route).hasSize(Caller.values().length);
    }
  }

  private static final Pattern UUID_PATTERN =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  protected final Map<Caller, User> people = new EnumMap<>(Caller.class);
  protected final Map<Caller, String> userIds = new EnumMap<>(Caller.class);

  @BeforeEach
  void signInEveryCaller() {
    for (Caller caller : Caller.values()) {
      User user = signedInUser(caller.name().toLowerCase());
      people.put(caller, user);
      userIds.put(caller, userId(user));
    }
    createHousehold(people.get(OTHER_OWNER), "Elsewhere");
  }

  /** A fresh household in which owner, member and both sitters have their roles and windows. */
  protected String household(String name) {
    User owner = people.get(OWNER);
    String id = createHousehold(owner, name);
    join(owner, id, people.get(MEMBER), "member");
    join(owner, id, people.get(SITTER_INSIDE), "sitter");
    join(owner, id, people.get(SITTER_OUTSIDE), "sitter");
    Instant now = clock.instant();
    sittingWindow(id, SITTER_INSIDE, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)));
    sittingWindow(id, SITTER_OUTSIDE, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
    return id;
  }

  /** The owner sends a request that must answer {@code status}; answers the response. */
  protected ApiClient.Response asOwner(String method, String path, Object body, int status) {
    ApiClient.Response r = send(new Call(method, path, body), OWNER);
    assertThat(r.status()).as(method + " " + path + ": " + r.raw()).isEqualTo(status);
    return r;
  }

  /** The owner posts {@code body} to {@code path}; answers the id of what was created. */
  protected String ownerCreates(String path, Object body) {
    return asOwner("POST", path, body, 201).text("id");
  }

  protected String userId(User user) {
    return api.get("/api/v1/me", user.accessToken()).text("id");
  }

  /**
   * Calls every row as every caller, collects each status that differs from the row's, and checks
   * that every 404 carries exactly the problem a missing id gets.
   */
  protected void assertEveryCallerGetsWhatItsRoleAllows(List<Row> rows) {
    List<String> wrong = new ArrayList<>();
    for (Row row : rows) {
      for (Caller caller : Caller.values()) {
        Call call = row.call().apply(caller);
        ApiClient.Response r = send(call, caller);
        int expected = row.expected()[caller.ordinal()];
        if (r.status() != expected) {
          wrong.add(row.route() + " as " + caller + ": " + r.status() + " instead of " + expected);
        } else if (expected == 404 && !problem(r).equals(missingIdProblem(call))) {
          wrong.add(row.route() + " as " + caller + ": a 404 unlike a missing id's: " + r.raw());
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  /** A row whose request is the same for every caller; ids in the path are shown as {id}. */
  protected static Row row(String method, String path, Object body, int[] expected) {
    Call call = new Call(method, path, body);
    String route = method + " " + UUID_PATTERN.matcher(path).replaceAll("{id}");
    return new Row(route, caller -> call, expected);
  }

  /** A row whose request is prepared afresh for each caller, on a target of its own. */
  protected static Row row(String route, Function<Caller, Call> call, int[] expected) {
    return new Row(route, call, expected);
  }

  protected static Row read(String path, int[] expected) {
    return row("GET", path, null, expected);
  }

  /** Everyone signed in gets {@code ok}. */
  protected static int[] anyoneSignedIn(int ok) {
    return statuses(ok, ok, ok, ok, ok, ok);
  }

  /** Owners, members and sitters (in or out of their window) read; outsiders see nothing. */
  protected static int[] householdReads() {
    return statuses(200, 200, 200, 200, 404, 404);
  }

  /** Owners and members write; sitters get 403; outsiders see nothing. */
  protected static int[] ownersAndMembers(int ok) {
    return statuses(ok, ok, 403, 403, 404, 404);
  }

  /** Only owners; members and sitters get 403; outsiders see nothing. */
  protected static int[] ownersOnly(int ok) {
    return statuses(ok, 403, 403, 403, 404, 404);
  }

  /** Owner, member, sitter inside, sitter outside, stranger, another household's owner. */
  protected static int[] statuses(int... byCaller) {
    return byCaller;
  }

  private ApiClient.Response send(Call call, Caller caller) {
    return api.send(
        call.method(), call.path(), call.body(), people.get(caller).accessToken(), Map.of());
  }

  /** The owner's answer to the same call with every id in its path replaced by a random one. */
  private JsonNode missingIdProblem(Call call) {
    String path = UUID_PATTERN.matcher(call.path()).replaceAll(m -> UUID.randomUUID().toString());
    ApiClient.Response r = send(new Call(call.method(), path, call.body()), OWNER);
    assertThat(r.status()).as(call.method() + " " + path).isEqualTo(404);
    return problem(r);
  }

  /** The problem details without {@code instance}, the one field that names the path. */
  private static JsonNode problem(ApiClient.Response r) {
    return ((ObjectNode) r.json()).without("instance");
  }

  private void sittingWindow(String id, Caller sitter, Instant from, Instant until) {
    asOwner(
        "PATCH",
        "/api/v1/households/" + id + "/members/" + userIds.get(sitter),
        Map.of("role", "sitter", "sittingFrom", from.toString(), "sittingUntil", until.toString()),
        204);
  }
}
