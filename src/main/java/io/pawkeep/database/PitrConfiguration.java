package io.pawkeep.database;

import io.pawkeep.security.DataDirProperties;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Point-in-time recovery of the embedded database (AVAIL-1), as the settings ask for it. */
@Configuration(proxyBeanMethods = false)
class PitrConfiguration {

  @Bean
  PointInTimeRecoveries pointInTimeRecoveries(
      PitrProperties pitr,
      DatabaseProperties database,
      DataDirProperties files,
      Clock clock,
      ObjectProvider<AfterRecovery> afterRecovery) {
    Path dataDir = files.dataDir();
    WalArchive archive = pitr.archive(dataDir);
    BaseBackups backups = new BaseBackups(pitr.baseBackups(dataDir), archive.directory());
    return new PointInTimeRecoveries(
        pitr.activeFor(database),
        DatabaseConfiguration.embeddedDir(database, dataDir),
        backups,
        new PointInTimeRecovery(
            backups, archive, dataDir, clock, () -> afterRecovery.orderedStream().toList()),
        pitr,
        clock);
  }
}
