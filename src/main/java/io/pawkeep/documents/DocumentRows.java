package io.pawkeep.documents;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Makes the rows the document pages list: the service's view with the clinic a clinical file comes
 * from and the day a binned file is purged.
 */
@Component
class DocumentRows {

  /** How long a deleted file stays in the bin before it is purged with its bytes. */
  private final Duration binFor;

  DocumentRows(DocumentProperties properties) {
    this.binFor = properties.bin();
  }

  DocumentRow row(DocumentView d) {
    return row(d, null, Map.of());
  }

  /**
   * {@code where}: the place a bin row came from ("Rex", "Household"), null elsewhere; {@code
   * clinics}: the names of the clinics the reader knows, by id.
   */
  DocumentRow row(DocumentView d, String where, Map<UUID, String> clinics) {
    String from =
        d.clinical()
            ? "From " + Objects.requireNonNullElse(clinics.get(d.businessId()), "a clinic")
            : null;
    return DocumentRow.of(d, from, where, binFor);
  }
}
