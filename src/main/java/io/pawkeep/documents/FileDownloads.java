package io.pawkeep.documents;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
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
 * <p>The file is decrypted as it streams; a single range is served by seeking in the ciphertext
 * (only the segments it touches are read and decrypted).
 */
@RestController
class FileDownloads {

  private static final int CHUNK = 64 * 1024;

  private final DownloadLinks links;
  private final ObjectProvider<DocumentDownloads> documents;
  private final StoredObjects objects;
  private final CurrentUser currentUser;

  FileDownloads(
      DownloadLinks links,
      ObjectProvider<DocumentDownloads> documents,
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
      HttpServletResponse response)
      throws IOException {
    Download download =
        links
            .verify(token, currentUser.userId())
            .flatMap(
                claim -> {
                  // Without the documents service there is nothing anyone may download.
                  DocumentDownloads source = documents.getIfAvailable();
                  return source == null
                      ? java.util.Optional.empty()
                      : source.forDownload(claim.documentId(), claim.variant());
                })
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
    try {
      if (wanted instanceof ByteRange.Part part) {
        response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
        response.setHeader(
            HttpHeaders.CONTENT_RANGE,
            "bytes " + part.first() + "-" + part.last() + "/" + download.size());
        response.setContentLengthLong(part.length());
        writeRange(download.object(), part, response.getOutputStream());
      } else {
        response.setStatus(HttpStatus.OK.value());
        response.setContentLengthLong(download.size());
        writeWhole(download.object(), response.getOutputStream());
      }
    } catch (IOException | GeneralSecurityException e) {
      // A file whose bytes were changed, or whose key no longer opens: nothing of it is sent
      // (answers are sent only once complete), and the failure is ours, not the client's.
      response.reset();
      throw new IllegalStateException(
          "stored file " + download.documentId() + " could not be decrypted", e);
    }
  }

  private void writeWhole(StoredObject object, OutputStream out)
      throws IOException, GeneralSecurityException {
    long written;
    try (InputStream in = objects.open(object)) {
      written = in.transferTo(out);
    }
    if (written != object.size()) {
      throw new IOException("the stored file has another size than recorded");
    }
  }

  private void writeRange(StoredObject object, ByteRange.Part part, OutputStream out)
      throws IOException, GeneralSecurityException {
    try (SeekableByteChannel channel = objects.openChannel(object)) {
      channel.position(part.first());
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, part.length()));
      long left = part.length();
      while (left > 0) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), left));
        int read = channel.read(buffer);
        if (read < 0) {
          throw new IOException("the stored file ended before the range");
        }
        out.write(buffer.array(), 0, read);
        left -= read;
      }
    }
  }
}
