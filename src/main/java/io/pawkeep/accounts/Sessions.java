package io.pawkeep.accounts;

import io.pawkeep.security.AccessTokens;
import io.pawkeep.security.ClientInfo;
import io.pawkeep.security.IssuedAccessToken;
import io.pawkeep.web.Cursor;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Opens sessions and rotates their refresh tokens. Every refresh hands out a new refresh token;
 * presenting one that was already used revokes its whole session (the token family), because one of
 * the two holders is an attacker.
 */
@Service
class Sessions {

  private static final Logger log = LoggerFactory.getLogger(Sessions.class);

  private enum Refresh {
    ROTATED,
    REPLAYED,
    INVALID
  }

  private final SessionRepository sessions;
  private final AccountRepository accounts;
  private final AccountAudit audit;
  private final AccessTokens accessTokens;
  private final UserTransactions asUser;
  private final AccountProperties properties;
  private final Clock clock;

  Sessions(
      SessionRepository sessions,
      AccountRepository accounts,
      AccountAudit audit,
      AccessTokens accessTokens,
      UserTransactions asUser,
      AccountProperties properties,
      Clock clock) {
    this.sessions = sessions;
    this.accounts = accounts;
    this.audit = audit;
    this.accessTokens = accessTokens;
    this.asUser = asUser;
    this.properties = properties;
    this.clock = clock;
  }

  /** A session without the second factor, the only kind the application opens by itself. */
  TokenResponse open(UUID userId, ClientInfo client) {
    UUID sessionId = UUID.randomUUID();
    String refresh = OpaqueTokens.generate();
    asUser.run(
        userId,
        () -> {
          Instant now = clock.instant();
          sessions.insert(
              sessionId,
              userId,
              client.userAgent(),
              client.address(),
              now,
              now.plus(properties.sessionLifetime()));
          sessions.insertRefreshToken(OpaqueTokens.hash(refresh), userId, sessionId, now);
        });
    log.info("Session {} opened for user {}", sessionId, userId);
    return response(accessTokens.issue(userId, sessionId, false), refresh);
  }

  /**
   * A session with the second factor, opened in the transaction that checked the code by spending
   * the login's challenge: the database opens none without it (AUTH-4). Empty when the challenge is
   * no longer live.
   */
  Optional<TokenResponse> openWithSecondFactor(
      UUID userId, byte[] challengeHash, int maxAttempts, ClientInfo client) {
    UUID sessionId = UUID.randomUUID();
    String refresh = OpaqueTokens.generate();
    boolean opened =
        asUser.call(
            userId,
            () -> {
              Instant now = clock.instant();
              if (!sessions.insertWithSecondFactor(
                  sessionId,
                  challengeHash,
                  maxAttempts,
                  client.userAgent(),
                  client.address(),
                  now,
                  now.plus(properties.sessionLifetime()))) {
                return false;
              }
              sessions.insertRefreshToken(OpaqueTokens.hash(refresh), userId, sessionId, now);
              return true;
            });
    if (!opened) {
      return Optional.empty();
    }
    log.info("Session {} opened with the second factor for user {}", sessionId, userId);
    return Optional.of(response(accessTokens.issue(userId, sessionId, true), refresh));
  }

  /**
   * After a password change: ends every other session and opens a fresh one for this device, which
   * keeps the second factor only when the request's own session had it (checked by the database).
   */
  TokenResponse renew(UUID userId, boolean secondFactor, ClientInfo client) {
    UUID sessionId = UUID.randomUUID();
    String refresh = OpaqueTokens.generate();
    boolean mfa =
        asUser.call(
            userId,
            () -> {
              Instant now = clock.instant();
              Instant expiresAt = now.plus(properties.sessionLifetime());
              boolean kept =
                  secondFactor
                      && sessions.insertKeepingSecondFactor(
                          sessionId, client.userAgent(), client.address(), now, expiresAt);
              if (!kept) {
                sessions.insert(
                    sessionId, userId, client.userAgent(), client.address(), now, expiresAt);
              }
              sessions.revokeAllBut(userId, sessionId, now);
              sessions.insertRefreshToken(OpaqueTokens.hash(refresh), userId, sessionId, now);
              return kept;
            });
    log.info("Sessions of user {} ended; session {} opened", userId, sessionId);
    return response(accessTokens.issue(userId, sessionId, mfa), refresh);
  }

  TokenResponse refresh(String refreshToken, ClientInfo client) {
    byte[] hash = OpaqueTokens.hash(refreshToken);
    UUID userId = accounts.findRefreshTokenOwner(hash).orElseThrow(AuthenticationFailed::new);
    String next = OpaqueTokens.generate();
    SessionRepository.LiveSession[] live = new SessionRepository.LiveSession[1];
    Refresh outcome =
        asUser.call(
            userId,
            () -> {
              Instant now = clock.instant();
              var session = sessions.findLiveSessionOf(hash, now);
              if (session.isEmpty()) {
                return Refresh.INVALID;
              }
              if (!sessions.useRefreshToken(hash, now)) {
                sessions.revoke(userId, session.get().id(), now);
                return Refresh.REPLAYED;
              }
              sessions.insertRefreshToken(OpaqueTokens.hash(next), userId, session.get().id(), now);
              sessions.touch(session.get().id(), client.userAgent(), client.address(), now);
              live[0] = session.get();
              return Refresh.ROTATED;
            });
    if (outcome == Refresh.REPLAYED) {
      audit.record(userId, null, "session.replay_revoked", client.address(), java.util.Map.of());
      log.warn("Refresh token replayed for user {}: session revoked", userId);
    }
    if (outcome != Refresh.ROTATED) {
      throw new AuthenticationFailed();
    }
    return response(accessTokens.issue(userId, live[0].id(), live[0].mfa()), next);
  }

  /**
   * Makes the session a sign-in just opened (named by its refresh token, which never left the
   * server) a browser session with the cookie secret's hash (SESS-5): its refresh token is gone,
   * its idle timeout set and its expiry brought forward to {@code absolute} from now.
   */
  UUID makeWebSession(
      TokenResponse opened, byte[] secretHash, Duration idle, Duration absolute, boolean shared) {
    byte[] refresh = OpaqueTokens.hash(opened.refreshToken());
    UUID userId = accounts.findRefreshTokenOwner(refresh).orElseThrow(AuthenticationFailed::new);
    return asUser.call(
        userId,
        () -> {
          Instant now = clock.instant();
          return sessions
              .makeWebSession(
                  refresh, secretHash, idle.toSeconds(), shared, now, now.plus(absolute))
              .orElseThrow(AuthenticationFailed::new);
        });
  }

  /** Ends the browser session of an old cookie's secret (a new sign-in in the same browser). */
  void endWebSession(byte[] secretHash) {
    sessions.endWebSession(secretHash, clock.instant());
  }

  /** Revokes the session of a refresh token; unknown tokens are ignored (RFC 7009). */
  void logout(String refreshToken) {
    byte[] hash = OpaqueTokens.hash(refreshToken);
    accounts
        .findRefreshTokenOwner(hash)
        .ifPresent(
            owner -> {
              asUser.run(
                  owner,
                  () -> {
                    sessions.revokeByRefreshToken(hash, clock.instant());
                    audit.record(owner, "session.logout", null);
                  });
              log.info("Session of user {} ended by logout", owner);
            });
  }

  /** One page of the account's live sessions, newest first (HARD-8). */
  Page<SessionRepository.SessionView> list(UUID userId, PageRequest page) {
    return Page.of(
        sessions.listLive(userId, clock.instant(), page),
        page,
        s -> Cursor.of(page.list(), s.createdAt(), s.id()));
  }

  boolean revoke(UUID userId, UUID sessionId) {
    return sessions.revoke(userId, sessionId, clock.instant());
  }

  int revokeAll(UUID userId) {
    return sessions.revokeAll(userId, clock.instant());
  }

  private static TokenResponse response(IssuedAccessToken access, String refresh) {
    return new TokenResponse(access.value(), "Bearer", access.expiresIn().toSeconds(), refresh);
  }
}
