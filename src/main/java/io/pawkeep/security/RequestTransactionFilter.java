package io.pawkeep.security;

import io.pawkeep.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Serves each authenticated request in one database transaction. Opening it runs the identity
 * check, so a deactivated account, a revoked session or API key, or a token older than a password
 * change is refused on its very next request, at the cost of no extra round trip. Then the caller's
 * API rate limits take one token each in one statement of their own, outside the transaction, so a
 * request that fails still counts (HARD-5). Any error answer rolls the transaction back, so nothing
 * is written half-way.
 *
 * <p>The answer is held in memory until the transaction committed (AVAIL-5): a commit that fails
 * answers 500, never the success the handler had prepared, and the connection is back in the pool
 * before a slow client reads the answer. The buffer lives for one request and is as large as its
 * answer, which pagination bounds (HARD-8). A file download hands its body over as a {@link
 * StreamedAnswer} instead, sent after the commit without being held.
 */
final class RequestTransactionFilter extends OncePerRequestFilter {

  /** How a request whose identity the database refused is answered. */
  @FunctionalInterface
  interface Rejection {
    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException;

    /** The API's answer: the generic 401 problem. */
    Rejection API = (request, response) -> Problems.write(response, Problems.unauthorized());
  }

  private static final Logger log = LoggerFactory.getLogger(RequestTransactionFilter.class);

  private final TransactionTemplate transactions;
  private final JwtIdentitySource identities;
  private final RateLimiter limiter;
  private final RateLimitProperties limits;
  private final String ownTransactions;
  private final Rejection rejection;

  /**
   * Requests under {@code ownTransactions} (sign-in endpoints) manage their own transactions: their
   * failure counts and rate limits must persist even when the answer is an error, whatever token
   * the request carries.
   */
  RequestTransactionFilter(
      PlatformTransactionManager manager,
      JwtIdentitySource identities,
      RateLimiter limiter,
      RateLimitProperties limits,
      String ownTransactions,
      Rejection rejection) {
    this.transactions = new TransactionTemplate(manager);
    this.identities = identities;
    this.limiter = limiter;
    this.limits = limits;
    this.ownTransactions = ownTransactions;
    this.rejection = rejection;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return request.getRequestURI().startsWith(ownTransactions);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (identities.current().isEmpty()
        && identities.apiKey().isEmpty()
        && identities.browserSession().isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    ContentCachingResponseWrapper pending = new ContentCachingResponseWrapper(response);
    boolean[] served = {false};
    request.setAttribute(StreamedAnswer.SUPPORTED, Boolean.TRUE);
    try {
      serveInTransaction(request, response, chain, pending, served);
    } finally {
      if (request.getAttribute(StreamedAnswer.PENDING) instanceof StreamedAnswer.Pending body) {
        request.removeAttribute(StreamedAnswer.PENDING);
        body.body().close();
      }
    }
  }

  private void serveInTransaction(
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain,
      ContentCachingResponseWrapper pending,
      boolean[] served)
      throws ServletException, IOException {
    try {
      transactions.execute(
          status -> {
            serve(request, pending, chain, status);
            served[0] = true;
            return null;
          });
    } catch (CannotCreateTransactionException e) {
      if (response.isCommitted()) {
        throw e;
      }
      if (isIdentityRejection(e)) {
        rejection.answer(request, response);
      } else {
        // No connection or no transaction: nothing was done, so a retry is safe (AVAIL-2).
        log.warn("No database transaction could be opened; answering 503", e);
        Problems.writeUnavailable(response);
      }
      return;
    } catch (WrappedException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw (ServletException) e.getCause();
    } catch (RuntimeException e) {
      if (!served[0] || response.isCommitted()) {
        throw e;
      }
      refuseFailedCommit(response, e);
      return;
    }
    if (request.getAttribute(StreamedAnswer.PENDING) instanceof StreamedAnswer.Pending streamed
        && pending.getContentSize() == 0
        && response.getStatus() < 400) {
      // Committed: the status and headers are on the response already; the body goes straight
      // to the client, never held whole.
      response.setContentLengthLong(streamed.length());
      streamed.body().writeTo(response.getOutputStream());
      return;
    }
    pending.copyBodyToResponse();
  }

  /** The handler's answer is dropped with its status and headers; the client learns nothing. */
  private static void refuseFailedCommit(HttpServletResponse response, RuntimeException e)
      throws IOException {
    String incident = UUID.randomUUID().toString();
    log.error("Commit failed after the answer was prepared, incident {}", incident, e);
    response.reset();
    ProblemDetail problem =
        Problems.of(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "internal-error",
            "Internal error",
            "Something went wrong on our side. Quote the incident id if you contact us.");
    problem.setProperty("incident", incident);
    Problems.write(response, problem);
  }

  private void serve(
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
      return;
    } catch (IOException | ServletException e) {
      throw new WrappedException(e);
    }
    if (response.getStatus() >= 400) {
      status.setRollbackOnly();
    }
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
