package io.pawkeep.accounts;

import io.pawkeep.web.ApiProblem;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * For the operator pages (AUTHZ-7): whether the signed-in person may act as an operator, and one
 * account by its id after acting on it. Acting needs a platform administrator signed in with a
 * second factor, decided by the database ({@code pawkeep_is_platform_admin}) as for the API.
 */
@Service
@Transactional
public class Operators {

  /** How the signed-in person stands as an operator. */
  public enum Standing {
    /** A platform administrator signed in with a second factor: may act. */
    OPERATOR,
    /** Listed as an operator, but this session was opened without a second factor. */
    NEEDS_SECOND_FACTOR,
    /** Anyone else: the operator pages do not exist for them. */
    NONE
  }

  private final AccountRepository accounts;
  private final AccountDirectory directory;
  private final AccountAudit audit;
  private final Set<String> listed;

  Operators(
      AccountRepository accounts,
      AccountDirectory directory,
      AccountAudit audit,
      @Value("${pawkeep.admin.emails:}") List<String> emails) {
    this.accounts = accounts;
    this.directory = directory;
    this.audit = audit;
    this.listed =
        emails.stream()
            .map(e -> e.strip().toLowerCase(Locale.ROOT))
            .filter(e -> !e.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  @Transactional(readOnly = true)
  public Standing standing(UUID caller) {
    if (accounts.isPlatformAdmin()) {
      return Standing.OPERATOR;
    }
    boolean isListed =
        accounts
            .find(caller)
            .map(a -> listed.contains(a.email().toLowerCase(Locale.ROOT)))
            .orElse(false);
    return isListed ? Standing.NEEDS_SECOND_FACTOR : Standing.NONE;
  }

  /**
   * Whether the address is on the operators' list ({@code pawkeep.admin.emails}, which the
   * database's list is made from at start): nobody else can be an operator, so a page can skip
   * asking.
   */
  public boolean isListed(String email) {
    return email != null && listed.contains(email.toLowerCase(Locale.ROOT));
  }

  /** One account by its id (platform admin), audited like a look-up by email. */
  public AccountSummary account(UUID operator, UUID userId) {
    Accounts.requireAdmin(accounts);
    AccountSummary found = directory.find(userId).orElseThrow(ApiProblem::notFound);
    audit.record(userId, operator, "admin.user_viewed", null, Map.of());
    return found;
  }
}
