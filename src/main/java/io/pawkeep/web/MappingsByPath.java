package io.pawkeep.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The application's request mappings arranged by the segments of their paths, so that a request's
 * path names the few mappings that could match it instead of every mapping being tried.
 *
 * <p>The candidates are never fewer than the mappings whose path matches: a segment this class does
 * not read exactly (a variable, a wildcard, an escape) stands for any one segment; a pattern it
 * does not read at all, or a mapping without a path condition, is a candidate for every path; and a
 * request path it does not read plainly (empty segments, a trailing slash) answers {@code null},
 * meaning every mapping is a candidate. Literal segments are compared as the path patterns compare
 * them: case-sensitively, with the request segment decoded and without its matrix variables.
 */
final class MappingsByPath {

  private final Node root = new Node();
  private final List<RequestMappingInfo> everywhere = new ArrayList<>();
  private final Map<RequestMappingInfo, HandlerMethod> handlers;

  private MappingsByPath(Map<RequestMappingInfo, HandlerMethod> handlers) {
    this.handlers = new IdentityHashMap<>(handlers);
  }

  /** The index of {@code handlers}' mappings (their paths parsed case-sensitively). */
  static MappingsByPath of(Map<RequestMappingInfo, HandlerMethod> handlers) {
    MappingsByPath index = new MappingsByPath(handlers);
    handlers.keySet().forEach(index::add);
    return index;
  }

  /** The handler registered for {@code mapping}, one of the candidates this index answered. */
  HandlerMethod handler(RequestMappingInfo mapping) {
    return handlers.get(mapping);
  }

  /**
   * The mappings whose path could match {@code path}, each once, or {@code null} when every mapping
   * is a candidate.
   */
  List<RequestMappingInfo> candidates(PathContainer path) {
    List<String> segments = segments(path);
    if (segments == null) {
      return null;
    }
    List<RequestMappingInfo> found = new ArrayList<>(everywhere);
    collect(root, segments, 0, found);
    return found;
  }

  private void add(RequestMappingInfo mapping) {
    PathPatternsRequestCondition paths = mapping.getPathPatternsCondition();
    if (paths == null) {
      everywhere.add(mapping);
      return;
    }
    for (PathPattern pattern : paths.getPatterns()) {
      add(mapping, pattern.getPatternString());
    }
  }

  private void add(RequestMappingInfo mapping, String pattern) {
    if (pattern.equals("/")) {
      root.ending.add(mapping);
      return;
    }
    if (!pattern.startsWith("/") || pattern.endsWith("/")) {
      everywhere.add(mapping);
      return;
    }
    Node node = root;
    String[] segments = pattern.substring(1).split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty()) {
        everywhere.add(mapping);
        return;
      }
      if (segment.startsWith("{*") || segment.indexOf('*') >= 0 || segment.indexOf('?') >= 0) {
        // A capture of the rest of the path, or a wildcard this index does not read: the pattern
        // may match this node's path and anything below it.
        node.below.add(mapping);
        return;
      }
      node = literal(segment) ? node.literal.computeIfAbsent(segment, s -> new Node()) : node.any();
    }
    node.ending.add(mapping);
  }

  /** A segment compared as written: no variable, wildcard, escape or matrix variable in it. */
  private static boolean literal(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '{' || c == '}' || c == '%' || c == ';' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static void collect(
      Node node, List<String> segments, int at, List<RequestMappingInfo> found) {
    addOnce(node.below, found);
    if (at == segments.size()) {
      addOnce(node.ending, found);
      return;
    }
    Node literal = node.literal.get(segments.get(at));
    if (literal != null) {
      collect(literal, segments, at + 1, found);
    }
    if (node.any != null) {
      collect(node.any, segments, at + 1, found);
    }
  }

  private static void addOnce(List<RequestMappingInfo> mappings, List<RequestMappingInfo> found) {
    for (RequestMappingInfo mapping : mappings) {
      boolean seen = false;
      for (RequestMappingInfo already : found) {
        seen |= already == mapping;
      }
      if (!seen) {
        found.add(mapping);
      }
    }
  }

  /**
   * The path's segments as the patterns match them, or {@code null} for a path this index does not
   * read plainly: empty, without a leading slash, with an empty segment or a trailing slash.
   */
  private static List<String> segments(PathContainer path) {
    List<PathContainer.Element> elements = path.elements();
    if (elements.size() == 1 && elements.getFirst() instanceof PathContainer.Separator) {
      return List.of();
    }
    if (elements.isEmpty() || elements.size() % 2 != 0) {
      return null;
    }
    List<String> segments = new ArrayList<>(elements.size() / 2);
    for (int i = 0; i < elements.size(); i += 2) {
      if (!(elements.get(i) instanceof PathContainer.Separator)
          || !(elements.get(i + 1) instanceof PathContainer.PathSegment segment)
          || segment.valueToMatch().isEmpty()) {
        return null;
      }
      segments.add(segment.valueToMatch());
    }
    return segments;
  }

  /** The mappings under one path prefix. */
  private static final class Node {
    final Map<String, Node> literal = new HashMap<>();
    final List<RequestMappingInfo> ending = new ArrayList<>();
    final List<RequestMappingInfo> below = new ArrayList<>();
    Node any;

    Node any() {
      if (any == null) {
        any = new Node();
      }
      return any;
    }
  }
}
