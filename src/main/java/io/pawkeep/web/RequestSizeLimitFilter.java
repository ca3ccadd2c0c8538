package io.pawkeep.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the configured size with 413, before anything reads them: by the
 * declared length when there is one, and by counting bytes for chunked bodies. A few paths named
 * exactly (the offline care sync) have a larger limit of their own; every other path has the
 * default. Multipart bodies (uploads of documents and photos, FILE-1) have the upload limit, which
 * the container's multipart limits match.
 */
final class RequestSizeLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;
  private final Map<String, Long> maxBytesByPath;
  private final long maxUploadBytes;

  RequestSizeLimitFilter(long maxBytes) {
    this(maxBytes, Map.of());
  }

  RequestSizeLimitFilter(long maxBytes, Map<String, Long> maxBytesByPath) {
    this(maxBytes, maxBytesByPath, maxBytes);
  }

  RequestSizeLimitFilter(long maxBytes, Map<String, Long> maxBytesByPath, long maxUploadBytes) {
    this.maxBytes = maxBytes;
    this.maxBytesByPath = Map.copyOf(maxBytesByPath);
    this.maxUploadBytes = maxUploadBytes;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limit =
        isMultipart(request)
            ? maxUploadBytes
            : maxBytesByPath.getOrDefault(request.getRequestURI(), maxBytes);
    if (request.getContentLengthLong() > limit) {
      tooLarge(response, limit);
      return;
    }
    try {
      chain.doFilter(new LimitedRequest(request, limit), response);
    } catch (BodyTooLargeException | ServletException e) {
      if (!(e instanceof BodyTooLargeException) && !causedByTooLarge(e)) {
        throw e;
      }
      if (!response.isCommitted()) {
        response.reset();
        tooLarge(response, limit);
      }
    }
  }

  private static boolean isMultipart(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null
        && type.regionMatches(true, 0, "multipart/form-data", 0, "multipart/form-data".length());
  }

  private static boolean causedByTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BodyTooLargeException) {
        return true;
      }
    }
    return false;
  }

  private static void tooLarge(HttpServletResponse response, long maxBytes) throws IOException {
    response.setHeader("Connection", "close");
    Problems.write(
        response,
        Problems.of(
            HttpStatus.CONTENT_TOO_LARGE,
            "payload-too-large",
            "Payload too large",
            "The request body is larger than " + maxBytes + " bytes."));
  }

  static final class BodyTooLargeException extends IOException {
    BodyTooLargeException() {
      super("request body too large");
    }
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedStream(super.getInputStream(), maxBytes);
      }
      return stream;
    }
  }

  private static final class LimitedStream extends ServletInputStream {
    private final ServletInputStream delegate;
    private final long maxBytes;
    private long read;

    LimitedStream(ServletInputStream delegate, long maxBytes) {
      this.delegate = delegate;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = delegate.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = delegate.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws BodyTooLargeException {
      read += n;
      if (read > maxBytes) {
        throw new BodyTooLargeException();
      }
    }

    @Override
    public boolean isFinished() {
      return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      delegate.setReadListener(listener);
    }
  }
}
