package io.pawkeep.mail;

import io.pawkeep.security.DataDirProperties;
import jakarta.annotation.PreDestroy;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends mail in the background: through SMTP when Spring Boot configured a {@link JavaMailSender}
 * ({@code spring.mail.host}), otherwise as {@code .eml} files under {@code <data-dir>/mail/} for
 * development.
 *
 * <p>Delivery never happens on the caller's thread, so a request that sends mail (password reset
 * for a known address) takes as long as one that does not (an unknown address). Logs name the
 * recipient's domain only and never the body, which holds one-time links and tokens.
 */
@Component
@EnableConfigurationProperties(MailProperties.class)
public class Mailer {

  private static final Logger log = LoggerFactory.getLogger(Mailer.class);

  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  // The last stamp given to a mail file: nanoseconds since the epoch, raised by one whenever the
  // wall clock has not moved on (or went back), so names sort in the order mails were sent even
  // within one millisecond. Shared by every mailer of the JVM, since they may share a folder.
  private static final AtomicLong lastStamp = new AtomicLong();

  private final @Nullable JavaMailSender sender;
  private final Path mailDir;
  private final String from;
  private final Executor executor;

  @Autowired
  Mailer(
      ObjectProvider<JavaMailSender> senders, MailProperties properties, DataDirProperties files) {
    this(
        senders.getIfAvailable(),
        files.dataDir().resolve("mail"),
        properties.from(),
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mail-", 0).factory()));
    if (this.sender == null) {
      log.info("No spring.mail.host: mail is written to {}", this.mailDir.toAbsolutePath());
    }
  }

  Mailer(@Nullable JavaMailSender sender, Path mailDir, String from, Executor executor) {
    this.sender = sender;
    this.mailDir = Objects.requireNonNull(mailDir, "mailDir cannot be null");
    this.from = Objects.requireNonNull(from, "from cannot be null");
    this.executor = Objects.requireNonNull(executor, "executor cannot be null");
    // A malformed sender address should stop the start-up, not fail every mail later.
    try {
      new InternetAddress(from, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("pawkeep.mail.from is not a valid address", e);
    }
  }

  /** Queues {@code mail} for delivery and returns at once; failures are logged, not thrown. */
  public void send(OutgoingMail mail) {
    Objects.requireNonNull(mail, "mail cannot be null");
    // Stamped on the caller's thread: deliveries run concurrently and may finish in any order.
    long stamp = nextStamp();
    try {
      this.executor.execute(() -> deliver(mail, stamp));
    } catch (RejectedExecutionException e) {
      log.warn("Mail to {} dropped: the application is shutting down", mail.recipientDomain());
    }
  }

  private static long nextStamp() {
    Instant now = Instant.now();
    long wallNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return lastStamp.accumulateAndGet(wallNanos, (last, wall) -> Math.max(last + 1, wall));
  }

  private void deliver(OutgoingMail mail, long stamp) {
    try {
      if (this.sender != null) {
        MimeMessage message = this.sender.createMimeMessage();
        compose(message, mail);
        this.sender.send(message);
        log.info("Mail to {} sent", mail.recipientDomain());
      } else {
        Path file = write(mail, stamp);
        log.info("Mail to {} written to {}", mail.recipientDomain(), file);
      }
    } catch (Exception e) {
      // Exception messages can echo the full address or the message, so only their types are
      // logged.
      log.warn("Mail to {} failed: {}", mail.recipientDomain(), causeTypes(e));
    }
  }

  private void compose(MimeMessage message, OutgoingMail mail) throws MessagingException {
    message.setFrom(new InternetAddress(this.from, true));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
    message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
    message.setSentDate(new Date());
    message.setText(mail.text(), StandardCharsets.UTF_8.name());
  }

  private Path write(OutgoingMail mail, long stamp) throws IOException, MessagingException {
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    compose(message, mail);
    Files.createDirectories(this.mailDir, permissions("rwx------"));
    // Fixed width, so the names sort as the stamps do.
    Path file = this.mailDir.resolve(String.format("%019d-%s.eml", stamp, UUID.randomUUID()));
    // Written under a hidden temporary name and moved in one step, so a reader never sees half a
    // file; created owner-only because the body holds live tokens.
    Path temp = Files.createTempFile(this.mailDir, ".", ".eml.tmp", permissions("rw-------"));
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        message.writeTo(out);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return file;
  }

  @PreDestroy
  void shutdown() throws InterruptedException {
    // Let mails already queued (a reset link just requested) go out before the JVM stops.
    if (this.executor instanceof ExecutorService service) {
      service.shutdown();
      if (!service.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Mail still in flight after {}; abandoning it", SHUTDOWN_GRACE);
        service.shutdownNow();
      }
    }
  }

  private static FileAttribute<?> permissions(String posix) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(posix));
  }

  private static String causeTypes(Throwable e) {
    StringJoiner types = new StringJoiner(" <- ");
    // Bounded, because a cause chain can loop.
    Throwable t = e;
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      types.add(t.getClass().getName());
    }
    return types.toString();
  }
}
