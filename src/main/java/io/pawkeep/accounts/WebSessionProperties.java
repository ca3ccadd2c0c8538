package io.pawkeep.accounts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browser sessions (SESS-5): how long one lives without a request ({@code idleTimeout}, shorter
 * when the person said the device is shared) and at most ({@code absoluteTimeout}). The database
 * enforces both at each request's time; the cookie of a session on a shared device has no expiry
 * and ends with the browser.
 */
@ConfigurationProperties("pawkeep.web.sessions")
record WebSessionProperties(
    @DefaultValue("PT30M") Duration idleTimeout,
    @DefaultValue("PT12H") Duration absoluteTimeout,
    @DefaultValue("PT10M") Duration sharedDeviceIdleTimeout) {}
