package io.pawkeep.households;

import io.pawkeep.audit.RecordedEvent;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The household's audit trail, newest first, for its owners (LOG-1), with the export download. Same
 * facade as {@link HouseholdController#audit}: anyone else in the household gets the 403 page, a
 * stranger the 404 page.
 */
@Controller
class HouseholdAuditPages {

  static final int PER_PAGE = 50;

  private final Households households;
  private final CurrentUser currentUser;

  HouseholdAuditPages(Households households, CurrentUser currentUser) {
    this.households = households;
    this.currentUser = currentUser;
  }

  @GetMapping("/households/{id}/audit")
  String audit(@PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
    UUID me = currentUser.userId();
    Page<RecordedEvent> page =
        households.auditTrail(me, id, PageRequest.of("audit", PER_PAGE, cursor));
    Map<UUID, String> names = new HashMap<>();
    for (HouseholdMember m : households.members(me, id)) {
      names.put(m.userId(), m.displayName());
    }
    model.addAttribute("household", households.get(me, id));
    model.addAttribute("events", page.items());
    model.addAttribute("next", page.next());
    model.addAttribute("names", names);
    return "households/audit";
  }
}
