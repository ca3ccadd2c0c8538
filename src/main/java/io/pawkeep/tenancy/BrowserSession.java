package io.pawkeep.tenancy;

import java.util.Objects;
import java.util.Optional;

/**
 * A page request's browser session (SESS-5), named by the SHA-256 of its cookie's secret. The
 * request's first transaction finds and checks it in the statement that begins the transaction
 * ({@code pawkeep_begin_web_request}), one round trip, and records here who it is; until then (and
 * when the database refused it) nobody is signed in. Lives for one request, on its thread.
 */
public final class BrowserSession {

  /**
   * The session as the database found it live: the identity, whether it was opened with a second
   * factor, and the person's name, email and chosen time zone (null for none) as the pages show
   * them (read in the same statement).
   */
  public record Checked(
      RequestIdentity identity,
      boolean secondFactor,
      String displayName,
      String email,
      String timeZone) {
    public Checked {
      Objects.requireNonNull(identity, "identity cannot be null");
    }
  }

  private final byte[] secretHash;
  private Checked checked;

  public BrowserSession(byte[] secretHash) {
    Objects.requireNonNull(secretHash, "secretHash cannot be null");
    this.secretHash = secretHash.clone();
  }

  byte[] secretHash() {
    return secretHash.clone();
  }

  /** The session once the database checked it in this request; empty before, or if refused. */
  public Optional<Checked> checked() {
    return Optional.ofNullable(checked);
  }

  void check(Checked session) {
    this.checked = session;
  }

  @Override
  public String toString() {
    return "BrowserSession[checked=" + (checked != null) + "]";
  }
}
