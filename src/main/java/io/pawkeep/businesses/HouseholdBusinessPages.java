package io.pawkeep.businesses;

import io.pawkeep.businesses.ClientRepository.HouseholdBusiness;
import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The businesses that see, or ask to see, a household (DOM-4), for its owners: grant, decline and
 * revoke, and the household's access review (LOG-4): the people and the businesses with the staff
 * who reach it. Same facades as {@link ClientController} and {@link AccessReviewController}; anyone
 * but an owner gets the 403 page, a stranger the 404 page.
 */
@Controller
class HouseholdBusinessPages {

  static final int PER_PAGE = 20;

  /** The direct-grant form as typed, with its error. */
  record GrantForm(String businessId, String error) {}

  private final ClientRelationships relationships;
  private final AccessReview reviews;
  private final Households households;
  private final CurrentUser currentUser;

  HouseholdBusinessPages(
      ClientRelationships relationships,
      AccessReview reviews,
      Households households,
      CurrentUser currentUser) {
    this.relationships = relationships;
    this.reviews = reviews;
    this.households = households;
    this.currentUser = currentUser;
  }

  @GetMapping("/households/{id}/businesses")
  String list(@PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
    return render(id, cursor, new GrantForm("", null), model);
  }

  @PostMapping("/households/{id}/businesses/{businessId}/grant")
  String grant(@PathVariable UUID id, @PathVariable UUID businessId) {
    relationships.grant(currentUser.userId(), id, businessId);
    return "redirect:/households/" + id + "/businesses";
  }

  @PostMapping("/households/{id}/businesses/{businessId}/revoke")
  String revoke(@PathVariable UUID id, @PathVariable UUID businessId) {
    relationships.revoke(currentUser.userId(), id, businessId);
    return "redirect:/households/" + id + "/businesses";
  }

  /** Grants a business by the id it gave the household (a business may be granted unasked). */
  @PostMapping("/households/{id}/businesses")
  String grantById(
      @PathVariable UUID id,
      @RequestParam(defaultValue = "") String businessId,
      HttpServletResponse response,
      Model model) {
    HouseholdView household = households.get(currentUser.userId(), id);
    if (!household.isOwner()) {
      throw ApiProblem.forbidden("Only an owner of this household may do this.");
    }
    UUID business;
    try {
      business = UUID.fromString(businessId.strip());
    } catch (IllegalArgumentException e) {
      business = null;
    }
    String error =
        business == null
            ? "Enter the business's id as it gave it to you, e.g."
                + " 0b7e6f3c-2f4a-4d1e-9c8b-5a6d7e8f9a0b."
            : null;
    if (business != null) {
      try {
        relationships.grant(currentUser.userId(), id, business);
        return "redirect:/households/" + id + "/businesses";
      } catch (ApiProblem problem) {
        if (problem.status() != HttpStatus.NOT_FOUND) {
          throw problem;
        }
        error = "No business has this id. Check it with the business.";
      }
    }
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    return render(id, null, new GrantForm(businessId, error), model);
  }

  private String render(UUID id, String cursor, GrantForm form, Model model) {
    UUID me = currentUser.userId();
    Page<HouseholdBusiness> page =
        relationships.businessesOf(
            me, id, PageRequest.of("household-businesses", PER_PAGE, cursor));
    model.addAttribute("household", households.get(me, id));
    model.addAttribute("businesses", page.items());
    model.addAttribute("next", page.next());
    model.addAttribute("review", reviews.household(me, id));
    model.addAttribute("form", form);
    return "businesses/household-businesses";
  }
}
