package io.pawkeep.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

@ExtendWith(OutputCaptureExtension.class)
class MailerTests {

  private static final String FROM = "Pawkeep <no-reply@pawkeep.localhost>";
  private static final String BODY = "Reset your password: https://pawkeep.test/reset#tok3n-ünï\n";

  @TempDir Path dataDir;

  private Path mailDir() {
    return this.dataDir.resolve("mail");
  }

  private Mailer fileMailer() {
    return new Mailer(null, mailDir(), FROM, Runnable::run);
  }

  @Test
  void writesAParseableEmlWithHeadersAndBody() throws Exception {
    fileMailer().send(new OutgoingMail("ada@example.org", "Réinitialiser 🐾", BODY));

    Path file = onlyMailFile();
    assertThat(file.getFileName().toString()).matches("\\d{19}-[0-9a-f-]{36}\\.eml");
    MimeMessage message = parse(file);
    assertThat(message.getFrom()).containsExactly(new InternetAddress(FROM));
    assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Pawkeep");
    assertThat(message.getRecipients(Message.RecipientType.TO))
        .containsExactly(new InternetAddress("ada@example.org"));
    assertThat(message.getSubject()).isEqualTo("Réinitialiser 🐾");
    assertThat(message.getSentDate()).isNotNull();
    assertThat(message.getContentType()).containsIgnoringCase("charset=UTF-8");
    // MIME stores line breaks as CRLF.
    assertThat(message.getContent()).asString().isEqualToNormalizingNewlines(BODY);
  }

  @Test
  void mailFilesAreReadableByTheOwnerOnly() throws IOException {
    fileMailer().send(new OutgoingMail("ada@example.org", "Hello", BODY));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(onlyMailFile())))
        .isEqualTo("rw-------");
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws IOException {
    Mailer mailer = fileMailer();
    mailer.send(new OutgoingMail("ada@example.org", "One", BODY));
    mailer.send(new OutgoingMail("bob@example.org", "Two", BODY));

    try (Stream<Path> files = Files.list(mailDir())) {
      assertThat(files).hasSize(2).allMatch(file -> file.toString().endsWith(".eml"));
    }
  }

  @Test
  void deliversOnTheExecutorNotOnTheCallersThread() throws IOException {
    List<Runnable> queued = new ArrayList<>();
    Mailer mailer = new Mailer(null, mailDir(), FROM, queued::add);

    mailer.send(new OutgoingMail("ada@example.org", "Hello", BODY));
    assertThat(mailDir()).doesNotExist();

    queued.forEach(Runnable::run);
    assertThat(onlyMailFile()).exists();
  }

  @Test
  void sendsThroughTheMailSenderWhenOneIsConfigured() throws Exception {
    RecordingSender sender = new RecordingSender(false);
    new Mailer(sender, mailDir(), FROM, Runnable::run)
        .send(new OutgoingMail("ada@example.org", "Hello", BODY));

    assertThat(sender.sent).hasSize(1);
    MimeMessage message = sender.sent.get(0);
    assertThat(message.getFrom()).containsExactly(new InternetAddress(FROM));
    assertThat(message.getAllRecipients()).containsExactly(new InternetAddress("ada@example.org"));
    assertThat(message.getSubject()).isEqualTo("Hello");
    assertThat(message.getContent()).isEqualTo(BODY);
    assertThat(mailDir()).doesNotExist();
  }

  @Test
  void mailFilesSortInTheOrderTheMailsWereSentEvenWithinOneMillisecond() throws Exception {
    List<Runnable> queued = new ArrayList<>();
    Mailer mailer = new Mailer(null, mailDir(), FROM, queued::add);
    List<String> subjects = IntStream.range(0, 50).mapToObj(i -> "Mail %02d".formatted(i)).toList();
    subjects.forEach(subject -> mailer.send(new OutgoingMail("ada@example.org", subject, BODY)));

    // Deliveries run concurrently: the last one sent may be written first.
    queued.reversed().forEach(Runnable::run);

    List<String> byName = new ArrayList<>();
    try (Stream<Path> files = Files.list(mailDir())) {
      for (Path file : files.sorted().toList()) {
        byName.add(parse(file).getSubject());
      }
    }
    assertThat(byName).isEqualTo(subjects);
  }

  @Test
  void deliveryFailuresAreNotThrownAtTheCallerAndLogTheDomainAndCauseTypesOnly(
      CapturedOutput output) {
    RecordingSender sender = new RecordingSender(true);
    Mailer mailer = new Mailer(sender, mailDir(), FROM, Runnable::run);

    assertThatCode(() -> mailer.send(new OutgoingMail("ada@example.org", "Hello", BODY)))
        .doesNotThrowAnyException();

    assertThat(sender.attempts).isEqualTo(1);
    assertThat(output.getAll())
        .contains("Mail to example.org failed: " + MailSendException.class.getName())
        .doesNotContain("ada@")
        .doesNotContain("connection refused for");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Hello\r\nBcc: eve@example.org", "Hello\nBcc: eve@example.org", "a\rb"})
  void rejectsLineBreaksInTheSubject(String subject) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new OutgoingMail("ada@example.org", subject, BODY))
        .withMessageContaining("subject");
  }

  @Test
  void rejectsLineBreaksInTheRecipient() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new OutgoingMail("ada@example.org\r\nBcc: eve@example.org", "Hi", BODY))
        .withMessageContaining("to");
  }

  @Test
  void rejectsMissingOrBlankFields() {
    assertThatNullPointerException().isThrownBy(() -> new OutgoingMail(null, "Hi", BODY));
    assertThatIllegalArgumentException().isThrownBy(() -> new OutgoingMail(" ", "Hi", BODY));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new OutgoingMail("ada@example.org", "", BODY));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new OutgoingMail("ada@example.org", "Hi", "\n"));
  }

  @Test
  void toStringOmitsTheBodyAndTheLocalPart() {
    String text = new OutgoingMail("ada@example.org", "Hello", BODY).toString();

    assertThat(text).contains("example.org").doesNotContain("ada").doesNotContain("tok3n");
  }

  @Test
  void rejectsAMalformedSenderAddress() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Mailer(null, mailDir(), "Pawkeep <no-reply", Runnable::run));
  }

  private Path onlyMailFile() throws IOException {
    try (Stream<Path> files = Files.list(mailDir())) {
      List<Path> all = files.toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }

  private static MimeMessage parse(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return new MimeMessage(Session.getInstance(new Properties()), in);
    }
  }

  /** Records messages instead of opening an SMTP connection, or fails like a refused one. */
  private static final class RecordingSender extends JavaMailSenderImpl {

    private final boolean fail;
    private final List<MimeMessage> sent = new ArrayList<>();
    private int attempts;

    RecordingSender(boolean fail) {
      this.fail = fail;
    }

    @Override
    protected void doSend(MimeMessage[] mimeMessages, Object[] originalMessages) {
      this.attempts++;
      if (this.fail) {
        // Like a real refusal, the message names the recipient; the log must not repeat it.
        throw new MailSendException("connection refused for ada@example.org");
      }
      this.sent.addAll(List.of(mimeMessages));
    }
  }
}
