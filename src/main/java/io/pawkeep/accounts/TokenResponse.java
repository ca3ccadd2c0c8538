package io.pawkeep.accounts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** OAuth 2.0 token-response field names, as clients of such APIs expect them. */
record TokenResponse(
    @JsonProperty("access_token") String accessToken,
    @JsonProperty("token_type") String tokenType,
    @JsonProperty("expires_in") long expiresIn,
    @JsonProperty("refresh_token") String refreshToken) {}
