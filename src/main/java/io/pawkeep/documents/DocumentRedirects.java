package io.pawkeep.documents;

import io.pawkeep.pets.PetView;
import io.pawkeep.pets.Pets;
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
  private final Pets pets;

  DocumentRedirects(Documents documents, Pets pets) {
    this.documents = documents;
    this.pets = pets;
  }

  /** The file; a document the person may not see (or in the bin) is the 404 page. */
  @GetMapping("/documents/{id}/open")
  ResponseEntity<Void> open(@PathVariable UUID id) {
    return seeOther(documents.link(id, Variant.FILE));
  }

  /** The file's thumbnail; the 404 page when it has none. */
  @GetMapping("/documents/{id}/thumbnail")
  ResponseEntity<Void> thumbnail(@PathVariable UUID id) {
    return seeOther(documents.link(id, Variant.THUMBNAIL));
  }

  /** The pet's latest profile photo (its thumbnail when it has one); 404 when it has none. */
  @GetMapping("/pets/{petId}/photo")
  ResponseEntity<Void> petPhoto(@PathVariable UUID petId) {
    DocumentView photo = documents.petPhoto(petId).orElseThrow(ApiProblem::notFound);
    return seeOther(
        documents.link(photo.id(), photo.hasThumbnail() ? Variant.THUMBNAIL : Variant.FILE));
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

  /** The download route checks the link and reads the row again as the person it names. */
  private static ResponseEntity<Void> seeOther(DownloadLinks.Link link) {
    return ResponseEntity.status(HttpStatus.SEE_OTHER)
        .location(URI.create(link.url()))
        .cacheControl(CacheControl.noStore())
        .build();
  }
}
