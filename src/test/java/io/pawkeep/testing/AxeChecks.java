package io.pawkeep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The page states axe-core passed in this test run, so that a state many tests reach is checked
 * once, not once per navigation (axe takes 0.5 to 1 s a page). A state is the page's route (its
 * path with ids and tokens replaced), the viewport, and a fingerprint of everything in the document
 * that axe's WCAG rules read: each element's tag, its attributes (the values of those that carry
 * structure, such as class, role, type, the aria states and the ids that labels and descriptions
 * point to; whether the others are empty), whether it holds text of its own, plus how many ids are
 * duplicated and how many references point nowhere. Runs of identical siblings (rows of a list)
 * count as one, so a list of 3 and a list of 50 of the same rows are one state. What the person
 * typed or the data's words are not in it: they change no rule's outcome on our own markup. Only
 * passes are remembered, so a failing page fails every test that reaches it.
 *
 * <p>{@code -Dpawkeep.axe.every-page=true} checks every page again, as the harness did before.
 *
 * <p>It also remembers which routes of the application passed axe with a 2xx answer, for {@link
 * AxeCoverageBrowserTests}, which fails a run of the browser tests that leaves a page unchecked.
 * The build runs the tests in two JVMs at once and the coverage check after both ({@code pom.xml}):
 * each JVM writes its routes to the file {@code pawkeep.axe.routes-file} names, and the check reads
 * every file in the folder {@code pawkeep.axe.routes-dir} names (the same build's folder).
 */
final class AxeChecks {

  /** Returns the page's fingerprint (see the class comment) as one string. */
  static final String FINGERPRINT =
      """
      const TEXT_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription',
          'aria-valuetext', 'aria-placeholder', 'aria-braillelabel', 'aria-keyshortcuts']);
      const KEPT = new Set(['class', 'role', 'type', 'id', 'for', 'lang', 'scope', 'headers',
          'autocomplete', 'dir', 'tabindex', 'name', 'rel', 'target', 'method', 'inputmode',
          'open', 'hidden', 'disabled', 'required', 'readonly', 'checked', 'selected', 'multiple',
          'colspan', 'rowspan', 'accesskey', 'autofocus', 'http-equiv', 'charset',
          'contenteditable', 'draggable', 'inert', 'popover', 'list', 'form', 'span', 'usemap']);
      const norm = (v) => v
          .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '#')
          .replace(/[A-Za-z0-9_-]{32,}/g, '#')
          .replace(/[0-9]+/g, '#');
      function sig(el) {
        const attrs = [];
        for (const a of el.attributes) {
          const n = a.name;
          const structural = KEPT.has(n) || n.startsWith('aria-')
              || (n === 'content' && el.getAttribute('name') === 'viewport');
          if (structural && !TEXT_ATTRIBUTES.has(n)) {
            attrs.push(n + '=' + norm(a.value));
          } else {
            attrs.push(n + (a.value.trim() ? '+' : '-'));
          }
        }
        attrs.sort();
        let s = el.tagName + '[' + attrs.join(' ') + ']';
        for (const c of el.childNodes) {
          if (c.nodeType === Node.TEXT_NODE && c.nodeValue.trim()) { s += 'T'; break; }
        }
        const kids = [];
        let previous = null;
        for (const c of el.children) {
          const k = sig(c);
          if (k !== previous) kids.push(k);
          previous = k;
        }
        return kids.length ? s + '(' + kids.join(',') + ')' : s;
      }
      const ids = new Map();
      for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
      let duplicated = 0;
      for (const n of ids.values()) if (n > 1) duplicated++;
      let dangling = 0;
      for (const el of document.querySelectorAll('[for], [headers], [aria-labelledby],'
          + ' [aria-describedby], [aria-controls], [aria-owns], [aria-errormessage],'
          + ' [aria-activedescendant], [aria-details], [aria-flowto], [list]')) {
        for (const name of ['for', 'headers', 'aria-labelledby', 'aria-describedby',
            'aria-controls', 'aria-owns', 'aria-errormessage', 'aria-activedescendant',
            'aria-details', 'aria-flowto', 'list']) {
          const value = el.getAttribute(name);
          if (value) for (const id of value.trim().split(/\\s+/)) if (!ids.has(id)) dangling++;
        }
      }
      const nav = performance.getEntriesByType('navigation')[0];
      return [sig(document.documentElement) + '|dup=' + duplicated + '|dangling=' + dangling,
          nav && nav.responseStatus ? nav.responseStatus : 0];
      """;

  private static final Pattern UUID_SEGMENT =
      Pattern.compile(
          "/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern TOKEN_SEGMENT = Pattern.compile("/[A-Za-z0-9_-]{32,}(?=/|$)");
  private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{[^}]+}");

  private static final boolean EVERY_PAGE = Boolean.getBoolean("pawkeep.axe.every-page");
  private static final Set<String> PASSED = ConcurrentHashMap.newKeySet();
  private static final Set<String> ROUTES_PASSED = ConcurrentHashMap.newKeySet();
  private static final AtomicLong RUN = new AtomicLong();
  private static final AtomicLong SKIPPED = new AtomicLong();
  private static final AtomicLong NANOS = new AtomicLong();
  private static final String ROUTES_FILE = System.getProperty("pawkeep.axe.routes-file", "");
  private static final String ROUTES_DIR = System.getProperty("pawkeep.axe.routes-dir", "");

  private AxeChecks() {}

  /**
   * The route of a path of the application: ids and tokens become {@code {}}, the query goes, as
   * {@link #route(String)} makes of a controller's template.
   */
  static String routeOfPath(String path) {
    String bare = path.replaceFirst("[?#].*$", "");
    bare = UUID_SEGMENT.matcher(bare).replaceAll("/{}");
    bare = TOKEN_SEGMENT.matcher(bare).replaceAll("/{}");
    return bare.isEmpty() ? "/" : bare;
  }

  /** The route of a controller's path template ({@code /pets/{petId}} is {@code /pets/{}}). */
  static String route(String template) {
    return TEMPLATE_VARIABLE.matcher(template).replaceAll("{}");
  }

  /** A page state's key: where, at which size, and the fingerprint's SHA-256. */
  static String key(String origin, String route, Browser.Viewport viewport, String fingerprint) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
      return origin + route + " " + viewport + " " + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether axe already passed this state in this run (and is not asked to check every page). */
  static boolean passedBefore(String key) {
    if (!EVERY_PAGE && PASSED.contains(key)) {
      SKIPPED.incrementAndGet();
      return true;
    }
    RUN.incrementAndGet();
    return false;
  }

  static void took(long nanos) {
    NANOS.addAndGet(nanos);
  }

  static void passed(String key) {
    PASSED.add(key);
  }

  /** Records that a route of the application answered 2xx and its page passed axe. */
  static void routePassed(String route) {
    if (ROUTES_PASSED.add(route) && !ROUTES_FILE.isEmpty()) {
      append(Path.of(ROUTES_FILE), route);
    }
  }

  private static synchronized void append(Path file, String route) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file,
          route + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not record the route axe passed", e);
    }
  }

  /**
   * The routes of the application whose page passed axe so far in this run: in this JVM, and in
   * every JVM of the build that wrote to the routes folder.
   */
  static Set<String> routesPassed() {
    Set<String> routes = new TreeSet<>(ROUTES_PASSED);
    if (!ROUTES_DIR.isEmpty() && Files.isDirectory(Path.of(ROUTES_DIR))) {
      try (Stream<Path> files = Files.list(Path.of(ROUTES_DIR))) {
        for (Path file : files.toList()) {
          routes.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not read the routes axe passed", e);
      }
    }
    return routes;
  }

  /** How many checks ran and how many were repeats left out, for the run's log. */
  static String summary() {
    return "axe-core checks: %d run in %.1f s, %d repeats of a checked state left out"
        .formatted(RUN.get(), NANOS.get() / 1e9, SKIPPED.get());
  }
}
