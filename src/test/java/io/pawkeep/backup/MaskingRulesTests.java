package io.pawkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.database.Migrations;
import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * PRIV-3: every column that can hold text or bytes is classified by {@link MaskingRules}, personal
 * or not, so a column added later cannot reach a development database unmasked.
 */
class MaskingRulesTests {

  @Test
  void everyTextJsonOrByteColumnOfTheSchemaIsClassifiedByTheMaskingRules() throws Exception {
    DataSource fresh = FreshDatabase.empty();
    Migrations.configure(fresh, FreshDatabase.APP).load().migrate();
    try (Connection c = fresh.getConnection()) {
      List<String> unclassified = MaskingRules.unclassified(c);
      assertThat(unclassified)
          .as("columns the masking rules do not classify (add each to MaskingRules)")
          .isEmpty();
      assertThat(MaskingRules.stale(c))
          .as("masking rules naming a column the schema does not have")
          .isEmpty();
    }
  }
}
