package io.pawkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

/**
 * The index names, for a request path, every mapping whose path could match it and few others; a
 * path it does not read plainly makes every mapping a candidate.
 */
class MappingsByPathTests {

  final Map<RequestMappingInfo, HandlerMethod> handlers = new LinkedHashMap<>();
  final RequestMappingInfo pets = add("/api/v1/households/{id}/pets");
  final RequestMappingInfo household = add("/api/v1/households/{id}");
  final RequestMappingInfo newHousehold = add("/households/new");
  final RequestMappingInfo anyHousehold = add("/households/{id}");
  final RequestMappingInfo bookings = add("/api/v1/bookings/{id}");
  final RequestMappingInfo home = add("/");
  final RequestMappingInfo document = add("/documents/{id}.pdf");
  final RequestMappingInfo assets = add("/assets/**");
  final RequestMappingInfo rest = add("/files/{*path}");
  final RequestMappingInfo oneLevel = add("/shelf/*/items");
  final RequestMappingInfo twoPaths = add("/a/{x}", "/a/b/c");
  final RequestMappingInfo noPath = RequestMappingInfo.paths().build();
  final MappingsByPath index;

  MappingsByPathTests() {
    handlers.put(noPath, handler());
    index = MappingsByPath.of(handlers);
  }

  @Test
  void aPathNamesTheMappingsWithItsShapeOnly() {
    assertThat(candidates("/api/v1/households/7/pets")).containsExactly(noPath, pets);
    assertThat(candidates("/api/v1/households/7")).containsExactly(noPath, household);
    assertThat(candidates("/api/v1/bookings/7")).containsExactly(noPath, bookings);
    assertThat(candidates("/api/v1/households")).containsExactly(noPath);
    assertThat(candidates("/")).containsExactly(noPath, home);
  }

  @Test
  void aLiteralSegmentAndAVariableAtTheSamePlaceAreBothCandidates() {
    assertThat(candidates("/households/new")).containsExactly(noPath, newHousehold, anyHousehold);
    assertThat(candidates("/households/9")).containsExactly(noPath, anyHousehold);
  }

  @Test
  void wildcardsAndCapturesOfTheRestStandForWhatTheyMayMatch() {
    assertThat(candidates("/documents/x.pdf")).containsExactly(noPath, document);
    assertThat(candidates("/assets")).containsExactly(noPath, assets);
    assertThat(candidates("/assets/css/site.css")).containsExactly(noPath, assets);
    assertThat(candidates("/files")).containsExactly(noPath, rest);
    assertThat(candidates("/files/a/b")).containsExactly(noPath, rest);
    assertThat(candidates("/shelf/3/items")).containsExactly(noPath, oneLevel);
  }

  @Test
  void aMappingWithTwoPathsIsNamedOnce() {
    assertThat(candidates("/a/b/c")).containsExactly(noPath, twoPaths);
    assertThat(candidates("/a/b")).containsExactly(noPath, twoPaths);
  }

  @Test
  void segmentsAreComparedDecodedWithoutMatrixVariablesAndCaseSensitively() {
    assertThat(candidates("/api/v1/house%68olds/7/pets")).containsExactly(noPath, pets);
    assertThat(candidates("/api;x=1/v1/households/7/pets")).containsExactly(noPath, pets);
    assertThat(candidates("/API/v1/households/7/pets")).containsExactly(noPath);
  }

  @Test
  void aPathNotReadPlainlyMakesEveryMappingACandidate() {
    assertThat(index.candidates(PathContainer.parsePath("/api/v1/households/7/"))).isNull();
    assertThat(index.candidates(PathContainer.parsePath("/api//households/7"))).isNull();
    assertThat(index.candidates(PathContainer.parsePath(""))).isNull();
    assertThat(index.candidates(PathContainer.parsePath("households"))).isNull();
  }

  @Test
  void everyMappingWhosePathMatchesIsACandidate() {
    List<String> paths =
        List.of(
            "/",
            "/households/new",
            "/households/x",
            "/households/new/x",
            "/documents/a.pdf",
            "/documents/a.png",
            "/assets",
            "/assets/a/b/c",
            "/files",
            "/files/a",
            "/files/a/b",
            "/shelf/1/items",
            "/shelf/items",
            "/a/b",
            "/a/b/c",
            "/a/new",
            "/api/v1/households/1",
            "/api/v1/households/1/pets",
            "/api/v1/households/new/pets",
            "/api/v1/bookings/1");
    int checked = 0;
    for (String path : paths) {
      PathContainer parsed = PathContainer.parsePath(path);
      List<RequestMappingInfo> candidates = index.candidates(parsed);
      for (RequestMappingInfo info : handlers.keySet()) {
        if (info.getPathPatternsCondition() != null
            && info.getPathPatternsCondition().getPatterns().stream()
                .anyMatch(p -> p.matches(parsed))) {
          assertThat(candidates).as("candidates for %s", path).contains(info);
          checked++;
        }
      }
    }
    assertThat(checked).as("matching pairs checked").isGreaterThan(15);
  }

  @Test
  void eachCandidateKnowsItsHandler() {
    assertThat(index.handler(pets)).isSameAs(handlers.get(pets));
  }

  private List<RequestMappingInfo> candidates(String path) {
    return index.candidates(PathContainer.parsePath(path));
  }

  private RequestMappingInfo add(String... paths) {
    RequestMappingInfo info = RequestMappingInfo.paths(paths).build();
    handlers.put(info, handler());
    return info;
  }

  private static HandlerMethod handler() {
    try {
      return new HandlerMethod(new Target(), Target.class.getMethod("run"));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A handler the mappings point at. */
  public static final class Target {
    public void run() {}
  }
}
