package io.pawkeep.clinical;

import io.pawkeep.businesses.Businesses;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.UtcTimes;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A clinic's patients (medical.read or medical.write; AUTHZ-5) and its controlled-substance log
 * with the running balances (controlled.log.read, every read audited; DOM-7), through the same
 * facades as the API: someone off the clinic's staff gets the 404 page, staff without the
 * permission the 403 page.
 */
@Controller
class ClinicPages {

  private final Patients patients;
  private final Prescriptions prescriptions;
  private final Businesses businesses;
  private final CurrentUser currentUser;

  private final UtcTimes times;

  ClinicPages(
      Patients patients,
      Prescriptions prescriptions,
      Businesses businesses,
      CurrentUser currentUser,
      UtcTimes times) {
    this.times = times;
    this.patients = patients;
    this.prescriptions = prescriptions;
    this.businesses = businesses;
    this.currentUser = currentUser;
  }

  @GetMapping("/clinic/{businessId}")
  String patients(
      @PathVariable UUID businessId, @RequestParam(required = false) String cursor, Model model) {
    UUID me = currentUser.userId();
    model.addAttribute(
        "patients", patients.of(me, businessId, PageRequest.of("patients", null, cursor)));
    model.addAttribute("clinic", businesses.get(me, businessId));
    Set<String> permissions = businesses.permissionsOf(me, businessId);
    model.addAttribute("mayReadLog", permissions.contains("controlled.log.read"));
    return "clinical/patients";
  }

  @GetMapping("/clinic/{businessId}/controlled-log")
  String controlledLog(
      @PathVariable UUID businessId,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String balances,
      Model model) {
    UUID me = currentUser.userId();
    model.addAttribute(
        "log", prescriptions.log(me, businessId, PageRequest.of("controlled-log", null, cursor)));
    model.addAttribute(
        "balances",
        prescriptions.balances(
            me, businessId, PageRequest.of("controlled-balances", null, balances)));
    model.addAttribute("clinic", businesses.get(me, businessId));
    model.addAttribute("times", times.in(ClinicForms.TIMES));
    return "clinical/controlled-log";
  }
}
