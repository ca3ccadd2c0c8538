package io.pawkeep.documents;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.security.StreamedAnswer;
import io.pawkeep.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one way to a stored file's bytes (FILE-3): {@code GET /api/v1/files/{token}}, with a link
 * {@link DownloadLinks} signed for the signed-in person (their access token, or their browser
 * session's cookie so that a page's {@code <img>} works). The document is then read again as that
 * person, under row-level security, so a link outlives neither their access nor the document's
 * place outside the bin. Another person's link, an expired or changed one, an unknown document, one
 * in the bin or no longer visible: all answer the same 404 as a missing file.
 *
 * <p>The file is decrypted as it streams, after the request's transaction committed; a single range
 * is served by seeking in the ciphertext (only the segments it touches are read and decrypted).
 */
@RestController
class FileDownloads {

  private static final int CHUNK = 64 * 1024;

  private final DownloadLinks links;
  private final DocumentDownloads documents;
  private final StoredObjects objects;
  private final CurrentUser currentUser;

  FileDownloads(
      DownloadLinks links,
      DocumentDownloads documents,
      StoredObjects objects,
      CurrentUser currentUser) {
    this.links = links;
    this.documents = documents;
    this.objects = objects;
    this.currentUser = currentUser;
  }

  @GetMapping(DownloadLinks.PATH + "{token}")
  void download(
      @PathVariable String token,
      @RequestHeader(name = HttpHeaders.RANGE, required = false) String range,
      @RequestHeader(name = HttpHeaders.IF_RANGE, required = false) String ifRange,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    Download download =
        links
            .verify(token, currentUser.userId())
            .flatMap(claim -> documents.forDownload(claim.documentId(), claim.variant()))
            .orElseThrow(ApiProblem::notFound);
    ByteRange wanted = ByteRange.of(range, ifRange, download.size());
    if (wanted instanceof ByteRange.Unsatisfiable) {
      HttpHeaders headers = new HttpHeaders();
      headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + download.size());
      throw new ApiProblem(
          HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
          "range-not-satisfiable",
          "Range not satisfiable",
          "The requested range lies outside the file.",
          Map.of(),
          headers);
    }
    response.setContentType(download.contentType());
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION, FileNames.contentDisposition(download.name()));
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    long first = wanted instanceof ByteRange.Part part ? part.first() : 0;
    long length = wanted instanceof ByteRange.Part part ? part.length() : download.size();
    StreamedAnswer.Body body;
    try {
      body = opened(download.object(), first, length, length == download.size());
    } catch (IOException | GeneralSecurityException e) {
      // A file whose key no longer opens, or whose first segment was changed: nothing of it is
      // sent, and the failure is ours, not the client's.
      response.reset();
      throw new IllegalStateException(
          "stored file " + download.documentId() + " could not be decrypted", e);
    }
    if (wanted instanceof ByteRange.Part part) {
      response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
      response.setHeader(
          HttpHeaders.CONTENT_RANGE,
          "bytes " + part.first() + "-" + part.last() + "/" + download.size());
    } else {
      response.setStatus(HttpStatus.OK.value());
    }
    // The key was opened in the request's transaction (row-level security decides who may use
    // it); decrypting needs the database no more, so the body streams after the commit instead of
    // being held in memory (AVAIL-5).
    if (!StreamedAnswer.afterCommit(request, length, body)) {
      try (body) {
        response.setContentLengthLong(length);
        body.writeTo(response.getOutputStream());
      }
    }
  }

  /**
   * The plaintext bytes {@code first}..{@code first + length - 1}, opened and their first chunk
   * already decrypted, so a key that does not open or a changed first segment fails here, before
   * anything is answered. A segment changed further on fails while streaming, before any of its
   * bytes are sent: the client gets a cut answer, never altered bytes.
   */
  private StreamedAnswer.Body opened(StoredObject object, long first, long length, boolean whole)
      throws IOException, GeneralSecurityException {
    // The whole file as one stream (one request to S3); a range by seeking.
    ReadableByteChannel channel;
    if (whole) {
      channel = Channels.newChannel(objects.open(object));
    } else {
      SeekableByteChannel seekable = objects.openChannel(object);
      channel = seekable;
      try {
        seekable.position(first);
      } catch (IOException | RuntimeException e) {
        seekable.close();
        throw e;
      }
    }
    try {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(length, 1)));
      long[] left = {length};
      readInto(channel, buffer, left);
      return new StreamedAnswer.Body() {
        @Override
        public void writeTo(OutputStream out) throws IOException {
          out.write(buffer.array(), 0, buffer.position());
          while (left[0] > 0) {
            buffer.clear();
            readInto(channel, buffer, left);
            out.write(buffer.array(), 0, buffer.position());
          }
        }

        @Override
        public void close() throws IOException {
          channel.close();
        }
      };
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Fills the buffer (or what is left of the range) from the channel. */
  private static void readInto(ReadableByteChannel channel, ByteBuffer buffer, long[] left)
      throws IOException {
    buffer.limit((int) Math.min(buffer.capacity(), left[0]));
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("the stored file ended before its recorded size");
      }
    }
    left[0] -= buffer.position();
  }
}
