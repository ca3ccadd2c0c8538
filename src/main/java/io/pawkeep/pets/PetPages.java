package io.pawkeep.pets;

import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Pets in the browser: a household's pets and adding one, a pet's profile and its care
 * instructions. The checks and the validation are {@link Pets}'s, as for the API (sitters read;
 * owners and members write; another household's pet is the 404 page); the facade's refusal of a
 * field is shown beside that field.
 */
@Controller
class PetPages {

  private static final Set<String> WRITERS = Set.of("owner", "member");

  /** How an error beside a field names it. */
  private static final Map<String, String> LABELS =
      Map.ofEntries(
          Map.entry("name", "The name"),
          Map.entry("species", "The species"),
          Map.entry("breed", "The breed"),
          Map.entry("sex", "The sex"),
          Map.entry("birthDate", "The birth date"),
          Map.entry("microchip", "The microchip number"),
          Map.entry("feeding", "Feeding"),
          Map.entry("behaviour", "Behaviour"),
          Map.entry("routine", "Routine"),
          Map.entry("vetContact", "The vet contact"),
          Map.entry("medicalNotes", "Medical notes"));

  /** A pet's fields as typed in the form. */
  record PetForm(
      String name, String species, String breed, String sex, String birthDate, String microchip) {

    static PetForm empty() {
      return new PetForm("", "dog", "", "unknown", "", "");
    }

    static PetForm of(PetDetail pet) {
      return new PetForm(
          pet.name(),
          pet.species(),
          orEmpty(pet.breed()),
          pet.sex(),
          pet.birthDate() == null ? "" : pet.birthDate().toString(),
          orEmpty(pet.microchip()));
    }
  }

  /** Care instructions as typed in the form. */
  record CareForm(
      String feeding, String behaviour, String routine, String vetContact, String medicalNotes) {

    static CareForm of(CareInstructions care) {
      return care == null
          ? new CareForm("", "", "", "", "")
          : new CareForm(
              orEmpty(care.feeding()),
              orEmpty(care.behaviour()),
              orEmpty(care.routine()),
              orEmpty(care.vetContact()),
              orEmpty(care.medicalNotes()));
    }
  }

  private final Pets pets;
  private final Households households;
  private final CurrentUser currentUser;

  PetPages(Pets pets, Households households, CurrentUser currentUser) {
    this.pets = pets;
    this.households = households;
    this.currentUser = currentUser;
  }

  @ModelAttribute("species")
  List<String> species() {
    return List.of("dog", "cat", "bird", "rabbit", "reptile", "other");
  }

  @ModelAttribute("sexes")
  List<String> sexes() {
    return List.of("unknown", "female", "male");
  }

  @GetMapping("/households/{id}/pets")
  String list(@PathVariable UUID id, Model model) {
    return listPage(id, PetForm.empty(), Map.of(), model);
  }

  @PostMapping("/households/{id}/pets")
  String create(@PathVariable UUID id, PetForm form, HttpServletResponse response, Model model) {
    PetView pet;
    try {
      pet = pets.create(currentUser.userId(), id, fields(form));
    } catch (ApiProblem problem) {
      Map<String, String> errors = fieldErrors(problem);
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return listPage(id, form, errors, model);
    }
    return "redirect:/pets/" + pet.id();
  }

  @GetMapping("/pets/{petId}")
  String profile(@PathVariable UUID petId, Model model) {
    PetDetail pet = pets.get(currentUser.userId(), petId);
    return profilePage(
        pet, PetForm.of(pet), Map.of(), CareForm.of(pet.careInstructions()), Map.of(), model);
  }

  @PostMapping("/pets/{petId}")
  String update(@PathVariable UUID petId, PetForm form, HttpServletResponse response, Model model) {
    try {
      pets.update(currentUser.userId(), petId, fields(form));
    } catch (ApiProblem problem) {
      Map<String, String> errors = fieldErrors(problem);
      PetDetail pet = pets.get(currentUser.userId(), petId);
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return profilePage(pet, form, errors, CareForm.of(pet.careInstructions()), Map.of(), model);
    }
    return "redirect:/pets/" + petId + "?saved";
  }

  @PostMapping("/pets/{petId}/care-instructions")
  String care(@PathVariable UUID petId, CareForm form, HttpServletResponse response, Model model) {
    try {
      pets.putCareInstructions(
          currentUser.userId(),
          petId,
          new Pets.CareFields(
              form.feeding(),
              form.behaviour(),
              form.routine(),
              form.vetContact(),
              form.medicalNotes()));
    } catch (ApiProblem problem) {
      Map<String, String> errors = fieldErrors(problem);
      PetDetail pet = pets.get(currentUser.userId(), petId);
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return profilePage(pet, PetForm.of(pet), Map.of(), form, errors, model);
    }
    return "redirect:/pets/" + petId + "?saved";
  }

  private String listPage(UUID id, PetForm form, Map<String, String> errors, Model model) {
    HouseholdView household = households.get(currentUser.userId(), id);
    model.addAttribute("household", household);
    model.addAttribute("pets", pets.list(currentUser.userId(), id));
    model.addAttribute("canWrite", WRITERS.contains(household.role()));
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    return "pets/list";
  }

  private String profilePage(
      PetDetail pet,
      PetForm form,
      Map<String, String> errors,
      CareForm care,
      Map<String, String> careErrors,
      Model model) {
    HouseholdView household = households.get(currentUser.userId(), pet.householdId());
    model.addAttribute("household", household);
    model.addAttribute("pet", pet);
    model.addAttribute("canWrite", WRITERS.contains(household.role()));
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    model.addAttribute("care", care);
    model.addAttribute("careErrors", careErrors);
    return "pets/profile";
  }

  /** The form's fields for the facade; a date that is not one is refused beside its field. */
  private static Pets.PetFields fields(PetForm form) {
    LocalDate birthDate;
    try {
      String date = orEmpty(form.birthDate()).strip();
      birthDate = date.isEmpty() ? null : LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest("birthDate must be a date.");
    }
    return new Pets.PetFields(
        orEmpty(form.name()),
        form.species(),
        orEmpty(form.breed()),
        form.sex(),
        birthDate,
        orEmpty(form.microchip()),
        null);
  }

  /**
   * The facade's refusal of one field (its message starts with the field's name) as an error beside
   * that field; any other refusal (403, 404) is the error page.
   */
  private static Map<String, String> fieldErrors(ApiProblem problem) {
    if (problem.status() != HttpStatus.BAD_REQUEST) {
      throw problem;
    }
    String message = problem.getMessage();
    int space = message.indexOf(' ');
    String field = space < 0 ? "" : message.substring(0, space);
    String text = space < 0 ? message : message.substring(space + 1);
    return Map.of(field, LABELS.getOrDefault(field, "This") + " " + text);
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }
}
