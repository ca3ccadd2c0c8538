package io.pawkeep.watch;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Alerts for operators (LOG-3); platform administrators with a second factor only. */
@RestController
@RequestMapping("/api/v1/admin/alerts")
class AlertController {

  private final Alerts alerts;
  private final CurrentUser currentUser;

  AlertController(Alerts alerts, CurrentUser currentUser) {
    this.alerts = alerts;
    this.currentUser = currentUser;
  }

  @Operation(summary = "Alerts raised by the anomaly rules, newest first (platform admin)")
  @GetMapping
  Page<Alert> list(
      @RequestParam(defaultValue = "open") String state,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return alerts.list(state, PageRequest.of("alerts", limit, cursor));
  }

  @Operation(summary = "Close an open alert (platform admin). Audited")
  @PostMapping("/{id}/close")
  Alert close(@PathVariable UUID id) {
    return alerts.close(currentUser.userId(), id);
  }
}
