package io.pawkeep.testing;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/** Reads the mails Pawkeep wrote as files, as a person would open them. */
public final class Mailbox {

  public record Mail(String to, String subject, String body) {
    /** The {@code token} parameter of the first link in the body. */
    public String token() {
      Matcher m = Pattern.compile("[?&]token=([A-Za-z0-9_\\-]+)").matcher(body);
      if (!m.find()) {
        throw new AssertionError("no link with a token in mail: " + subject);
      }
      return m.group(1);
    }
  }

  // Mail files never change once written: each is parsed once, not on every poll.
  private static final Map<Path, Mail> PARSED = new ConcurrentHashMap<>();

  private Mailbox() {}

  /** Waits (briefly, mail is sent asynchronously) for {@code count} mails to {@code to}. */
  public static List<Mail> awaitMails(String to, int count) {
    return awaitMails(to, "", count);
  }

  /** Waits for {@code count} mails to {@code to} whose subject contains {@code subject}. */
  public static List<Mail> awaitMails(String to, String subject, int count) {
    return Awaitility.await(count + " mails to " + to + " about '" + subject + "'")
        // Generous: a loaded build machine can delay the asynchronous mailer by seconds.
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .pollInSameThread()
        .until(
            () -> mailsTo(to).stream().filter(m -> m.subject().contains(subject)).toList(),
            mails -> mails.size() >= count);
  }

  public static Mail awaitLatest(String to, int count) {
    List<Mail> mails = awaitMails(to, count);
    return mails.get(mails.size() - 1);
  }

  public static Mail awaitLatest(String to, String subject, int count) {
    List<Mail> mails = awaitMails(to, subject, count);
    return mails.get(mails.size() - 1);
  }

  /** The mails to {@code to} that the application of this test class wrote, oldest first. */
  public static List<Mail> mailsTo(String to) {
    return mailFiles(TestFolders.data().resolve("mail"))
        .sorted(Comparator.comparing(p -> p.getFileName().toString()))
        .map(file -> PARSED.computeIfAbsent(file, Mailbox::read))
        .filter(m -> m.to().equalsIgnoreCase(to))
        .toList();
  }

  private static Stream<Path> mailFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".eml")).toList().stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Mail read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
      return new Mail(
          message.getAllRecipients()[0].toString(),
          message.getSubject(),
          String.valueOf(message.getContent()));
    } catch (Exception e) {
      throw new IllegalStateException("unreadable mail " + file, e);
    }
  }
}
