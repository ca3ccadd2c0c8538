package io.pawkeep.documents;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The names of the clinics whose documents a household member reads ("From Maple Vets"): the
 * household's active client businesses and the clinics that wrote in the pet's record, through the
 * database's own functions, which answer only for a household the caller belongs to. A clinic that
 * is neither any more is shown as "a clinic".
 */
@Repository
class ClinicNames {

  private final JdbcClient jdbc;

  ClinicNames(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The names by business id, in one query. */
  Map<UUID, String> known(UUID householdId, UUID petId) {
    Map<UUID, String> names = new HashMap<>();
    jdbc.sql(
            "select business_id, name from pawkeep_bookable_business_names(:household)"
                + " union select business_id, name from pawkeep_pet_record_clinics(:pet)")
        .param("household", householdId)
        .param("pet", petId)
        .query(
            (RowCallbackHandler)
                rs -> names.put(rs.getObject("business_id", UUID.class), rs.getString("name")));
    return names;
  }
}
