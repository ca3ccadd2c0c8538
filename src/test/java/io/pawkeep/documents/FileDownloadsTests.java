package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.security.WebSessionCookie;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.PageClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * The download route (FILE-3) with the documents it serves kept on a shelf of this test's own, each
 * readable by a set of people: it proves the link, the person binding, the answers and the ranges;
 * {@code DocumentDownloadsTests} proves the same with documents under row-level security.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
    properties = {
      "server.tomcat.accesslog.enabled=true",
      "server.tomcat.accesslog.directory=" + FileDownloadsTests.ACCESS_LOG,
      "server.tomcat.accesslog.buffered=false"
    })
class FileDownloadsTests extends ApiTestSupport {

  static final String ACCESS_LOG = "${java.io.tmpdir}/pawkeep-download-tests-access-log";

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final byte[] PHOTO = LocalFolderStoreTests.random(1024 * 1024 + 300_000);

  @Autowired DownloadLinks links;
  @Autowired StoredObjects objects;
  @Autowired ObjectStore store;
  @Autowired Shelf shelf;

  private User owner;
  private UUID ownerId;
  private UUID document;

  /** Documents the route may serve, and who may read each: the documents service's stand-in. */
  @TestConfiguration(proxyBeanMethods = false)
  static class ShelfConfiguration {
    @Bean
    @Primary
    Shelf shelf(CurrentUser currentUser) {
      return new Shelf(currentUser);
    }
  }

  static final class Shelf implements DocumentDownloads {
    record Entry(Download download, Set<UUID> readers) {}

    final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final CurrentUser currentUser;

    Shelf(CurrentUser currentUser) {
      this.currentUser = currentUser;
    }

    @Override
    public Optional<Download> forDownload(UUID documentId, Variant variant) {
      Entry entry = entries.get(documentId);
      if (entry == null
          || entry.download().variant() != variant
          || !entry.readers().contains(currentUser.userId())) {
        return Optional.empty();
      }
      return Optional.of(entry.download());
    }
  }

  @BeforeEach
  void storeAPhoto() {
    owner = signedInUser("downloads");
    ownerId = UUID.fromString(userId(owner));
    UUID household =
        UUID.fromString(
            api.post("/api/v1/households", Map.of("name", "Downloads"), owner.accessToken())
                .text("id"));
    StoredObject object =
        asIdentity(
            ownerId,
            null,
            db -> {
              try {
                return objects.put(household, new ByteArrayInputStream(PHOTO), PHOTO.length);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    document = UUID.randomUUID();
    shelf.entries.put(
        document,
        new Shelf.Entry(
            new Download(
                document, Variant.FILE, object, "image/jpeg", "Rex à la plage.jpg", PHOTO.length),
            ConcurrentHashMap.newKeySet()));
    shelf.entries.get(document).readers().add(ownerId);
  }

  @Test
  void aLinkDownloadsTheDecryptedFileWithTheHeadersOfTheContract() throws Exception {
    HttpResponse<byte[]> r = download(link(ownerId), bearer(owner));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(PHOTO);
    assertThat(header(r, "Content-Type")).isEqualTo("image/jpeg");
    assertThat(header(r, "Content-Length")).isEqualTo(String.valueOf(PHOTO.length));
    assertThat(header(r, "Content-Disposition"))
        .isEqualTo(FileNames.contentDisposition("Rex à la plage.jpg"))
        .startsWith("attachment; filename=\"Rex _ la plage.jpg\"");
    assertThat(r.headers().allValues("Cache-Control")).containsExactly("no-store");
    assertThat(r.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
    assertThat(header(r, "Content-Security-Policy")).startsWith("default-src 'none'");
  }

  @Test
  void aPagesImageLoadsTheLinkWithTheBrowserSessionCookie() throws Exception {
    HttpResponse<byte[]> r = download(link(ownerId), cookie(owner));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(PHOTO);
  }

  @Test
  void everyRefusedLinkAnswersExactlyLikeAMissingFile() throws Exception {
    User other = signedInUser("downloads-other");
    UUID otherId = UUID.fromString(userId(other));
    String mine = link(ownerId);
    Map<String, HttpResponse<byte[]>> refused = new LinkedHashMap<>();

    refused.put(
        "a link for a document that does not exist",
        download(links.issue(UUID.randomUUID(), Variant.FILE, ownerId).url(), bearer(owner)));
    refused.put("my link, used by another person", download(mine, bearer(other)));
    refused.put("my link, used with another person's cookie", download(mine, cookie(other)));
    refused.put(
        "another person's link to a document they cannot read",
        download(link(otherId), bearer(other)));
    String token = mine.substring(DownloadLinks.PATH.length());
    for (int i : new int[] {0, 1, 20, token.length() / 2, token.length() - 2, token.length() - 1}) {
      char c = token.charAt(i) == 'A' ? 'B' : 'A';
      refused.put(
          "character " + i + " changed",
          download(
              DownloadLinks.PATH + token.substring(0, i) + c + token.substring(i + 1),
              bearer(owner)));
    }
    refused.put("a made-up token", download(DownloadLinks.PATH + "not-a-token", bearer(owner)));
    refused.put(
        "the thumbnail, which it has not",
        download(links.issue(document, Variant.THUMBNAIL, ownerId).url(), bearer(owner)));
    String beforeRevoked = link(ownerId);
    shelf.entries.get(document).readers().remove(ownerId);
    refused.put("access revoked since the link was issued", download(beforeRevoked, bearer(owner)));
    shelf.entries.get(document).readers().add(ownerId);
    String expiring = link(ownerId);
    clock.advance(Duration.ofMinutes(5));
    refused.put("a link five minutes old", download(expiring, bearer(owner)));

    HttpResponse<byte[]> missing = refused.values().iterator().next();
    assertThat(missing.statusCode()).isEqualTo(404);
    String body = new String(missing.body(), StandardCharsets.UTF_8);
    assertThat(body).contains("\"status\":404").doesNotContain("instance");
    refused.forEach(
        (why, r) -> {
          assertThat(r.statusCode()).as(why).isEqualTo(404);
          assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(why).isEqualTo(body);
          assertThat(header(r, "Content-Type")).as(why).isEqualTo("application/problem+json");
          assertThat(header(r, "Content-Disposition")).as(why).isNull();
        });
  }

  @Test
  void withoutAPersonSignedInNothingIsDownloaded() throws Exception {
    String link = link(ownerId);

    assertThat(download(link, Map.of()).statusCode()).isEqualTo(401);
    assertThat(download(link, Map.of("Authorization", "Bearer not-a-token")).statusCode())
        .isEqualTo(401);
    assertThat(download(link, Map.of("Cookie", WebSessionCookie.NAME + "=ended")).statusCode())
        .isEqualTo(401);
    assertThat(download(link, Map.of("Authorization", "ApiKey pk_test_whatever")).statusCode())
        .isEqualTo(401);
  }

  @Test
  void aSingleRangeIsServedFromWhereItLies() throws Exception {
    String link = link(ownerId);
    int size = PHOTO.length;
    Map<String, int[]> ranges =
        Map.of(
            "bytes=1000-1999", new int[] {1000, 1999},
            "bytes=1048000-1049999", new int[] {1048000, 1049999},
            "bytes=-500", new int[] {size - 500, size - 1},
            "bytes=1300000-", new int[] {1300000, size - 1},
            "bytes=5-99999999", new int[] {5, size - 1},
            "bytes=0-0", new int[] {0, 0});
    for (var range : ranges.entrySet()) {
      HttpResponse<byte[]> r = download(link, with(bearer(owner), "Range", range.getKey()));
      int first = range.getValue()[0];
      int last = range.getValue()[1];
      assertThat(r.statusCode()).as(range.getKey()).isEqualTo(206);
      assertThat(header(r, "Content-Range"))
          .as(range.getKey())
          .isEqualTo("bytes " + first + "-" + last + "/" + size);
      assertThat(header(r, "Content-Length")).isEqualTo(String.valueOf(last - first + 1));
      assertThat(r.body()).isEqualTo(Arrays.copyOfRange(PHOTO, first, last + 1));
      assertThat(r.headers().allValues("Cache-Control")).containsExactly("no-store");
    }
  }

  @Test
  void aRangeOutsideTheFileIs416AndSeveralRangesOrAnUnknownUnitGetTheWholeFile() throws Exception {
    String link = link(ownerId);
    for (String outside : new String[] {"bytes=" + PHOTO.length + "-", "bytes=-0"}) {
      HttpResponse<byte[]> r = download(link, with(bearer(owner), "Range", outside));
      assertThat(r.statusCode()).as(outside).isEqualTo(416);
      assertThat(header(r, "Content-Range")).isEqualTo("bytes */" + PHOTO.length);
      assertThat(header(r, "Content-Type")).isEqualTo("application/problem+json");
    }
    for (String whole :
        new String[] {"bytes=0-9,20-29", "bytes=9-5", "pages=1-2", "bytes=a-b", "bytes="}) {
      HttpResponse<byte[]> r = download(link, with(bearer(owner), "Range", whole));
      assertThat(r.statusCode()).as(whole).isEqualTo(200);
      assertThat(r.body()).isEqualTo(PHOTO);
    }
    Map<String, String> ifRange = with(bearer(owner), "Range", "bytes=0-9");
    ifRange.put("If-Range", "\"some-etag\"");
    assertThat(download(link, ifRange).body()).isEqualTo(PHOTO);
  }

  @Test
  void aChangedStoredFileSendsNothingOfTheChangedSegment() throws Exception {
    StoredObject object = shelf.entries.get(document).download().object();
    byte[] ciphertext = Files.readAllBytes(((LocalFolderStore) store).path(object.key()));
    ciphertext[ciphertext.length - 100] ^= 0x01;
    Files.write(((LocalFolderStore) store).path(object.key()), ciphertext);

    // A range starting in the changed (last) segment fails before anything is answered.
    HttpResponse<byte[]> lastBytes =
        download(link(ownerId), with(bearer(owner), "Range", "bytes=-10"));
    assertThat(lastBytes.statusCode()).isEqualTo(500);
    assertThat(header(lastBytes, "Content-Type")).isEqualTo("application/problem+json");
    assertThat(header(lastBytes, "Content-Disposition")).isNull();
    assertThat(lastBytes.body().length).isLessThan(1000);
    // The whole file streams until the changed segment, which is never sent: the answer is cut
    // short of its announced length, so no client takes it for the file.
    assertThatThrownBy(() -> download(link(ownerId), bearer(owner)))
        .isInstanceOf(java.io.IOException.class);
    // The first segment was not touched: a range there still reads.
    HttpResponse<byte[]> first = download(link(ownerId), with(bearer(owner), "Range", "bytes=0-9"));
    assertThat(first.statusCode()).isEqualTo(206);
    assertThat(first.body()).isEqualTo(Arrays.copyOf(PHOTO, 10));
  }

  @Test
  void aFileWhoseFirstSegmentChangedIsRefusedBeforeAnythingIsSent() throws Exception {
    StoredObject object = shelf.entries.get(document).download().object();
    byte[] ciphertext = Files.readAllBytes(((LocalFolderStore) store).path(object.key()));
    ciphertext[100] ^= 0x01;
    Files.write(((LocalFolderStore) store).path(object.key()), ciphertext);

    HttpResponse<byte[]> whole = download(link(ownerId), bearer(owner));

    assertThat(whole.statusCode()).isEqualTo(500);
    assertThat(header(whole, "Content-Type")).isEqualTo("application/problem+json");
    assertThat(header(whole, "Content-Disposition")).isNull();
    assertThat(whole.body().length).isLessThan(1000);
  }

  @Test
  void theTokenNeverReachesTheLogsOrAnAnswer(CapturedOutput output) throws Exception {
    String ok = link(ownerId);
    String expired = link(ownerId);
    User other = signedInUser("downloads-logs");
    Map<String, HttpResponse<byte[]>> answers = new LinkedHashMap<>();
    answers.put(ok, download(ok, bearer(owner)));
    answers.put(ok + "x", download(ok + "x", bearer(owner)));
    answers.put(ok + "/more", download(ok + "/more", bearer(owner)));
    answers.put(ok + "?q=1", download(ok + "?q=1", bearer(other)));
    answers.put(ok + " ", download(ok, with(bearer(owner), "Range", "bytes=99999999-")));
    clock.advance(Duration.ofMinutes(6));
    answers.put(expired, download(expired, bearer(owner)));
    StoredObject object = shelf.entries.get(document).download().object();
    Path stored = ((LocalFolderStore) store).path(object.key());
    byte[] ciphertext = Files.readAllBytes(stored);
    ciphertext[ciphertext.length - 100] ^= 0x01;
    Files.write(stored, ciphertext);
    String cut = link(ownerId);
    assertThatThrownBy(() -> download(cut, bearer(owner))).isInstanceOf(java.io.IOException.class);
    Files.write(stored, new byte[] {1, 2, 3});
    String broken = link(ownerId);
    answers.put(broken, download(broken, bearer(owner)));
    assertThat(answers.get(broken).statusCode()).isEqualTo(500);

    // The access log (turned on for this test) is written once each answer is complete.
    Path logs = Path.of(System.getProperty("java.io.tmpdir"), "pawkeep-download-tests-access-log");
    String accessLog = "";
    for (int wait = 0; wait < 50 && !accessLog.contains("/api/v1/files/{token} HTTP"); wait++) {
      Thread.sleep(100);
      try (var files = Files.list(logs)) {
        accessLog =
            files
                .map(
                    f -> {
                      try {
                        return Files.readString(f);
                      } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    })
                .collect(java.util.stream.Collectors.joining());
      }
    }
    assertThat(accessLog).contains("GET /api/v1/files/{token} HTTP/1.1\" 200");
    String cutToken = cut.substring(DownloadLinks.PATH.length(), 60);
    assertThat(output.getAll()).contains("Tag mismatch").doesNotContain(cutToken);
    assertThat(accessLog).doesNotContain(cutToken);
    for (var answer : answers.entrySet()) {
      String token = answer.getKey().substring(DownloadLinks.PATH.length(), 60);
      assertThat(output.getAll()).doesNotContain(token);
      assertThat(accessLog).doesNotContain(token);
      assertThat(answer.getValue().headers().map().toString()).doesNotContain(token);
      if (answer.getValue().statusCode() >= 400) {
        assertThat(new String(answer.getValue().body(), StandardCharsets.UTF_8))
            .doesNotContain(token);
      }
    }
  }

  // --- helpers

  private String link(UUID person) {
    return links.issue(document, Variant.FILE, person).url();
  }

  private static Map<String, String> bearer(User user) {
    return Map.of("Authorization", "Bearer " + user.accessToken());
  }

  private Map<String, String> cookie(User user) {
    PageClient browser = new PageClient(port);
    browser.get("/sign-in");
    PageClient.Page r =
        browser.post("/sign-in", Map.of("email", user.email(), "password", user.password()));
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return Map.of(
        "Cookie",
        WebSessionCookie.NAME + "=" + browser.cookie(WebSessionCookie.NAME).orElseThrow());
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put(name, value);
    return all;
  }

  private HttpResponse<byte[]> download(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }
}
