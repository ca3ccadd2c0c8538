package io.pawkeep.documents;

import io.pawkeep.businesses.BusinessView;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * A household's and a business's own documents in the browser, their bins, and moving a file to the
 * bin and back (FILE-1, FILE-2): household owners upload and delete, its other members read; a
 * business's documents are for its staff with {@code settings.manage}. The same {@link Documents}
 * methods as the API decide; the pages only hide the controls a person may not use, and the service
 * refuses them anyway (403 page; 404 page for what the person may not see).
 */
@Controller
class DocumentPages {

  private static final String SETTINGS = "settings.manage";

  /** Documents per page; "Older documents" loads the next ones in place. */
  private static final int PER_PAGE = 25;

  private final Documents documents;
  private final Households households;
  private final Businesses businesses;
  private final Pets pets;
  private final PageUploads uploads;
  private final DocumentRows rows;
  private final CurrentUser currentUser;

  DocumentPages(
      Documents documents,
      Households households,
      Businesses businesses,
      Pets pets,
      PageUploads uploads,
      DocumentRows rows,
      CurrentUser currentUser) {
    this.documents = documents;
    this.households = households;
    this.businesses = businesses;
    this.pets = pets;
    this.uploads = uploads;
    this.rows = rows;
    this.currentUser = currentUser;
  }

  @GetMapping("/households/{id}/documents")
  String household(
      @PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
    return householdPage(id, cursor, null, model);
  }

  @PostMapping("/households/{id}/documents")
  String uploadToHousehold(
      @PathVariable UUID id,
      @RequestParam(required = false) MultipartFile file,
      HttpServletResponse response,
      Model model) {
    households.get(currentUser.userId(), id);
    String refused = uploads.attempt(file, u -> documents.uploadToHousehold(id, u), response);
    if (refused != null) {
      return householdPage(id, null, refused, model);
    }
    return "redirect:/households/" + id + "/documents?uploaded";
  }

  @GetMapping("/businesses/{id}/documents")
  String business(
      @PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
    return businessPage(id, cursor, null, model);
  }

  @PostMapping("/businesses/{id}/documents")
  String uploadToBusiness(
      @PathVariable UUID id,
      @RequestParam(required = false) MultipartFile file,
      HttpServletResponse response,
      Model model) {
    businesses.requirePermission(currentUser.userId(), id, SETTINGS);
    String refused = uploads.attempt(file, u -> documents.uploadToBusiness(id, u), response);
    if (refused != null) {
      return businessPage(id, null, refused, model);
    }
    return "redirect:/businesses/" + id + "/documents?uploaded";
  }

  @GetMapping("/households/{id}/documents/bin")
  String householdBin(@PathVariable UUID id, HttpServletResponse response, Model model) {
    HouseholdView household = households.get(currentUser.userId(), id);
    List<DocumentView> inBin = documents.bin(id);
    Map<UUID, String> petNames =
        pets.list(currentUser.userId(), id).stream()
            .collect(Collectors.toMap(PetView::id, PetView::name));
    List<DocumentRow> binned = inBin.stream().map(d -> rows.row(d, where(d, petNames))).toList();
    // The bin may hold a clinic's files: never stored by a browser or a proxy.
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    model.addAttribute("heading", "Bin of " + household.name());
    model.addAttribute("back", "/households/" + id + "/documents");
    model.addAttribute("backLabel", "Documents of " + household.name());
    model.addAttribute("binned", binned);
    model.addAttribute("household", household);
    return "documents/bin";
  }

  @GetMapping("/businesses/{id}/documents/bin")
  String businessBin(@PathVariable UUID id, Model model) {
    BusinessView business = businesses.get(currentUser.userId(), id);
    businesses.requirePermission(currentUser.userId(), id, SETTINGS);
    model.addAttribute("heading", "Bin of " + business.name());
    model.addAttribute("back", "/businesses/" + id + "/documents");
    model.addAttribute("backLabel", "Documents of " + business.name());
    model.addAttribute("binned", documents.bin(id).stream().map(rows::row).toList());
    model.addAttribute("business", business);
    return "documents/bin";
  }

  /** Moves a file to the bin (restorable until purged), then back to the list it was on. */
  @PostMapping("/documents/{id}/delete")
  String delete(@PathVariable UUID id, @RequestParam(required = false) UUID clinic) {
    DocumentView document = documents.find(id).orElseThrow(ApiProblem::notFound);
    documents.delete(id);
    return "redirect:" + listOf(document, clinic) + (clinic == null ? "?" : "&") + "deleted";
  }

  /** Takes a file out of the bin, then back to the bin it was in. */
  @PostMapping("/documents/{id}/restore")
  String restore(@PathVariable UUID id) {
    DocumentView document = documents.restore(id);
    String bin =
        document.householdId() != null
            ? "/households/" + document.householdId() + "/documents/bin"
            : "/businesses/" + document.businessId() + "/documents/bin";
    return "redirect:" + bin + "?restored";
  }

  private String householdPage(UUID id, String cursor, String fileError, Model model) {
    HouseholdView household = households.get(currentUser.userId(), id);
    Page<DocumentRow> listed =
        documents.ofHousehold(id, PageRequest.of("documents", PER_PAGE, cursor)).map(rows::row);
    model.addAttribute("household", household);
    model.addAttribute("documents", listed.items());
    model.addAttribute("documentsNext", next("/households/" + id, listed.next()));
    model.addAttribute("mayUpload", household.isOwner());
    model.addAttribute("fileError", fileError);
    model.addAttribute("maxSize", uploads.maxSize());
    model.addAttribute("maxBytes", uploads.maxBytes());
    return "documents/household";
  }

  private String businessPage(UUID id, String cursor, String fileError, Model model) {
    BusinessView business = businesses.get(currentUser.userId(), id);
    businesses.requirePermission(currentUser.userId(), id, SETTINGS);
    Page<DocumentRow> listed =
        documents.ofBusiness(id, PageRequest.of("documents", PER_PAGE, cursor)).map(rows::row);
    model.addAttribute("business", business);
    model.addAttribute("documents", listed.items());
    model.addAttribute("documentsNext", next("/businesses/" + id, listed.next()));
    model.addAttribute("fileError", fileError);
    model.addAttribute("maxSize", uploads.maxSize());
    model.addAttribute("maxBytes", uploads.maxBytes());
    return "documents/business";
  }

  /** The address of the list's next page, or null at the last page. */
  private static String next(String owner, String cursor) {
    return cursor == null
        ? null
        : owner + "/documents?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
  }

  /** Where a binned household file was: its pet's name, a visit, or the household itself. */
  private static String where(DocumentView d, Map<UUID, String> petNames) {
    if (d.petId() != null) {
      return petNames.getOrDefault(d.petId(), "A pet");
    }
    return d.place() == Place.VISIT ? "A visit" : "Household";
  }

  /** The page listing a document, where a person goes back to after moving it to the bin. */
  private static String listOf(DocumentView d, UUID clinic) {
    return switch (d.place()) {
      case PET, PET_PHOTO ->
          "/pets/" + d.petId() + "/documents" + (clinic == null ? "" : "?clinic=" + clinic);
      case BUSINESS -> "/businesses/" + d.businessId() + "/documents";
      case HOUSEHOLD, VISIT -> "/households/" + d.householdId() + "/documents";
    };
  }
}
