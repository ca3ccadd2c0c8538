/** Access tokens, rate limits, HTTP hardening and the request identity. */
package io.pawkeep.security;
