package io.pawkeep.businesses;

import io.pawkeep.web.ApiProblem;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Nobody grants what they do not hold (AUTHZ-9): a role is a grant of every permission its template
 * carries after overrides, so it may be given (by invitation or role change) only by someone who
 * holds all of them, and an override change only by someone who holds what it adds. Only owners
 * make owners; owners hold everything, so they give any role. The database enforces the same rules
 * ({@code V27__grantable_roles.sql}); these checks answer 403 before it has to.
 */
@Component
class StaffGrants {

  private final BusinessRepository repository;
  private final StaffRepository staff;

  StaffGrants(BusinessRepository repository, StaffRepository staff) {
    this.repository = repository;
    this.staff = staff;
  }

  /** For an invitation or a role change: the role with its overrides, given whole. */
  void requireRoleGivable(Membership giver, String role, Map<String, Boolean> overrides) {
    if ("owner".equals(role)) {
      giver.requireOwner();
    }
    requireGrantsHeld(giver, overrides);
    requireHeld(giver, repository.rolePermissions(role, overrides));
  }

  /** For an override change: each grant, and whatever the change adds to what the member holds. */
  void requireOverridesGivable(
      Membership giver, UUID business, UUID member, String role, Map<String, Boolean> changes) {
    requireGrantsHeld(giver, changes);
    Map<String, Boolean> before = staff.overrides(business, member);
    Map<String, Boolean> after = new TreeMap<>(before);
    changes.forEach(
        (permission, granted) -> {
          if (granted == null) {
            after.remove(permission);
          } else {
            after.put(permission, granted);
          }
        });
    Set<String> added = new TreeSet<>(repository.rolePermissions(role, after));
    added.removeAll(repository.rolePermissions(role, before));
    requireHeld(giver, added);
  }

  private static void requireGrantsHeld(Membership giver, Map<String, Boolean> overrides) {
    overrides.forEach(
        (permission, granted) -> {
          if (Boolean.TRUE.equals(granted) && !giver.holds(permission)) {
            throw ApiProblem.forbidden("You cannot grant a permission you do not hold.");
          }
        });
  }

  private static void requireHeld(Membership giver, Set<String> given) {
    if (!giver.permissions().containsAll(given)) {
      throw ApiProblem.forbidden("You cannot give a role or permission you do not hold yourself.");
    }
  }
}
