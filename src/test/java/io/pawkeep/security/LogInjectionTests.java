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
  void anAddressCarryingControlCharactersOrJsonIsRefusedAndNeverReachesTheLog(
      CapturedOutput output) {
    // The only text from a request that the application logs (other values are ids or come from a
    // fixed list) is the domain of a mail's recipient. Addresses have a strict shape (accounts/
    // Emails), so quotes, braces and control characters are refused before anything is logged;
    // the escaping of whatever a record holds is proven by the test above.
    String marker = "forged-" + UUID.randomUUID();
    for (String email :
        List.of(
            "mallory@example.org\",\"log\":{\"level\":\"error\"},\"message\":\""
                + marker
                + "\u0085\u001b[2k",
            "mallory@example.org\r\n" + marker)) {
      ApiClient.Response refused =
          api.post(
              "/api/v1/auth/register",
              Map.of("email", email, "password", PASSWORD, "displayName", "Mallory"));
      assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
    }

    // A well-formed registration afterwards: its mail's record is one whole record naming its
    // domain, and once it is in the log the refused ones would have been too.
    String later = "later-" + UUID.randomUUID();
    ApiClient.Response registered =
        api.post(
            "/api/v1/auth/register",
            Map.of(
                "email",
                "mallory@" + later + ".example.org",
                "password",
                PASSWORD,
                "displayName",
                "Mallory"));
    assertThat(registered.status()).as(registered.raw()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> output.getAll().contains(later));
    assertThat(recordsNaming(output, later))
        .singleElement()
        .asString()
        .startsWith("Mail to " + later + ".example.org ");
    assertThat(output.getAll()).doesNotContain(marker);
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
