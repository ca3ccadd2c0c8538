package io.pawkeep.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development keys generated on first start and kept under the data directory with owner-only
 * permissions. Production never uses them: it refuses to start without keys from its environment.
 */
public final class LocalSecrets {

  private static final Logger log = LoggerFactory.getLogger(LocalSecrets.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private LocalSecrets() {}

  /** Returns the base64 secret named {@code name}, creating {@code bytes} random bytes once. */
  public static synchronized String loadOrCreate(Path dataDir, String name, int bytes) {
    Path file = dataDir.resolve("keys").resolve(name);
    try {
      ownerOnlyDirectory(file.getParent());
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      byte[] secret = new byte[bytes];
      RANDOM.nextBytes(secret);
      String encoded = Base64.getEncoder().encodeToString(secret);
      Path temp = Files.createTempFile(file.getParent(), name, ".tmp", ownerOnly());
      Files.writeString(temp, encoded, StandardCharsets.US_ASCII);
      try {
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        Files.deleteIfExists(temp);
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      log.warn(
          "DEVELOPMENT KEY generated at {}. Never use generated keys in production:"
              + " the prod profile requires keys from the environment.",
          file);
      return encoded;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create the development key " + name, e);
    }
  }

  /** The keys folder is the owner's alone, also when an older version created it open to all. */
  private static void ownerOnlyDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  private static java.nio.file.attribute.FileAttribute<?> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  }
}
