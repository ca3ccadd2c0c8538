package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * LOG-2: log injection is neutralised. Every record is one JSON object on one line (Elastic Common
 * Schema), so a value carrying line breaks, control characters or JSON of its own stays inside the
 * field it was logged in and cannot forge a record.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogInjectionTests extends ApiTestSupport {

  private static final Logger log = LoggerFactory.getLogger(LogInjectionTests.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aValueWithLineBreaksAndAForgedRecordIsLoggedAsOneRecordHoldingItVerbatim(
      CapturedOutput output) {
    String marker = "forged-" + UUID.randomUUID();
    String value =
        "x\r\n2026-01-01T00:00:00.000Z  INFO 1 --- [main] io.pawkeep.accounts.Login : "
            + marker
            + "\n{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"log\":{\"level\":\"ERROR\"},"
            + "\"message\":\""
            + marker
            + "\"}\u0085\u001b[2K\r";
    log.info("Value {}", value);

    assertThat(recordsNaming(output, marker)).singleElement().isEqualTo("Value " + value);
  }

  @Test
  void anAddressCarryingControlCharactersAndJsonIsLoggedEscapedInsideOneRecord(
      CapturedOutput output) {
    // The only text from a request that the application logs (other values are ids or come from a
    // fixed list): the domain of a mail's recipient. Addresses are checked for their shape only (no
    // white space, one @, a dot after it), so quotes, braces and control characters other than
    // white space pass; were they ever refused, this test would need another logged value.
    String marker = "forged-" + UUID.randomUUID();
    String domain =
        "example.org\",\"log\":{\"level\":\"error\"},\"message\":\"" + marker + "\u0085\u001b[2k";
    String email = "mallory@" + domain;
    ApiClient.Response registered =
        api.post(
            "/api/v1/auth/register",
            Map.of("email", email, "password", PASSWORD, "displayName", "Mallory"));
    assertThat(registered.status()).as(registered.raw()).isEqualTo(202);

    // The mail, and so its log record, goes out asynchronously.
    await().atMost(Duration.ofSeconds(30)).until(() -> output.getAll().contains(marker));
    assertThat(recordsNaming(output, marker))
        .singleElement()
        .asString()
        .startsWith("Mail to " + domain + " ");
    // Line breaks cannot reach a log this way: an address holding one is refused outright.
    ApiClient.Response broken =
        api.post(
            "/api/v1/auth/register",
            Map.of(
                "email",
                "mallory@example.org\r\n" + marker,
                "password",
                PASSWORD,
                "displayName",
                "Mallory"));
    assertThat(broken.status()).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "dev", "prod"})
  void everyProfileLogsStructuredJsonToTheConsoleAndToAFile(String profile) {
    new ApplicationContextRunner()
        .withInitializer(new ConfigDataApplicationContextInitializer())
        .withPropertyValues(profile.isEmpty() ? "unused=true" : "spring.profiles.active=" + profile)
        .run(
            context -> {
              assertThat(context.getEnvironment().getProperty("logging.structured.format.console"))
                  .isEqualTo("ecs");
              assertThat(context.getEnvironment().getProperty("logging.structured.format.file"))
                  .isEqualTo("ecs");
            });
  }

  /**
   * The messages of the records that mention {@code marker}, after checking that every line of the
   * output naming it is one whole JSON record holding no raw control character.
   */
  private static List<String> recordsNaming(CapturedOutput output, String marker) {
    return Arrays.stream(output.getAll().split("\n"))
        .filter(line -> line.contains(marker))
        .map(
            line -> {
              assertThat(line)
                  .as("a log line naming %s", marker)
                  .startsWith("{\"@timestamp\":\"")
                  .endsWith("}")
                  .doesNotContain("\r", "\u0085", "\u001b");
              JsonNode record = JSON.readTree(line);
              return record.path("message").asString();
            })
        .toList();
  }
}
