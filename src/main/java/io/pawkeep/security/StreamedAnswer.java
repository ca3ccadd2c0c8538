package io.pawkeep.security;

import jakarta.servlet.http.HttpServletRequest;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A large answer body sent after the request's transaction committed, straight to the client
 * instead of held in memory (AVAIL-5 holds ordinary answers until the commit). A handler prepares
 * the status and headers and everything that needs the database inside the transaction (a file's
 * key is opened under row-level security), then hands over a body that needs it no more: a commit
 * that fails still answers 500 and sends nothing of it.
 */
public final class StreamedAnswer {

  /** Writes the body; the stream is the client's. */
  @FunctionalInterface
  public interface Body extends Closeable {
    void writeTo(OutputStream out) throws IOException;

    @Override
    default void close() throws IOException {}
  }

  record Pending(long length, Body body) {}

  static final String SUPPORTED = StreamedAnswer.class.getName() + ".supported";
  static final String PENDING = StreamedAnswer.class.getName() + ".pending";

  private StreamedAnswer() {}

  /**
   * Sends {@code length} bytes of {@code body} once the transaction committed, and closes it either
   * way; false when this request has no such transaction (the handler then writes the body itself).
   */
  public static boolean afterCommit(HttpServletRequest request, long length, Body body) {
    Objects.requireNonNull(body, "body cannot be null");
    if (request.getAttribute(SUPPORTED) == null || request.getAttribute(PENDING) != null) {
      return false;
    }
    request.setAttribute(PENDING, new Pending(length, body));
    return true;
  }
}
