package io.pawkeep.accounts;

import io.pawkeep.web.Instants;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for accounts and their one-time tokens. Every query runs as the application role under
 * row-level security; rows of another account are invisible unless the caller is that account.
 */
@Repository
class AccountRepository {

  record LoginRecord(
      UUID id,
      String passwordHash,
      boolean emailVerified,
      boolean deactivated,
      boolean totpEnabled) {}

  record Account(
      UUID id,
      String email,
      String displayName,
      String passwordHash,
      Instant createdAt,
      boolean emailVerified,
      boolean totpEnabled,
      byte[] totpSecret,
      long totpLastStep) {}

  private final JdbcClient jdbc;

  AccountRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<LoginRecord> findLogin(String email) {
    return jdbc.sql("select * from pawkeep_find_login(:email)")
        .param("email", email)
        .query(
            (rs, n) ->
                new LoginRecord(
                    rs.getObject("id", UUID.class),
                    rs.getString("password_hash"),
                    rs.getBoolean("email_verified"),
                    rs.getBoolean("deactivated"),
                    rs.getBoolean("totp_enabled")))
        .optional();
  }

  Optional<UUID> findOneTimeTokenOwner(byte[] hash, String purpose) {
    return jdbc.sql("select pawkeep_find_one_time_token(:hash, :purpose)")
        .param("hash", hash)
        .param("purpose", purpose)
        .query(UUID.class)
        .optional();
  }

  Optional<UUID> findRefreshTokenOwner(byte[] hash) {
    return jdbc.sql("select pawkeep_find_refresh_token(:hash)")
        .param("hash", hash)
        .query(UUID.class)
        .optional();
  }

  /** What a registration found: a new account, an unconfirmed one, or a registered one. */
  enum Registered {
    CREATED,
    UNCONFIRMED,
    REGISTERED
  }

  /**
   * Registers an email in one database call whatever its state (AUTH-1, AUTH-10): a new account
   * with a confirmation link expiring at {@code expiresAt}, or for an unconfirmed account a link to
   * finish signing up (a password reset link expiring at {@code finishExpiresAt}; this
   * registration's password and name are not kept), or nothing for a registered one.
   */
  Registered register(
      UUID id,
      String email,
      String displayName,
      String hash,
      byte[] tokenHash,
      Instant now,
      Instant expiresAt,
      Instant finishExpiresAt) {
    String outcome =
        jdbc.sql(
                "select pawkeep_register(:id, :email, :displayName, :hash, :now, :tokenHash,"
                    + " :expiresAt, :finishExpiresAt)")
            .param("id", id)
            .param("email", email)
            .param("displayName", displayName)
            .param("hash", hash)
            .param("now", Instants.timestamp(now))
            .param("tokenHash", tokenHash)
            .param("expiresAt", Instants.timestamp(expiresAt))
            .param("finishExpiresAt", Instants.timestamp(finishExpiresAt))
            .query(String.class)
            .single();
    return Registered.valueOf(outcome.toUpperCase(java.util.Locale.ROOT));
  }

  /**
   * Spends a live confirmation or password reset link of the account whose identity the transaction
   * holds, confirming its address; false if the link is not live.
   */
  boolean useEmailLink(byte[] hash, String purpose, Instant now) {
    return Boolean.TRUE.equals(
        jdbc.sql("select pawkeep_use_email_link(:hash, :purpose, :now)")
            .param("hash", hash)
            .param("purpose", purpose)
            .param("now", Instants.timestamp(now))
            .query(Boolean.class)
            .single());
  }

  Optional<Account> find(UUID id) {
    return jdbc.sql(
            """
            select id, email, display_name, password_hash, created_at,
                   email_verified_at is not null as email_verified,
                   totp_enabled_at is not null as totp_enabled, totp_secret, totp_last_step
              from users where id = :id
            """)
        .param("id", id)
        .query(
            (rs, n) ->
                new Account(
                    rs.getObject("id", UUID.class),
                    rs.getString("email"),
                    rs.getString("display_name"),
                    rs.getString("password_hash"),
                    Instants.from(rs, "created_at"),
                    rs.getBoolean("email_verified"),
                    rs.getBoolean("totp_enabled"),
                    rs.getBytes("totp_secret"),
                    rs.getLong("totp_last_step")))
        .optional();
  }

  /** The person's chosen time zone (an IANA name), if any; one row, their own (RLS). */
  Optional<String> timeZone(UUID id) {
    return jdbc.sql("select time_zone from users where id = :id")
        .param("id", id)
        .query((rs, n) -> Optional.ofNullable(rs.getString("time_zone")))
        .optional()
        .flatMap(zone -> zone);
  }

  void changeTimeZone(UUID id, String zone) {
    jdbc.sql("update users set time_zone = :zone where id = :id")
        .param("id", id)
        .param("zone", zone)
        .update();
  }

  boolean isPlatformAdmin() {
    return Boolean.TRUE.equals(
        jdbc.sql("select pawkeep_is_platform_admin()").query(Boolean.class).single());
  }

  boolean isLocked(UUID id, String addressHash, Instant now) {
    return jdbc.sql(
            "select exists (select 1 from login_failures"
                + " where user_id = :id and address_hash = :addressHash"
                + " and locked_until > :now)")
        .param("id", id)
        .param("addressHash", addressHash)
        .param("now", Instants.timestamp(now))
        .query(Boolean.class)
        .single();
  }

  /**
   * Counts a failed sign-in from one address; at the threshold that address is locked out of the
   * account until {@code lockUntil}. Failures while locked neither count nor extend the lock.
   */
  /** Counts a failure; answers whether this one locked the account for the address. */
  boolean recordFailedLogin(
      UUID id, String addressHash, int threshold, Instant now, Instant lockUntil) {
    return jdbc.sql(
            """
            with earlier as (
              select locked_until > cast(:now as timestamptz) as locked
                from login_failures where user_id = :id and address_hash = :address)
            insert into login_failures as f (user_id, address_hash, failures, locked_until)
            values (:id, :address, 1,
                    case when cast(:threshold as integer) <= 1
                         then cast(:until as timestamptz) end)
            on conflict (user_id, address_hash) do update set
              failures = case when f.locked_until > cast(:now as timestamptz) then f.failures
                              when f.failures + 1 >= :threshold then 0
                              else f.failures + 1 end,
              locked_until = case when f.locked_until > cast(:now as timestamptz)
                                  then f.locked_until
                                  when f.failures + 1 >= :threshold
                                  then cast(:until as timestamptz)
                                  else f.locked_until end
            returning coalesce(f.locked_until > cast(:now as timestamptz), false)
                      and not coalesce((select locked from earlier), false)
            """)
        .param("id", id)
        .param("address", addressHash)
        .param("threshold", threshold)
        .param("until", Instants.timestamp(lockUntil))
        .param("now", Instants.timestamp(now))
        .query(Boolean.class)
        .single();
  }

  void clearFailedLogins(UUID id, String addressHash) {
    jdbc.sql("delete from login_failures where user_id = :id and address_hash = :addressHash")
        .param("id", id)
        .param("addressHash", addressHash)
        .update();
  }

  void upgradePasswordHash(UUID id, String hash) {
    jdbc.sql("update users set password_hash = :hash where id = :id")
        .param("hash", hash)
        .param("id", id)
        .update();
  }

  /** Sets a new password and invalidates every token issued before {@code now}. */
  void changePassword(UUID id, String hash, Instant now) {
    jdbc.sql(
            """
            update users set password_hash = :hash, sessions_valid_after = :now where id = :id
            """)
        .param("hash", hash)
        .param("now", Instants.timestamp(now))
        .param("id", id)
        .update();
    jdbc.sql("delete from login_failures where user_id = :id").param("id", id).update();
  }

  boolean setDeactivated(UUID id, boolean deactivated, Instant now) {
    return jdbc.sql(
                """
                update users set
                  deactivated_at = case when :deactivated then coalesce(deactivated_at, :now)
                                        else null end,
                  sessions_valid_after = case when :deactivated then :now
                                              else sessions_valid_after end
                 where id = :id
                """)
            .param("deactivated", deactivated)
            .param("now", Instants.timestamp(now))
            .param("id", id)
            .update()
        == 1;
  }

  void insertOneTimeToken(
      byte[] hash, UUID userId, String purpose, Instant now, Instant expiresAt) {
    jdbc.sql(
            """
            insert into one_time_tokens (token_hash, user_id, purpose, created_at, expires_at)
            values (:hash, :userId, :purpose, :now, :expiresAt)
            """)
        .param("hash", hash)
        .param("userId", userId)
        .param("purpose", purpose)
        .param("now", Instants.timestamp(now))
        .param("expiresAt", Instants.timestamp(expiresAt))
        .update();
  }

  /**
   * Writes an operator's reset link for another account and its audit event (AUTHZ-7); the database
   * refuses unless the caller is a platform administrator with the second factor. Empty when the
   * account is not active; otherwise the address to mail the link to.
   */
  Optional<String> startResetFor(UUID userId, byte[] hash, Instant now, Instant expiresAt) {
    return Optional.ofNullable(
        jdbc.sql("select pawkeep_start_reset_for(:userId, :hash, :now, :expiresAt)")
            .param("userId", userId)
            .param("hash", hash)
            .param("now", Instants.timestamp(now))
            .param("expiresAt", Instants.timestamp(expiresAt))
            .query(String.class)
            .single());
  }

  boolean isOneTimeTokenLive(byte[] hash, String purpose, Instant now, int maxAttempts) {
    return jdbc.sql(
                """
            select count(*) from one_time_tokens
             where token_hash = :hash and purpose = :purpose and used_at is null
               and expires_at > :now and attempts < :max
            """)
            .param("hash", hash)
            .param("purpose", purpose)
            .param("now", Instants.timestamp(now))
            .param("max", maxAttempts)
            .query(Long.class)
            .single()
        > 0;
  }

  /** Counts a wrong code against a second-factor challenge of the transaction's account. */
  void countSecondFactorAttempt(byte[] challengeHash) {
    jdbc.sql("select pawkeep_count_second_factor_attempt(:challengeHash)")
        .param("challengeHash", challengeHash)
        .query((rs, n) -> 1)
        .single();
  }

  /**
   * Voids every pending password reset link of the account whose identity the transaction holds.
   */
  void voidPasswordResetLinks() {
    jdbc.sql("select pawkeep_void_password_reset_links()").query((rs, n) -> 1).single();
  }

  void storePendingTotp(UUID id, byte[] encryptedSecret) {
    jdbc.sql(
            "update users set totp_secret = :encryptedSecret, totp_enabled_at = null"
                + " where id = :id")
        .param("encryptedSecret", encryptedSecret)
        .param("id", id)
        .update();
  }

  void enableTotp(UUID id, long step, Instant now) {
    jdbc.sql("update users set totp_enabled_at = :now, totp_last_step = :step where id = :id")
        .param("now", Instants.timestamp(now))
        .param("step", step)
        .param("id", id)
        .update();
  }

  void disableTotp(UUID id) {
    jdbc.sql(
            "update users set totp_secret = null, totp_enabled_at = null, totp_last_step = 0"
                + " where id = :id")
        .param("id", id)
        .update();
    jdbc.sql("delete from recovery_codes where user_id = :id").param("id", id).update();
  }

  /** Records a TOTP step as used; false if that step (or a later one) was used already. */
  boolean useTotpStep(UUID id, long step) {
    return jdbc.sql(
                "update users set totp_last_step = :step where id = :id and totp_last_step < :step")
            .param("step", step)
            .param("id", id)
            .update()
        == 1;
  }

  void replaceRecoveryCodes(UUID id, List<String> hashes) {
    jdbc.sql("delete from recovery_codes where user_id = :id").param("id", id).update();
    for (String hash : hashes) {
      jdbc.sql("insert into recovery_codes (user_id, code_hash) values (:id, :hash)")
          .param("id", id)
          .param("hash", hash)
          .update();
    }
  }

  boolean useRecoveryCode(UUID id, String hash, Instant now) {
    return jdbc.sql(
                "update recovery_codes set used_at = :now where user_id = :id and code_hash = :hash"
                    + " and used_at is null")
            .param("now", Instants.timestamp(now))
            .param("id", id)
            .param("hash", hash)
            .update()
        == 1;
  }
}
