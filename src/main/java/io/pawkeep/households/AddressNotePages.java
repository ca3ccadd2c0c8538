package io.pawkeep.households;

import io.pawkeep.security.CurrentUser;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The household's address note page: every member reads it, owners change it (the same facade as
 * {@link AddressNoteController}); assigned staff read it in the visit app inside their window.
 * Another household answers the 404 page, a member who is not an owner the 403 page on saving.
 */
@Controller
class AddressNotePages {

  private final AddressNotes notes;
  private final Households households;
  private final CurrentUser currentUser;

  AddressNotePages(AddressNotes notes, Households households, CurrentUser currentUser) {
    this.notes = notes;
    this.households = households;
    this.currentUser = currentUser;
  }

  @GetMapping("/households/{id}/address-note")
  String show(@PathVariable UUID id, Model model) {
    UUID me = currentUser.userId();
    HouseholdView household = households.get(me, id);
    return page(model, household, notes.of(me, id), null);
  }

  @PostMapping("/households/{id}/address-note")
  String save(
      @PathVariable UUID id,
      @RequestParam(required = false) String note,
      Model model,
      HttpServletResponse response) {
    UUID me = currentUser.userId();
    HouseholdView household = households.get(me, id);
    String text = note == null ? "" : note.strip();
    if (text.length() > AddressNotes.MAX_LENGTH) {
      response.setStatus(400);
      return page(
          model,
          household,
          note,
          "The note can be at most " + AddressNotes.MAX_LENGTH + " characters.");
    }
    notes.write(me, id, text);
    return "redirect:/households/" + id + "/address-note?saved";
  }

  private static String page(Model model, HouseholdView household, String note, String error) {
    model.addAttribute("household", household);
    model.addAttribute("note", note);
    model.addAttribute("noteError", error);
    model.addAttribute("maxLength", AddressNotes.MAX_LENGTH);
    return "households/address-note";
  }
}
