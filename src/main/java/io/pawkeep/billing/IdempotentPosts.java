package io.pawkeep.billing;

import io.pawkeep.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on money POSTs: the first answer to a caller's key is stored with a hash
 * of the request in the same transaction as the work, so a retry gets that answer again and the
 * work is done once. A retry racing the first request waits on the key's row and then replays. The
 * same key with another request is a 422 problem; a refused request stores nothing, so its retry is
 * judged afresh. Without the header the work simply runs.
 */
@Component
class IdempotentPosts {

  /** What the work answered: the status and the body to store and replay. */
  record Answer(HttpStatus status, Object body) {}

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;

  IdempotentPosts(JdbcClient jdbc, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  @Transactional
  ResponseEntity<Object> run(
      UUID caller, String key, String route, Object request, Supplier<Answer> work) {
    if (key == null) {
      Answer answer = work.get();
      return ResponseEntity.status(answer.status()).body(answer.body());
    }
    if (key.isEmpty() || key.length() > 255 || !key.matches("[\\x21-\\x7E]+")) {
      throw ApiProblem.badRequest(
          "Idempotency-Key must be 1 to 255 visible ASCII characters without spaces.");
    }
    byte[] hash = hash(route, request);
    int inserted =
        jdbc.sql(
                "insert into idempotency_keys (caller_id, key, route, request_hash, created_at)"
                    + " values (:caller, :key, :route, :hash, :now) on conflict do nothing")
            .param("caller", caller)
            .param("key", key)
            .param("route", route)
            .param("hash", hash)
            .param("now", java.sql.Timestamp.from(clock.instant()))
            .update();
    if (inserted == 0) {
      return replay(caller, key, hash);
    }
    Answer answer = work.get();
    jdbc.sql(
            "update idempotency_keys set status = :status, response = :response"
                + " where caller_id = :caller and key = :key")
        .param("status", answer.status().value())
        .param("response", json.writeValueAsString(answer.body()))
        .param("caller", caller)
        .param("key", key)
        .update();
    return ResponseEntity.status(answer.status()).body(answer.body());
  }

  private ResponseEntity<Object> replay(UUID caller, String key, byte[] hash) {
    record Stored(byte[] hash, Integer status, String response) {}
    Stored stored =
        jdbc.sql(
                "select request_hash, status, response from idempotency_keys"
                    + " where caller_id = :caller and key = :key")
            .param("caller", caller)
            .param("key", key)
            .query(
                (rs, n) ->
                    new Stored(
                        rs.getBytes("request_hash"),
                        rs.getObject("status", Integer.class),
                        rs.getString("response")))
            .single();
    if (!Arrays.equals(stored.hash(), hash)) {
      throw new ApiProblem(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "idempotency-key-reused",
          "Idempotency-Key reused",
          "This Idempotency-Key was used for another request; use a new key for a new request.");
    }
    if (stored.status() == null) {
      HttpHeaders retry = new HttpHeaders();
      retry.set(HttpHeaders.RETRY_AFTER, "1");
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "idempotency-key-in-flight",
          "Request in progress",
          "The first request with this Idempotency-Key has not finished yet.",
          Map.of(),
          retry);
    }
    return ResponseEntity.status(stored.status())
        .header("Idempotent-Replayed", "true")
        .body(json.readTree(stored.response()));
  }

  /** SHA-256 of the route (with its ids) and the request's JSON. */
  private byte[] hash(String route, Object request) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(route.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      sha.update(json.writeValueAsBytes(request));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
