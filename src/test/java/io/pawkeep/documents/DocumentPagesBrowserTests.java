package io.pawkeep.documents;

import static io.pawkeep.households.HouseholdBrowsing.sameSession;
import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BusinessPagesTestSupport;
import io.pawkeep.testing.Browser;
import io.pawkeep.testing.LoadMore;
import io.pawkeep.testing.PageClient;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The document pages in Chromium (FILE-1, FILE-2, FILE-3): a family uploads a phone photo carrying
 * GPS through the page, sees it listed with its thumbnail, opens it through a freshly signed link
 * and gets it back without its location; its profile photo shows on the pet's page; refusals are
 * said beside the file field with their status and nothing is stored; a member who may not delete
 * sees no button and a forged post is refused; another household's pet is the 404 page and a sitter
 * is refused; a file goes to the bin and comes back; a business's documents are for its managers
 * only.
 */
class DocumentPagesBrowserTests extends BusinessPagesTestSupport {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private static final String MARKUP = "<img src=x onerror=alert(1)>";

  private final List<Path> files = new java.util.ArrayList<>();

  @AfterEach
  void deleteFiles() throws IOException {
    for (Path file : files) {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void aFamilyUploadsAPhoneJpegWithGpsSeesItsThumbnailOpensItWithoutLocationAndSetsAPhoto()
      throws Exception {
    Company c = company("Linden Park");
    signIn(browser, c.family());
    browser.open("/pets/" + c.pet()).click("Documents and photos");
    browser.waitForText("No documents yet.").assertAccessible();
    PageClient same = sameSession(browser, port);
    assertThat(same.get("/pets/" + c.pet() + "/documents").header("Cache-Control"))
        .contains("no-store");

    new Select(browser.find("#kind")).selectByVisibleText("Vaccination certificate");
    browser.find("#file").sendKeys(file("rex-at-home.jpg", ImageMetadataTestImages.phoneJpeg()));
    browser.click("Upload the document").waitForText("Uploaded.").assertAccessible();
    WebElement row = browser.find("#documents li");
    assertThat(row.getText())
        .contains("rex-at-home.jpg", "Vaccination certificate", "uploaded by")
        .doesNotContain("From");
    String open = row.findElement(By.linkText("rex-at-home.jpg")).getAttribute("href");
    assertThat(open).matches(".*/documents/[0-9a-f-]{36}/open");
    String document = open.replaceAll(".*/documents/([0-9a-f-]{36})/open", "$1");

    // The list shows the photo's thumbnail, loaded through a freshly signed link.
    assertThat(browser.find("#documents img.row-thumbnail").getAttribute("alt")).isEmpty();
    awaitLoaded(browser, "#documents img.row-thumbnail");

    // Opening it: the page's address answers 303 to a signed link, never stored; the file comes
    // back as a JPEG without its location.
    PageClient.Page redirect = same.get("/documents/" + document + "/open");
    assertThat(redirect.status()).isEqualTo(303);
    assertThat(redirect.location()).startsWith("/api/v1/files/");
    assertThat(redirect.header("Cache-Control")).contains("no-store");
    HttpResponse<byte[]> file = download(browser, redirect.location());
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    var metadata = (JpegImageMetadata) Imaging.getMetadata(file.body());
    assertThat(metadata.getExif().getGpsInfo()).isNull();
    // The browser follows the same address to the file.
    Object opened =
        browser
            .driver()
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + " fetch(arguments[0]).then(r => done([r.status,"
                    + " r.headers.get('content-type'), new URL(r.url).pathname]));",
                "/documents/" + document + "/open");
    assertThat((List<?>) opened).element(0).isEqualTo(200L);
    assertThat((List<?>) opened).element(1).isEqualTo("image/jpeg");
    assertThat(((List<?>) opened).get(2).toString()).startsWith("/api/v1/files/");

    // A profile photo larger than a form's usual limit, shown on the pet's page.
    assertThat(same.get("/pets/" + c.pet() + "/photo").status()).isEqualTo(404);
    browser.find("#photo").sendKeys(file("rex-portrait.jpg", largePhoto()));
    browser.click("Upload the profile photo").waitForText("The profile photo is saved.");
    browser.assertAccessible();
    assertThat(browser.driver().findElements(By.cssSelector("#gallery img.thumbnail"))).hasSize(1);
    assertThat(browser.find("#gallery img.thumbnail").getAttribute("alt"))
        .isEqualTo("rex-portrait.jpg");
    awaitLoaded(browser, "#gallery img.thumbnail");
    PageClient.Page petPhoto = same.get("/pets/" + c.pet() + "/photo");
    assertThat(petPhoto.status()).isEqualTo(303);
    assertThat(petPhoto.location()).startsWith("/api/v1/files/");
    browser.open("/pets/" + c.pet());
    WebElement photo =
        new WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(5))
            .until(d -> d.findElement(By.cssSelector("img.pet-photo")));
    assertThat(photo.getAttribute("alt")).isEqualTo("Photo of Rex");
    awaitLoaded(browser, "img.pet-photo");
    browser.awaitDomIdle().assertAccessible();

    // The main page on a phone.
    browser.phone();
    browser.open("/pets/" + c.pet() + "/documents").waitForText("rex-at-home.jpg");
    browser.desktop();
  }

  @Test
  void aFileThatIsNotWhatItsNameSaysIsRefusedBesideTheFieldAndNothingIsListed() throws Exception {
    Company c = company("Hazel Close");
    signIn(browser, c.family());
    browser.open("/pets/" + c.pet() + "/documents").waitForText("No documents yet.");

    browser.click("Upload the document").waitForText("Choose a file to upload.");
    browser.assertAccessible();
    assertThat(status(browser)).isEqualTo(400);

    // Over the limit: refused in the browser before anything is sent (the server would refuse too).
    browser.find("#file").sendKeys(file("scan.pdf", new byte[10 * 1024 * 1024 + 1]));
    browser.click("Upload the document").waitForText("The file is too large");
    assertThat(browser.find("#file").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(status(browser)).isEqualTo(400);
    // Sent anyway (a browser without the script): the server refuses it with 413, beside the field.
    browser.driver().executeScript("document.getElementById('file').form.submit();");
    browser.waitForText("a file may have at most 10 MB").assertAccessible();
    assertThat(status(browser)).isEqualTo(413);
    assertThat(browser.find("#file-error").getText()).contains("too large");

    byte[] text =
        "Vaccinated on 1 March; next one due in a year.\n".getBytes(StandardCharsets.UTF_8);
    browser.find("#file").sendKeys(file("vaccination.jpg", text));
    browser.click("Upload the document").waitForText("This kind of file is not accepted");
    browser.assertAccessible();
    assertThat(status(browser)).isEqualTo(415);
    assertThat(browser.find("#file").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.find("#file").getAttribute("aria-describedby")).contains("file-error");
    assertThat(browser.find("#file-error").getText()).contains("not accepted");
    assertThat(browser.text()).contains("No documents yet.", "No photos yet.");

    // A PDF is no photo: the profile photo's field says so.
    browser.find("#photo").sendKeys(file("certificate.jpg", pdf()));
    browser.click("Upload the profile photo").waitForText("does not match its type");
    assertThat(browser.find("#photo-error").isDisplayed()).isTrue();
    browser.open("/pets/" + c.pet() + "/documents").waitForText("No documents yet.");
    assertThat(browser.text()).contains("No photos yet.");
  }

  @Test
  void aMemberWhoMayNotDeleteSeesNoButtonAndIsRefusedAndOtherPeopleGetTheNotFoundPage()
      throws Exception {
    Company c = company("Willow End");
    String document =
        upload(
            c.family(), "/api/v1/pets/" + c.pet() + "/documents", "lab.pdf", pdf(), "lab_result");
    User member = signedInUser("member");
    join(c.family(), c.household(), member, "member");
    User sitter = signedInUser("sitter");
    join(c.family(), c.household(), sitter, "sitter");
    User stranger = signedInUser("stranger");
    createHousehold(stranger, "Elsewhere");

    signIn(browser, member);
    browser.open("/pets/" + c.pet() + "/documents").waitForText("lab.pdf");
    assertThat(browser.text()).contains("Lab result").doesNotContain("Move to bin");
    PageClient forged = sameSession(browser, port);
    forged.get("/pets/" + c.pet() + "/documents");
    assertThat(forged.post("/documents/" + document + "/delete", Map.of()).status()).isEqualTo(403);
    browser.open("/pets/" + c.pet() + "/documents").waitForText("lab.pdf");
    // Members read the household's documents; only owners upload them.
    browser.open("/households/" + c.household() + "/documents");
    browser.waitForText("No household documents yet.");
    assertThat(browser.text()).doesNotContain("Upload a document");
    assertThat(forged.post("/households/" + c.household() + "/documents", Map.of()).status())
        .isEqualTo(403);

    Browser other = anotherBrowser();
    signIn(other, stranger);
    other.open("/pets/" + c.pet() + "/documents").waitForText("Page not found");
    other.open("/documents/" + document + "/open").waitForText("Page not found");
    other.open("/households/" + c.household() + "/documents").waitForText("Page not found");
    PageClient strangers = sameSession(other, port);
    strangers.get("/");
    assertThat(strangers.post("/documents/" + document + "/delete", Map.of()).status())
        .isEqualTo(404);
    assertThat(strangers.post("/pets/" + c.pet() + "/documents", Map.of("kind", "other")).status())
        .isEqualTo(404);

    other.open("/");
    signOut(other);
    signIn(other, sitter);
    // Sitters see the pet but never the household's or its pets' documents.
    other.open("/pets/" + c.pet() + "/documents").waitForText("Not allowed");
    other.open("/households/" + c.household() + "/documents").waitForText("Not allowed");
    assertThat(sameSession(other, port).get("/documents/" + document + "/open").status())
        .isEqualTo(404);
  }

  @Test
  void anOwnerMovesAHouseholdDocumentToTheBinAndRestoresItBeforeItIsPurged() throws Exception {
    Company c = company("Maple Row");
    signIn(browser, c.family());
    browser.open("/households/" + c.household()).click("Documents");
    browser.waitForText("No household documents yet.").assertAccessible();
    // A file named with markup is shown as text, never run.
    browser.find("#file").sendKeys(file("lease " + MARKUP + ".pdf", pdf()));
    browser.click("Upload the document").waitForText("Uploaded.").waitForText(MARKUP);
    assertThat(browser.driver().findElements(By.cssSelector("main img"))).isEmpty();
    assertThat(sameSession(browser, port).get("/households/" + c.household() + "/documents").body())
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain(MARKUP);

    browser.click("Move to bin").waitForText("Moved to the bin.");
    browser.waitForText("No household documents yet.").assertAccessible();
    browser.click("Bin").waitForText(MARKUP).assertAccessible();
    assertThat(browser.find("#binned li").getText()).contains("purged after");
    browser.click("Restore").waitForText("Restored.").assertAccessible();
    assertThat(browser.text()).contains("The bin is empty.");
    browser.click("Documents of Maple Row").waitForText(MARKUP).assertAccessible();
  }

  @Test
  void aManagerKeepsTheBusinessDocumentsAndStaffWithoutSettingsAreRefused() throws Exception {
    Company c = company("Oak Lane");
    signIn(browser, c.manager());
    browser.open("/businesses/" + c.business()).click("Documents");
    browser.waitForText("No documents yet.").assertAccessible();
    browser.find("#file").sendKeys(file("insurance.pdf", pdf()));
    browser.click("Upload the document").waitForText("insurance.pdf").assertAccessible();
    browser.click("Move to bin").waitForText("Moved to the bin.");
    browser.click("Bin").waitForText("insurance.pdf").assertAccessible();
    browser.click("Restore").waitForText("Restored.");

    Browser walker = anotherBrowser();
    signIn(walker, c.walker());
    walker.open("/businesses/" + c.business());
    assertThat(walker.driver().findElements(By.linkText("Documents"))).isEmpty();
    walker.open("/businesses/" + c.business() + "/documents").waitForText("not allowed");
    walker.open("/businesses/" + c.business() + "/documents/bin").waitForText("not allowed");
    forgePost(walker, "/businesses/" + c.business() + "/documents");
    walker.waitForText("not allowed");
  }

  @Test
  void aClinicAddsALabResultThatTheFamilyReadsMarkedWithTheClinicButCannotDelete()
      throws Exception {
    User clinicOwner = withSecondFactor("clinic-owner");
    String clinic = createBusiness(clinicOwner, "clinic", "Maple Vets");
    User vet = signedInUser("vet");
    hire(clinicOwner, clinic, vet, "veterinarian");
    User family = signedInUser("family");
    String household = createHousehold(family, "Birch Court");
    String pet = pet(family, household, "Rex");
    grant(family, household, clinic);

    signInAs(browser, vet);
    browser.open("/clinic/" + clinic + "/patients/" + pet).click("Documents");
    browser.waitForText("No documents yet.").assertAccessible();
    new Select(browser.find("#kind")).selectByVisibleText("Lab result");
    browser.find("#file").sendKeys(file("bloods.pdf", pdf()));
    browser.click("Upload the document").waitForText("Uploaded.").assertAccessible();
    assertThat(browser.find("#documents li").getText())
        .contains("bloods.pdf", "Lab result", "From Maple Vets");
    assertThat(browser.path()).contains("clinic=" + clinic);
    String document =
        browser
            .find("#documents li a")
            .getAttribute("href")
            .replaceAll(".*/documents/([0-9a-f-]{36})/open", "$1");

    Browser home = anotherBrowser();
    signIn(home, family);
    home.open("/pets/" + pet + "/documents").waitForText("bloods.pdf");
    assertThat(home.find("#documents li").getText()).contains("From Maple Vets", "read-only");
    assertThat(home.driver().findElements(By.cssSelector("#documents button"))).isEmpty();
    PageClient forged = sameSession(home, port);
    forged.get("/pets/" + pet + "/documents");
    assertThat(forged.post("/documents/" + document + "/delete", Map.of()).status()).isEqualTo(403);
    assertThat(forged.get("/pets/" + pet + "/documents").header("Cache-Control"))
        .contains("no-store");
  }

  @Test
  void olderHouseholdDocumentsLoadBelowTheFirstPageInPlace() throws Exception {
    Company c = company("Cedar Yard");
    for (int i = 0; i < 26; i++) {
      upload(
          c.family(),
          "/api/v1/households/" + c.household() + "/documents",
          "letter-" + i + ".pdf",
          pdf(),
          null);
    }
    signIn(browser, c.family());
    browser.open("/households/" + c.household() + "/documents").waitForText("Older documents");
    List<String> all = LoadMore.loadTheLastPageInPlace(browser, "documents", "Older documents", 25);
    assertThat(all).hasSize(26);
    for (int i = 0; i < 26; i++) {
      String name = "letter-" + i + ".pdf";
      assertThat(all).as(name).anyMatch(text -> text.contains(name));
    }
  }

  // ---- helpers ----

  /**
   * Scrolls to the image (thumbnails load lazily) and waits until it has loaded with pixels (a
   * broken image has a natural width of 0).
   */
  private static void awaitLoaded(Browser browser, String selector) {
    new WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(5))
        .withMessage(selector + " to load")
        .until(
            d ->
                Boolean.TRUE.equals(
                    browser
                        .driver()
                        .executeScript(
                            "const i = document.querySelector(arguments[0]);"
                                + " if (i) { i.scrollIntoView(); }"
                                + " return !!i && i.complete && i.naturalWidth > 0;",
                            selector)));
  }

  /** The HTTP status of the page the browser shows. */
  private static long status(Browser browser) {
    return ((Number)
            browser
                .driver()
                .executeScript(
                    "return performance.getEntriesByType('navigation')[0].responseStatus;"))
        .longValue();
  }

  /** Fetches a signed link with the browser's cookies, as the browser would. */
  private HttpResponse<byte[]> download(Browser browser, String path) throws Exception {
    String cookies =
        browser.cookies().stream()
            .map(k -> k.getName() + "=" + k.getValue())
            .collect(Collectors.joining("; "));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Cookie", cookies).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Uploads through the API as {@code user}; returns the document's id. */
  private String upload(User user, String path, String name, byte[] content, String kind)
      throws Exception {
    String boundary = "----pawkeep" + UUID.randomUUID();
    var body = new java.io.ByteArrayOutputStream();
    if (kind != null) {
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
                  + kind
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + name
                + "\"\r\nContent-Type: "
                + (name.endsWith(".pdf") ? "application/pdf" : "image/jpeg")
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(content);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + user.accessToken())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode json = JsonMapper.builder().build().readTree(r.body());
    return json.get("id").asString();
  }

  /** A file of the test under a name of its own, for a file field. */
  private String file(String name, byte[] content) {
    try {
      Path dir = Files.createTempDirectory("pawkeep-upload");
      Path file = dir.resolve(name);
      Files.write(file, content);
      files.add(file);
      files.add(dir);
      return file.toAbsolutePath().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A small PDF: what the upload check sniffs as one. */
  private static byte[] pdf() {
    return ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            + "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            + "trailer<</Root 1 0 R>>\n%%EOF\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A noisy 640 x 480 JPEG, well over the 64 KB of an ordinary form. */
  private static byte[] largePhoto() throws IOException {
    BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(12);
    for (int y = 0; y < 480; y++) {
      for (int x = 0; x < 640; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    byte[] jpeg = ImageMetadataTestImages.encode(image, "jpg");
    assertThat(jpeg.length).isGreaterThan(100 * 1024);
    return jpeg;
  }
}
