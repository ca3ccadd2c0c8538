package io.pawkeep.households;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.security.PrivacyProperties;
import io.pawkeep.web.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Deleting a household and bringing it back (PRIV-2), through the same facade as the API: an owner
 * confirms by typing the household's name; the household is then gone for everyone and listed on
 * the owner's "Deleted households" page until its purge. Another household answers the 404 page, a
 * member who is not an owner the 403 page.
 */
@Controller
class HouseholdDeletionPages {

  private final Households households;
  private final CurrentUser currentUser;
  private final PrivacyProperties privacy;

  HouseholdDeletionPages(
      Households households, CurrentUser currentUser, PrivacyProperties privacy) {
    this.households = households;
    this.currentUser = currentUser;
    this.privacy = privacy;
  }

  @GetMapping("/households/{id}/delete")
  String confirm(@PathVariable UUID id, Model model) {
    return page(model, owned(id), "", null);
  }

  @PostMapping("/households/{id}/delete")
  String delete(
      @PathVariable UUID id,
      @RequestParam(required = false) String confirmName,
      Model model,
      HttpServletResponse response) {
    HouseholdView household = owned(id);
    String typed = confirmName == null ? "" : confirmName.strip();
    if (!typed.equals(household.name())) {
      response.setStatus(400);
      return page(model, household, confirmName, "Type the household's name exactly to delete it.");
    }
    households.delete(currentUser.userId(), id);
    return "redirect:/households/deleted?deleted";
  }

  @GetMapping("/households/deleted")
  String deleted(Model model) {
    model.addAttribute("deleted", households.deletedMine());
    model.addAttribute("undoDays", privacy.undoDays());
    return "households/deleted";
  }

  @PostMapping("/households/{id}/undo-deletion")
  String undo(@PathVariable UUID id) {
    households.undoDeletion(currentUser.userId(), id);
    return "redirect:/households/" + id;
  }

  private HouseholdView owned(UUID id) {
    HouseholdView household = households.get(currentUser.userId(), id);
    if (!household.isOwner()) {
      throw ApiProblem.forbidden("Only an owner of this household may delete it.");
    }
    return household;
  }

  private String page(Model model, HouseholdView household, String typed, String error) {
    model.addAttribute("household", household);
    model.addAttribute("confirmName", typed);
    model.addAttribute("confirmError", error);
    model.addAttribute("undoDays", privacy.undoDays());
    return "households/delete";
  }
}
