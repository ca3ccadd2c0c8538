package io.pawkeep.accounts;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of the authentication endpoints: explicit records, never persistence types. */
final class AuthRequests {

  private AuthRequests() {}

  record Register(
      @NotBlank @Size(max = 254) String email,
      @NotNull @Size(max = 1024) String password,
      @NotBlank @Size(max = 100) String displayName) {}

  record Login(
      @NotBlank @Size(max = 254) String email, @NotNull @Size(max = 1024) String password) {}

  record SecondFactor(
      @JsonProperty("mfa_token") @NotBlank @Size(max = 128) String mfaToken,
      @NotBlank @Size(max = 32) String code) {}

  record Refresh(@JsonProperty("refresh_token") @NotBlank @Size(max = 128) String refreshToken) {}

  record Token(@NotBlank @Size(max = 128) String token) {}

  record ResetRequest(@NotBlank @Size(max = 254) String email) {}

  record ResetConfirm(
      @NotBlank @Size(max = 128) String token, @NotNull @Size(max = 1024) String newPassword) {}

  record ChangePassword(
      @NotNull @Size(max = 1024) String currentPassword,
      @NotNull @Size(max = 1024) String newPassword) {}

  record Code(@NotBlank @Size(max = 32) String code) {}
}
