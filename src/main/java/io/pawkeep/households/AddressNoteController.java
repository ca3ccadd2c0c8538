package io.pawkeep.households;

import io.pawkeep.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The household's address note: directions for visiting staff (members read, owners write). */
@RestController
class AddressNoteController {

  record Note(@Size(max = AddressNotes.MAX_LENGTH) String note) {}

  private final AddressNotes notes;
  private final CurrentUser currentUser;

  AddressNoteController(AddressNotes notes, CurrentUser currentUser) {
    this.notes = notes;
    this.currentUser = currentUser;
  }

  @Operation(summary = "The household's address note for visiting staff (members)")
  @GetMapping("/api/v1/households/{id}/address-note")
  Map<String, String> get(@PathVariable UUID id) {
    Map<String, String> body = new HashMap<>();
    body.put("note", notes.of(currentUser.userId(), id));
    return body;
  }

  @Operation(summary = "Replace the household's address note; empty clears it (owners)")
  @PutMapping("/api/v1/households/{id}/address-note")
  Map<String, String> put(@PathVariable UUID id, @Valid @RequestBody Note body) {
    UUID me = currentUser.userId();
    notes.write(me, id, body.note());
    Map<String, String> answer = new HashMap<>();
    answer.put("note", notes.of(me, id));
    return answer;
  }
}
