package io.pawkeep.privacy;

import io.pawkeep.accounts.Accounts;
import io.pawkeep.security.CurrentUser;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The household export as a file download from the browser (PRIV-1), for owners: the same facade
 * and document as {@link ExportController}, without access secrets. Not a REST handler, so a member
 * gets the 403 page and a stranger the 404 page. Every download is audited by the facade.
 */
@Controller
class ExportPages {

  private final HouseholdExport export;
  private final Accounts accounts;
  private final CurrentUser currentUser;
  private final JsonMapper json;

  ExportPages(HouseholdExport export, Accounts accounts, CurrentUser currentUser, JsonMapper json) {
    this.export = export;
    this.accounts = accounts;
    this.currentUser = currentUser;
    this.json = json;
  }

  @GetMapping("/households/{id}/export")
  ResponseEntity<byte[]> download(@PathVariable UUID id) {
    byte[] body =
        json.writeValueAsBytes(
            export.export(
                currentUser.userId(),
                id,
                false,
                accounts.sessionStartedAt(currentUser.sessionId())));
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename("household-" + id + "-export.json")
                .build()
                .toString())
        .body(body);
  }
}
