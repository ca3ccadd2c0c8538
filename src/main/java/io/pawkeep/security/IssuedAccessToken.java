package io.pawkeep.security;

import java.time.Duration;

/** A signed access token and how long it lives. */
public record IssuedAccessToken(String value, Duration expiresIn) {}
