package io.pawkeep.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.AccessMatrix;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/**
 * The people of the household matrices: a household's owner, a member, a sitter inside their
 * sitting window and one outside it, a stranger, another household's owner, and a caller without a
 * token. Households made here give each of them their role.
 */
abstract class HouseholdMatrixFixture extends ApiTestSupport {

  protected static final String OWNER = "owner";
  protected static final String MEMBER = "member";
  protected static final String SITTER_INSIDE = "sitterInside";
  protected static final String SITTER_OUTSIDE = "sitterOutside";
  protected static final String STRANGER = "stranger";
  protected static final String OTHER_OWNER = "otherOwner";
  protected static final String ANONYMOUS = "anonymous";

  protected final Map<String, User> people = new LinkedHashMap<>();
  protected final Map<String, String> userIds = new LinkedHashMap<>();

  @BeforeEach
  void signInEveryCaller() {
    for (String caller :
        new String[] {OWNER, MEMBER, SITTER_INSIDE, SITTER_OUTSIDE, STRANGER, OTHER_OWNER}) {
      User user = signedInUser(caller.toLowerCase());
      people.put(caller, user);
      userIds.put(caller, userId(user));
    }
    createHousehold(people.get(OTHER_OWNER), "Elsewhere");
  }

  /** The table, with every caller's token registered. */
  protected AccessMatrix matrix(String table) {
    AccessMatrix matrix = AccessMatrix.of(table).caller(ANONYMOUS, null);
    people.forEach((caller, user) -> matrix.caller(caller, user.accessToken()));
    return matrix;
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
    ApiClient.Response r = api.send(method, path, body, people.get(OWNER).accessToken(), Map.of());
    assertThat(r.status()).as(method + " " + path + ": " + r.raw()).isEqualTo(status);
    return r;
  }

  /** The owner posts {@code body} to {@code path}; answers the id of what was created. */
  protected String ownerCreates(String path, Object body) {
    return asOwner("POST", path, body, 201).text("id");
  }

  private void sittingWindow(String id, String sitter, Instant from, Instant until) {
    asOwner(
        "PATCH",
        "/api/v1/households/" + id + "/members/" + userIds.get(sitter),
        Map.of("role", "sitter", "sittingFrom", from.toString(), "sittingUntil", until.toString()),
        204);
  }
}
