package io.pawkeep.documents;

import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Makes the rows the document pages list: the service's view with the clinic a clinical file comes
 * from (as it was named at upload) and the day a binned file is purged.
 */
@Component
class DocumentRows {

  /** How long a deleted file stays in the bin before it is purged with its bytes. */
  private final Duration binFor;

  DocumentRows(DocumentProperties properties) {
    this.binFor = properties.bin();
  }

  DocumentRow row(DocumentView d) {
    return row(d, null);
  }

  /** {@code where}: the place a bin row came from ("Rex", "Household"), null elsewhere. */
  DocumentRow row(DocumentView d, String where) {
    String from =
        d.clinical() ? "From " + (d.businessName() == null ? "a clinic" : d.businessName()) : null;
    return DocumentRow.of(d, from, where, binFor);
  }
}
