package io.pawkeep.pets;

import io.pawkeep.crypto.EncryptedColumn;
import io.pawkeep.crypto.EncryptedColumns;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The pet columns sealed with the household's data key, for key rotation. */
@Configuration(proxyBeanMethods = false)
class PetEncryption {

  @Bean
  EncryptedColumns petEncryptedColumns() {
    return new EncryptedColumns(
        List.of(
            EncryptedColumn.underTenantKey(
                "pet_care_instructions",
                "medical_notes",
                "medical_notes",
                "household_id",
                "pet_id")));
  }
}
