package io.pawkeep.billing;

import io.pawkeep.web.ApiProblem;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One-time tokens of the pages' money forms (PAY-2): each rendering of the "New invoice" and
 * "Refund" forms carries a fresh random token in a hidden field, and its POST runs through the
 * API's own {@code Idempotency-Key} store ({@link IdempotentPosts}) under the key {@code
 * form:<token>}, scoped to the signed-in person. A form sent twice (a double click, the back
 * button, a reload) answers what its first sending created instead of drafting or refunding again;
 * a refused sending stores nothing, so the form is judged afresh.
 */
@Component
class FormTokens {

  static final String FIELD = "formToken";
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22,64}");

  private final IdempotentPosts idempotent;
  private final JsonMapper json;
  private final SecureRandom random = new SecureRandom();

  FormTokens(IdempotentPosts idempotent, JsonMapper json) {
    this.idempotent = idempotent;
    this.json = json;
  }

  /** A fresh token for one rendering of a form. */
  String issue() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static boolean wellFormed(String token) {
    return token != null && SHAPE.matcher(token).matches();
  }

  /** The key the token stands for in the Idempotency-Key store (and Stripe's refund request). */
  static String key(String token) {
    if (!wellFormed(token)) {
      throw ApiProblem.badRequest("This form is out of date: reload the page and send it again.");
    }
    return "form:" + token;
  }

  /**
   * Runs {@code work} once per token: the id of what the form's first sending created, whether
   * created now or answered from the store. The same token with other values is a 422 problem.
   */
  UUID once(UUID caller, String token, String route, Object request, Supplier<Object> work) {
    ResponseEntity<Object> answer =
        idempotent.run(
            caller,
            key(token),
            route,
            request,
            () -> new IdempotentPosts.Answer(HttpStatus.CREATED, work.get()));
    JsonNode body = json.valueToTree(answer.getBody());
    return UUID.fromString(body.get("id").asString());
  }
}
