package io.pawkeep.documents;

import io.pawkeep.businesses.Businesses;
import io.pawkeep.households.HouseholdView;
import io.pawkeep.households.Households;
import io.pawkeep.pets.PetView;
import io.pawkeep.pets.Pets;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * A pet's documents in the browser (FILE-1, FILE-3): the list with each file's kind, size, uploader
 * and date (a clinic's marked "From" it, read-only for the household), the upload form, the profile
 * photo and a gallery of the image files. The same {@link Documents} methods as the API decide who
 * sees and changes what; a pet the caller may not see, and a sitter (who never sees pet documents),
 * get the 404 page. Clinic staff reach the page from a patient's page, which names the clinic
 * ({@code ?clinic=}). Medical files are listed: the page is never stored (no-store).
 */
@Controller
class PetDocumentPages {

  /** Documents and photos per page; "Older ..." loads the next ones in place. */
  private static final int PER_PAGE = 25;

  /** Household roles that may edit a pet, hence upload its documents and photo. */
  private static final Set<String> PET_WRITERS = Set.of("owner", "member");

  /** The form's state: the kind chosen and the messages beside the two file fields. */
  record UploadForm(String kind, String kindError, String fileError, String photoError) {
    static UploadForm empty() {
      return new UploadForm("vaccination", null, null, null);
    }
  }

  /** A kind as the select offers it. */
  record KindOption(String value, String label) {}

  private final Documents documents;
  private final Pets pets;
  private final Households households;
  private final Businesses businesses;
  private final PageUploads uploads;
  private final DocumentRows rows;
  private final CurrentUser currentUser;

  PetDocumentPages(
      Documents documents,
      Pets pets,
      Households households,
      Businesses businesses,
      PageUploads uploads,
      DocumentRows rows,
      CurrentUser currentUser) {
    this.documents = documents;
    this.pets = pets;
    this.households = households;
    this.businesses = businesses;
    this.uploads = uploads;
    this.rows = rows;
    this.currentUser = currentUser;
  }

  @ModelAttribute("kinds")
  List<KindOption> kinds() {
    return Arrays.stream(Kind.values())
        .map(k -> new KindOption(k.name().toLowerCase(Locale.ROOT), DocumentRow.label(k)))
        .toList();
  }

  /** {@code cursor}: the documents list's next page; {@code photos}: the gallery's (HARD-8). */
  @GetMapping("/pets/{petId}/documents")
  String list(
      @PathVariable UUID petId,
      @RequestParam(required = false) UUID clinic,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String photos,
      HttpServletResponse response,
      Model model) {
    return page(viewer(petId, clinic), UploadForm.empty(), cursor, photos, response, model);
  }

  @PostMapping("/pets/{petId}/documents")
  String upload(
      @PathVariable UUID petId,
      @RequestParam(required = false) UUID clinic,
      @RequestParam(defaultValue = "") String kind,
      @RequestParam(required = false) MultipartFile file,
      HttpServletResponse response,
      Model model) {
    Viewer viewer = viewer(petId, clinic);
    Optional<Kind> chosen = kind(kind);
    if (chosen.isEmpty()) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return page(
          viewer,
          new UploadForm(kind, "Choose what kind of document this is.", null, null),
          null,
          null,
          response,
          model);
    }
    String refused =
        uploads.attempt(
            file, u -> documents.uploadToPet(petId, chosen.get(), viewer.clinic(), u), response);
    if (refused != null) {
      return page(viewer, new UploadForm(kind, null, refused, null), null, null, response, model);
    }
    return "redirect:" + viewer.path() + (viewer.clinic() == null ? "?" : "&") + "uploaded";
  }

  @PostMapping("/pets/{petId}/photo")
  String photo(
      @PathVariable UUID petId,
      @RequestParam(required = false) MultipartFile photo,
      HttpServletResponse response,
      Model model) {
    Viewer viewer = viewer(petId, null);
    String refused = uploads.attempt(photo, u -> documents.uploadPetPhoto(petId, u), response);
    if (refused != null) {
      return page(
          viewer, new UploadForm("vaccination", null, null, refused), null, null, response, model);
    }
    return "redirect:" + viewer.path() + "?photo";
  }

  /** Who looks at the pet's documents: a member of its household, or the staff of a clinic. */
  record Viewer(PetView pet, HouseholdView household, UUID clinic, boolean mayUpload) {
    String path() {
      return "/pets/" + pet.id() + "/documents" + (clinic == null ? "" : "?clinic=" + clinic);
    }
  }

  /**
   * The pet and who looks at it; whether they may read its documents is {@link Documents}'s to say
   * (404 for a pet they cannot see, 403 for a sitter, who never sees them).
   */
  private Viewer viewer(UUID petId, UUID clinic) {
    UUID me = currentUser.userId();
    PetView pet = pets.seen(petId).orElseThrow(ApiProblem::notFound);
    Optional<HouseholdView> household = households.find(me, pet.householdId());
    if (household.isPresent()) {
      return new Viewer(pet, household.get(), null, PET_WRITERS.contains(household.get().role()));
    }
    if (clinic == null) {
      return new Viewer(pet, null, null, false);
    }
    return new Viewer(
        pet, null, clinic, businesses.permissionsOf(me, clinic).contains("medical.write"));
  }

  private String page(
      Viewer viewer,
      UploadForm form,
      String cursor,
      String photosCursor,
      HttpServletResponse response,
      Model model) {
    UUID pet = viewer.pet().id();
    Page<DocumentRow> listed =
        documents.ofPet(pet, PageRequest.of("documents", PER_PAGE, cursor)).map(rows::row);
    // Clinical documents are medical data: the page is never kept by a browser or a proxy.
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    // The gallery: the profile photos, newest first (the documents that are images show their
    // thumbnail in the list).
    Page<DocumentRow> photos =
        documents
            .photosOfPet(pet, PageRequest.of("documents", PER_PAGE, photosCursor))
            .map(rows::row);
    model.addAttribute("documentsNext", next(viewer, "cursor", listed.next()));
    model.addAttribute("photosNext", next(viewer, "photos", photos.next()));
    model.addAttribute("pet", viewer.pet());
    model.addAttribute("household", viewer.household());
    model.addAttribute("clinic", viewer.clinic());
    model.addAttribute("mayUpload", viewer.mayUpload());
    model.addAttribute(
        "mayBin", viewer.household() != null && PET_WRITERS.contains(viewer.household().role()));
    model.addAttribute("documents", listed.items());
    model.addAttribute("photos", photos.items());
    model.addAttribute("form", form);
    model.addAttribute("maxSize", uploads.maxSize());
    model.addAttribute("maxBytes", uploads.maxBytes());
    model.addAttribute("action", viewer.path());
    return "documents/pet";
  }

  /** The address of a list's next page, or null at the last page. */
  private static String next(Viewer viewer, String parameter, String cursor) {
    if (cursor == null) {
      return null;
    }
    return viewer.path()
        + (viewer.clinic() == null ? "?" : "&")
        + parameter
        + "="
        + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
  }

  private static Optional<Kind> kind(String value) {
    return Arrays.stream(Kind.values())
        .filter(k -> k.name().equalsIgnoreCase(value == null ? "" : value.strip()))
        .findFirst();
  }
}
