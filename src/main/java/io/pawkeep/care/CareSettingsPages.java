package io.pawkeep.care;

import io.pawkeep.businesses.BusinessView;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.security.CurrentUser;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /businesses/{id}/settings/tracks}: whether the business records walks' GPS tracks and
 * shares them with its clients. Everyone on the staff reads it; settings.manage changes it through
 * {@link CareLog#changeSettings}, the facade of {@code PUT /api/v1/businesses/{id}/care-settings}.
 */
@Controller
class CareSettingsPages {

  private final CareLog careLog;
  private final Businesses businesses;
  private final CurrentUser currentUser;

  CareSettingsPages(CareLog careLog, Businesses businesses, CurrentUser currentUser) {
    this.careLog = careLog;
    this.businesses = businesses;
    this.currentUser = currentUser;
  }

  @GetMapping("/businesses/{id}/settings/tracks")
  String tracks(@PathVariable UUID id, Model model) {
    UUID me = currentUser.userId();
    BusinessView business = businesses.get(me, id);
    model.addAttribute("business", business);
    model.addAttribute("settings", careLog.settings(me, id));
    model.addAttribute("canChange", business.permissions().contains("settings.manage"));
    return "care/track-settings";
  }

  @PostMapping("/businesses/{id}/settings/tracks")
  String change(
      @PathVariable UUID id,
      @RequestParam(required = false) String recordTracks,
      @RequestParam(required = false) String clientsSeeTracks) {
    boolean record = "true".equals(recordTracks);
    // Clients cannot see tracks that are not recorded.
    boolean share = record && "true".equals(clientsSeeTracks);
    careLog.changeSettings(currentUser.userId(), id, new CareLog.CareSettings(record, share));
    return "redirect:/businesses/" + id + "/settings/tracks";
  }
}
