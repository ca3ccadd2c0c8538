package io.pawkeep.documents;

import io.pawkeep.pets.PetView;
import io.pawkeep.pets.Pets;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The stable addresses pages put in links and images (FILE-3): each answers 303 to a link signed
 * just now for the signed-in person, valid 5 minutes, so a page left open for an hour still opens
 * its files, and no signed link is ever written into a page that a browser might keep. Also the
 * pet's profile photo for the pet page, as an image or as nothing at all (so a pet without a photo
 * shows no broken image), without the pets module depending on this one.
 */
@Controller
class DocumentRedirects {

  private final Documents documents;
  private final DownloadLinks links;
  private final Pets pets;
  private final CurrentUser currentUser;

  DocumentRedirects(Documents documents, DownloadLinks links, Pets pets, CurrentUser currentUser) {
    this.documents = documents;
    this.links = links;
    this.pets = pets;
    this.currentUser = currentUser;
  }

  /** The file; a document the person may not see (or in the bin) is the 404 page. */
  @GetMapping("/documents/{id}/open")
  ResponseEntity<Void> open(@PathVariable UUID id) {
    DocumentView document = documents.find(id).orElseThrow(ApiProblem::notFound);
    return seeOther(document, Variant.FILE);
  }

  /** The file's thumbnail; 404 page when it has none. */
  @GetMapping("/documents/{id}/thumbnail")
  ResponseEntity<Void> thumbnail(@PathVariable UUID id) {
    DocumentView document = documents.find(id).orElseThrow(ApiProblem::notFound);
    if (!document.hasThumbnail()) {
      throw ApiProblem.notFound();
    }
    return seeOther(document, Variant.THUMBNAIL);
  }

  /** The pet's latest profile photo (its thumbnail when it has one); 404 when it has none. */
  @GetMapping("/pets/{petId}/photo")
  ResponseEntity<Void> petPhoto(@PathVariable UUID petId) {
    DocumentView photo = documents.petPhoto(petId).orElseThrow(ApiProblem::notFound);
    return seeOther(photo, photo.hasThumbnail() ? Variant.THUMBNAIL : Variant.FILE);
  }

  /**
   * The pet page's photo, loaded by htmx once the page is shown: an image when the pet has a
   * profile photo, an empty answer otherwise (htmx then removes the placeholder).
   */
  @GetMapping("/pets/{petId}/photo-fragment")
  String petPhotoFragment(@PathVariable UUID petId, Model model) {
    PetView pet = pets.seen(petId).orElseThrow(ApiProblem::notFound);
    Optional<DocumentView> photo = documents.petPhoto(petId);
    model.addAttribute("pet", pet);
    model.addAttribute("photo", photo.orElse(null));
    return "documents/pet-photo :: photo";
  }

  /**
   * A link signed now for the signed-in person: the download route checks it and reads the row
   * again as that person, so this only spares a click on a link that would fail.
   */
  private ResponseEntity<Void> seeOther(DocumentView document, Variant variant) {
    DownloadLinks.Link link = links.issue(document.id(), variant, currentUser.userId());
    return ResponseEntity.status(HttpStatus.SEE_OTHER)
        .location(URI.create(link.url()))
        .cacheControl(CacheControl.noStore())
        .build();
  }
}
