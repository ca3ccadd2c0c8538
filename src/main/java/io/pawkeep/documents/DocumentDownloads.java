package io.pawkeep.documents;

import java.util.Optional;
import java.util.UUID;

/**
 * The document a verified download link names, read again as the signed-in person (FILE-3): under
 * row-level security, so access revoked since the link was issued refuses it, and outside the bin.
 * Implemented by the documents service, which also audits reads of clinical documents.
 */
interface DocumentDownloads {

  /**
   * The stored bytes of {@code variant} of the document with what the answer needs; empty when the
   * current person cannot see the document, it does not exist, it is in the bin, or it has no such
   * variant (no thumbnail): the route answers all of them the same.
   */
  Optional<Download> forDownload(UUID documentId, Variant variant);
}
