package io.pawkeep.documents;

import io.pawkeep.crypto.EncryptedColumn;
import io.pawkeep.crypto.EncryptedColumns;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The documents' settings, and their sealed file keys declared for key rotation (CRYPTO-2, FILE-2):
 * both are sealed with the tenant's data key under the associated name {@code file_key}, the file's
 * on the document's row id (its object id), the thumbnail's on the thumbnail's object id.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DocumentProperties.class)
class DocumentsConfiguration {

  @Bean
  EncryptedColumns documentEncryptedColumns() {
    return new EncryptedColumns(
        List.of(
            EncryptedColumn.underTenantKey(
                FileCipher.TABLE, "file_key", FileCipher.COLUMN, "tenant_id", "id"),
            EncryptedColumn.underTenantKey(
                FileCipher.TABLE,
                "thumbnail_key",
                FileCipher.COLUMN,
                "tenant_id",
                "thumbnail_id")));
  }
}
