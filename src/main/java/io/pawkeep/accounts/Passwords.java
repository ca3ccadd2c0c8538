package io.pawkeep.accounts;

import io.pawkeep.web.ApiProblem;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Applies the password policy and hashes accepted passwords. */
@Component
class Passwords {

  private final PasswordPolicy policy;
  private final PasswordHashing hashing;

  Passwords(PasswordPolicy policy, PasswordHashing hashing) {
    this.policy = policy;
    this.hashing = hashing;
  }

  /** Hashes {@code password} or answers 400 naming the rules it breaks (never the password). */
  String acceptable(String password, String email, String displayName) {
    List<String> violations = policy.violations(password, email, displayName);
    if (!violations.isEmpty()) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "weak-password",
          "Password not accepted",
          "The password does not meet the password policy.",
          Map.of("violations", violations),
          HttpHeaders.EMPTY);
    }
    return hashing.hash(password);
  }
}
