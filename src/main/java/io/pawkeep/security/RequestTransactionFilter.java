package io.pawkeep.security;

import io.pawkeep.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves each authenticated request in one database transaction. Opening it runs the identity
 * check, so a deactivated account, a revoked session or API key, or a token older than a password
 * change is refused on its very next request, at the cost of no extra round trip. Then the caller's
 * API rate limits take one token each in one statement of their own, outside the transaction, so a
 * request that fails still counts (HARD-5). Any error answer rolls the transaction back, so nothing
 * is written half-way.
 */
final class RequestTransactionFilter extends OncePerRequestFilter {

  private final TransactionTemplate transactions;
  private final JwtIdentitySource identities;
  private final RateLimiter limiter;
  private final RateLimitProperties limits;

  RequestTransactionFilter(
      PlatformTransactionManager manager,
      JwtIdentitySource identities,
      RateLimiter limiter,
      RateLimitProperties limits) {
    this.transactions = new TransactionTemplate(manager);
    this.identities = identities;
    this.limiter = limiter;
    this.limits = limits;
  }

  /**
   * Sign-in endpoints manage their own transactions: their failure counts and rate limits must
   * persist even when the answer is an error, whatever token the request carries.
   */
  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return request.getRequestURI().startsWith("/api/v1/auth/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (identities.current().isEmpty() && identities.apiKey().isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    try {
      transactions.execute(status -> serve(request, response, chain, status));
    } catch (CannotCreateTransactionException e) {
      if (!isIdentityRejection(e) || response.isCommitted()) {
        throw e;
      }
      Problems.write(response, Problems.unauthorized());
    } catch (WrappedException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw (ServletException) e.getCause();
    }
  }

  private Object serve(
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain,
      TransactionStatus status) {
    try {
      takeRateLimitTokens();
      chain.doFilter(request, response);
    } catch (RateLimitedException e) {
      status.setRollbackOnly();
      response.setHeader(HttpHeaders.RETRY_AFTER, e.headers().getFirst(HttpHeaders.RETRY_AFTER));
      write(response, e);
      return null;
    } catch (IOException | ServletException e) {
      throw new WrappedException(e);
    }
    if (response.getStatus() >= 400) {
      status.setRollbackOnly();
    }
    return null;
  }

  /** Runs once the database accepted the identity, so unknown keys never create buckets. */
  private void takeRateLimitTokens() {
    var key = identities.apiKey();
    if (key.isPresent()) {
      limiter.takeAll(
          "api-key:" + key.get().keyId(),
          Map.of("api-key-hour", limits.apiKeyPerHour(), "api-key-day", limits.apiKeyPerDay()));
      return;
    }
    identities
        .current()
        .ifPresent(
            user ->
                limiter.takeAll(
                    "api-user:" + user.userId(), Map.of("api-user", limits.apiPerUser())));
  }

  private static void write(HttpServletResponse response, RateLimitedException e) {
    try {
      Problems.write(response, e.toProblemDetail());
    } catch (IOException io) {
      throw new WrappedException(io);
    }
  }

  private static boolean isIdentityRejection(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.pawkeep.tenancy.IdentityRejectedException) {
        return true;
      }
    }
    return false;
  }

  private static final class WrappedException extends RuntimeException {
    WrappedException(Exception cause) {
      super(cause);
    }
  }
}
