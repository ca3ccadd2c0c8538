package io.pawkeep.home;

import io.pawkeep.businesses.Businesses;
import io.pawkeep.households.Households;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.PageRequest;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /}: the sign-in page for a stranger, the person's home for someone signed in, listing
 * their households and businesses through the same facades as the API.
 */
@Controller
class HomePages {

  private final CurrentUser currentUser;
  private final Households households;
  private final Businesses businesses;

  HomePages(CurrentUser currentUser, Households households, Businesses businesses) {
    this.currentUser = currentUser;
    this.households = households;
    this.businesses = businesses;
  }

  @GetMapping("/")
  String home(Model model) {
    if (!currentUser.isSignedIn()) {
      return "forward:/sign-in";
    }
    UUID me = currentUser.userId();
    model.addAttribute(
        "households", households.mine(me, PageRequest.of("households", null, null)).items());
    model.addAttribute(
        "businesses", businesses.mine(me, PageRequest.of("businesses", null, null)).items());
    return "home/home";
  }
}
