package io.pawkeep.documents;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The download route's view of the documents service (FILE-3): the document, read as the caller.
 */
@Component
class DocumentsDownloads implements DocumentDownloads {

  private final Documents documents;

  DocumentsDownloads(Documents documents) {
    this.documents = documents;
  }

  @Override
  public Optional<Download> forDownload(UUID documentId, Variant variant) {
    return documents.forDownload(documentId, variant);
  }
}
