package io.pawkeep.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives the browser's content security policy violation reports (HARD-2), in the old {@code
 * report-uri} form and the Reporting API's: each is counted ({@code pawkeep.csp.violations}, by
 * directive) and logged without its query strings or anything else a page's address could carry. A
 * report is read up to 8 KB; logging is limited to 60 reports a minute, so a flood costs little.
 * Open to anyone and exempt from CSRF: it changes nothing.
 */
@Hidden
@RestController
class CspReports {

  private static final Logger log = LoggerFactory.getLogger(CspReports.class);
  private static final int MAX_BYTES = 8 * 1024;
  private static final int LOGGED_PER_MINUTE = 60;
  private static final int MAX_FIELD = 200;
  private static final Set<String> DIRECTIVES =
      Set.of(
          "default-src",
          "script-src",
          "script-src-elem",
          "script-src-attr",
          "style-src",
          "style-src-elem",
          "style-src-attr",
          "img-src",
          "connect-src",
          "font-src",
          "object-src",
          "base-uri",
          "frame-ancestors",
          "form-action",
          "frame-src",
          "media-src",
          "worker-src",
          "manifest-src");

  private final MeterRegistry meters;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicReference<Instant> window = new AtomicReference<>(Instant.EPOCH);
  private final AtomicInteger logged = new AtomicInteger();

  CspReports(MeterRegistry meters, Clock clock) {
    this.meters = meters;
    this.clock = clock;
  }

  @PostMapping(ContentSecurityPolicyFilter.REPORT_PATH)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void report(HttpServletRequest request) throws IOException {
    JsonNode body;
    try (InputStream in = request.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        meters.counter("pawkeep.csp.violations", "directive", "oversized").increment();
        return;
      }
      body = json.readTree(bytes);
    } catch (JacksonException e) {
      meters.counter("pawkeep.csp.violations", "directive", "unreadable").increment();
      return;
    }
    if (body.isArray()) {
      for (JsonNode report : body) {
        JsonNode b = report.path("body");
        record(b.path("effectiveDirective"), b.path("blockedURL"), b.path("documentURL"));
      }
    } else {
      JsonNode r = body.path("csp-report");
      JsonNode directive = r.path("effective-directive");
      record(
          directive.isMissingNode() ? r.path("violated-directive") : directive,
          r.path("blocked-uri"),
          r.path("document-uri"));
    }
  }

  private void record(JsonNode directiveNode, JsonNode blocked, JsonNode document) {
    String directive = directiveNode.asString("").trim();
    int space = directive.indexOf(' ');
    directive = space > 0 ? directive.substring(0, space) : directive;
    String tag = DIRECTIVES.contains(directive) ? directive : "other";
    meters.counter("pawkeep.csp.violations", "directive", tag).increment();
    if (mayLog()) {
      log.warn(
          "Content security policy violation: {} blocked {} on {}",
          tag,
          clean(blocked.asString("")),
          clean(document.asString("")));
    }
  }

  private boolean mayLog() {
    Instant now = clock.instant();
    Instant start = window.get();
    if (now.isAfter(start.plusSeconds(60)) && window.compareAndSet(start, now)) {
      logged.set(0);
    }
    return logged.incrementAndGet() <= LOGGED_PER_MINUTE;
  }

  /** An address without its query or fragment (they may hold tokens), bounded in length. */
  static String clean(String value) {
    int cut = value.length();
    for (char c : new char[] {'?', '#'}) {
      int at = value.indexOf(c);
      if (at >= 0 && at < cut) {
        cut = at;
      }
    }
    String kept = value.substring(0, Math.min(cut, MAX_FIELD));
    return kept.replaceAll("[^\\x20-\\x7E]", "?");
  }
}
