package io.pawkeep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An access matrix: a text table in which each line is a route and each column the status one kind
 * of caller must get, run cell by cell as dynamic tests ({@code GET /api/v1/pets/{pet} as stranger
 * -> 404}). Where a caller gets 404 for something that exists, the engine sends the same request
 * again with every id in its path, query and body replaced by a random one and requires the very
 * same answer (status, problem details less their per-request {@code instance}, and headers), so a
 * 404 tells an outsider nothing about what exists (STYLE rule 6).
 *
 * <pre>
 * | method | path                           | body   | owner | stranger | anonymous |
 * | GET    | /api/v1/households/{household} |        | 200   | 404      | 401       |
 * | POST   | /api/v1/households/{h}/pets    | newPet | 201   | 404      | 401       |
 * </pre>
 *
 * The first line names the columns: {@code method}, {@code path}, {@code body}, then one column per
 * caller. A {@code {placeholder}} in a path is an id the test registers with {@link #id}, either
 * once or afresh for every cell (a target of its own for destructive routes, so one caller's
 * success never changes what the next one sees). A body is a name registered with {@link #body}.
 * Lines starting with {@code #} are comments. Cells run row by row, callers left to right.
 */
public final class AccessMatrix {

  /** One cell being run: its caller, and the ids resolved for it (each resolved once per cell). */
  public static final class Cell {
    private final String caller;
    private final Map<String, String> ids = new HashMap<>();
    private final AccessMatrix matrix;

    private Cell(AccessMatrix matrix, String caller) {
      this.matrix = matrix;
      this.caller = caller;
    }

    public String caller() {
      return caller;
    }

    /** The value of {@code placeholder} for this cell. */
    public String id(String placeholder) {
      String value = ids.get(placeholder);
      if (value == null) {
        Function<Cell, String> resolver = matrix.ids.get(placeholder);
        if (resolver == null) {
          throw new IllegalStateException("No id registered for {" + placeholder + "}");
        }
        value = resolver.apply(this);
        ids.put(placeholder, value);
      }
      return value;
    }
  }

  /** An answer, reduced to what must not differ between an existing and a missing id. */
  record Answer(int status, Object body, Map<String, List<String>> headers) {}

  private record Row(String method, String path, String body, List<Integer> expected) {
    String route() {
      return method + " " + path + (body == null ? "" : " with " + body);
    }
  }

  private static final Pattern UUID_PATTERN =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9-]*)}");
  private static final List<String> FIXED_COLUMNS = List.of("method", "path", "body");

  /** Problem fields that name the request itself rather than what it asked for. */
  private static final Set<String> PER_REQUEST_FIELDS = Set.of("instance");

  /** Headers that differ from one answer to the next whatever was asked. */
  private static final Set<String> PER_REQUEST_HEADERS =
      Set.of("date", "content-length", "connection", "keep-alive", "transfer-encoding");

  private final List<String> callers;
  private final List<Row> rows;
  private final Map<String, String> tokens = new HashMap<>();
  private final Map<String, Function<Cell, String>> ids = new HashMap<>();
  private final Map<String, Function<Cell, Object>> bodies = new HashMap<>();
  private boolean everyNotFoundAlike;
  private Answer firstNotFound;

  private AccessMatrix(List<String> callers, List<Row> rows) {
    this.callers = callers;
    this.rows = rows;
  }

  /** Parses a table; fails on a malformed line. */
  public static AccessMatrix of(String table) {
    List<String> callers = null;
    List<Row> rows = new ArrayList<>();
    for (String line : table.strip().split("\n")) {
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#") || text.matches("\\|[\\s|:-]+\\|")) {
        continue;
      }
      List<String> cells = cells(text);
      if (callers == null) {
        if (!cells.subList(0, Math.min(3, cells.size())).equals(FIXED_COLUMNS)) {
          throw new IllegalArgumentException("The first line must name method|path|body: " + line);
        }
        callers = List.copyOf(cells.subList(3, cells.size()));
        continue;
      }
      if (cells.size() != FIXED_COLUMNS.size() + callers.size()) {
        throw new IllegalArgumentException(
            "Expected " + (3 + callers.size()) + " columns, not " + cells.size() + ": " + line);
      }
      List<Integer> expected =
          cells.subList(3, cells.size()).stream().map(AccessMatrix::status).toList();
      String body = cells.get(2).isEmpty() || cells.get(2).equals("-") ? null : cells.get(2);
      rows.add(new Row(cells.get(0), cells.get(1), body, expected));
    }
    if (callers == null || rows.isEmpty()) {
      throw new IllegalArgumentException("A matrix needs a header line and at least one route");
    }
    return new AccessMatrix(callers, rows);
  }

  /** The caller of one column signs its requests with {@code accessToken}; null for none. */
  public AccessMatrix caller(String name, String accessToken) {
    if (!callers.contains(name)) {
      throw new IllegalArgumentException("No column for caller " + name + " in " + callers);
    }
    tokens.put(name, accessToken);
    return this;
  }

  /** {@code {placeholder}} is the same id in every cell. */
  public AccessMatrix id(String placeholder, String value) {
    return id(placeholder, cell -> value);
  }

  /** {@code {placeholder}} is resolved afresh for every cell, e.g. a target created just for it. */
  public AccessMatrix id(String placeholder, Function<Cell, String> perCell) {
    ids.put(placeholder, perCell);
    return this;
  }

  /** The body named {@code name}, the same in every cell. */
  public AccessMatrix body(String name, Object body) {
    return body(name, cell -> body);
  }

  /** The body named {@code name}, built afresh for every cell. */
  public AccessMatrix body(String name, Function<Cell, Object> perCell) {
    bodies.put(name, perCell);
    return this;
  }

  /**
   * Also requires every 404 of the table to carry the same problem, whichever route answered it: a
   * missing pet and a missing business are told apart by nothing but the path.
   */
  public AccessMatrix everyNotFoundAlike() {
    everyNotFoundAlike = true;
    return this;
  }

  /** How many route x caller cells the table holds. */
  public int cells() {
    return rows.size() * callers.size();
  }

  /** One test per cell, named like {@code GET /api/v1/pets/{pet} as stranger -> 404}, in order. */
  public Stream<DynamicTest> tests(ApiClient api) {
    checkComplete();
    return rows.stream()
        .flatMap(
            row ->
                callers.stream()
                    .map(
                        caller -> {
                          int expected = row.expected().get(callers.indexOf(caller));
                          return DynamicTest.dynamicTest(
                              row.route() + " as " + caller + " -> " + expected,
                              () -> run(api, row, caller, expected));
                        }));
  }

  private void run(ApiClient api, Row row, String caller, int expected) {
    Cell cell = new Cell(this, caller);
    String path = resolve(row.path(), cell);
    Object body = row.body() == null ? null : bodies.get(row.body()).apply(cell);
    ApiClient.Response r = api.send(row.method(), path, body, tokens.get(caller), Map.of());
    String request = row.method() + " " + path + " as " + caller;
    assertThat(r.status()).as(request + " answered " + r.raw()).isEqualTo(expected);
    if (expected != 404) {
      return;
    }
    String missingPath = randomIds(path);
    // An upload's file is sent again as it is: the ids it names are in the path.
    boolean upload = body instanceof ApiClient.Multipart;
    String payload = body == null || upload ? null : ApiClient.JSON.writeValueAsString(body);
    String missingPayload = payload == null ? null : randomIds(payload);
    assertThat(missingPath.equals(path) && Objects.equals(missingPayload, payload))
        .as(request + ": no id to replace, so a 404 cannot be compared with a missing id's")
        .isFalse();
    ApiClient.Response missing =
        api.send(
            row.method(),
            missingPath,
            upload ? body : missingPayload,
            tokens.get(caller),
            Map.of());
    Answer answer = answer(r);
    assertThat(answer)
        .as(request + " must answer exactly like " + row.method() + " " + missingPath)
        .isEqualTo(answer(missing));
    if (everyNotFoundAlike) {
      if (firstNotFound == null) {
        firstNotFound = answer;
      }
      assertThat(answer.body())
          .as(request + " like every other 404")
          .isEqualTo(firstNotFound.body());
    }
  }

  /** The answer less what names the request itself. */
  static Answer answer(ApiClient.Response r) {
    Object body = r.raw();
    if (r.raw() != null && r.raw().startsWith("{")) {
      JsonNode json = r.json();
      body = ((ObjectNode) json).without(PER_REQUEST_FIELDS);
    }
    Map<String, List<String>> headers = new TreeMap<>();
    r.headers()
        .map()
        .forEach(
            (name, values) -> {
              String key = name.toLowerCase(Locale.ROOT);
              if (!key.startsWith(":") && !PER_REQUEST_HEADERS.contains(key)) {
                headers.put(key, values);
              }
            });
    return new Answer(r.status(), body, headers);
  }

  /** {@code text} with each distinct id replaced by a random one, the same one each time. */
  private static String randomIds(String text) {
    Map<String, String> replacements = new LinkedHashMap<>();
    return UUID_PATTERN
        .matcher(text)
        .replaceAll(
            m -> replacements.computeIfAbsent(m.group(), id -> UUID.randomUUID().toString()));
  }

  private String resolve(String template, Cell cell) {
    Matcher m = PLACEHOLDER.matcher(template);
    return m.replaceAll(match -> Matcher.quoteReplacement(cell.id(match.group(1))));
  }

  /** Fails before any request when a column, id or body was not registered. */
  private void checkComplete() {
    List<String> missing = new ArrayList<>();
    callers.stream().filter(c -> !tokens.containsKey(c)).forEach(c -> missing.add("caller " + c));
    for (Row row : rows) {
      Matcher m = PLACEHOLDER.matcher(row.path());
      while (m.find()) {
        if (!ids.containsKey(m.group(1))) {
          missing.add("id {" + m.group(1) + "} of " + row.route());
        }
      }
      if (row.body() != null && !bodies.containsKey(row.body())) {
        missing.add("body " + row.body() + " of " + row.route());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("The matrix lacks " + String.join(", ", missing));
    }
  }

  private static List<String> cells(String line) {
    if (!line.startsWith("|") || !line.endsWith("|")) {
      throw new IllegalArgumentException("A matrix line starts and ends with |: " + line);
    }
    return Stream.of(line.substring(1, line.length() - 1).split("\\|", -1))
        .map(String::strip)
        .toList();
  }

  private static int status(String cell) {
    if (!cell.matches("[1-5][0-9][0-9]")) {
      throw new IllegalArgumentException("Not a status: " + cell);
    }
    return Integer.parseInt(cell);
  }
}
