package io.pawkeep.backup;

import io.pawkeep.documents.NamedObjects;
import io.pawkeep.security.DataDirProperties;
import io.pawkeep.security.LocalSecrets;
import java.nio.file.Path;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackupProperties.class)
class BackupConfiguration {

  /**
   * AVAIL-1: production's key comes from its environment (checked before start by the security
   * module's production readiness); development generates one beside its other keys. A backup
   * restores only with the key it was made with: keep the key apart from the backups.
   */
  @Bean
  BackupKey backupKey(BackupProperties properties, DataDirProperties files, Environment env) {
    if (properties.key() != null && !properties.key().isBlank()) {
      return new BackupKey(properties.key());
    }
    if (env.acceptsProfiles(Profiles.of("prod"))) {
      throw new IllegalStateException("PAWKEEP_BACKUP_KEY must be configured in production");
    }
    return new BackupKey(
        LocalSecrets.loadOrCreate(files.dataDir(), "backup-dev.key", BackupKey.KEY_BYTES));
  }

  @Bean
  BackupFolder backupFolder(BackupProperties properties, DataDirProperties files) {
    Path dir = properties.dir() == null ? files.dataDir().resolve("backups") : properties.dir();
    return new BackupFolder(dir);
  }

  @Bean
  ObjectStoreBackups objectStoreBackups(NamedObjects objects, BackupFolder folder) {
    return new ObjectStoreBackups(objects, folder);
  }
}
