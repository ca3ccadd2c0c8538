package io.pawkeep.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The database {@code bench/backup-restore.sh} backs up and restores ({@link BenchServer}): {@value
 * #HOUSEHOLDS} households, each with its owner account, a live session, the owner's membership and
 * {@value #PETS_PER_HOUSEHOLD} pets, seeded as the schema owner; then it writes {@code ready} and
 * keeps running until the script stops it.
 */
final class BackupSeedServer {

  static final int HOUSEHOLDS = 10_000;
  static final int PETS_PER_HOUSEHOLD = PetsLoadServer.PETS_PER_HOUSEHOLD;

  private BackupSeedServer() {}

  public static void main(String[] args) {
    BenchServer.serve(
        args,
        server -> {
          server.seed(BackupSeedServer::seed);
          server.ready(Map.of());
        });
  }

  static void seed(Connection owner) throws SQLException {
    PetsLoadServer.seedHouseholds(owner, HOUSEHOLDS, "backup-bench");
  }
}
