package io.pawkeep.visits;

import io.pawkeep.care.CareLog;
import io.pawkeep.security.CurrentUser;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The visit app's care sync on the browser session (DOM-6, AVAIL-3): the body and the answer of
 * {@code POST /api/v1/sync/care-actions}, through the same {@link CareLog#sync}, so a replayed item
 * is a duplicate stored once. The pages' CSRF rule applies: the app reads a fresh token from {@code
 * /visits/csrf} before each flush and sends it in the {@code X-CSRF-TOKEN} header. Without a live
 * session both answer the 401 problem, with a wrong token the 403 problem (never the sign-in page),
 * so the app keeps its outbox.
 */
@RestController
class VisitSync {

  record Csrf(String headerName, String token) {}

  private final CareLog careLog;
  private final CurrentUser currentUser;

  VisitSync(CareLog careLog, CurrentUser currentUser) {
    this.careLog = careLog;
    this.currentUser = currentUser;
  }

  /** The masked token of the session's CSRF cookie (a new one each time; all stay valid). */
  @GetMapping("/visits/csrf")
  ResponseEntity<Csrf> csrf(CsrfToken token) {
    currentUser.userId(); // a session is required (the chain already asked for one)
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(new Csrf(token.getHeaderName(), token.getToken()));
  }

  @PostMapping("/visits/sync")
  ResponseEntity<Map<String, List<CareLog.SyncOutcome>>> sync(
      @Valid @RequestBody CareLog.SyncBatch body) {
    List<CareLog.SyncOutcome> results = careLog.sync(currentUser.userId(), body.items());
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(Map.of("results", results));
  }
}
