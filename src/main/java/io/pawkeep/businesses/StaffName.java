package io.pawkeep.businesses;

import java.util.UUID;

/** A staff member's name and role, as the staff list shows them to holders of staff.manage. */
public record StaffName(UUID userId, String displayName, String role) {}
