package io.pawkeep.privacy;

import io.pawkeep.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Breach reports for operators (PRIV-4): JSON, or plain text with {@code Accept: text/plain} or
 * {@code format=text}. Platform administrators with a second factor only; every report is audited.
 */
@RestController
@RequestMapping("/api/v1/admin/breach-report")
class BreachReportController {

  private final BreachReports reports;
  private final CurrentUser currentUser;

  BreachReportController(BreachReports reports, CurrentUser currentUser) {
    this.reports = reports;
    this.currentUser = currentUser;
  }

  @Operation(
      summary =
          "Who and what an incident window touched, from the audit trail, with the fields of a"
              + " GDPR Art. 33 notification (platform admin). Audited")
  @GetMapping(produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE})
  ResponseEntity<?> report(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String account,
      @RequestParam(required = false) String address,
      @RequestParam(required = false) String format,
      @RequestHeader(value = "Accept", required = false) String accept) {
    BreachCriteria criteria =
        BreachCriteria.parse(from, to, actor, account, address, reports.settings().maxWindow());
    BreachReport report = reports.forOperator(currentUser.userId(), criteria);
    boolean text =
        "text".equals(format)
            || (format == null
                && accept != null
                && accept.contains(MediaType.TEXT_PLAIN_VALUE)
                && !accept.contains(MediaType.APPLICATION_JSON_VALUE));
    if (text) {
      return ResponseEntity.ok()
          .contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
          .header("Cache-Control", "no-store")
          .body(BreachReportText.of(report));
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .header("Cache-Control", "no-store")
        .body(report);
  }
}
