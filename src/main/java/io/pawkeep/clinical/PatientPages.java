package io.pawkeep.clinical;

import io.pawkeep.businesses.BusinessView;
import io.pawkeep.businesses.Businesses;
import io.pawkeep.clinical.ClinicForms.AddendumForm;
import io.pawkeep.clinical.ClinicForms.AdministerForm;
import io.pawkeep.clinical.ClinicForms.AmendForm;
import io.pawkeep.clinical.ClinicForms.EntryForm;
import io.pawkeep.clinical.ClinicForms.PrescriptionForm;
import io.pawkeep.clinical.ClinicalRecords.EntryFields;
import io.pawkeep.clinical.ControlledLog.Balance;
import io.pawkeep.clinical.Prescriptions.PrescriptionFields;
import io.pawkeep.pets.PetView;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.UtcTimes;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A clinic's view of one patient (AUTHZ-5, AUTHZ-6, DOM-7, DOM-8): its clinical record with
 * addenda, written and signed by the clinic's medical.write holders; its controlled-substance
 * prescriptions with what is left of each drug; administrations by controlled.administer holders.
 * Every check is the facades' (the same as the API's); a pet that is not this clinic's patient, or
 * a clinic the person does not work for, answers the 404 page. Medical data: the page is never
 * stored (the web chain's {@code Cache-Control: no-store}).
 */
@Controller
class PatientPages {

  private static final String PAGE = "clinical/patient";

  private final Patients patients;
  private final ClinicalRecords records;
  private final Prescriptions prescriptions;
  private final Businesses businesses;
  private final CurrentUser currentUser;
  private final Clock clock;

  private final UtcTimes times;

  PatientPages(
      Patients patients,
      ClinicalRecords records,
      Prescriptions prescriptions,
      Businesses businesses,
      CurrentUser currentUser,
      Clock clock,
      UtcTimes times) {
    this.times = times;
    this.patients = patients;
    this.records = records;
    this.prescriptions = prescriptions;
    this.businesses = businesses;
    this.currentUser = currentUser;
    this.clock = clock;
  }

  @GetMapping("/clinic/{businessId}/patients/{petId}")
  String patient(
      @PathVariable UUID businessId,
      @PathVariable UUID petId,
      @RequestParam(required = false) String entries,
      @RequestParam(required = false) String prescribed,
      Model model) {
    return render(businessId, petId, entries, prescribed, model, Forms.EMPTY);
  }

  @PostMapping("/clinic/{businessId}/patients/{petId}/entries")
  String write(
      @PathVariable UUID businessId,
      @PathVariable UUID petId,
      @RequestParam(defaultValue = "") String kind,
      @RequestParam(defaultValue = "") String summary,
      @RequestParam(defaultValue = "") String value,
      @RequestParam(defaultValue = "") String notes,
      HttpServletResponse response,
      Model model) {
    PetView pet = patient(businessId, petId);
    return submit(
        businessId,
        petId,
        "entries",
        () ->
            records.write(
                currentUser.userId(),
                pet.id(),
                new EntryFields(businessId, kind, summary, value, notes)),
        new Refusal(
            "summary",
            false,
            errors -> Forms.EMPTY.with(new EntryForm(kind, summary, value, notes, errors))),
        response,
        model);
  }

  /** The author amends an entry until it locks (409 after, said beside the summary). */
  @PostMapping("/clinic/{businessId}/patients/{petId}/entries/{entryId}/amend")
  String amend(
      @PathVariable UUID businessId,
      @PathVariable UUID petId,
      @PathVariable UUID entryId,
      @RequestParam(defaultValue = "") String kind,
      @RequestParam(defaultValue = "") String summary,
      @RequestParam(defaultValue = "") String value,
      @RequestParam(defaultValue = "") String notes,
      HttpServletResponse response,
      Model model) {
    patient(businessId, petId);
    return submit(
        businessId,
        petId,
        "entry-" + entryId,
        () ->
            records.amend(
                currentUser.userId(), entryId, new EntryFields(null, kind, summary, value, notes)),
        new Refusal(
            "summary",
            true,
            errors ->
                Forms.EMPTY.with(new AmendForm(entryId, kind, summary, value, notes, errors))),
        response,
        model);
  }

  @PostMapping("/clinic/{businessId}/patients/{petId}/entries/{entryId}/addenda")
  String addendum(
      @PathVariable UUID businessId,
      @PathVariable UUID petId,
      @PathVariable UUID entryId,
      @RequestParam(defaultValue = "") String summary,
      @RequestParam(defaultValue = "") String notes,
      HttpServletResponse response,
      Model model) {
    patient(businessId, petId);
    return submit(
        businessId,
        petId,
        "entry-" + entryId,
        () -> records.addAddendum(currentUser.userId(), entryId, summary, notes),
        new Refusal(
            "summary",
            false,
            errors -> Forms.EMPTY.with(new AddendumForm(entryId, summary, notes, errors))),
        response,
        model);
  }

  @PostMapping("/clinic/{businessId}/patients/{petId}/prescriptions")
  String prescribe(
      @PathVariable UUID businessId,
      @PathVariable UUID petId,
      @RequestParam(defaultValue = "") String drug,
      @RequestParam(defaultValue = "") String schedule,
      @RequestParam(defaultValue = "") String quantity,
      @RequestParam(defaultValue = "") String unit,
      @RequestParam(defaultValue = "") String directions,
      @RequestParam(defaultValue = "") String deaNumber,
      HttpServletResponse response,
      Model model) {
    PetView pet = patient(businessId, petId);
    return submit(
        businessId,
        petId,
        "prescriptions",
        () ->
            prescriptions.prescribe(
                currentUser.userId(),
                pet.id(),
                new PrescriptionFields(
                    businessId,
                    drug,
                    schedule,
                    ClinicForms.quantity(quantity),
                    unit,
                    directions,
                    deaNumber)),
        new Refusal(
            "drug",
            false,
            errors ->
                Forms.EMPTY.with(
                    new PrescriptionForm(drug, schedule, quantity, unit, directions, errors))),
        response,
        model);
  }

  @PostMapping(
      "/clinic/{businessId}/patients/{petId}/prescriptions/{prescriptionId}/administrations")
  String administer(
      @PathVariable UUID businessId,
      @PathVariable UUID petId,
      @PathVariable UUID prescriptionId,
      @RequestParam(defaultValue = "") String quantity,
      @RequestParam(defaultValue = "") String givenAt,
      @RequestParam(defaultValue = "") String notes,
      HttpServletResponse response,
      Model model) {
    patient(businessId, petId);
    return submit(
        businessId,
        petId,
        "prescription-" + prescriptionId,
        () ->
            prescriptions.administer(
                currentUser.userId(),
                prescriptionId,
                ClinicForms.quantity(quantity),
                ClinicForms.givenAt(givenAt, clock.instant()),
                notes),
        new Refusal(
            "quantity",
            true,
            errors ->
                Forms.EMPTY.with(
                    new AdministerForm(prescriptionId, quantity, givenAt, notes, errors))),
        response,
        model);
  }

  /**
   * How a refused post is shown: its errors beside {@code field} (a 409 too when {@code
   * conflictBesideField}, else the error page), in the form {@code form} rebuilds.
   */
  private record Refusal(
      String field, boolean conflictBesideField, Function<Map<String, String>, Forms> form) {}

  /**
   * Runs a form's action, then back to the page at {@code anchor}; a refusal re-renders the page
   * with what was typed and why (a 404 or 403 is the error page).
   */
  private String submit(
      UUID businessId,
      UUID petId,
      String anchor,
      Runnable action,
      Refusal refusal,
      HttpServletResponse response,
      Model model) {
    try {
      action.run();
    } catch (ApiProblem problem) {
      Map<String, String> errors =
          refusal.conflictBesideField()
              ? invalidOrConflict(problem, refusal.field(), response)
              : invalid(problem, refusal.field(), response);
      return render(businessId, petId, null, null, model, refusal.form().apply(errors));
    }
    return back(businessId, petId, anchor);
  }

  private PetView patient(UUID businessId, UUID petId) {
    return patients.patient(currentUser.userId(), businessId, petId).pet();
  }

  /** A 400 is shown beside its field; any other refusal is the error page (404, 403). */
  private static Map<String, String> invalid(
      ApiProblem problem, String fallback, HttpServletResponse response) {
    if (problem.status() != HttpStatus.BAD_REQUEST) {
      throw problem;
    }
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    return ClinicForms.fieldError(problem, fallback);
  }

  /**
   * A locked entry, not enough left or a locked prescription: 409, said beside the field; otherwise
   * as {@link #invalid}.
   */
  private static Map<String, String> invalidOrConflict(
      ApiProblem problem, String field, HttpServletResponse response) {
    if (problem.status() != HttpStatus.CONFLICT) {
      return invalid(problem, field, response);
    }
    response.setStatus(HttpStatus.CONFLICT.value());
    return Map.of(field, problem.getMessage());
  }

  /** The page's five forms: empty, except the one a refused post re-renders with its errors. */
  private record Forms(
      EntryForm entry,
      AddendumForm addendum,
      PrescriptionForm prescription,
      AdministerForm administer,
      AmendForm amend) {

    static final Forms EMPTY =
        new Forms(
            EntryForm.empty(),
            AddendumForm.empty(),
            PrescriptionForm.empty(),
            AdministerForm.empty(),
            AmendForm.empty());

    Forms with(EntryForm form) {
      return new Forms(form, addendum, prescription, administer, amend);
    }

    Forms with(AddendumForm form) {
      return new Forms(entry, form, prescription, administer, amend);
    }

    Forms with(PrescriptionForm form) {
      return new Forms(entry, addendum, form, administer, amend);
    }

    Forms with(AdministerForm form) {
      return new Forms(entry, addendum, prescription, form, amend);
    }

    Forms with(AmendForm form) {
      return new Forms(entry, addendum, prescription, administer, form);
    }
  }

  private static String back(UUID businessId, UUID petId, String anchor) {
    return "redirect:/clinic/" + businessId + "/patients/" + petId + "#" + anchor;
  }

  private String render(
      UUID businessId,
      UUID petId,
      String entriesCursor,
      String prescriptionsCursor,
      Model model,
      Forms forms) {
    UUID me = currentUser.userId();
    Patients.Patient patient = patients.patient(me, businessId, petId);
    PetView pet = patient.pet();
    Set<String> permissions = patient.permissions();
    BusinessView clinic = businesses.get(me, businessId);
    Map<String, BigDecimal> left = new HashMap<>();
    for (Balance b : prescriptions.balancesFor(businessId, pet.householdId())) {
      left.put(b.drug() + "|" + b.unit(), b.balance());
    }
    model.addAttribute("clinic", clinic);
    model.addAttribute("pet", pet);
    model.addAttribute(
        "entries",
        records.list(me, petId, PageRequest.of("clinical-entries", null, entriesCursor)));
    model.addAttribute(
        "prescriptions",
        prescriptions.ofPet(me, petId, PageRequest.of("prescriptions", null, prescriptionsCursor)));
    model.addAttribute("left", left);
    model.addAttribute("me", me);
    // Colleagues by name for those who may read the staff list (staff.manage, as the API);
    // everyone else keeps "by a colleague".
    Map<UUID, String> authors = new HashMap<>();
    businesses.staffNames(me, businessId).forEach(s -> authors.put(s.userId(), s.displayName()));
    model.addAttribute("authors", authors);
    model.addAttribute("mayWrite", permissions.contains("medical.write"));
    model.addAttribute("mayAdminister", permissions.contains("controlled.administer"));
    model.addAttribute("mayReadLog", permissions.contains("controlled.log.read"));
    model.addAttribute("kinds", ClinicalRecords.KINDS.stream().sorted().toList());
    model.addAttribute("schedules", java.util.List.of("II", "III", "IV", "V"));
    model.addAttribute("units", Prescriptions.UNITS.stream().sorted().toList());
    model.addAttribute("now", clock.instant());
    model.addAttribute("times", times.in(ClinicForms.TIMES));
    model.addAttribute("entryForm", forms.entry());
    model.addAttribute("addendumForm", forms.addendum());
    model.addAttribute("prescriptionForm", forms.prescription());
    model.addAttribute("administerForm", forms.administer());
    model.addAttribute("amendForm", forms.amend());
    return PAGE;
  }
}
