package io.pawkeep.documents;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, short-lived download links (FILE-3). A token carries a version, the document id, the
 * variant, the person it was issued to and its expiry, followed by an HMAC-SHA256 over all of it
 * under a server key that is never stored anywhere (derived from the master key, see {@link
 * DownloadConfiguration}); base64url without padding. A token is good for one document, one variant
 * and one person until it expires; anything else, one changed character included, verifies as
 * nothing at all, so the download route answers it exactly like a missing file.
 */
final class DownloadLinks {

  /** Where a token is downloaded: {@code GET PATH + token}. */
  static final String PATH = "/api/v1/files/";

  private static final byte VERSION = 1;
  private static final int CLAIMS_BYTES = 1 + 16 + 1 + 16 + 8;
  private static final int MAC_BYTES = 32;
  private static final int TOKEN_BYTES = CLAIMS_BYTES + MAC_BYTES;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** Where to download, and until when the link works. */
  record Link(String url, Instant expiresAt) {}

  /** What a valid token names; the person it was issued to is the one who presented it. */
  record LinkClaim(UUID documentId, Variant variant) {}

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;

  DownloadLinks(byte[] key, Duration ttl, Clock clock) {
    Objects.requireNonNull(key, "key cannot be null");
    if (key.length < 32) {
      throw new IllegalArgumentException("a link key must be at least 256 bits");
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a link must live for some time");
    }
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.ttl = ttl;
    this.clock = Objects.requireNonNull(clock, "clock cannot be null");
  }

  /** A link to {@code variant} of the document for {@code personId} only. */
  Link issue(UUID documentId, Variant variant, UUID personId) {
    Objects.requireNonNull(documentId, "documentId cannot be null");
    Objects.requireNonNull(variant, "variant cannot be null");
    Objects.requireNonNull(personId, "personId cannot be null");
    Instant expiresAt = Instant.ofEpochSecond(clock.instant().plus(ttl).getEpochSecond());
    ByteBuffer token = ByteBuffer.allocate(TOKEN_BYTES);
    token.put(VERSION);
    putUuid(token, documentId);
    token.put((byte) variant.ordinal());
    putUuid(token, personId);
    token.putLong(expiresAt.getEpochSecond());
    token.put(mac(token.array()));
    return new Link(PATH + ENCODER.encodeToString(token.array()), expiresAt);
  }

  /**
   * What the token names when it is authentic, unexpired and was issued to {@code currentPerson};
   * empty for anything else, without saying which check failed.
   */
  Optional<LinkClaim> verify(String token, UUID currentPerson) {
    if (token == null || currentPerson == null) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // Base64 leaves spare bits in the last character: a token is accepted only in the one spelling
    // issue() produces, so no changed character can name the same bytes.
    if (bytes.length != TOKEN_BYTES || !ENCODER.encodeToString(bytes).equals(token)) {
      return Optional.empty();
    }
    byte[] expected = mac(bytes);
    byte[] presented = new byte[MAC_BYTES];
    System.arraycopy(bytes, CLAIMS_BYTES, presented, 0, MAC_BYTES);
    if (!MessageDigest.isEqual(expected, presented)) {
      return Optional.empty();
    }
    ByteBuffer claims = ByteBuffer.wrap(bytes, 0, CLAIMS_BYTES);
    byte version = claims.get();
    UUID documentId = getUuid(claims);
    int variant = claims.get();
    UUID personId = getUuid(claims);
    long expiresAt = claims.getLong();
    if (version != VERSION
        || variant < 0
        || variant >= Variant.values().length
        || !personId.equals(currentPerson)
        || clock.instant().getEpochSecond() >= expiresAt) {
      return Optional.empty();
    }
    return Optional.of(new LinkClaim(documentId, Variant.values()[variant]));
  }

  /** The MAC of the claims, the first {@link #CLAIMS_BYTES} bytes of {@code token}. */
  private byte[] mac(byte[] token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(token, 0, CLAIMS_BYTES);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  private static void putUuid(ByteBuffer buffer, UUID id) {
    buffer.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
  }

  private static UUID getUuid(ByteBuffer buffer) {
    return new UUID(buffer.getLong(), buffer.getLong());
  }

  @Override
  public String toString() {
    return "DownloadLinks[ttl=" + ttl + "]";
  }
}
