package io.pawkeep.accounts;

import io.pawkeep.database.AfterStart;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes passwords with Argon2id and verifies both our own hashes and legacy ones imported from
 * other systems ({@code {bcrypt}}, {@code {pbkdf2-sha256}} in Django's format), so that imported
 * users can log in once and be re-hashed. Every hash and every check, the dummy one for unknown
 * emails included, holds one of a bounded number of permits (AUTH-11, {@link HashingPermits}).
 */
final class PasswordHashing {

  // OWASP Password Storage Cheat Sheet: Argon2id with m=19 MiB, t=2, p=1.
  static final int DEFAULT_MEMORY_KIB = 19_456;
  static final int DEFAULT_ITERATIONS = 2;

  static final String ARGON2_ID = "argon2";
  static final String BCRYPT_ID = "bcrypt";
  static final String PBKDF2_SHA256_ID = "pbkdf2-sha256";

  // Argon2i/Argon2d and truncated values also deserve a fresh hash; Spring's check only compares
  // memory and iterations.
  private static final String ARGON2ID_PREFIX = "{" + ARGON2_ID + "}$argon2id$";

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int PARALLELISM = 1;

  private final DelegatingPasswordEncoder encoder;
  // Hashed on a thread of its own once the application has started (a cold Argon2 hash takes a
  // good part of a second); the first unknown-email sign-in waits for it.
  private final AfterStart.Load<String> dummyHash;
  private final HashingPermits permits;

  PasswordHashing() {
    this(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, HashingPermits.defaults());
  }

  PasswordHashing(int memoryKib, int iterations) {
    this(memoryKib, iterations, HashingPermits.defaults());
  }

  PasswordHashing(int memoryKib, int iterations, HashingPermits permits) {
    this.permits = Objects.requireNonNull(permits, "permits cannot be null");
    // Configuration may make hashing more expensive, never cheaper than the OWASP baseline.
    if (memoryKib < DEFAULT_MEMORY_KIB) {
      throw new IllegalArgumentException("memoryKib must be at least " + DEFAULT_MEMORY_KIB);
    }
    if (iterations < DEFAULT_ITERATIONS) {
      throw new IllegalArgumentException("iterations must be at least " + DEFAULT_ITERATIONS);
    }
    PasswordEncoder argon2 =
        new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, memoryKib, iterations);
    this.encoder =
        new DelegatingPasswordEncoder(
            ARGON2_ID,
            Map.of(
                ARGON2_ID, argon2,
                BCRYPT_ID, new MinimumCostBCrypt(),
                PBKDF2_SHA256_ID, new LegacyPbkdf2Sha256()));
    // Without this, an unknown {id} throws instead of simply not matching.
    this.encoder.setDefaultPasswordEncoderForMatches(new NeverMatches());
    this.dummyHash =
        AfterStart.load("password-dummy-hash", () -> this.encoder.encode(randomPassword()));
  }

  String hash(CharSequence rawPassword) {
    Objects.requireNonNull(rawPassword, "rawPassword cannot be null");
    // Spring never matches an empty password, so storing its hash would lock the account out.
    if (rawPassword.isEmpty()) {
      throw new IllegalArgumentException("rawPassword cannot be empty");
    }
    return this.permits.run(() -> this.encoder.encode(rawPassword));
  }

  boolean matches(CharSequence rawPassword, @Nullable String storedHash) {
    Objects.requireNonNull(rawPassword, "rawPassword cannot be null");
    if (storedHash == null || storedHash.isEmpty()) {
      return false;
    }
    return this.permits.run(() -> verify(rawPassword, storedHash));
  }

  private boolean verify(CharSequence rawPassword, String storedHash) {
    try {
      return this.encoder.matches(rawPassword, storedHash);
    } catch (RuntimeException e) {
      // Stored values include imported data; one corrupt row must fail that login, not the request.
      return false;
    }
  }

  boolean needsUpgrade(@Nullable String storedHash) {
    if (storedHash == null || !storedHash.startsWith(ARGON2ID_PREFIX)) {
      return true;
    }
    try {
      return this.encoder.upgradeEncoding(storedHash);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /**
   * An Argon2 hash with the current parameters that no submitted password will match. Verify
   * against it when the email is unknown, so that the response time does not reveal which emails
   * have accounts.
   */
  String dummyHash() {
    return this.dummyHash.get();
  }

  HashingPermits permits() {
    return this.permits;
  }

  private static String randomPassword() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Verify-only bcrypt that refuses hashes too cheap to be worth trusting. */
  private static final class MinimumCostBCrypt implements PasswordEncoder {

    // OWASP's minimum work factor for bcrypt.
    private static final int MIN_COST = 10;

    private static final Pattern BCRYPT =
        Pattern.compile("\\$2[aby]?\\$([0-9]{2})\\$[./0-9A-Za-z]{53}");

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(MIN_COST);

    @Override
    public String encode(@Nullable CharSequence rawPassword) {
      throw new UnsupportedOperationException("bcrypt is verify-only; new hashes use argon2");
    }

    @Override
    public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
      if (rawPassword == null || encodedPassword == null) {
        return false;
      }
      Matcher matcher = BCRYPT.matcher(encodedPassword);
      if (!matcher.matches() || Integer.parseInt(matcher.group(1)) < MIN_COST) {
        return false;
      }
      return this.bcrypt.matches(rawPassword, encodedPassword);
    }
  }

  private static final class NeverMatches implements PasswordEncoder {

    @Override
    public String encode(@Nullable CharSequence rawPassword) {
      throw new UnsupportedOperationException("encode is not supported");
    }

    @Override
    public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
      return false;
    }
  }
}
