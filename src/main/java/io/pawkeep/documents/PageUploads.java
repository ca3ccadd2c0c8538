package io.pawkeep.documents;

import io.pawkeep.web.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * A page's file field handed to the same {@link Documents} methods as the API's multipart routes
 * (FILE-1): a refusal of the upload check or of the quota becomes the sentence shown beside the
 * field, and the answer keeps the refusal's status (400, 413 or 415). Any other refusal (the page
 * is not the caller's: 403, 404) is thrown on to the error page.
 */
@Component
class PageUploads {

  private final UploadCheckProperties limits;

  PageUploads(UploadCheckProperties limits) {
    this.limits = limits;
  }

  /**
   * Uploads {@code file} with {@code upload}; answers null when it was stored, else the message for
   * the field (and sets the response's status).
   */
  String attempt(MultipartFile file, Consumer<Upload> upload, HttpServletResponse response) {
    boolean chosen = file != null && !(file.isEmpty() && blank(file.getOriginalFilename()));
    // Without a file the service is still asked (with nothing), so that a person who may not
    // upload here hears so (403, 404) before being asked for a file.
    try (InputStream content = chosen ? file.getInputStream() : InputStream.nullInputStream()) {
      upload.accept(
          new Upload(
              chosen ? file.getContentType() : null,
              chosen ? file.getOriginalFilename() : "",
              content));
      return null;
    } catch (ApiProblem problem) {
      if (problem.status() != HttpStatus.CONTENT_TOO_LARGE
          && problem.status() != HttpStatus.UNSUPPORTED_MEDIA_TYPE
          && problem.status() != HttpStatus.BAD_REQUEST) {
        throw problem;
      }
      response.setStatus(problem.status().value());
      return chosen
          ? UploadMessages.of(problem.status().value(), problem.getMessage(), limits.maxSize())
          : "Choose a file to upload.";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The largest file, for the form's hint ("at most 10 MB"). */
  String maxSize() {
    return UploadMessages.shown(limits.maxSize());
  }

  /** The largest file in bytes, for the browser's own check before sending. */
  long maxBytes() {
    return limits.maxSize().toBytes();
  }

  private static boolean blank(String name) {
    return name == null || name.isBlank();
  }
}
