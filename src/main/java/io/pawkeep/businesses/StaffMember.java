package io.pawkeep.businesses;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A member of a business's staff: role, permission overrides ({@code grant} or {@code revoke} per
 * permission) and the effective permissions they add up to.
 */
record StaffMember(
    UUID userId,
    String displayName,
    String email,
    String role,
    Map<String, String> overrides,
    List<String> permissions,
    Instant joinedAt) {}
