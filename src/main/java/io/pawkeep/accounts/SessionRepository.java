package io.pawkeep.accounts;

import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for sessions and their refresh tokens (a session is a refresh-token family). */
@Repository
class SessionRepository {

  record LiveSession(UUID id, UUID userId, boolean mfa) {}

  record SessionView(
      UUID id,
      Instant createdAt,
      Instant lastUsedAt,
      String userAgent,
      String ipAddress,
      boolean mfa) {}

  private final JdbcClient jdbc;

  SessionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A session without the second factor: the only kind the application may insert itself. */
  void insert(UUID id, UUID userId, String userAgent, String ip, Instant now, Instant expiresAt) {
    jdbc.sql(
            """
            insert into sessions (id, user_id, created_at, last_used_at, expires_at, user_agent,
                                  ip_address)
            values (:id, :userId, :now, :now, :expiresAt, :userAgent, :ip)
            """)
        .param("id", id)
        .param("userId", userId)
        .param("now", Instants.timestamp(now))
        .param("expiresAt", Instants.timestamp(expiresAt))
        .param("userAgent", userAgent)
        .param("ip", ip)
        .update();
  }

  /**
   * A session with the second factor, opened by spending the account's live second-factor challenge
   * (AUTH-4); false, and no session, when the challenge is not live.
   */
  boolean insertWithSecondFactor(
      UUID id,
      byte[] challengeHash,
      int maxAttempts,
      String userAgent,
      String ip,
      Instant now,
      Instant expiresAt) {
    return Boolean.TRUE.equals(
        jdbc.sql(
                "select pawkeep_open_second_factor_session(:challengeHash, :maxAttempts, :id,"
                    + " :now, :expiresAt, :userAgent, :ip)")
            .param("challengeHash", challengeHash)
            .param("maxAttempts", maxAttempts)
            .param("id", id)
            .param("now", Instants.timestamp(now))
            .param("expiresAt", Instants.timestamp(expiresAt))
            .param("userAgent", userAgent)
            .param("ip", ip)
            .query(Boolean.class)
            .single());
  }

  /**
   * A session keeping the second factor of the request's own live session (after a password
   * change); false, and no session, when that session has none.
   */
  boolean insertKeepingSecondFactor(
      UUID id, String userAgent, String ip, Instant now, Instant expiresAt) {
    return Boolean.TRUE.equals(
        jdbc.sql(
                "select pawkeep_renew_second_factor_session("
                    + ":id, :now, :expiresAt, :userAgent, :ip)")
            .param("id", id)
            .param("now", Instants.timestamp(now))
            .param("expiresAt", Instants.timestamp(expiresAt))
            .param("userAgent", userAgent)
            .param("ip", ip)
            .query(Boolean.class)
            .single());
  }

  /**
   * Makes the caller's session of an unused refresh token a browser session (SESS-5): it takes the
   * cookie secret's hash, its idle timeout and an absolute expiry, and loses its refresh tokens.
   * Empty when the refresh token is not such a session's.
   */
  Optional<UUID> makeWebSession(
      byte[] refreshHash,
      byte[] secretHash,
      long idleSeconds,
      boolean shared,
      Instant now,
      Instant expiresAt) {
    return jdbc.sql(
            "select pawkeep_make_web_session(:refreshHash, :secretHash, :idleSeconds, :shared,"
                + " :now, :expiresAt)")
        .param("refreshHash", refreshHash)
        .param("secretHash", secretHash)
        .param("idleSeconds", Math.toIntExact(idleSeconds))
        .param("shared", shared)
        .param("now", Instants.timestamp(now))
        .param("expiresAt", Instants.timestamp(expiresAt))
        .query((rs, n) -> rs.getObject(1, UUID.class))
        .optional();
  }

  /** Ends the browser session whose cookie secret has this hash, if it is live. */
  void endWebSession(byte[] secretHash, Instant now) {
    jdbc.sql("select pawkeep_end_web_session(:secretHash, :now)")
        .param("secretHash", secretHash)
        .param("now", Instants.timestamp(now))
        .query((rs, n) -> 1)
        .list();
  }

  void insertRefreshToken(byte[] hash, UUID userId, UUID sessionId, Instant now) {
    jdbc.sql(
            "insert into refresh_tokens (token_hash, user_id, session_id, issued_at)"
                + " values (:hash, :userId, :sessionId, :now)")
        .param("hash", hash)
        .param("userId", userId)
        .param("sessionId", sessionId)
        .param("now", Instants.timestamp(now))
        .update();
  }

  /** The live session a refresh token belongs to, for an active account. */
  Optional<LiveSession> findLiveSessionOf(byte[] refreshHash, Instant now) {
    return jdbc.sql(
            """
            select s.id, s.user_id, s.mfa
              from refresh_tokens t
              join sessions s on s.id = t.session_id
              join users u on u.id = s.user_id
             where t.token_hash = :hash and s.revoked_at is null and s.expires_at > :now
               and u.deactivated_at is null
            """)
        .param("hash", refreshHash)
        .param("now", Instants.timestamp(now))
        .query(
            (rs, n) ->
                new LiveSession(
                    rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getBoolean(3)))
        .optional();
  }

  /** Marks a refresh token used; false when it had been used before (a replay). */
  boolean useRefreshToken(byte[] hash, Instant now) {
    return jdbc.sql(
                "update refresh_tokens set used_at = :now"
                    + " where token_hash = :hash and used_at is null")
            .param("now", Instants.timestamp(now))
            .param("hash", hash)
            .update()
        == 1;
  }

  Optional<Instant> startedAt(UUID sessionId) {
    return jdbc.sql("select created_at from sessions where id = :sessionId")
        .param("sessionId", sessionId)
        .query((rs, n) -> Instants.from(rs, 1))
        .optional();
  }

  void touch(UUID sessionId, String userAgent, String ip, Instant now) {
    jdbc.sql(
            "update sessions set last_used_at = :now,"
                + " user_agent = coalesce(:userAgent, user_agent), ip_address = :ip"
                + " where id = :sessionId")
        .param("now", Instants.timestamp(now))
        .param("userAgent", userAgent)
        .param("ip", ip)
        .param("sessionId", sessionId)
        .update();
  }

  boolean revoke(UUID userId, UUID sessionId, Instant now) {
    return jdbc.sql(
                "update sessions set revoked_at = :now where id = :sessionId and user_id = :userId"
                    + " and revoked_at is null")
            .param("now", Instants.timestamp(now))
            .param("sessionId", sessionId)
            .param("userId", userId)
            .update()
        == 1;
  }

  void revokeByRefreshToken(byte[] hash, Instant now) {
    jdbc.sql(
            """
            update sessions set revoked_at = coalesce(revoked_at, :now)
             where id = (select session_id from refresh_tokens where token_hash = :hash)
            """)
        .param("now", Instants.timestamp(now))
        .param("hash", hash)
        .update();
  }

  /** Ends every session of the account but one (the one a password change just opened). */
  int revokeAllBut(UUID userId, UUID kept, Instant now) {
    return jdbc.sql(
            "update sessions set revoked_at = :now where user_id = :userId and id <> :kept"
                + " and revoked_at is null")
        .param("now", Instants.timestamp(now))
        .param("userId", userId)
        .param("kept", kept)
        .update();
  }

  int revokeAll(UUID userId, Instant now) {
    return jdbc.sql(
            "update sessions set revoked_at = :now where user_id = :userId and revoked_at is null")
        .param("now", Instants.timestamp(now))
        .param("userId", userId)
        .update();
  }

  /**
   * One page of the live sessions, newest first, one row beyond the page (HARD-8): by creation,
   * which never changes, so a session used while the caller pages does not move between pages.
   */
  List<SessionView> listLive(UUID userId, Instant now, PageRequest page) {
    Seek after = page.seek(SortKey.descending(SortKey.instant("created_at"), SortKey.uuid("id")));
    return jdbc.sql(
            """
            select id, created_at, last_used_at, user_agent, ip_address, mfa
              from sessions
             where user_id = :userId and revoked_at is null and expires_at > :now"""
                + after.and()
                + " order by created_at desc, id desc limit :fetch")
        .param("userId", userId)
        .param("now", Instants.timestamp(now))
        .params(after.params())
        .query(
            (rs, n) ->
                new SessionView(
                    rs.getObject("id", UUID.class),
                    Instants.from(rs, "created_at"),
                    Instants.from(rs, "last_used_at"),
                    rs.getString("user_agent"),
                    rs.getString("ip_address"),
                    rs.getBoolean("mfa")))
        .list();
  }
}
