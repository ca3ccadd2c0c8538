package io.pawkeep.households;

import io.pawkeep.crypto.EncryptedColumn;
import io.pawkeep.crypto.EncryptedColumns;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The household columns sealed with the household's data key, for key rotation. */
@Configuration(proxyBeanMethods = false)
class HouseholdEncryption {

  @Bean
  EncryptedColumns householdEncryptedColumns() {
    List<EncryptedColumn> columns =
        new ArrayList<>(
            AccessSecrets.FIELDS.stream()
                .map(
                    field ->
                        EncryptedColumn.underTenantKey(
                            "access_secrets",
                            AccessSecretRepository.COLUMNS.get(field),
                            field,
                            "household_id",
                            "household_id"))
                .toList());
    columns.add(
        EncryptedColumn.underTenantKey(
            AddressNotes.TABLE,
            AddressNotes.COLUMN,
            AddressNotes.COLUMN,
            "household_id",
            "household_id"));
    return new EncryptedColumns(columns);
  }
}
